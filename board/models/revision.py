"""The text a post or comment had before an edit, kept so no edit destroys anything."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from board.models.base import Base, utcnow


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str | None] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    # When the replaced text was written: the previous edit, or the item's creation.
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Replies the item had when this text was replaced: "edited after 3 replies" tells readers
    # that the replies may answer words that are no longer there.
    replies_before: Mapped[int] = mapped_column(default=0, server_default="0")
