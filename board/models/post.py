"""A long-form opinion post with its counters and stored hot rank."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.models.base import Base, Moderated, utcnow

if TYPE_CHECKING:
    from board.models.tag import Tag
    from board.models.user import User

TITLE_MAX = 200  # a headline, not a paragraph: it must fit two lines of a feed card
BODY_MAX = 40_000  # a long essay (about 6,000 words); longer belongs in several posts


class Post(Moderated, Base):
    __tablename__ = "posts"
    __table_args__ = (
        # The front page reads posts in these orders; an index each makes a page a range scan.
        Index("ix_posts_hot_rank", "hot_rank", "id"),
        Index("ix_posts_created_at", "created_at", "id"),
        Index("ix_posts_author_id_created_at", "author_id", "created_at"),
        # Partial: it holds only the few pinned posts, so no planner is tempted to read every
        # unpinned post through it instead of walking the hot-rank index in order.
        Index(
            "ix_posts_pinned_at",
            "pinned_at",
            sqlite_where=text("pinned_at IS NOT NULL"),
            postgresql_where=text("pinned_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(String(400), default="")
    cover_filename: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(default=0)
    upvotes: Mapped[int] = mapped_column(default=0)
    downvotes: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    hot_rank: Mapped[float] = mapped_column(default=0.0)
    slow_mode_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    pinned_at: Mapped[datetime | None]
    # None while the post is a draft only its author sees; set once, when it is published.
    published_at: Mapped[datetime | None]
    # The URL's readable part (/p/<id>/<slug>); any other slug redirects to this one.
    slug: Mapped[str] = mapped_column(String(120), default="", server_default="")
    word_count: Mapped[int] = mapped_column(default=0, server_default="0")  # for reading time

    tags: Mapped[list[Tag]] = relationship(secondary="post_tags", lazy="raise_on_sql")

    author: Mapped[User] = relationship(lazy="raise_on_sql")

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.title[:30]!r}>"
