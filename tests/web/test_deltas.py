"""Deltas through the web: the post's author marks a comment, all see it, profiles count it."""

from __future__ import annotations

import pytest

from tests.factories import make_comment, make_post, make_user, post_path

BADGE = '<span aria-hidden="true">Δ</span> changed the author\'s mind'


@pytest.fixture
def writer(session):
    return make_user(session, "writer")


@pytest.fixture
def post(session, writer):
    return make_post(session, writer)


@pytest.fixture
def critic(session):
    return make_user(session, "critic")


@pytest.fixture
def comment(session, post, critic):
    comment = make_comment(session, critic, post, "Consider the other side.")
    session.commit()
    return comment


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_author_marks_a_comment_and_everyone_sees_the_delta(
    client, session, login, writer, post, comment, critic
):
    login(writer)
    assert "Δ Changed my mind" in _html(client, post_path(post))

    response = client.post(f"/c/{comment.id}/delta", data={"on": "1", "next": post_path(post)})

    assert response.location == f"{post_path(post)}#c{comment.id}"
    page = _html(client, post_path(post))
    assert BADGE in page and "Take back Δ" in page
    assert "1 delta received" in _html(client, f"/u/{critic.username}")

    client.post(f"/c/{comment.id}/delta", data={"on": "0"})
    assert BADGE not in _html(client, post_path(post))
    assert "0 deltas received" in _html(client, f"/u/{critic.username}")


def test_nobody_else_sees_the_button_or_may_use_it(client, session, login, post, comment):
    login(make_user(session, "reader"))

    assert "Changed my mind" not in _html(client, post_path(post))
    assert client.post(f"/c/{comment.id}/delta", data={"on": "1"}).status_code == 403


def test_a_missing_on_value_is_a_bad_request(client, login, writer, comment):
    login(writer)

    assert client.post(f"/c/{comment.id}/delta", data={}).status_code == 400
