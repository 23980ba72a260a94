"""Edit history: every earlier version is kept with the replies it had when it was replaced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from board.services import comments, modlog, posts
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_post_revisions_are_oldest_first_with_the_replies_before_each_edit(session, tmp_path):
    author, reader = make_user(session, "author"), make_user(session, "reader")
    post = make_post(session, author, "First title", "First body", now=NOW)

    posts.edit_post(
        session,
        author,
        post,
        posts.PostDraft("Second title", "First body"),
        tmp_path,
        NOW + timedelta(hours=1),
    )
    top = make_comment(session, reader, post, "One", now=NOW + timedelta(hours=2))
    make_comment(session, reader, post, "Two", parent=top, now=NOW + timedelta(hours=2))
    posts.edit_post(
        session,
        author,
        post,
        posts.PostDraft("Second title", "Third body"),
        tmp_path,
        NOW + timedelta(hours=3),
    )

    revisions = modlog.revisions(session, post)

    assert [(r.title, r.body_markdown) for r in revisions] == [
        ("First title", "First body"),
        ("Second title", "First body"),
    ]
    # Replies to the whole post count, nested ones too: the post is what they answer.
    assert [r.replies_before for r in revisions] == [0, 2]
    assert [r.written_at for r in revisions] == [NOW, NOW + timedelta(hours=1)]
    assert [r.replaced_at for r in revisions] == [
        NOW + timedelta(hours=1),
        NOW + timedelta(hours=3),
    ]
    assert (post.title, post.body_markdown) == ("Second title", "Third body")


def test_comment_revisions_count_the_direct_replies_it_had(session):
    author, reader = make_user(session, "author"), make_user(session, "reader")
    post = make_post(session, make_user(session, "poster"))
    comment = make_comment(session, author, post, "Original", now=NOW)
    elsewhere = make_comment(session, reader, post, "Unrelated")
    make_comment(session, reader, post, "Not a reply to it", parent=elsewhere)

    comments.edit_comment(session, author, comment, "Edited once", NOW + timedelta(minutes=5))
    first = make_comment(session, reader, post, "Reply 1", parent=comment)
    make_comment(session, reader, post, "Reply 2", parent=comment)
    make_comment(session, author, post, "A reply to a reply", parent=first)
    comments.edit_comment(session, author, comment, "Edited twice", NOW + timedelta(minutes=9))

    revisions = modlog.revisions(session, comment)

    assert [r.body_markdown for r in revisions] == ["Original", "Edited once"]
    assert [r.replies_before for r in revisions] == [0, 2]
    assert [r.title for r in revisions] == [None, None]


def test_an_item_never_edited_has_no_revisions(session):
    post = make_post(session, make_user(session, "author"))
    comment = make_comment(session, make_user(session, "reader"), post)

    assert modlog.revisions(session, post) == []
    assert modlog.revisions(session, comment) == []


def test_revisions_of_a_post_and_a_comment_with_the_same_id_do_not_mix(session, tmp_path):
    author = make_user(session, "author")
    post = make_post(session, author, "Title", "Post body")
    comment = make_comment(session, author, post, "Comment body")
    assert post.id == comment.id  # both are the first of their kind

    posts.edit_post(session, author, post, posts.PostDraft("Title", "New post body"), tmp_path)

    assert [r.body_markdown for r in modlog.revisions(session, post)] == ["Post body"]
    assert modlog.revisions(session, comment) == []
