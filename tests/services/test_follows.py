"""Follows: people and tags, never oneself; counts; the Following feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from board.domain.errors import PermissionDenied
from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.follow import TagFollow, UserFollow
from board.services import feeds, follows, moderation, posts
from tests.factories import make_post, make_tag, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_following_a_person_twice_keeps_one_row_and_unfollowing_removes_it(session):
    reader, writer = make_user(session), make_user(session)

    follows.follow_user(session, reader, writer)
    follows.follow_user(session, reader, writer)
    assert _rows(session, UserFollow) == 1
    assert follows.counts(session, writer, reader) == follows.FollowCounts(1, 0, True)
    assert follows.counts(session, reader, writer) == follows.FollowCounts(0, 1, False)

    follows.follow_user(session, reader, writer, on=False)
    follows.follow_user(session, reader, writer, on=False)
    assert _rows(session, UserFollow) == 0
    assert follows.counts(session, writer, None) == follows.FollowCounts(0, 0, False)


def test_nobody_follows_themselves(session):
    me = make_user(session)
    with pytest.raises(PermissionDenied):
        follows.follow_user(session, me, me)
    assert _rows(session, UserFollow) == 0


def test_a_sanctioned_member_may_still_follow(session):
    reader = make_user(session, restricted_until=NOW + timedelta(days=300))
    follows.follow_user(session, reader, make_user(session))
    assert _rows(session, UserFollow) == 1


def test_following_a_tag(session):
    reader, tag = make_user(session), make_tag(session, "hiring")

    follows.follow_tag(session, reader, tag)
    follows.follow_tag(session, reader, tag)
    assert (_rows(session, TagFollow), follows.tag_followers(session, tag, reader)) == (
        1,
        (1, True),
    )
    assert follows.followed_tag_ids(session, reader) == {tag.id}

    follows.follow_tag(session, reader, tag, on=False)
    assert follows.tag_followers(session, tag, None) == (0, False)


def test_the_following_feed_has_followed_people_and_tags_newest_first(session):
    reader = make_user(session)
    friend, stranger = make_user(session), make_user(session)
    hiring, design = make_tag(session, "hiring"), make_tag(session, "design")
    follows.follow_user(session, reader, friend)
    follows.follow_tag(session, reader, hiring)
    at = [NOW + timedelta(hours=h) for h in range(6)]
    make_post(session, friend, "By a friend", tags=[design], now=at[0])
    make_post(session, stranger, "Under a followed tag", tags=[hiring, design], now=at[1])
    make_post(session, friend, "Both at once", tags=[hiring], now=at[2])
    make_post(session, stranger, "Neither", tags=[design], now=at[3])
    make_post(session, friend, "A friend's draft", tags=[design], now=at[4], publish=False)
    removed = make_post(session, stranger, "Removed", tags=[hiring], now=at[5])
    moderation.remove(session, make_user(session, role=Role.MODERATOR), removed, RemovalReason.SPAM)

    page = feeds.following(session, reader)

    assert [post.title for post in page.items] == [
        "Both at once",
        "Under a followed tag",
        "By a friend",
    ]
    assert follows.follows_anything(session, reader)
    assert not follows.follows_anything(session, stranger)
    assert feeds.following(session, stranger).items == []


def test_a_published_draft_joins_the_following_feed(session):
    reader, friend = make_user(session), make_user(session)
    follows.follow_user(session, reader, friend)
    draft = make_post(session, friend, "Later", publish=False)
    assert feeds.following(session, reader).items == []

    posts.edit_post(session, friend, draft, posts.PostDraft("Later", "Now."), "/nonexistent")

    assert [post.id for post in feeds.following(session, reader).items] == [draft.id]
