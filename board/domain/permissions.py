"""Who may do what: named predicates that services, views and templates all ask."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Protocol, TypeGuard

from board.domain.moderation import APPEALABLE, ModActionKind, is_restricted

# Edits have no time window: authors may fix a post or comment at any time, and revisions keep
# what it said before, with "edited after N replies" so a debate cannot be quietly rewritten.


class Role(Enum):
    """What an account may do beyond ordinary membership."""

    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Actor(Protocol):
    """A signed-in account; anonymous visitors are None."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> Role: ...
    @property
    def restricted_until(self) -> datetime | None: ...


class Authored(Protocol):
    """A post or comment: written by someone, deletable by them, removable by moderators."""

    @property
    def author_id(self) -> int | None: ...
    @property
    def deleted_at(self) -> datetime | None: ...
    @property
    def removed_at(self) -> datetime | None: ...


class Lockable(Authored, Protocol):
    """A post, or a comment heading a sub-thread, that moderators can lock."""

    @property
    def locked_at(self) -> datetime | None: ...


class Publishable(Lockable, Protocol):
    """A post: a draft until it is published."""

    @property
    def published_at(self) -> datetime | None: ...


class Action(Protocol):
    """A moderation log entry, as far as appeals need it."""

    @property
    def moderator_id(self) -> int | None: ...
    @property
    def subject_id(self) -> int | None: ...
    @property
    def kind(self) -> ModActionKind: ...


def _signed_in(actor: Actor | None) -> TypeGuard[Actor]:
    # None is the anonymous visitor; an object saying it is not authenticated (Flask-Login's
    # anonymous user, passed by mistake) is refused too.
    return actor is not None and getattr(actor, "is_authenticated", True) is not False


def _is_author(actor: Actor | None, target: Authored) -> bool:
    return _signed_in(actor) and actor.id == target.author_id


def _gone(target: Authored) -> bool:
    return target.deleted_at is not None or target.removed_at is not None


def _draft(post: Publishable) -> bool:
    return post.published_at is None


def is_moderator(actor: Actor | None) -> bool:
    """Tell whether the actor moderates: moderators, and admins, who can do all they can."""
    return _signed_in(actor) and actor.role in (Role.MODERATOR, Role.ADMIN)


def is_admin(actor: Actor | None) -> bool:
    """Tell whether the actor is an admin."""
    return _signed_in(actor) and actor.role is Role.ADMIN


def is_sanctioned(actor: Actor | None, now: datetime) -> bool:
    """Tell whether a suspension or ban is in force for the actor."""
    return _signed_in(actor) and is_restricted(actor.restricted_until, now)


def _participates(actor: Actor | None, now: datetime) -> TypeGuard[Actor]:
    # participate: signed in and not suspended or banned. A sanctioned member can still sign
    # in and read, but posts, comments, votes, reports and edits wait for the sanction's end.
    return _signed_in(actor) and not is_restricted(actor.restricted_until, now)


def can_create_post(actor: Actor | None, now: datetime) -> bool:
    """Tell whether the actor may write a post."""
    # create: any participating member; anonymous posting would invite spam with nobody to
    # answer for it.
    return _participates(actor, now)


def can_edit(actor: Actor | None, target: Authored, now: datetime) -> bool:
    """Tell whether the actor may edit this post or comment."""
    # edit: only the author, so nobody puts words in another's mouth; moderators remove, they
    # do not rewrite. Deleted and removed items stay as they were when they went.
    return _participates(actor, now) and _is_author(actor, target) and not _gone(target)


def can_delete(actor: Actor | None, target: Authored) -> bool:
    """Tell whether the actor may delete this post or comment."""
    # delete: only the author, once. Allowed even while sanctioned: taking one's own words
    # down harms nobody. Moderators remove instead, which keeps a public record.
    return _is_author(actor, target) and target.deleted_at is None


def can_view_post(actor: Actor | None, post: Publishable) -> bool:
    """Tell whether the actor may open this post's page."""
    # view: a deleted post is hidden from everyone but its author and the moderators, who
    # may need to see what was there; a removed post's page stays, showing why it was removed.
    # A draft is like a deleted post for everyone but its author, moderators included: an
    # unpublished text is still a private notebook, and nobody has anything to moderate in it.
    if _draft(post):
        return _is_author(actor, post)
    return post.deleted_at is None or _is_author(actor, post) or is_moderator(actor)


