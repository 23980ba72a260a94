"""Moderators' actions on posts and comments, each written to the public log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import (
    MAX_PINNED_POSTS,
    REASON_NOTE_MAX,
    SLOW_MODE_CHOICES,
    ModActionKind,
    RemovalReason,
)
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.moderation import ModAction, Report
from board.models.notification import NotificationKind
from board.models.post import Post
from board.models.user import User
from board.services import search
from board.services.notifications import notify

Target = Post | Comment

_REMOVE = {Post: ModActionKind.REMOVE_POST, Comment: ModActionKind.REMOVE_COMMENT}
_RESTORE = {Post: ModActionKind.RESTORE_POST, Comment: ModActionKind.RESTORE_COMMENT}


def record(
    session: Session,
    moderator: User | None,
    kind: ModActionKind,
    *,
    subject_id: int | None = None,
    target: Target | None = None,
    reason: str = "",
    note: str = "",
    detail: str = "",
    now: datetime | None = None,
) -> ModAction:
    """Write one entry to the moderation log."""
    action = ModAction(
        moderator_id=moderator.id if moderator else None,
        kind=kind,
        subject_id=subject_id,
        post_id=target.id if isinstance(target, Post) else getattr(target, "post_id", None),
        comment_id=target.id if isinstance(target, Comment) else None,
        reason=reason,
        note=note.strip(),
        detail=detail,
        created_at=now or utcnow(),
    )
    session.add(action)
    session.flush()
    return action


def _check_note(note: str, field: str = "note") -> None:
    if len(note) > REASON_NOTE_MAX:
        raise InvalidInput([(field, f"Use at most {REASON_NOTE_MAX} characters.")])


def _resolve_reports(session: Session, target: Target, action: ModAction) -> None:
    column = Report.post_id if isinstance(target, Post) else Report.comment_id
    session.execute(
        update(Report)
        .where(column == target.id, Report.resolved_at.is_(None))
        .values(resolved_at=action.created_at, resolution_id=action.id)
        .execution_options(synchronize_session=False)
    )


def remove(
    session: Session,
    moderator: User,
    target: Target,
    reason: RemovalReason,
    note: str = "",
    now: datetime | None = None,
) -> ModAction:
    """Hide a post or comment behind a reason; its text stays, and the author is told."""
    if not permissions.can_remove(moderator, target):
        raise PermissionDenied("You cannot remove this.")
    _check_note(note)
    moment = now or utcnow()
    target.removed_at = moment
    target.removal_reason = reason.value
    search.sync(session, target)
    action = record(
        session, moderator, _REMOVE[type(target)], subject_id=target.author_id, target=target,
        reason=reason.value, note=note, now=moment,
    )  # fmt: skip
    _resolve_reports(session, target, action)
    notify(
        session, target.author_id, NotificationKind.CONTENT_REMOVED, actor_id=moderator.id,
        post_id=action.post_id, comment_id=action.comment_id, action_id=action.id, now=moment,
    )  # fmt: skip
    return action


def restore(
    session: Session, moderator: User, target: Target, note: str = "", now: datetime | None = None
) -> ModAction:
    """Put a removed post or comment back, on the record."""
    if not permissions.can_restore(moderator, target):
        raise PermissionDenied("You cannot restore this.")
    _check_note(note)
    moment = now or utcnow()
    target.removed_at = None
    target.removal_reason = ""
    search.sync(session, target)
    action = record(
        session, moderator, _RESTORE[type(target)], subject_id=target.author_id, target=target,
        note=note, now=moment,
    )  # fmt: skip
    notify(
        session, target.author_id, NotificationKind.CONTENT_RESTORED, actor_id=moderator.id,
        post_id=action.post_id, comment_id=action.comment_id, action_id=action.id, now=moment,
    )  # fmt: skip
    return action


def set_lock(
    session: Session,
    moderator: User,
    target: Target,
    locked: bool,
    reason: str = "",
    now: datetime | None = None,
) -> ModAction:
    """Lock or unlock a post, or the sub-thread under a comment, saying why."""
    if not permissions.can_lock(moderator):
        raise PermissionDenied("Only moderators lock threads.")
    if locked and not reason.strip():
        raise InvalidInput([("reason", "Say why, so readers know what happened.")])
    _check_note(reason, "reason")
    moment = now or utcnow()
    target.locked_at = moment if locked else None
    target.lock_reason = reason.strip() if locked else ""
    if isinstance(target, Post):
        kind = ModActionKind.LOCK_POST if locked else ModActionKind.UNLOCK_POST
    else:
        kind = ModActionKind.LOCK_THREAD if locked else ModActionKind.UNLOCK_THREAD
    return record(session, moderator, kind, subject_id=target.author_id, target=target,
                  note=reason, now=moment)  # fmt: skip


def set_slow_mode(
    session: Session, actor: User, post: Post, minutes: int, now: datetime | None = None
) -> ModAction:
    """Allow one comment per person every `minutes` on this post (0 turns it off)."""
    moment = now or utcnow()
    if not permissions.can_set_slow_mode(actor, post, moment):
        raise PermissionDenied("Only moderators and the post's author set slow mode.")
    if minutes not in SLOW_MODE_CHOICES:
        raise InvalidInput([("minutes", "Choose one of the listed intervals.")])
    post.slow_mode_minutes = minutes
    detail = f"one comment per {minutes} min" if minutes else "off"
    return record(session, actor, ModActionKind.SLOW_MODE, subject_id=post.author_id,
                  target=post, detail=detail, now=moment)  # fmt: skip


def pinned_count(session: Session) -> int:
    """Count the posts pinned to the front page."""
    query = select(func.count()).select_from(Post).where(Post.pinned_at.is_not(None))
    return session.scalar(query) or 0


def set_pin(
    session: Session, moderator: User, post: Post, pinned: bool, now: datetime | None = None
) -> ModAction:
    """Pin a post to the top of the front page, or unpin it."""
    if not permissions.can_pin(moderator):
        raise PermissionDenied("Only moderators pin posts.")
    if pinned and post.pinned_at is None and pinned_count(session) >= MAX_PINNED_POSTS:
        raise InvalidInput([("pin", f"At most {MAX_PINNED_POSTS} posts can be pinned.")])
    moment = now or utcnow()
    post.pinned_at = moment if pinned else None
    kind = ModActionKind.PIN_POST if pinned else ModActionKind.UNPIN_POST
    return record(session, moderator, kind, subject_id=post.author_id, target=post, now=moment)


def speak_as_moderator(session: Session, moderator: User, comment: Comment, on: bool) -> None:
    """Mark (or unmark) a moderator's own comment as said in their moderator role."""
    if not permissions.can_speak_as_moderator(moderator, comment):
        raise PermissionDenied("Only a moderator's own comments speak for moderation.")
    comment.as_moderator = on
    session.flush()


def get_action(session: Session, action_id: int) -> ModAction | None:
    """Load a log entry with the people and items it names."""
    return session.scalar(
        select(ModAction)
        .options(
            joinedload(ModAction.moderator),
            joinedload(ModAction.subject),
            joinedload(ModAction.post),
            joinedload(ModAction.comment),
        )
        .where(ModAction.id == action_id)
    )
