"""Permission predicates for every kind of actor: anonymous, author, other, sanctioned, staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from board.domain import permissions as perm
from board.domain.moderation import PERMANENT, ModActionKind
from board.domain.permissions import Role

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
EARLIER = NOW - timedelta(days=2)


@dataclass(frozen=True)
class User:
    id: int
    role: Role = Role.MEMBER
    restricted_until: datetime | None = None


@dataclass(frozen=True)
class Item:
    """A post or comment."""

    author_id: int | None
    deleted_at: datetime | None = None
    removed_at: datetime | None = None
    locked_at: datetime | None = None
    published_at: datetime | None = EARLIER  # posts only: None while a draft


@dataclass(frozen=True)
class Action:
    moderator_id: int
    subject_id: int | None
    kind: ModActionKind


@dataclass(frozen=True)
class AnonymousUser:
    """Shaped like Flask-Login's anonymous user, passed by mistake."""

    id: int = 1
    role: Role = Role.MEMBER
    restricted_until: datetime | None = None
    is_authenticated: bool = False


AUTHOR = User(1)
OTHER = User(2)
SANCTIONED = User(5, restricted_until=NOW + timedelta(days=3))
MODERATOR = User(3, Role.MODERATOR)
ADMIN = User(4, Role.ADMIN)

EVERYONE: dict[str, perm.Actor | None] = {
    "anonymous": None,
    "author": AUTHOR,
    "other": OTHER,
    "sanctioned": SANCTIONED,
    "moderator": MODERATOR,
    "admin": ADMIN,
}
STAFF = {"moderator", "admin"}
PARTICIPANTS = {"author", "other", "moderator", "admin"}

LIVE = Item(author_id=AUTHOR.id)
DELETED = Item(author_id=AUTHOR.id, deleted_at=EARLIER)
REMOVED = Item(author_id=AUTHOR.id, removed_at=EARLIER)
LOCKED = Item(author_id=AUTHOR.id, locked_at=EARLIER)


def allowed(check: Callable[[perm.Actor | None], bool]) -> set[str]:
    """Return the names of the actors the check allows."""
    names = set()
    for name, actor in EVERYONE.items():
        result = check(actor)
        assert isinstance(result, bool)
        if result:
            names.add(name)
    return names


def test_roles_are_stored_as_strings() -> None:
    assert [r.value for r in Role] == ["member", "moderator", "admin"]


def test_staff_predicates() -> None:
    assert allowed(perm.is_moderator) == STAFF
    assert allowed(perm.is_admin) == {"admin"}
    assert allowed(perm.can_lock) == STAFF
    assert allowed(perm.can_pin) == STAFF
    assert allowed(perm.can_keep_notes) == STAFF


def test_sanctions_end_on_their_own() -> None:
    assert perm.is_sanctioned(SANCTIONED, NOW)
    assert not perm.is_sanctioned(SANCTIONED, NOW + timedelta(days=4))
    banned = User(6, restricted_until=PERMANENT)
    assert perm.is_sanctioned(banned, NOW + timedelta(days=3650))


def test_create_post_needs_an_unsanctioned_account() -> None:
    assert allowed(lambda a: perm.can_create_post(a, NOW)) == PARTICIPANTS


class TestEditAndDelete:
    def test_only_the_author_edits(self) -> None:
        assert allowed(lambda a: perm.can_edit(a, LIVE, NOW)) == {"author"}

    @pytest.mark.parametrize("item", [DELETED, REMOVED])
    def test_nobody_edits_what_is_gone(self, item: Item) -> None:
        assert allowed(lambda a: perm.can_edit(a, item, NOW)) == set()

    def test_a_sanctioned_author_cannot_edit_but_can_delete(self) -> None:
        own = Item(author_id=SANCTIONED.id)
        assert not perm.can_edit(SANCTIONED, own, NOW)
        assert perm.can_delete(SANCTIONED, own)

    def test_only_the_author_deletes_once(self) -> None:
        assert allowed(lambda a: perm.can_delete(a, LIVE)) == {"author"}
        assert allowed(lambda a: perm.can_delete(a, DELETED)) == set()

    def test_content_without_an_author_is_nobodys(self) -> None:
        assert allowed(lambda a: perm.can_edit(a, Item(author_id=None), NOW)) == set()


class TestComment:
    def test_participants_comment_on_a_live_post(self) -> None:
        assert allowed(lambda a: perm.can_comment(a, LIVE, NOW)) == PARTICIPANTS

    @pytest.mark.parametrize("post", [DELETED, REMOVED])
    def test_nobody_comments_on_a_post_that_is_gone(self, post: Item) -> None:
        assert allowed(lambda a: perm.can_comment(a, post, NOW)) == set()

    def test_only_moderators_comment_in_a_locked_post(self) -> None:
        assert allowed(lambda a: perm.can_comment(a, LOCKED, NOW)) == STAFF

    def test_reply(self) -> None:
        comment = Item(author_id=OTHER.id)
        assert allowed(lambda a: perm.can_reply(a, comment, LIVE, NOW, False)) == PARTICIPANTS
        assert allowed(lambda a: perm.can_reply(a, comment, LIVE, NOW, True)) == STAFF
        assert allowed(lambda a: perm.can_reply(a, REMOVED, LIVE, NOW, False)) == set()
        assert allowed(lambda a: perm.can_reply(a, DELETED, LIVE, NOW, False)) == set()


