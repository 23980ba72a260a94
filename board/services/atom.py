"""Read side of the Atom feeds: the latest public posts and comments, one query each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.tag import Tag, post_tags
from board.models.user import User
from board.services.feeds import VISIBLE

POST_ENTRIES = 30  # feed readers poll every hour or so; a busy day's posts fit in one fetch
COMMENT_ENTRIES = 50  # a lively thread's last day of replies; older ones are on the page


def latest_posts(
    session: Session, author: User | None = None, tag: Tag | None = None
) -> list[Post]:
    """Return the newest published, visible posts (all, one author's or one tag's)."""
    query = select(Post).options(joinedload(Post.author), selectinload(Post.tags)).where(*VISIBLE)
    if author is not None:
        query = query.where(Post.author_id == author.id)
    if tag is not None:
        tagged = select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id)
        query = query.where(Post.id.in_(tagged))
    query = query.order_by(Post.created_at.desc(), Post.id.desc()).limit(POST_ENTRIES)
    return list(session.scalars(query))


def latest_comments(session: Session, post: Post) -> list[Comment]:
    """Return a post's newest comments that are still up (never removed or deleted text)."""
    query = (
        select(Comment)
        .options(joinedload(Comment.author))
        .where(
            Comment.post_id == post.id,
            Comment.deleted_at.is_(None),
            Comment.removed_at.is_(None),
        )
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(COMMENT_ENTRIES)
    )
    return list(session.scalars(query))


def updated(items: Sequence[Post | Comment], fallback: datetime | None = None) -> datetime:
    """Return when a feed last changed: its newest entry's write or edit, else `fallback`."""
    moments = [item.edited_at or item.created_at for item in items]
    return max(moments) if moments else (fallback or utcnow())
