"""One person's up or down vote on one post or one comment."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from board.models.base import Base, utcnow


class VoteValue(IntEnum):
    UP = 1
    DOWN = -1


class Vote(Base):
    __tablename__ = "votes"
    __table_args__ = (
        # At most one vote per person and target; the database refuses a second, even in a race.
        UniqueConstraint("user_id", "post_id"),
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
        CheckConstraint("value IN (-1, 1)", name="value_is_up_or_down"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    value: Mapped[int] = mapped_column(SmallInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