class TestVoteAndReport:
    def test_vote_never_on_own_content(self) -> None:
        expected = {"other", "moderator", "admin"}
        assert allowed(lambda a: perm.can_vote(a, LIVE, LIVE, NOW)) == expected

    @pytest.mark.parametrize("item", [DELETED, REMOVED])
    def test_no_votes_on_content_that_is_gone(self, item: Item) -> None:
        assert allowed(lambda a: perm.can_vote(a, item, LIVE, NOW)) == set()

    def test_a_locked_post_is_frozen(self) -> None:
        comment = Item(author_id=OTHER.id)
        assert allowed(lambda a: perm.can_vote(a, comment, LOCKED, NOW)) == set()

    def test_report(self) -> None:
        assert allowed(lambda a: perm.can_report(a, LIVE, NOW)) == {"other", "moderator", "admin"}
        assert allowed(lambda a: perm.can_report(a, REMOVED, NOW)) == set()


class TestReading:
    def test_everyone_sees_a_live_post(self) -> None:
        assert allowed(lambda a: perm.can_view_post(a, LIVE)) == set(EVERYONE)

    def test_a_deleted_post_is_for_its_author_and_staff(self) -> None:
        assert allowed(lambda a: perm.can_view_post(a, DELETED)) == {"author"} | STAFF

    @pytest.mark.parametrize("item", [DELETED, REMOVED])
    def test_text_that_is_gone_is_for_its_author_and_staff(self, item: Item) -> None:
        assert allowed(lambda a: perm.can_read_body(a, item)) == {"author"} | STAFF
        assert allowed(lambda a: perm.can_view_history(a, item)) == {"author"} | STAFF

    def test_live_history_is_public(self) -> None:
        assert allowed(lambda a: perm.can_view_history(a, LIVE)) == set(EVERYONE)


class TestModeration:
    def test_remove_and_restore(self) -> None:
        assert allowed(lambda a: perm.can_remove(a, LIVE)) == STAFF
        assert allowed(lambda a: perm.can_remove(a, REMOVED)) == set()
        assert allowed(lambda a: perm.can_restore(a, REMOVED)) == STAFF
        assert allowed(lambda a: perm.can_restore(a, LIVE)) == set()

    def test_slow_mode_by_staff_or_the_author(self) -> None:
        assert allowed(lambda a: perm.can_set_slow_mode(a, LIVE, NOW)) == {"author"} | STAFF

    def test_speak_as_moderator_only_on_own_words(self) -> None:
        assert perm.can_speak_as_moderator(MODERATOR, Item(author_id=MODERATOR.id))
        assert not perm.can_speak_as_moderator(MODERATOR, Item(author_id=OTHER.id))
        assert not perm.can_speak_as_moderator(OTHER, Item(author_id=OTHER.id))

    def test_sanctions(self) -> None:
        other_moderator = User(7, Role.MODERATOR)
        assert allowed(lambda a: perm.can_sanction(a, OTHER)) == STAFF
        assert allowed(lambda a: perm.can_sanction(a, other_moderator)) == {"admin"}
        assert allowed(lambda a: perm.can_sanction(a, ADMIN)) == set()
        assert not perm.can_sanction(MODERATOR, MODERATOR)

    def test_roles_only_by_admins_and_not_on_themselves(self) -> None:
        assert allowed(lambda a: perm.can_set_role(a, OTHER)) == {"admin"}
        assert not perm.can_set_role(ADMIN, ADMIN)

    def test_appeal_once_by_the_subject_of_a_removal_or_sanction(self) -> None:
        removal = Action(MODERATOR.id, AUTHOR.id, ModActionKind.REMOVE_COMMENT)
        assert allowed(lambda a: perm.can_appeal(a, removal, False)) == {"author"}
        assert allowed(lambda a: perm.can_appeal(a, removal, True)) == set()
        pin = Action(MODERATOR.id, AUTHOR.id, ModActionKind.PIN_POST)
        assert allowed(lambda a: perm.can_appeal(a, pin, False)) == set()

    def test_nobody_decides_an_appeal_of_their_own_action(self) -> None:
        removal = Action(MODERATOR.id, AUTHOR.id, ModActionKind.REMOVE_COMMENT)
        assert allowed(lambda a: perm.can_decide_appeal(a, removal)) == {"admin"}

    def test_moderation_history_for_staff_and_the_member(self) -> None:
        assert allowed(lambda a: perm.can_view_moderation_of(a, AUTHOR)) == {"author"} | STAFF


