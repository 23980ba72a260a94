"""Agreement: set, change or retract a reader's agree/disagree on a comment, counted at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.models.agreement import Agreement
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.user import User
from board.services import comments, marks, statements
from board.services.comments import MarkedComment


@dataclass(frozen=True)
class AgreementState:
    """What a reader sees after marking: the new counts and their own mark (0 for none)."""

    agrees: int
    disagrees: int
    my_agreement: int


AGREEMENTS = marks.MarkKind(Agreement, Agreement.comment_id)
COUNTERS_READ = select(Comment.agrees, Comment.disagrees).where(Comment.id == bindparam("comment"))
COUNTERS_UPDATE = (
    update(Comment)
    .where(Comment.id == bindparam("comment"))
    .values(
        agrees=Comment.agrees + bindparam("agree_change"),
        disagrees=Comment.disagrees + bindparam("disagree_change"),
    )
    .returning(Comment.agrees, Comment.disagrees)
)


def _expire_counters(session: Session, comment: Comment | MarkedComment) -> None:
    """Have an ORM comment read its counters afresh: SQL moved them behind the ORM's back."""
    if isinstance(comment, Comment):
        session.expire(comment, ["agrees", "disagrees"])


def _apply(
    session: Session, comment: Comment | MarkedComment, old: int, new: int
) -> AgreementState:
    """Move the comment's counters from the old mark to the new one, atomically in SQL."""
    change = {"comment": comment.id, "agree_change": marks.counted(old, new, 1)}
    change["disagree_change"] = marks.counted(old, new, -1)
    row = statements.run(session, COUNTERS_UPDATE, change).one()
    _expire_counters(session, comment)
    return AgreementState(agrees=row.agrees, disagrees=row.disagrees, my_agreement=new)


def set_agreement(
    session: Session,
    actor: User,
    comment: Comment | MarkedComment,
    value: int,
    now: datetime | None = None,
) -> AgreementState:
    """Make the actor's mark on the comment `value` (+1 agree, -1 disagree, 0 none); idempotent."""
    if value not in marks.MARK_VALUES:
        raise InvalidInput([("value", "Agree, disagree or neither.")])
    post = comments.post_of(session, comment)
    if not permissions.can_mark_agreement(actor, comment, post, now or utcnow()):
        raise PermissionDenied("You cannot mark agreement with this comment.")

    def unchanged() -> AgreementState:
        row = statements.run(session, COUNTERS_READ, {"comment": comment.id}).one()
        _expire_counters(session, comment)
        return AgreementState(row.agrees, row.disagrees, my_agreement=value)

    return marks.set_mark(
        session,
        AGREEMENTS,
        actor.id,
        comment.id,
        value,
        apply=lambda old, new: _apply(session, comment, old, new),
        unchanged=unchanged,
    )


def agreements_on_post_page(session: Session, user: User | None, post_id: int) -> dict[int, int]:
    """Return the user's marks on a post's comments as {comment_id: +1 or -1}."""
    if user is None:
        return {}
    rows = session.execute(
        select(Agreement.comment_id, Agreement.value).where(
            Agreement.user_id == user.id,
            Agreement.comment_id.in_(select(Comment.id).where(Comment.post_id == post_id)),
        )
    )
    return {comment_id: value for comment_id, value in rows}
