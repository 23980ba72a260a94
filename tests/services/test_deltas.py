"""Deltas: the post's author marks a comment that changed their mind, once, and can take it back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from board.domain.errors import PermissionDenied
from board.models.notification import Notification, NotificationKind
from board.models.post import Post
from board.models.user import User
from board.services import deltas, notifications
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def people(session):
    return {name: make_user(session, name) for name in ("writer", "critic", "reader")}


@pytest.fixture
def comment(session, people):
    post = make_post(session, people["writer"])
    return make_comment(session, people["critic"], post, "Have you considered this?")


def _received(session, user: User) -> int:
    session.refresh(user)
    return user.deltas_received


def _delta_notes(session) -> list[tuple[int, int | None]]:
    query = select(Notification.recipient_id, Notification.actor_id).where(
        Notification.kind == NotificationKind.DELTA
    )
    return list(session.execute(query))


def test_awarding_marks_the_comment_counts_it_and_tells_the_commenter(session, people, comment):
    deltas.set_delta(session, people["writer"], comment, True, NOW)

    assert comment.delta_at == NOW
    assert _received(session, people["critic"]) == 1
    assert _delta_notes(session) == [(people["critic"].id, people["writer"].id)]


def test_one_delta_per_comment_and_taking_it_back_uncounts_it(session, people, comment):
    deltas.set_delta(session, people["writer"], comment, True, NOW)
    deltas.set_delta(session, people["writer"], comment, True, NOW)
    assert _received(session, people["critic"]) == 1

    deltas.set_delta(session, people["writer"], comment, False)
    deltas.set_delta(session, people["writer"], comment, False)

    assert comment.delta_at is None
    assert _received(session, people["critic"]) == 0


def test_giving_it_again_does_not_notify_twice(session, people, comment):
    for on in (True, False, True):
        deltas.set_delta(session, people["writer"], comment, on, NOW)

    assert len(_delta_notes(session)) == 1
    assert _received(session, people["critic"]) == 1


def test_a_muted_kind_is_not_notified_but_still_counted(session, people, comment):
    notifications.set_muted_kinds(session, people["critic"], [NotificationKind.DELTA])

    deltas.set_delta(session, people["writer"], comment, True, NOW)

    assert _delta_notes(session) == []
    assert _received(session, people["critic"]) == 1


def test_only_the_posts_author_awards_and_never_to_themselves(session, people, comment):
    own = make_comment(session, people["writer"], session.get(Post, comment.post_id), "Mine.")

    with pytest.raises(PermissionDenied):
        deltas.set_delta(session, people["reader"], comment, True)
    with pytest.raises(PermissionDenied):
        deltas.set_delta(session, people["writer"], own, True)
    assert comment.delta_at is None and own.delta_at is None
    assert _received(session, people["critic"]) == _received(session, people["writer"]) == 0
