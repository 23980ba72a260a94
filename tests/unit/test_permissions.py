"""Permission predicates for anonymous visitors, authors, others, moderators and admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from board.domain.permissions import (
    Actor,
    Role,
    can_comment,
    can_create_post,
    can_delete,
    can_edit,
    can_reply,
    can_view_post,
    can_vote,
    is_moderator,
)

DELETED_AT = datetime(2025, 5, 1, tzinfo=UTC)


@dataclass(frozen=True)
class User:
    id: int
    role: Role = Role.MEMBER


@dataclass(frozen=True)
class Item:
    """A post or comment."""

    author_id: int | None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class AnonymousUser:
    """Shaped like Flask-Login's anonymous user, passed by mistake."""

    id: int = 0
    role: Role = Role.MEMBER
    is_authenticated: bool = False


AUTHOR = User(1)
OTHER = User(2)
MODERATOR = User(3, Role.MODERATOR)
ADMIN = User(4, Role.ADMIN)
ANONYMOUS = None

LIVE = Item(author_id=AUTHOR.id)
DELETED = Item(author_id=AUTHOR.id, deleted_at=DELETED_AT)

EVERYONE: list[tuple[str, Actor | None]] = [
    ("anonymous", ANONYMOUS),
    ("author", AUTHOR),
    ("other", OTHER),
    ("moderator", MODERATOR),
    ("admin", ADMIN),
]


def allowed(predicate: object, target: Item | None = None) -> set[str]:
    """Return the names of the actors the predicate allows."""
    names = set()
    for name, actor in EVERYONE:
        result = predicate(actor) if target is None else predicate(actor, target)  # type: ignore[operator]
        assert isinstance(result, bool)
        if result:
            names.add(name)
    return names


SIGNED_IN = {"author", "other", "moderator", "admin"}


def test_roles_are_stored_as_strings() -> None:
    assert [r.value for r in Role] == ["member", "moderator", "admin"]
    assert Role("moderator") is Role.MODERATOR


def test_is_moderator() -> None:
    assert allowed(is_moderator) == {"moderator", "admin"}


def test_can_create_post() -> None:
    assert allowed(can_create_post) == SIGNED_IN


class TestEditAndDelete:
    @pytest.mark.parametrize("predicate", [can_edit, can_delete])
    def test_only_the_author(self, predicate: object) -> None:
        assert allowed(predicate, LIVE) == {"author"}

    @pytest.mark.parametrize("predicate", [can_edit, can_delete])
    def test_nobody_once_deleted(self, predicate: object) -> None:
        assert allowed(predicate, DELETED) == set()

    @pytest.mark.parametrize("predicate", [can_edit, can_delete])
    def test_content_without_an_author_is_nobodys(self, predicate: object) -> None:
        assert allowed(predicate, Item(author_id=None)) == set()


class TestCommentAndReply:
    @pytest.mark.parametrize("predicate", [can_comment, can_reply])
    def test_anyone_signed_in(self, predicate: object) -> None:
        assert allowed(predicate, LIVE) == SIGNED_IN

    @pytest.mark.parametrize("predicate", [can_comment, can_reply])
    def test_nobody_on_deleted_content(self, predicate: object) -> None:
        assert allowed(predicate, DELETED) == set()


class TestVote:
    def test_signed_in_but_never_on_own_content(self) -> None:
        assert allowed(can_vote, LIVE) == {"other", "moderator", "admin"}

    def test_nobody_on_deleted_content(self) -> None:
        assert allowed(can_vote, DELETED) == set()

    def test_moderators_cannot_vote_on_their_own_content(self) -> None:
        assert not can_vote(MODERATOR, Item(author_id=MODERATOR.id))


class TestViewPost:
    def test_everyone_sees_a_live_post(self) -> None:
        assert allowed(can_view_post, LIVE) == SIGNED_IN | {"anonymous"}

    def test_only_the_author_sees_a_deleted_post(self) -> None:
        assert allowed(can_view_post, DELETED) == {"author"}


def test_an_unauthenticated_user_object_is_anonymous() -> None:
    anonymous = AnonymousUser(id=AUTHOR.id)

    assert not can_create_post(anonymous)
    assert not can_edit(anonymous, LIVE)
    assert not can_comment(anonymous, LIVE)
    assert not can_vote(anonymous, Item(author_id=OTHER.id))
    assert not can_view_post(anonymous, DELETED)
    assert can_view_post(anonymous, LIVE)
