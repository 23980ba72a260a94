"""Drafts on the web: Save draft, the drafts page, publishing later; unsent text survives."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from board.models.post import Post
from tests.factories import make_comment, make_post, make_user, post_path


@pytest.fixture
def author(session, login):
    user = make_user(session, "writer")
    session.commit()
    login(user)
    return user


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _save(client, url: str = "/p/new", button: str = "save_draft", **fields):
    data = {"title": "Half an idea", "body_markdown": "Still *thinking*.", button: "x", **fields}
    return client.post(url, data=data)


def test_save_draft_keeps_the_post_private_and_reopens_the_editor(client, session, author):
    assert 'name="save_draft"' in _html(client, "/p/new")

    response = _save(client)

    post = session.scalars(select(Post)).one()
    assert post.published_at is None
    assert response.location == f"/p/{post.id}/edit"
    html = _html(client, response.location)
    assert "Draft saved. Only you can see it until you publish it." in html
    assert 'name="save_draft"' in html and ">Publish</button>" in html
    assert "Half an idea" in _html(client, "/drafts")
    page = _html(client, f"/p/{post.id}")
    assert "Draft: only you can see it." in page
    assert "Post comment" not in page
    assert "Half an idea" not in _html(client, "/")
    assert "Half an idea" not in _html(client, "/u/writer")


def test_others_cannot_open_a_draft(client, session, login, author):
    draft = make_post(session, author, "Private", publish=False)
    session.commit()
    login(make_user(session, "nosy"))
    session.commit()

    assert client.get(f"/p/{draft.id}").status_code == 404
    assert client.get(f"/p/{draft.id}/private").status_code == 404
    assert "Private" not in _html(client, "/drafts")


def test_publishing_a_draft_from_the_editor(client, session, author):
    draft = make_post(session, author, "Half an idea", publish=False)
    session.commit()

    response = _save(client, f"/p/{draft.id}/edit", button="submit")

    session.refresh(draft)
    assert draft.published_at is not None
    assert response.location == post_path(draft)
    assert "Your post is published." in _html(client, response.location)
    assert "Half an idea" in _html(client, "/")
    assert "Half an idea" not in _html(client, "/drafts")


def test_a_published_post_offers_no_save_draft(client, session, author):
    post = make_post(session, author)
    session.commit()

    html = _html(client, f"/p/{post.id}/edit")

    assert 'name="save_draft"' not in html and ">Save changes</button>" in html


def test_reading_time_is_shown(client, session, author):
    post = make_post(session, author, "Long", "word " * 460)
    session.commit()

    assert "2 min read" in _html(client, post_path(post))


def test_the_post_and_comment_forms_keep_unsent_text(client, session, author):
    post = make_post(session, author)
    comment = make_comment(session, make_user(session), post)
    session.commit()

    assert 'data-draft="post-new"' in _html(client, "/p/new")
    assert f'data-draft="post-{post.id}"' in _html(client, f"/p/{post.id}/edit")
    assert f'data-draft="comment-{post.id}"' in _html(client, post_path(post))
    assert f'data-draft="reply-{comment.id}"' in _html(client, f"/c/{comment.id}/reply")
