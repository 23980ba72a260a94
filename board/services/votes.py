"""Votes: set, change or retract one person's vote, updating counters in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from board.domain import permissions, ranking
from board.domain.errors import InvalidInput, PermissionDenied
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.models.vote import Vote
from board.services import marks

Target = Post | Comment


@dataclass(frozen=True)
class VoteState:
    """What a voter sees after voting: the new counts and their own vote (0 for none)."""

    score: int
    upvotes: int
    downvotes: int
    my_vote: int


def _mark(actor: User, target: Target) -> marks.Mark[Vote]:
    on = Vote.post_id if isinstance(target, Post) else Vote.comment_id
    return marks.Mark(
        Vote,
        and_(Vote.user_id == actor.id, on == target.id),
        {"user_id": actor.id, on.key: target.id},
    )


def _apply(session: Session, target: Target, old: int, new: int) -> VoteState:
    """Move the target's counters from the old vote to the new one, atomically in SQL."""
    model = type(target)
    up, down = marks.counted(old, new, 1), marks.counted(old, new, -1)
    row = session.execute(
        update(model)
        .where(model.id == target.id)
        .values(
            score=model.score + (new - old),
            upvotes=model.upvotes + up,
            downvotes=model.downvotes + down,
        )
        .returning(model.score, model.upvotes, model.downvotes, model.created_at)
        .execution_options(synchronize_session=False)
    ).one()
    if isinstance(target, Post):
        # The row stays locked until commit, so this rank is computed from the final score.
        session.execute(
            update(Post)
            .where(Post.id == target.id)
            .values(hot_rank=ranking.hot_rank(row.score, row.created_at))
            .execution_options(synchronize_session=False)
        )
    session.expire(
        target,
        ["score", "upvotes", "downvotes", "hot_rank"]
        if isinstance(target, Post)
        else ["score", "upvotes", "downvotes"],
    )
    return VoteState(score=row.score, upvotes=row.upvotes, downvotes=row.downvotes, my_vote=new)


def set_vote(
    session: Session, actor: User, target: Target, value: int, now: datetime | None = None
) -> VoteState:
    """Make the actor's vote on the target `value` (+1, -1, or 0 to retract); idempotent."""
    if value not in marks.MARK_VALUES:
        raise InvalidInput([("value", "A vote is up, down or none.")])
    # Usually already in the session (the page loaded it), so no query is sent.
    post = target if isinstance(target, Post) else session.get(Post, target.post_id)
    assert post is not None
    if not permissions.can_vote(actor, target, post, now or utcnow()):
        raise PermissionDenied("You cannot vote on this.")

    def unchanged() -> VoteState:
        session.refresh(target, ["score", "upvotes", "downvotes"])
        return VoteState(target.score, target.upvotes, target.downvotes, my_vote=value)

    return marks.set_mark(
        session,
        _mark(actor, target),
        value,
        apply=lambda old, new: _apply(session, target, old, new),
        unchanged=unchanged,
    )


def votes_on_post_page(session: Session, user: User | None, post_id: int) -> dict[str, int]:
    """Return the user's votes on a post and its comments as {"p<id>" | "c<id>": value}."""
    if user is None:
        return {}
    rows = session.execute(
        select(Vote.post_id, Vote.comment_id, Vote.value).where(
            Vote.user_id == user.id,
            or_(
                Vote.post_id == post_id,
                Vote.comment_id.in_(select(Comment.id).where(Comment.post_id == post_id)),
            ),
        )
    )
    return {(f"p{p}" if p is not None else f"c{c}"): value for p, c, value in rows}


def votes_on_posts(session: Session, user: User | None, post_ids: list[int]) -> dict[int, int]:
    """Return the user's votes on the given posts as {post_id: value}."""
    if user is None or not post_ids:
        return {}
    rows = session.execute(
        select(Vote.post_id, Vote.value).where(Vote.user_id == user.id, Vote.post_id.in_(post_ids))
    )
    return {post_id: value for post_id, value in rows if post_id is not None}
