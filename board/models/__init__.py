"""ORM models, one module per noun; imported here so Alembic sees every table."""

from board.models.comment import Comment
from board.models.moderation import Appeal, ModAction, ModNote, Report, Sanction
from board.models.notification import Notification, NotificationKind
from board.models.post import Post
from board.models.revision import Revision
from board.models.user import User
from board.models.vote import Vote, VoteValue

__all__ = [
    "Appeal",
    "Comment",
    "ModAction",
    "ModNote",
    "Notification",
    "NotificationKind",
    "Post",
    "Report",
    "Revision",
    "Sanction",
    "User",
    "Vote",
    "VoteValue",
]
