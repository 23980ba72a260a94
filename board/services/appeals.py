"""Appeals: the person a removal or sanction concerns asks once; another moderator decides."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from board.domain import permissions
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.moderation import APPEAL_TEXT_MAX, AppealState, ModActionKind
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.moderation import Appeal, ModAction
from board.models.notification import NotificationKind
from board.models.post import Post
from board.models.user import User
from board.services import moderation, sanctions
from board.services.notifications import notify


def for_action(session: Session, action: ModAction) -> Appeal | None:
    """Return the appeal against this action, if one was made."""
    return session.scalar(select(Appeal).where(Appeal.action_id == action.id))


def decided_by(session: Session, decision: ModAction) -> Appeal | None:
    """Return the appeal this log entry decided, if it is an appeal's decision."""
    return session.scalar(select(Appeal).where(Appeal.decision_id == decision.id))


def file_appeal(
    session: Session, appellant: User, action: ModAction, text: str, now: datetime | None = None
) -> Appeal:
    """Appeal a removal or sanction, once."""
    if not permissions.can_appeal(appellant, action, for_action(session, action) is not None):
        raise PermissionDenied("You cannot appeal this action.")
    text = text.strip()
    if not text:
        raise InvalidInput([("text", "Say why the decision should change.")])
    if len(text) > APPEAL_TEXT_MAX:
        raise InvalidInput([("text", f"Use at most {APPEAL_TEXT_MAX:,} characters.")])
    appeal = Appeal(action_id=action.id, appellant_id=appellant.id, text=text,
                    created_at=now or utcnow())  # fmt: skip
    try:
        with session.begin_nested():
            session.add(appeal)
    except IntegrityError:
        raise PermissionDenied("This action has already been appealed.") from None
    return appeal


def open_appeals(session: Session) -> list[Appeal]:
    """Return the appeals waiting for a decision, oldest first."""
    query = (
        select(Appeal)
        .options(
            joinedload(Appeal.appellant),
            joinedload(Appeal.action).joinedload(ModAction.moderator),
        )
        .where(Appeal.state == AppealState.OPEN)
        .order_by(Appeal.created_at)
    )
    return list(session.scalars(query))


def get_appeal(session: Session, appeal_id: int) -> Appeal:
    """Load an appeal with its action, or raise NotFound."""
    appeal = session.scalar(
        select(Appeal).options(joinedload(Appeal.action)).where(Appeal.id == appeal_id)
    )
    if appeal is None:
        raise NotFound("No such appeal.")
    return appeal


def _undo(session: Session, moderator: User, action: ModAction, note: str, now: datetime) -> None:
    target: Post | Comment | None = None
    if action.kind is ModActionKind.REMOVE_POST and action.post_id:
        target = session.get(Post, action.post_id)
    elif action.kind is ModActionKind.REMOVE_COMMENT and action.comment_id:
        target = session.get(Comment, action.comment_id)
    if target is not None and target.removed_at is not None:
        moderation.restore(session, moderator, target, note, now)
    subject = session.get(User, action.subject_id) if action.subject_id else None
    sanctioned = action.kind in (ModActionKind.SUSPEND_USER, ModActionKind.BAN_USER)
    if sanctioned and subject and sanctions.active(session, subject, now) is not None:
        sanctions.lift(session, moderator, subject, note, now)


def decide(
    session: Session,
    moderator: User,
    appeal: Appeal,
    reverse: bool,
    note: str = "",
    now: datetime | None = None,
) -> ModAction:
    """Uphold or reverse the action appealed against; reversing undoes it."""
    if not permissions.can_decide_appeal(moderator, appeal.action):
        raise PermissionDenied("Another moderator must decide an appeal of your own action.")
    if appeal.state is not AppealState.OPEN:
        raise InvalidInput([("decision", "This appeal has already been decided.")])
    moment = now or utcnow()
    if reverse:
        _undo(session, moderator, appeal.action, note, moment)
    kind = ModActionKind.REVERSE_APPEAL if reverse else ModActionKind.UPHOLD_APPEAL
    decision = moderation.record(
        session, moderator, kind, subject_id=appeal.appellant_id, note=note,
        detail=f"appeal of log entry #{appeal.action_id}", now=moment,
    )  # fmt: skip
    decision.post_id = appeal.action.post_id
    decision.comment_id = appeal.action.comment_id
    appeal.state = AppealState.REVERSED if reverse else AppealState.UPHELD
    appeal.decided_at = moment
    appeal.decided_by_id = moderator.id
    appeal.decision_id = decision.id
    notify(session, appeal.appellant_id, NotificationKind.APPEAL_DECIDED, actor_id=moderator.id,
           action_id=decision.id, summary=appeal.state.value, now=moment)  # fmt: skip
    session.flush()
    return decision


def open_count(session: Session) -> int:
    """Count the appeals waiting for a decision (part of the moderators' badge)."""
    query = select(func.count()).select_from(Appeal).where(Appeal.state == AppealState.OPEN)
    return session.scalar(query) or 0
