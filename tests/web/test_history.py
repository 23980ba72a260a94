"""Edit history pages: every version, word diffs, replies before an edit, who may look."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.services import comments, moderation, posts
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def author(session):
    return make_user(session, "author", display_name="Ada Author")


@pytest.fixture
def post(session, author):
    return make_post(session, author, "Taxes are too high", "We pay too much tax.", now=NOW)


def _edit(session, post, title: str, body: str, hours: int) -> None:
    posts.edit_post(
        session,
        post.author,
        post,
        posts.PostDraft(title, body),
        "/nonexistent",
        NOW + timedelta(hours=hours),
    )


def _versions(html: str) -> list[str]:
    return re.findall(r'<li class="card history__version" id="(v\d+)">', html)


def test_every_version_is_listed_oldest_first_with_word_diffs(client, session, post):
    _edit(session, post, "Taxes are too high", "We pay far too much tax.", 1)
    _edit(session, post, "Taxes are fair", "We pay far too much tax.", 2)
    session.commit()

    response = client.get(f"/history/post/{post.id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _versions(html) == ["v1", "v2", "v3"]
    first, second, third = html.split('class="card history__version"')[1:]
    assert "We pay too much tax." in first and "<ins" not in first and "<del" not in first
    assert 'We pay<ins class="diff__added"> far</ins> too much tax.' in second
    assert (
        'Taxes are <del class="diff__removed">too high</del><ins class="diff__added">fair</ins>'
        in third
    )
    assert "Current version" in third
    assert "1 March 2026, 12:00" in first and "1 March 2026, 14:00" in third


def test_an_edit_after_replies_says_so(client, session, post):
    _edit(session, post, post.title, "A first correction.", 1)
    top = make_comment(session, make_user(session, "critic"), post, "No!")
    make_comment(session, post.author, post, "Yes.", parent=top)
    _edit(session, post, post.title, "A second correction.", 2)
    session.commit()

    html = client.get(f"/history/post/{post.id}").get_data(as_text=True)

    first, second, third = html.split('class="card history__version"')[1:]
    assert "edited after" not in first + second  # no replies yet: nothing said
    assert "edited after 2 replies" in third


def test_a_comment_history_diffs_the_text_without_a_title(client, session, post):
    critic = make_user(session, "critic")
    comment = make_comment(session, critic, post, "I fully agree.")
    make_comment(session, post.author, post, "Thanks", parent=comment)
    comments.edit_comment(session, critic, comment, "I partly agree.")
    session.commit()

    html = client.get(f"/history/comment/{comment.id}").get_data(as_text=True)

    assert _versions(html) == ["v1", "v2"]
    assert '<del class="diff__removed">fully</del><ins class="diff__added">partly</ins>' in html
    assert "edited after 1 reply" in html
    assert "history__title" not in html


def test_old_text_is_escaped_never_run(client, session, post):
    _edit(session, post, "<b>Bold</b> title", "<script>alert('old')</script> & more", 1)
    _edit(session, post, "Plain title", "Harmless now", 2)
    session.commit()

    html = client.get(f"/history/post/{post.id}").get_data(as_text=True)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;old&#39;)&lt;/script&gt;" in html
    assert "&amp; more" in html
    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_an_item_never_edited_has_an_empty_history(client, post):
    html = client.get(f"/history/post/{post.id}").get_data(as_text=True)

    assert "has never been edited" in html
    assert _versions(html) == []


@pytest.fixture
def removed_post(session, post):
    _edit(session, post, post.title, "Secret second thoughts", 1)
    moderator = make_user(session, "moderator1", role=Role.MODERATOR)
    moderation.remove(session, moderator, post, RemovalReason.HARASSMENT)
    session.commit()
    return post


def test_a_removed_posts_history_is_hidden_from_others(client, session, removed_post, login):
    assert client.get(f"/history/post/{removed_post.id}").status_code == 404
    login(make_user(session, "reader"))
    session.commit()

    response = client.get(f"/history/post/{removed_post.id}")

    assert response.status_code == 404
    assert "Secret" not in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["author", "moderator", "admin"])
def test_the_author_and_moderators_still_see_a_removed_posts_history(
    client, session, removed_post, login, who
):
    roles = {"moderator": Role.MODERATOR, "admin": Role.ADMIN}
    user = (
        removed_post.author if who == "author" else make_user(session, f"{who}2", role=roles[who])
    )
    session.commit()
    login(user)

    response = client.get(f"/history/post/{removed_post.id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Secret" in html
    assert "A moderator removed this post" in html


def test_a_removed_comments_history_is_hidden_from_others(client, session, post, login):
    critic = make_user(session, "critic")
    comment = make_comment(session, critic, post, "Rude words")
    comments.edit_comment(session, critic, comment, "Ruder words")
    moderation.remove(
        session,
        make_user(session, "moderator1", role=Role.MODERATOR),
        comment,
        RemovalReason.INCIVILITY,
    )
    session.commit()

    assert client.get(f"/history/comment/{comment.id}").status_code == 404
    login(critic)
    assert client.get(f"/history/comment/{comment.id}").status_code == 200


def test_a_deleted_comments_history_is_hidden_from_others(client, session, post, login):
    critic = make_user(session, "critic")
    comment = make_comment(session, critic, post, "Regrettable")
    comments.edit_comment(session, critic, comment, "More regrettable")
    comments.delete_comment(session, critic, comment)
    session.commit()

    assert client.get(f"/history/comment/{comment.id}").status_code == 404
    login(critic)
    assert client.get(f"/history/comment/{comment.id}").status_code == 200


def test_a_deleted_posts_history_is_hidden_from_others(client, session, post, login):
    _edit(session, post, post.title, "Changed my mind", 1)
    posts.delete_post(session, post.author, post)
    session.commit()

    assert client.get(f"/history/post/{post.id}").status_code == 404
    login(post.author)
    assert client.get(f"/history/post/{post.id}").status_code == 200


@pytest.mark.parametrize("url", ["/history/user/1", "/history/post/999", "/history/comment/999"])
def test_unknown_kinds_and_items_are_not_found(client, post, url):
    assert client.get(url).status_code == 404
