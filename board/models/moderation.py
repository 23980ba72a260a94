"""Moderation records: the public log, reports, sanctions, appeals and private notes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.domain.moderation import AppealState, ModActionKind, ReportReason
from board.models.base import Base, utcnow

if TYPE_CHECKING:
    from board.models.comment import Comment
    from board.models.post import Post
    from board.models.user import User


def enum_column(enum: type[Any], length: int = 32) -> Enum:
    """Store an Enum by its value as a short string, alike on SQLite and PostgreSQL."""
    return Enum(
        enum, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class ModAction(Base):
    """One entry of the public moderation log. Entries are written once and never changed."""

    __tablename__ = "mod_actions"
    __table_args__ = (
        Index("ix_mod_actions_created_at", "created_at", "id"),
        Index("ix_mod_actions_moderator_id_created_at", "moderator_id", "created_at"),
        Index("ix_mod_actions_subject_id_created_at", "subject_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None when an admin acted from the command line rather than as a signed-in member.
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[ModActionKind] = mapped_column(enum_column(ModActionKind))
    # The person the action concerns: the author of removed content, the sanctioned user...
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    reason: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(String(200), default="")  # e.g. "for 7 days"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id], lazy="raise_on_sql")
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id], lazy="raise_on_sql")
    post: Mapped[Post | None] = relationship(lazy="raise_on_sql")
    comment: Mapped[Comment | None] = relationship(lazy="raise_on_sql")


class Report(Base):
    """A member's report of a post or comment, open until a moderator resolves it."""

    __tablename__ = "reports"
    __table_args__ = (
        # One report per person and item: a second click must not inflate the queue.
        UniqueConstraint("reporter_id", "post_id"),
        UniqueConstraint("reporter_id", "comment_id"),
        CheckConstraint("(post_id IS NULL) <> (comment_id IS NULL)", name="one_target"),
        Index("ix_reports_resolved_at", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason))
    text: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("mod_actions.id"))

    reporter: Mapped[User] = relationship(lazy="raise_on_sql")


class Sanction(Base):
    """A suspension or a permanent ban, with its reason; lifting it early keeps the record."""

    __tablename__ = "sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("mod_actions.id"))
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Appeal(Base):
    """A person's one appeal against a moderator's action concerning them."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("mod_actions.id"), unique=True)
    appellant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[AppealState] = mapped_column(enum_column(AppealState), default=AppealState.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("mod_actions.id"))

    action: Mapped[ModAction] = relationship(foreign_keys=[action_id], lazy="raise_on_sql")
    appellant: Mapped[User] = relationship(foreign_keys=[appellant_id], lazy="raise_on_sql")


class ModNote(Base):
    """A private note moderators keep about a member."""

    __tablename__ = "mod_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="raise_on_sql")
