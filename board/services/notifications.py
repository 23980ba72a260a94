"""The inbox: notify a person in the same transaction as the cause; read and mark read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from board.domain.moderation import AppealState
from board.models.base import utcnow
from board.models.moderation import Appeal, Sanction
from board.models.notification import Notification, NotificationKind
from board.models.user import User
from board.services.feeds import Page, paged

INBOX_PER_PAGE = 30  # a week of activity for a busy member, short enough to scan


def notify(
    session: Session,
    recipient_id: int | None,
    kind: NotificationKind,
    *,
    actor_id: int | None = None,
    post_id: int | None = None,
    comment_id: int | None = None,
    action_id: int | None = None,
    summary: str = "",
    now: datetime | None = None,
) -> Notification | None:
    """Add a notification, unless it would tell people about their own action."""
    if recipient_id is None or recipient_id == actor_id:
        return None
    notification = Notification(
        recipient_id=recipient_id,
        kind=kind,
        actor_id=actor_id,
        post_id=post_id,
        comment_id=comment_id,
        action_id=action_id,
        summary=summary[:300],
        created_at=now or utcnow(),
    )
    session.add(notification)
    return notification


def unread_count(session: Session, user: User) -> int:
    """Count the user's unread notifications."""
    query = select(func.count()).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)
    )
    return session.scalar(query) or 0


def inbox(session: Session, user: User, number: int = 1) -> Page[Notification]:
    """Return a page of the user's notifications, newest first, with what they point at."""
    query = (
        select(Notification)
        .options(
            joinedload(Notification.actor),
            joinedload(Notification.post),
            joinedload(Notification.comment),
            joinedload(Notification.action),
        )
        .where(Notification.recipient_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    return paged(session, query, number, INBOX_PER_PAGE)


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read; return how many changed."""
    query = update(Notification).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    result = session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class InboxContext:
    """What a page of notifications needs beyond its rows, read in a fixed number of queries."""

    # log entry id -> state of the appeal against it, for "Appeal" links and appeal states
    appeals: dict[int, AppealState] = field(default_factory=dict)
    # log entry id of a suspension or ban -> when it ends (PERMANENT for a ban)
    sanction_ends: dict[int, datetime] = field(default_factory=dict)


def inbox_context(session: Session, notifications: Iterable[Notification]) -> InboxContext:
    """Return the appeal states and sanction end dates the notifications refer to."""
    action_ids = {n.action_id for n in notifications if n.action_id is not None}
    if not action_ids:
        return InboxContext()
    appeals = session.execute(
        select(Appeal.action_id, Appeal.state).where(Appeal.action_id.in_(action_ids))
    )
    ends = session.execute(
        select(Sanction.action_id, Sanction.ends_at).where(Sanction.action_id.in_(action_ids))
    )
    return InboxContext(
        appeals={action_id: state for action_id, state in appeals},
        sanction_ends={action_id: ends_at for action_id, ends_at in ends},
    )
