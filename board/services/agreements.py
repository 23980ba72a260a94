"""Agreement: set, change or retract a reader's agree/disagree on a comment, counted at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.models.agreement import Agreement
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.services import marks


@dataclass(frozen=True)
class AgreementState:
    """What a reader sees after marking: the new counts and their own mark (0 for none)."""

    agrees: int
    disagrees: int
    my_agreement: int


def _mark(actor: User, comment: Comment) -> marks.Mark[Agreement]:
    return marks.Mark(
        Agreement,
        and_(Agreement.user_id == actor.id, Agreement.comment_id == comment.id),
        {"user_id": actor.id, "comment_id": comment.id},
    )


def _apply(session: Session, comment: Comment, old: int, new: int) -> AgreementState:
    """Move the comment's counters from the old mark to the new one, atomically in SQL."""
    row = session.execute(
        update(Comment)
        .where(Comment.id == comment.id)
        .values(
            agrees=Comment.agrees + marks.counted(old, new, 1),
            disagrees=Comment.disagrees + marks.counted(old, new, -1),
        )
        .returning(Comment.agrees, Comment.disagrees)
        .execution_options(synchronize_session=False)
    ).one()
    session.expire(comment, ["agrees", "disagrees"])
    return AgreementState(agrees=row.agrees, disagrees=row.disagrees, my_agreement=new)


def set_agreement(
    session: Session, actor: User, comment: Comment, value: int, now: datetime | None = None
) -> AgreementState:
    """Make the actor's mark on the comment `value` (+1 agree, -1 disagree, 0 none); idempotent."""
    if value not in marks.MARK_VALUES:
        raise InvalidInput([("value", "Agree, disagree or neither.")])
    # Usually already in the session (the page loaded it), so no query is sent.
    post = session.get(Post, comment.post_id)
    assert post is not None
    if not permissions.can_mark_agreement(actor, comment, post, now or utcnow()):
        raise PermissionDenied("You cannot mark agreement with this comment.")

    def unchanged() -> AgreementState:
        session.refresh(comment, ["agrees", "disagrees"])
        return AgreementState(comment.agrees, comment.disagrees, my_agreement=value)

    return marks.set_mark(
        session,
        _mark(actor, comment),
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
