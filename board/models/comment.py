"""A comment in a post's thread; parent_id and depth place it in the tree."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.models.base import Base, Moderated, utcnow

if TYPE_CHECKING:
    from board.models.post import Post
    from board.models.user import User

BODY_MAX = 10_000  # a considered rebuttal fits; a second essay belongs in a post of its own


class Comment(Moderated, Base):
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
    score: Mapped[int] = mapped_column(default=0)
    upvotes: Mapped[int] = mapped_column(default=0)
    downvotes: Mapped[int] = mapped_column(default=0)
    as_moderator: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The commenter's side on a top-level comment: "agree", "disagree", "neutral" or "" (none).
    stance: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # Agreement is counted apart from quality, so well-argued dissent can score high.
    agrees: Mapped[int] = mapped_column(default=0, server_default="0")
    disagrees: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when the post's author marks this comment as having changed their mind (a delta).
    delta_at: Mapped[datetime | None]

    author: Mapped[User] = relationship(lazy="raise_on_sql")
    post: Mapped[Post] = relationship(lazy="raise_on_sql")

    def __repr__(self) -> str:
        return f"<Comment {self.id} on post {self.post_id}>"