def test_an_unauthenticated_user_object_is_anonymous() -> None:
    anonymous = AnonymousUser(id=AUTHOR.id)
    assert not perm.can_create_post(anonymous, NOW)
    assert not perm.can_edit(anonymous, LIVE, NOW)
    assert not perm.can_comment(anonymous, LIVE, NOW)
    assert not perm.can_view_post(anonymous, DELETED)
    assert perm.can_view_post(anonymous, LIVE)


# Drafts, tags and follows (issue 4).
DRAFT = Item(author_id=AUTHOR.id, published_at=None)


class TestDrafts:
    def test_a_draft_is_for_its_author_alone(self) -> None:
        # Unlike a deleted post, not even moderators open a draft: nothing is public yet.
        assert allowed(lambda a: perm.can_view_post(a, DRAFT)) == {"author"}

    def test_a_deleted_draft_stays_with_its_author(self) -> None:
        deleted_draft = Item(author_id=AUTHOR.id, published_at=None, deleted_at=EARLIER)
        assert allowed(lambda a: perm.can_view_post(a, deleted_draft)) == {"author"}

    def test_the_author_edits_a_draft(self) -> None:
        assert allowed(lambda a: perm.can_edit(a, DRAFT, NOW)) == {"author"}

    def test_nobody_comments_replies_or_votes_on_a_draft(self) -> None:
        comment = Item(author_id=OTHER.id)
        assert allowed(lambda a: perm.can_comment(a, DRAFT, NOW)) == set()
        assert allowed(lambda a: perm.can_reply(a, comment, DRAFT, NOW, False)) == set()
        assert allowed(lambda a: perm.can_vote(a, DRAFT, DRAFT, NOW)) == set()
        assert allowed(lambda a: perm.can_vote(a, comment, DRAFT, NOW)) == set()


def test_only_published_live_posts_are_public() -> None:
    assert perm.is_public(LIVE)
    assert not any(perm.is_public(post) for post in (DRAFT, DELETED, REMOVED))


class TestTagsAndFollows:
    def test_only_admins_manage_tags(self) -> None:
        assert allowed(perm.can_manage_tags) == {"admin"}

    def test_every_account_follows_tags(self) -> None:
        assert allowed(perm.can_follow_tags) == set(EVERYONE) - {"anonymous"}
        assert not perm.can_follow_tags(AnonymousUser())

    def test_people_follow_anyone_but_themselves(self) -> None:
        assert allowed(lambda a: perm.can_follow_user(a, AUTHOR)) == set(EVERYONE) - {
            "anonymous",
            "author",
        }
        assert not perm.can_follow_user(AnonymousUser(id=2), AUTHOR)


class TestDebate:
    # The post is AUTHOR's; the comment is OTHER's.
    COMMENT = Item(author_id=OTHER.id)

    def test_agreement_follows_the_vote_rule(self) -> None:
        everyone_but = set(EVERYONE) - {"anonymous", "sanctioned", "other"}
        assert allowed(lambda a: perm.can_mark_agreement(a, self.COMMENT, LIVE, NOW)) == (
            everyone_but
        )

    @pytest.mark.parametrize(
        ("comment", "post"),
        [
            (Item(author_id=OTHER.id, deleted_at=EARLIER), LIVE),
            (Item(author_id=OTHER.id, removed_at=EARLIER), LIVE),
            (Item(author_id=OTHER.id), LOCKED),
            (Item(author_id=OTHER.id), REMOVED),
            (Item(author_id=OTHER.id), DRAFT),
        ],
    )
    def test_no_agreement_on_what_is_gone_or_frozen(self, comment: Item, post: Item) -> None:
        assert allowed(lambda a: perm.can_mark_agreement(a, comment, post, NOW)) == set()

    def test_only_the_posts_author_awards_a_delta(self) -> None:
        assert allowed(lambda a: perm.can_award_delta(a, self.COMMENT, LIVE, NOW)) == {"author"}

    def test_never_a_delta_to_oneself(self) -> None:
        own = Item(author_id=AUTHOR.id)
        assert allowed(lambda a: perm.can_award_delta(a, own, LIVE, NOW)) == set()

    def test_a_sanctioned_author_awards_no_delta(self) -> None:
        post = Item(author_id=SANCTIONED.id)
        assert not perm.can_award_delta(SANCTIONED, self.COMMENT, post, NOW)

    def test_a_lock_does_not_stop_a_delta(self) -> None:
        assert perm.can_award_delta(AUTHOR, self.COMMENT, LOCKED, NOW)

    @pytest.mark.parametrize(
        ("comment", "post"),
        [
            (Item(author_id=OTHER.id, deleted_at=EARLIER), LIVE),
            (Item(author_id=OTHER.id, removed_at=EARLIER), LIVE),
            (Item(author_id=OTHER.id), DELETED),
            (Item(author_id=OTHER.id), REMOVED),
        ],
    )
    def test_no_delta_on_what_is_gone(self, comment: Item, post: Item) -> None:
        assert not perm.can_award_delta(AUTHOR, comment, post, NOW)
