"""A message in a person's inbox: about moderation now, replies and mentions later."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from board.models.base import Base, utcnow
from board.models.moderation import enum_column

if TYPE_CHECKING:
    from board.models.comment import Comment
    from board.models.moderation import ModAction
    from board.models.post import Post
    from board.models.user import User


class NotificationKind(Enum):
    CONTENT_REMOVED = "content_removed"
    CONTENT_RESTORED = "content_restored"
    SANCTIONED = "sanctioned"
    SANCTION_LIFTED = "sanction_lifted"
    APPEAL_DECIDED = "appeal_decided"
    REPLY_TO_POST = "reply_to_post"
    REPLY_TO_COMMENT = "reply_to_comment"
    MENTION = "mention"
    DELTA = "delta"


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # The inbox and the unread badge read one person's rows, newest first.
        Index("ix_notifications_recipient_id_read_at", "recipient_id", "read_at"),
        Index("ix_notifications_recipient_id_created_at", "recipient_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("mod_actions.id"))
    summary: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    post: Mapped[Post | None] = relationship(lazy="raise_on_sql")
    comment: Mapped[Comment | None] = relationship(lazy="raise_on_sql")
    action: Mapped[ModAction | None] = relationship(lazy="raise_on_sql")
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="raise_on_sql")


class NotificationMute(Base):
    """A kind of notification a person chose not to receive."""

    __tablename__ = "notification_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind), primary_key=True)


class ThreadMute(Base):
    """A post whose replies and mentions a person no longer wants to hear about."""

    __tablename__ = "thread_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), primary_key=True)
