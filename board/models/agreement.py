"""A reader's agreement with a comment, separate from the quality vote."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from board.models.base import Base, utcnow


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = (
        # One stance per reader and comment, enforced by the database even under races.
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("value IN (-1, 1)", name="agree_or_disagree"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)  # +1 agree, -1 disagree
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
