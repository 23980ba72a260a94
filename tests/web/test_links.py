"""The thread's links: built once a request, each one what url_for would have built."""

from __future__ import annotations

import pytest
from flask import url_for

from board.web.filters import link, profile_url, sign_in_link

LINKS = [
    ("comments.show", "comment_id", {}),
    ("comments.reply", "comment_id", {}),
    ("comments.reply", "comment_id", {"quote": 1}),
    ("comments.edit", "comment_id", {}),
    ("comments.delete", "comment_id", {}),
    ("votes.on_comment", "comment_id", {}),
    ("votes.on_post", "post_id", {}),
    ("agreements.mark", "comment_id", {}),
    ("deltas.mark", "comment_id", {}),
    ("reports.new", "item_id", {"kind": "comment"}),
    ("history.show", "item_id", {"kind": "comment"}),
]


@pytest.mark.parametrize(("endpoint", "key", "values"), LINKS)
@pytest.mark.parametrize("item_id", [1, 7, 918, 1_000_000])
def test_a_link_is_what_url_for_builds(app, endpoint, key, values, item_id):
    with app.test_request_context("/"):
        assert link(endpoint, key, item_id, **values) == url_for(
            endpoint, **{key: item_id}, **values
        )


@pytest.fixture
def built(monkeypatch) -> list[str]:
    """The endpoints of the routes filters.py builds with url_for, in order."""
    endpoints: list[str] = []
    real = url_for

    def counting(endpoint, **values):
        endpoints.append(endpoint)
        return real(endpoint, **values)

    monkeypatch.setattr("board.web.filters.url_for", counting)
    return endpoints


def test_each_route_is_built_once_a_request(app, built):
    with app.test_request_context("/"):
        paths = [link("comments.show", "comment_id", item_id) for item_id in range(1, 201)]

    assert built == ["comments.show"]
    assert paths[41] == "/c/42"


@pytest.mark.parametrize("item_id", [1, 918, 1_000_000])
def test_a_sign_in_link_comes_back_where_url_for_would(app, item_id):
    with app.test_request_context("/"):
        back = url_for("comments.reply", comment_id=item_id)
        assert sign_in_link("comments.reply", "comment_id", item_id) == url_for(
            "auth.login", next=back
        )


@pytest.mark.parametrize(
    "username", ["ada", "Ada_Lovelace-2", "stand-in-name", "x" * 30, "with space", "ümlaut", "a/b"]
)
def test_a_profile_url_is_what_url_for_builds(app, username):
    """Names outside today's rule (a space, a slash) are escaped as url_for escapes them."""
    with app.test_request_context("/"):
        assert profile_url(username) == url_for("users.show", username=username)


def test_profile_urls_are_built_once_a_request(app, built):
    with app.test_request_context("/"):
        paths = [profile_url(f"member{number}") for number in range(50)]

    assert built == ["users.show"]
    assert paths[7] == "/u/member7"