def is_public(post: Publishable) -> bool:
    """Tell whether anyone at all, signed in or not, may read this post in full."""
    # public: published and neither deleted nor removed. Feeds, link previews and the slug in
    # the URL are read by machines and strangers, so they carry only what is public.
    return not _draft(post) and not _gone(post)


def can_read_body(actor: Actor | None, target: Authored) -> bool:
    """Tell whether the actor sees the text itself rather than a placeholder."""
    # read: removed or deleted text is replaced for others, but the author still sees their
    # own words (and the reason), and moderators see what they are judging.
    return not _gone(target) or _is_author(actor, target) or is_moderator(actor)


def can_comment(actor: Actor | None, post: Publishable, now: datetime) -> bool:
    """Tell whether the actor may comment on this post."""
    # comment: participating members, on a published post that is still there (a draft has
    # no readers to answer it, not even its author); in a locked post only moderators speak,
    # so they can explain the lock.
    if not _participates(actor, now) or _gone(post) or _draft(post):
        return False
    return post.locked_at is None or is_moderator(actor)


def can_reply(
    actor: Actor | None, comment: Authored, post: Publishable, now: datetime, thread_locked: bool
) -> bool:
    """Tell whether the actor may reply to this comment."""
    # reply: as for commenting on the post, and nobody replies to a deleted or removed comment;
    # under a locked sub-thread (`thread_locked`: this comment or one above it) only
    # moderators reply.
    if not can_comment(actor, post, now) or _gone(comment):
        return False
    return not thread_locked or is_moderator(actor)


def can_vote(actor: Actor | None, target: Authored, post: Publishable, now: datetime) -> bool:
    """Tell whether the actor may vote on this post or one of its comments."""
    # vote: participating members, never on their own content (it would inflate their own
    # score), not on deleted or removed content, not in a locked post, which is frozen, and
    # not on a draft, which nobody else can see yet.
    return (
        _participates(actor, now)
        and not _is_author(actor, target)
        and not _gone(target)
        and not _gone(post)
        and not _draft(post)
        and post.locked_at is None
    )


def can_mark_agreement(
    actor: Actor | None, comment: Authored, post: Publishable, now: datetime
) -> bool:
    """Tell whether the actor may mark agreement or disagreement with this comment."""
    # agreement: the same rule as the quality vote, for the same reasons: agreeing with
    # oneself means nothing, gone content is not up for judgement, a locked post is frozen,
    # and a sanctioned member reads without taking part.
    return can_vote(actor, comment, post, now)


def can_award_delta(
    actor: Actor | None, comment: Authored, post: Publishable, now: datetime
) -> bool:
    """Tell whether the actor may mark (or unmark) this comment as having changed their mind."""
    # delta: only the post's author, whose mind it is; never on their own comment (saying it
    # to oneself proves nothing); only while the comment and the post are up, and while the
    # author takes part (not sanctioned). A lock does not stop it: a lock freezes the
    # argument, not the author's honest account of where it left them.
    return (
        _participates(actor, now)
        and _is_author(actor, post)
        and not _is_author(actor, comment)
        and not _gone(comment)
        and not _gone(post)
        and not _draft(post)
    )


def can_report(actor: Actor | None, target: Authored, now: datetime) -> bool:
    """Tell whether the actor may report this post or comment."""
    # report: participating members, about someone else's content that is still up.
    return _participates(actor, now) and not _is_author(actor, target) and not _gone(target)


def can_remove(actor: Actor | None, target: Authored) -> bool:
    """Tell whether the actor may remove this post or comment."""
    # remove: moderators, while the item is up; removing keeps the text and logs the reason.
    return is_moderator(actor) and target.removed_at is None


def can_restore(actor: Actor | None, target: Authored) -> bool:
    """Tell whether the actor may restore this removed post or comment."""
    # restore: moderators, so any removal can be undone, on the record.
    return is_moderator(actor) and target.removed_at is not None


