"""A comment in a post's thread; parent_id and depth place it in the tree."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.models.base import Base, utcnow

if TYPE_CHECKING:
    from board.models.post import Post
    from board.models.user import User

BODY_MAX = 10_000  # a considered rebuttal fits; a second essay belongs in a post of its own


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (
        # A thread is loaded with one range scan on post_id.
        Index("ix_comments_post_id_created_at", "post_id", "created_at"),
        Index("ix_comments_author_id_created_at", "author_id", "created_at"),
        Index("ix_comments_parent_id", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    depth: Mapped[int] = mapped_column(default=0)
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(default=0)
    upvotes: Mapped[int] = mapped_column(default=0)
    downvotes: Mapped[int] = mapped_column(default=0)
    removed_at: Mapped[datetime | None]
    removal_reason: Mapped[str] = mapped_column(String(64), default="", server_default="")
    # A locked comment takes no new replies anywhere beneath it: one heated sub-thread cools
    # down while the rest of the post's debate goes on.
    locked_at: Mapped[datetime | None]
    lock_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    as_moderator: Mapped[bool] = mapped_column(default=False, server_default=false())

    author: Mapped[User] = relationship(lazy="raise_on_sql")
    post: Mapped[Post] = relationship(lazy="raise_on_sql")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def __repr__(self) -> str:
        return f"<Comment {self.id} on post {self.post_id}>"
