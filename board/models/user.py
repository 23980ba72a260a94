"""A person with an account: identity, public byline and role."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, Index, String, Text, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from board.domain.permissions import Role
from board.models.base import Base, utcnow


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        # Usernames are unique whatever their case: "Ada" and "ada" are one person.
        # literal_column: func.lower("username") would index the constant string 'username'.
        Index("uq_users_username_lower", func.lower(literal_column("username")), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    display_name: Mapped[str] = mapped_column(String(60))
    headline: Mapped[str] = mapped_column(String(120), default="")
    bio_markdown: Mapped[str] = mapped_column(Text, default="")
    bio_html: Mapped[str] = mapped_column(Text, default="")
    avatar_filename: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # End of the suspension or ban in force (moderation.PERMANENT for a ban), copied from the
    # sanction so every request can tell without a query; the Sanction row keeps the record.
    restricted_until: Mapped[datetime | None]
    # Deltas ("changed my mind") received, counted atomically when a post's author awards one.
    deltas_received: Mapped[int] = mapped_column(default=0, server_default="0")

    def __repr__(self) -> str:
        return f"<User {self.username}>"
