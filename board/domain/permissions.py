"""Who may do what: named predicates that views, services and templates all ask."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Protocol, TypeGuard

# Edits have no time window in this version: authors may fix a post or comment at any
# time, and revisions keep what it said before. (An EDIT_WINDOW constant goes here if
# that changes.)


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


class Authored(Protocol):
    """A post or comment: something with an author that can be deleted."""

    # int | None so a nullable author column fits too; an absent author matches nobody.
    @property
    def author_id(self) -> int | None: ...
    @property
    def deleted_at(self) -> datetime | None: ...


def _signed_in(actor: Actor | None) -> TypeGuard[Actor]:
    """Return whether the actor is a signed-in account."""
    # None is the anonymous visitor; also refuse an object that says it is not
    # authenticated (Flask-Login's anonymous user), so passing one by mistake denies.
    return actor is not None and getattr(actor, "is_authenticated", True) is not False


def _is_author(actor: Actor | None, target: Authored) -> bool:
    """Return whether the actor wrote the target."""
    return _signed_in(actor) and actor.id == target.author_id


def is_moderator(actor: Actor | None) -> bool:
    """Return whether the actor moderates: moderators, and admins who can do all they can."""
    return _signed_in(actor) and actor.role in (Role.MODERATOR, Role.ADMIN)


def can_create_post(actor: Actor | None) -> bool:
    """Return whether the actor may write a post."""
    # create: any signed-in member; anonymous posting would invite spam with nobody
    # to answer for it.
    return _signed_in(actor)


def can_edit(actor: Actor | None, target: Authored) -> bool:
    """Return whether the actor may edit this post or comment."""
    # edit: only the author, so nobody puts words in another's mouth; a deleted item
    # stays as it was deleted. Moderators remove, they do not rewrite.
    return _is_author(actor, target) and target.deleted_at is None


def can_delete(actor: Actor | None, target: Authored) -> bool:
    """Return whether the actor may delete this post or comment."""
    # delete: only the author, once; moderators remove content through moderation,
    # which keeps a record, rather than deleting it as if they wrote it.
    return _is_author(actor, target) and target.deleted_at is None


def can_comment(actor: Actor | None, post: Authored) -> bool:
    """Return whether the actor may comment on this post."""
    # comment: signed in, and the post still exists; a deleted post takes no new comments.
    return _signed_in(actor) and post.deleted_at is None


def can_reply(actor: Actor | None, comment: Authored) -> bool:
    """Return whether the actor may reply to this comment."""
    # reply: signed in, and nobody replies to a deleted comment (there is nothing left
    # to answer). The service also asks can_comment for the comment's post.
    return _signed_in(actor) and comment.deleted_at is None


def can_vote(actor: Actor | None, target: Authored) -> bool:
    """Return whether the actor may vote on this post or comment."""
    # vote: signed in, never on your own content (it would inflate your own score),
    # and not on deleted content, whose score no longer means anything.
    return _signed_in(actor) and not _is_author(actor, target) and target.deleted_at is None


def can_view_post(actor: Actor | None, post: Authored) -> bool:
    """Return whether the actor may see this post."""
    # view: everyone sees live posts; a deleted post is hidden from everyone but its
    # author, who may want to see what was deleted. (Moderator access comes later.)
    return post.deleted_at is None or _is_author(actor, post)
