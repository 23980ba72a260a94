"""Error pages: styled, helpful, and JSON for scripts."""

from __future__ import annotations

import pytest

from tests.factories import make_post, make_user

JSON = {"Accept": "application/json"}


@pytest.fixture
def boom(app):
    def explode() -> str:
        raise RuntimeError("kaboom: secret internals")

    app.add_url_rule("/boom", "boom", explode)
    return "/boom"


@pytest.fixture
def forbidden(session, login):
    post = make_post(session, make_user(session))
    intruder = make_user(session)
    session.commit()
    login(intruder)
    return f"/p/{post.id}/edit"


def _styled(response, status: int, message: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert 'class="site-header"' in html
    assert f"Error {status}" in html
    assert message in html
    assert 'href="/">Go to the front page' in html
    return html


def test_not_found_page(client):
    _styled(client.get("/no/such/page"), 404, "It may have been deleted, or the link may be")


def test_a_missing_post_is_a_styled_404(client):
    _styled(client.get("/p/424242"), 404, "Page not found")


def test_forbidden_page(client, forbidden):
    _styled(client.get(forbidden), 403, "Only the author can edit this post.")


def test_method_not_allowed_page(client):
    _styled(client.get("/logout"), 405, "That page does not accept this kind of request.")


def test_too_large_page(client):
    response = client.post("/login", data={"username": "x" * (9 * 1024 * 1024)})

    _styled(response, 413, "Requests are limited to 8 MB and pictures to 5 MB.")


def test_server_error_page_hides_the_details(app, client, boom, caplog):
    html = _styled(client.get(boom), 500, "Something broke on our side")

    assert "kaboom" not in html
    assert "kaboom: secret internals" in caplog.text  # logged for the operator instead


@pytest.mark.parametrize(
    ("url", "status", "error"),
    [
        ("/no/such/page", 404, "Page not found"),
        ("/logout", 405, "Not allowed"),
        ("/boom", 500, "Something broke on our side"),
    ],
)
def test_json_clients_get_json_errors(client, boom, url, status, error):
    response = client.get(url, headers=JSON)

    assert response.status_code == status
    assert response.json == {"error": error, "status": status}


def test_json_forbidden_says_why(client, forbidden):
    response = client.get(forbidden, headers=JSON)

    assert response.json == {"error": "Only the author can edit this post.", "status": 403}
