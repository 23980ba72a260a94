"""Suspensions and bans: given with a reason, lifted early or ending on their own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from board.domain import moderation as rules
from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import ModActionKind
from board.models.base import utcnow
from board.models.moderation import ModAction, Sanction
from board.models.notification import NotificationKind
from board.models.user import User
from board.services.moderation import record
from board.services.notifications import notify


def _describe(days: int | None) -> str:
    if days is None:
        return "permanently"
    return f"for {days} day{'s' if days != 1 else ''}"


def sanction(
    session: Session,
    moderator: User,
    subject: User,
    days: int | None,
    reason: str,
    now: datetime | None = None,
) -> Sanction:
    """Suspend the subject for `days` (1 to 365), or ban them when `days` is None."""
    if not permissions.can_sanction(moderator, subject):
        raise PermissionDenied("You cannot sanction this member.")
    reasons = []
    if not reason.strip():
        reasons.append(("reason", "Give the reason; the member will see it."))
    elif len(reason) > rules.REASON_NOTE_MAX:
        reasons.append(("reason", f"Use at most {rules.REASON_NOTE_MAX} characters."))
    moment = now or utcnow()
    try:
        ends = rules.sanction_end(moment, days)
    except ValueError:
        reasons.append(("days", "A suspension lasts from 1 day to 365 days."))
    if reasons:
        raise InvalidInput(reasons)
    kind = ModActionKind.BAN_USER if days is None else ModActionKind.SUSPEND_USER
    action = record(session, moderator, kind, subject_id=subject.id, note=reason,
                    detail=_describe(days), now=moment)  # fmt: skip
    given = Sanction(user_id=subject.id, action_id=action.id, reason=reason.strip(),
                     starts_at=moment, ends_at=ends)  # fmt: skip
    session.add(given)
    subject.restricted_until = ends
    notify(session, subject.id, NotificationKind.SANCTIONED, actor_id=moderator.id,
           action_id=action.id, summary=reason.strip(), now=moment)  # fmt: skip
    session.flush()
    return given


def active(session: Session, user: User, now: datetime | None = None) -> Sanction | None:
    """Return the sanction in force for the user, if any."""
    if not rules.is_restricted(user.restricted_until, now or utcnow()):
        return None
    return session.scalar(
        select(Sanction)
        .where(Sanction.user_id == user.id, Sanction.lifted_at.is_(None))
        .order_by(Sanction.ends_at.desc())
        .limit(1)
    )


def lift(
    session: Session, moderator: User, subject: User, note: str = "", now: datetime | None = None
) -> ModAction:
    """End the subject's sanctions in force early, on the record."""
    if not permissions.can_sanction(moderator, subject):
        raise PermissionDenied("You cannot lift this member's sanction.")
    moment = now or utcnow()
    in_force = list(
        session.scalars(
            select(Sanction).where(
                Sanction.user_id == subject.id,
                Sanction.lifted_at.is_(None),
                Sanction.ends_at > moment,
            )
        )
    )
    if not in_force:
        raise InvalidInput([("sanction", "This member has no sanction in force.")])
    action = record(session, moderator, ModActionKind.LIFT_SANCTION, subject_id=subject.id,
                    note=note, now=moment)  # fmt: skip
    for given in in_force:
        given.lifted_at = moment
        given.lifted_by_id = moderator.id
    subject.restricted_until = None
    notify(session, subject.id, NotificationKind.SANCTION_LIFTED, actor_id=moderator.id,
           action_id=action.id, now=moment)  # fmt: skip
    session.flush()
    return action


def history(session: Session, user: User) -> list[Sanction]:
    """Return every sanction the user has had, newest first."""
    query = select(Sanction).where(Sanction.user_id == user.id).order_by(Sanction.starts_at.desc())
    return list(session.scalars(query))
