"""Security: CSRF on every state change, headers, cookies, upload limits, no inline code."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from board.app import create_app
from board.config import REPO_ROOT
from tests.conftest import app_config
from tests.factories import PASSWORD, make_comment, make_post, make_user, picture

CSRF_MESSAGE = "The form had expired or came from elsewhere"


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def world(session):
    me, other = make_user(session, "myself"), make_user(session, "other")
    mine, theirs = make_post(session, me, "Mine"), make_post(session, other, "Theirs")
    comment = make_comment(session, me, theirs, "My comment")
    session.commit()
    return {"me": me, "mine": mine.id, "theirs": theirs.id, "comment": comment.id}


def _token(client, url: str = "/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)


POST_FORM = {"title": "A title", "body_markdown": "A body", "submit": "Publish"}
STATE_CHANGES = [
    # (name, signed in?, url, form data)
    (
        "register",
        False,
        "/register",
        {
            "username": "newbie",
            "display_name": "New Bie",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    ),
    ("login", False, "/login", {"username": "other", "password": PASSWORD}),
    ("logout", True, "/logout", {}),
    ("new post", True, "/p/new", POST_FORM),
    ("edit post", True, "/p/{mine}/edit", POST_FORM),
    ("delete post", True, "/p/{mine}/delete", {}),
    ("comment", True, "/p/{theirs}/comments", {"body_markdown": "Agreed"}),
    ("edit comment", True, "/c/{comment}/edit", {"body_markdown": "Edited"}),
    ("delete comment", True, "/c/{comment}/delete", {}),
    ("vote", True, "/p/{theirs}/vote", {"value": "1"}),
    (
        "profile",
        True,
        "/settings/profile",
        {"display_name": "Me", "headline": "", "bio_markdown": ""},
    ),
    (
        "password",
        True,
        "/settings/password",
        {
            "current_password": PASSWORD,
            "new_password": "a new passphrase",
            "confirm": "a new passphrase",
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "signed_in", "url", "data"), STATE_CHANGES, ids=[case[0] for case in STATE_CHANGES]
)
def test_every_state_change_needs_the_csrf_token(
    csrf_app, client, login, world, name, signed_in, url, data
):
    if signed_in:
        login(world["me"])
    url = url.format(**world)

    refused = client.post(url, data=data)

    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert CSRF_MESSAGE in html
    assert 'class="site-header"' in html

    accepted = client.post(url, data={**data, "csrf_token": _token(client)})

    assert accepted.status_code == 302, accepted.get_data(as_text=True)


def test_the_json_vote_sends_the_token_in_a_header(csrf_app, client, login, world):
    login(world["me"])
    url = f"/p/{world['theirs']}/vote"
    headers = {"Accept": "application/json"}

    refused = client.post(url, data={"value": "1"}, headers=headers)
    assert (refused.status_code, refused.json["status"]) == (400, 400)

    accepted = client.post(
        url, data={"value": "1"}, headers={**headers, "X-CSRFToken": _token(client)}
    )
    assert (accepted.status_code, accepted.json["my_vote"]) == (200, 1)


def test_a_token_from_another_session_is_refused(csrf_app, app, client, login, world):
    stranger_token = _token(app.test_client())
    login(world["me"])
    _token(client)

    response = client.post(
        f"/p/{world['theirs']}/vote", data={"value": "1", "csrf_token": stranger_token}
    )

    assert response.status_code == 400


def _assert_security_headers(response) -> None:
    directives = response.headers["Content-Security-Policy"].split(";")
    policy = dict(part.strip().partition(" ")[::2] for part in directives)
    assert policy["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy.get("style-src", "")
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/", 200),
        ("get", "/login", 200),
        ("get", "/nowhere", 404),
        ("get", "/logout", 405),
        ("post", "/logout", 400),
        ("get", "/p/new", 302),
    ],
)
def test_security_headers_on_pages_and_error_pages(csrf_app, client, method, url, status):
    response = getattr(client, method)(url)

    assert response.status_code == status
    _assert_security_headers(response)


def test_security_headers_on_a_server_error(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)

    response = client.get("/boom")

    assert response.status_code == 500
    _assert_security_headers(response)


def _session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


def test_the_session_cookie_is_httponly_and_lax(csrf_app, client):
    cookie = _session_cookie(client.get("/register"))

    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_the_environment_says_so(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = create_app(app_config(database_url, tmp_path, WTF_CSRF_ENABLED=True))

    cookie = _session_cookie(app.test_client().get("/register"))

    assert "Secure" in cookie
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_a_body_over_the_limit_gets_the_styled_413_page(client, login, world, session):
    login(world["me"])
    huge = picture("PNG") + b"\0" * (8 * 1024 * 1024)

    response = client.post(
        "/p/new",
        data={**POST_FORM, "cover": (io.BytesIO(huge), "big.png")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "That upload is too large" in html
    assert 'class="site-header"' in html


TEMPLATES = sorted((REPO_ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_templates_have_no_inline_script_or_style(path: Path):
    source = path.read_text()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script> block"
    assert not re.search(r"<style\b", source), "inline <style> block"
    assert not re.search(r"\sstyle\s*=", source), "style attribute"
    assert not re.search(r"\son[a-z]+\s*=", source), "inline event handler"


def test_templates_were_found():
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize(
    "url",
    [
        "/uploads/../secret_key",
        "/uploads/..%2fsecret_key",
        "/uploads/%2e%2e/secret_key",
        "/uploads/%2e%2e%2fsecret_key",
        "/uploads/sub/../../secret_key",
        "/uploads/..\\secret_key",
        "/uploads/.secret",
    ],
)
def test_uploads_refuse_path_traversal(app, client, url):
    Path(app.config["INSTANCE_DIR"], "secret_key").write_text("TOP-SECRET")
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)
    Path(app.config["UPLOAD_DIR"], ".secret").write_text("TOP-SECRET")

    response = client.get(url)

    assert response.status_code == 404
    assert "TOP-SECRET" not in response.get_data(as_text=True)


def test_uploads_serve_stored_pictures_with_nosniff(app, client):
    folder = Path(app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pic.webp").write_bytes(picture("WEBP"))

    response = client.get("/uploads/pic.webp")

    assert response.status_code == 200
    assert response.mimetype == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_refused_comment_shows_a_token_that_posts_it(csrf_app, client, login, world):
    """The comment form leaves the token to CSRFProtect; its page, shown again with the
    error, must still carry one, or the corrected comment could never be sent."""
    login(world["me"])
    url = f"/p/{world['theirs']}/comments"

    refused = client.post(url, data={"body_markdown": "  ", "csrf_token": _token(client)})

    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    shown = re.search(r'<form[^>]*comments[^>]*>\s*<input type="hidden" name="csrf_token" '
                      r'value="([^"]+)">', html)  # fmt: skip
    assert shown, html
    accepted = client.post(url, data={"body_markdown": "Fixed it.", "csrf_token": shown[1]})
    assert accepted.status_code == 302
