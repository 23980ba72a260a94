"""The inbox: notify a person in the same transaction as the cause; read and mark read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from board.domain.excerpts import shorten
from board.domain.moderation import AppealState
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.moderation import Appeal, Sanction
from board.models.notification import Notification, NotificationKind, NotificationMute, ThreadMute
from board.models.post import Post
from board.models.user import User
from board.services.feeds import Page, paged

if TYPE_CHECKING:
    from board.services.comments import PostState

INBOX_PER_PAGE = 30  # a week of activity for a busy member, short enough to scan
SUMMARY_LENGTH = 160  # the start of a reply, enough to tell whether to open it now

# What a person may choose not to hear about: what others say to them. News of moderation
# (removals, sanctions, appeals) cannot be muted, because it takes something from them.
MUTABLE_KINDS = (
    NotificationKind.REPLY_TO_POST,
    NotificationKind.REPLY_TO_COMMENT,
    NotificationKind.MENTION,
    NotificationKind.DELTA,
)
# A muted thread silences what is said in it; a delta is about the person, not the thread.
_THREAD_KINDS = frozenset(
    {NotificationKind.REPLY_TO_POST, NotificationKind.REPLY_TO_COMMENT, NotificationKind.MENTION}
)


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


def _muted(
    session: Session, recipient_ids: set[int], post_id: int
) -> tuple[dict[int, set[NotificationKind]], set[int]]:
    """Return each recipient's muted kinds, and who muted this post's thread (two queries)."""
    kinds: dict[int, set[NotificationKind]] = {}
    for user_id, kind in session.execute(
        select(NotificationMute.user_id, NotificationMute.kind).where(
            NotificationMute.user_id.in_(recipient_ids)
        )
    ):
        kinds.setdefault(user_id, set()).add(kind)
    threads = set(
        session.scalars(
            select(ThreadMute.user_id).where(
                ThreadMute.post_id == post_id, ThreadMute.user_id.in_(recipient_ids)
            )
        )
    )
    return kinds, threads


Recipient = tuple[int, NotificationKind]  # who hears of something, and as what


def unmuted(
    session: Session, candidates: Iterable[Recipient], *, actor_id: int, post_id: int
) -> list[Recipient]:
    """Return each person once, with their first candidate kind they have not muted."""
    # Candidates come in order of relevance (a reply to you before a mention of you), so a
    # mention of the parent's author is one notification; a muted kind falls to the next one.
    wanted = [(user_id, kind) for user_id, kind in candidates if user_id != actor_id]
    if not wanted:
        return []
    muted_kinds, muted_threads = _muted(session, {user_id for user_id, _ in wanted}, post_id)
    chosen: dict[int, NotificationKind] = {}
    for user_id, kind in wanted:
        if user_id in chosen or kind in muted_kinds.get(user_id, set()):
            continue
        if kind in _THREAD_KINDS and user_id in muted_threads:
            continue
        chosen[user_id] = kind
    return list(chosen.items())


def notify_unmuted(
    session: Session,
    candidates: Iterable[Recipient],
    *,
    actor_id: int,
    post_id: int,
    comment_id: int | None = None,
    summary: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Notify each person once, with their first (recipient, kind) candidate they have not muted."""
    recipients = unmuted(session, candidates, actor_id=actor_id, post_id=post_id)
    return notify_each(
        session,
        recipients,
        actor_id=actor_id,
        post_id=post_id,
        comment_id=comment_id,
        summary=summary,
        now=now,
    )


def notify_each(
    session: Session,
    recipients: Iterable[Recipient],
    *,
    actor_id: int,
    post_id: int,
    comment_id: int | None = None,
    summary: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Add a notification for each (recipient, kind), about the actor's doing in a post."""
    sent = []
    for user_id, kind in recipients:
        notification = notify(
            session,
            user_id,
            kind,
            actor_id=actor_id,
            post_id=post_id,
            comment_id=comment_id,
            summary=summary,
            now=now,
        )
        if notification is not None:
            sent.append(notification)
    return sent


def comment_recipients(
    session: Session,
    actor_id: int,
    post: Post | PostState,
    parent: Comment | None,
    mentioned: Iterable[User],
) -> list[Recipient]:
    """Return who hears of a new comment, and as what: the post's (or the parent comment's)
    author and each @named member, less the comment's author and what they muted."""
    first: Recipient = (
        (parent.author_id, NotificationKind.REPLY_TO_COMMENT)
        if parent is not None
        else (post.author_id, NotificationKind.REPLY_TO_POST)
    )
    candidates = [first, *((user.id, NotificationKind.MENTION) for user in mentioned)]
    return unmuted(session, candidates, actor_id=actor_id, post_id=post.id)


def comment_summary(text: str) -> str:
    """Return what a notification of a comment shows of its plain `text`."""
    return shorten(text, SUMMARY_LENGTH)


def notify_about_post(
    session: Session, post: Post, mentioned: Iterable[User]
) -> list[Notification]:
    """Tell each @named member that a published post mentions them."""
    return notify_unmuted(
        session,
        [(user.id, NotificationKind.MENTION) for user in mentioned],
        actor_id=post.author_id,
        post_id=post.id,
        summary=post.title,
        now=post.published_at,
    )


def muted_kinds(session: Session, user: User) -> set[NotificationKind]:
    """Return the kinds of notification the user chose not to receive."""
    return set(
        session.scalars(select(NotificationMute.kind).where(NotificationMute.user_id == user.id))
    )


def set_muted_kinds(session: Session, user: User, kinds: Iterable[NotificationKind]) -> None:
    """Make exactly these kinds (among MUTABLE_KINDS) muted for the user."""
    wanted = {kind for kind in kinds if kind in MUTABLE_KINDS}
    current = muted_kinds(session, user)
    if current - wanted:
        session.execute(
            delete(NotificationMute).where(
                NotificationMute.user_id == user.id, NotificationMute.kind.in_(current - wanted)
            )
        )
    session.add_all(NotificationMute(user_id=user.id, kind=kind) for kind in wanted - current)
    session.flush()


def mute_thread(session: Session, user: User, post: Post, on: bool) -> None:
    """Mute (on) or unmute replies and mentions in this post's thread for the user; idempotent."""
    muted = session.get(ThreadMute, (user.id, post.id))
    if on and muted is None:
        try:
            with session.begin_nested():
                session.add(ThreadMute(user_id=user.id, post_id=post.id))
        except IntegrityError:
            pass  # a second click in a race already muted it: muted is what was asked for
    elif not on and muted is not None:
        session.delete(muted)
        session.flush()