def can_lock(actor: Actor | None) -> bool:
    """Tell whether the actor may lock or unlock a post or a sub-thread."""
    # lock: moderators only; a lock silences everyone else, so it needs a moderator's reason.
    return is_moderator(actor)


def can_set_slow_mode(actor: Actor | None, post: Authored, now: datetime) -> bool:
    """Tell whether the actor may set slow mode on this post."""
    # slow mode: moderators, and the post's author, who may want a calmer debate under their
    # own essay without asking anyone.
    return is_moderator(actor) or (_participates(actor, now) and _is_author(actor, post))


def can_pin(actor: Actor | None) -> bool:
    """Tell whether the actor may pin or unpin posts on the front page."""
    # pin: moderators, because a pin speaks for the board, not for one member.
    return is_moderator(actor)


def can_speak_as_moderator(actor: Actor | None, comment: Authored) -> bool:
    """Tell whether the actor may mark this comment as said in their moderator role."""
    # speak as moderator: only a moderator, only on their own words; nobody may make another
    # person's comment sound official.
    return is_moderator(actor) and _is_author(actor, comment)


def can_sanction(actor: Actor | None, subject: Actor) -> bool:
    """Tell whether the actor may suspend, ban or lift a sanction on the subject."""
    # sanction: moderators sanction members; nobody sanctions an admin or themselves; only
    # admins sanction moderators, so moderators cannot silence each other in a dispute.
    if not _signed_in(actor) or not is_moderator(actor):
        return False
    if actor.id == subject.id or subject.role is Role.ADMIN:
        return False
    return subject.role is Role.MEMBER or is_admin(actor)


def can_set_role(actor: Actor | None, subject: Actor) -> bool:
    """Tell whether the actor may appoint or dismiss the subject as a moderator."""
    # roles: admins only, and not on themselves, so the last admin cannot demote themselves
    # from the web by accident (the CLI can).
    return _signed_in(actor) and is_admin(actor) and actor.id != subject.id


def can_appeal(actor: Actor | None, action: Action, already_appealed: bool) -> bool:
    """Tell whether the actor may appeal this moderation action."""
    # appeal: once, by the person the action was taken against, for actions that took
    # something from them (a removal or a sanction). Sanctioned people may appeal.
    return (
        _signed_in(actor)
        and action.subject_id == actor.id
        and action.kind in APPEALABLE
        and not already_appealed
    )


def can_decide_appeal(actor: Actor | None, action: Action) -> bool:
    """Tell whether the actor may decide an appeal against this action."""
    # decide: another moderator; nobody judges an appeal against their own action.
    return is_moderator(actor) and actor is not None and action.moderator_id != actor.id


def can_view_history(actor: Actor | None, target: Authored) -> bool:
    """Tell whether the actor may see an item's edit history."""
    # history: of visible content, everyone; of removed or deleted content, its author and
    # moderators, so removing a post does not leave its text readable through its history.
    return can_read_body(actor, target)


def can_view_moderation_of(actor: Actor | None, subject: Actor) -> bool:
    """Tell whether the actor may see a member's moderation history."""
    # moderation history: moderators, and the member themselves.
    return is_moderator(actor) or (_signed_in(actor) and actor.id == subject.id)


def can_keep_notes(actor: Actor | None) -> bool:
    """Tell whether the actor may read and write private moderator notes."""
    # notes: moderators only; they are for the next moderator, never for the member.
    return is_moderator(actor)


def can_manage_tags(actor: Actor | None) -> bool:
    """Tell whether the actor may add, rename, describe or delete the curated tags."""
    # tags: admins only. The list is curated so tags stay few and meaningful; a tag shapes
    # the whole board's map of topics, which is the board's call, not one moderator's.
    return is_admin(actor)


def can_follow_user(actor: Actor | None, subject: Actor) -> bool:
    """Tell whether the actor may follow (or unfollow) this person."""
    # follow: any signed-in account, sanctioned ones too (following only shapes what they
    # read), but never themselves: their own posts are on their profile already.
    return _signed_in(actor) and actor.id != subject.id


def can_follow_tags(actor: Actor | None) -> bool:
    """Tell whether the actor may follow (or unfollow) tags."""
    # follow a tag: any signed-in account, sanctioned ones too; it changes only their feed.
    return _signed_in(actor)
