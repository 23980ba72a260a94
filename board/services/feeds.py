"""Read side: the front page and a person's posts and comments, one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from board.domain import ranking
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User

PER_PAGE = 25  # a screenful of cards on a laptop, few enough to read the list in one pass
PROFILE_PER_PAGE = 20  # a profile lists posts and comments side by side; keep each column short

T = TypeVar("T")


class FeedSort(Enum):
    HOT = "hot"
    NEW = "new"
    TOP = "top"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paged(session: Session, query: Select[T], number: int, per_page: int) -> Page[T]:
    # One row more than a page tells whether a next page exists, without a COUNT(*) scan.
    rows = list(session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)))
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


# Deleted and removed posts leave every list; their pages keep a placeholder.
_VISIBLE = (Post.deleted_at.is_(None), Post.removed_at.is_(None))


def pinned(session: Session) -> list[Post]:
    """Return the posts moderators pinned to the top of the front page, latest pin first."""
    query = (
        select(Post)
        .options(joinedload(Post.author))
        .where(Post.pinned_at.is_not(None), *_VISIBLE)
        .order_by(Post.pinned_at.desc())
    )
    return list(session.scalars(query))


def front_page(
    session: Session,
    sort: FeedSort,
    number: int = 1,
    period: ranking.TopPeriod = ranking.TopPeriod.WEEK,
    now: datetime | None = None,
) -> Page[Post]:
    """Return one page of visible posts in the chosen order."""
    query = select(Post).options(joinedload(Post.author)).where(*_VISIBLE)
    if sort is FeedSort.HOT:
        # Pinned posts head the first page instead (see pinned), so they are not listed twice.
        query = query.where(Post.pinned_at.is_(None))
        query = query.order_by(Post.hot_rank.desc(), Post.id.desc())
    elif sort is FeedSort.NEW:
        query = query.order_by(Post.created_at.desc(), Post.id.desc())
    else:
        since = ranking.top_since(period, now or utcnow())
        if since is not None:
            query = query.where(Post.created_at >= since)
        query = query.order_by(Post.score.desc(), Post.id.desc())
    return paged(session, query, number, PER_PAGE)


def posts_by(session: Session, author: User, viewer: User | None, number: int = 1) -> Page[Post]:
    """Return a page of the author's posts, newest first (deleted ones only to the author)."""
    query = select(Post).where(Post.author_id == author.id)
    if viewer is None or viewer.id != author.id:
        query = query.where(*_VISIBLE)
    query = query.order_by(Post.created_at.desc(), Post.id.desc())
    page = paged(session, query, number, PROFILE_PER_PAGE)
    for post in page.items:
        set_committed_value(post, "author", author)  # already loaded: no join, no extra query
    return page


def comments_by(session: Session, author: User, number: int = 1) -> Page[Comment]:
    """Return a page of the author's visible comments on visible posts, newest first."""
    query = (
        select(Comment)
        .join(Comment.post)
        .options(joinedload(Comment.post))
        .where(
            Comment.author_id == author.id,
            Comment.deleted_at.is_(None),
            Comment.removed_at.is_(None),
            *_VISIBLE,
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    return paged(session, query, number, PROFILE_PER_PAGE)
