"""Read side: the front page and a person's posts and comments, one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Generic, TypeVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from board.domain import ranking
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.follow import TagFollow, UserFollow
from board.models.post import Post
from board.models.tag import Tag, post_tags
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


# Deleted and removed posts leave every list; their pages keep a placeholder. Drafts
# (published_at NULL) are in no list but their author's drafts page.
VISIBLE = (Post.deleted_at.is_(None), Post.removed_at.is_(None), Post.published_at.is_not(None))


def pinned(session: Session) -> list[Post]:
    """Return the posts moderators pinned to the top of the front page, latest pin first."""
    query = (
        select(Post)
        .options(joinedload(Post.author), selectinload(Post.tags))
        .where(Post.pinned_at.is_not(None), *VISIBLE)
        .order_by(Post.pinned_at.desc())
    )
    return list(session.scalars(query))


def front_page(
    session: Session,
    sort: FeedSort,
    number: int = 1,
    period: ranking.TopPeriod = ranking.TopPeriod.WEEK,
    now: datetime | None = None,
    tag: Tag | None = None,
) -> Page[Post]:
    """Return one page of visible posts in the chosen order, all or only those with `tag`."""
    query = select(Post).options(joinedload(Post.author), selectinload(Post.tags)).where(*VISIBLE)
    if tag is not None:
        query = query.where(
            Post.id.in_(select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id))
        )
    if sort is FeedSort.HOT:
        # Pinned posts head the front page's first page instead (see pinned), so they are not
        # listed twice; a tag page has no pinned block, so there they take their place.
        if tag is None:
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
    query = select(Post).where(Post.author_id == author.id, Post.published_at.is_not(None))
    if viewer is None or viewer.id != author.id:
        query = query.where(*VISIBLE)
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
            *VISIBLE,
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    )
    return paged(session, query, number, PROFILE_PER_PAGE)


def drafts_by(session: Session, author: User, number: int = 1) -> Page[Post]:
    """Return a page of the author's unpublished drafts, newest first."""
    query = (
        select(Post)
        .where(
            Post.author_id == author.id,
            Post.published_at.is_(None),
            Post.deleted_at.is_(None),
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    page = paged(session, query, number, PROFILE_PER_PAGE)
    for post in page.items:
        set_committed_value(post, "author", author)
    return page


def following(session: Session, reader: User, number: int = 1) -> Page[Post]:
    """Return a page of posts by people the reader follows or under tags they follow."""
    followed_people = select(UserFollow.followee_id).where(UserFollow.follower_id == reader.id)
    followed_tags = (
        select(post_tags.c.post_id)
        .join(TagFollow, TagFollow.tag_id == post_tags.c.tag_id)
        .where(TagFollow.user_id == reader.id)
    )
    query = (
        select(Post)
        .options(joinedload(Post.author), selectinload(Post.tags))
        .where(*VISIBLE, or_(Post.author_id.in_(followed_people), Post.id.in_(followed_tags)))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    return paged(session, query, number, PER_PAGE)
