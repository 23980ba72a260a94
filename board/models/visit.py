"""When a signed-in reader last opened a post, to highlight what is new since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from board.models.base import Base


class PostVisit(Base):
    __tablename__ = "post_visits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True)
    last_seen_at: Mapped[datetime]
