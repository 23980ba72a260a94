"""ORM models, one module per noun; imported here so Alembic sees every table."""

from board.models.agreement import Agreement
from board.models.comment import Comment
from board.models.counter import Counter
from board.models.follow import TagFollow, UserFollow
from board.models.moderation import Appeal, ModAction, ModNote, Report, Sanction
from board.models.notification import (
    Notification,
    NotificationKind,
    NotificationMute,
    ThreadMute,
)
from board.models.post import Post
from board.models.revision import Revision
from board.models.search import SearchDocument
from board.models.tag import Tag, post_tags
from board.models.user import User
from board.models.visit import PostVisit
from board.models.vote import Vote, VoteValue

__all__ = [
    "Agreement",
    "Appeal",
    "Comment",
    "Counter",
    "ModAction",
    "ModNote",
    "Notification",
    "NotificationKind",
    "NotificationMute",
    "Post",
    "PostVisit",
    "Report",
    "Revision",
    "Sanction",
    "SearchDocument",
    "Tag",
    "TagFollow",
    "ThreadMute",
    "User",
    "UserFollow",
    "Vote",
    "VoteValue",
    "post_tags",
]
