"""Deltas: a post's author marks a comment as having changed their mind, or takes it back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain.errors import PermissionDenied
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.notification import Notification, NotificationKind
from board.models.post import Post
from board.models.user import User
from board.services import notifications


def _told_before(session: Session, comment: Comment) -> bool:
    # Taking a delta back and giving it again must not ping the commenter twice.
    return bool(
        session.scalar(
            select(
                exists().where(
                    Notification.comment_id == comment.id,
                    Notification.kind == NotificationKind.DELTA,
                )
            )
        )
    )


def set_delta(
    session: Session, actor: User, comment: Comment, on: bool, now: datetime | None = None
) -> Comment:
    """Award (on) or take back the post author's delta on a comment; idempotent."""
    moment = now or utcnow()
    # Usually already in the session (the page loaded it), so no query is sent.
    post = session.get(Post, comment.post_id)
    assert post is not None
    if not permissions.can_award_delta(actor, comment, post, moment):
        raise PermissionDenied("Only the post's author can mark a comment as changing their mind.")
    # The guard on delta_at makes the change happen once even when two clicks race: only the
    # request whose UPDATE matched a row moves the counter.
    changed = session.execute(
        update(Comment)
        .where(
            Comment.id == comment.id,
            Comment.delta_at.is_(None) if on else Comment.delta_at.is_not(None),
        )
        .values(delta_at=moment if on else None)
        .execution_options(synchronize_session=False)
    )
    if getattr(changed, "rowcount", 0) == 1:
        session.execute(
            update(User)
            .where(User.id == comment.author_id)
            .values(deltas_received=User.deltas_received + (1 if on else -1))
            .execution_options(synchronize_session=False)
        )
        if on and not _told_before(session, comment):
            notifications.notify_unmuted(
                session,
                [(comment.author_id, NotificationKind.DELTA)],
                actor_id=actor.id,
                post_id=post.id,
                comment_id=comment.id,
                now=moment,
            )
    session.expire(comment, ["delta_at"])
    return comment
