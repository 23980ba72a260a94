"""ORM models, one module per noun; imported here so Alembic sees every table."""

from board.models.comment import Comment
from board.models.post import Post
from board.models.revision import Revision
from board.models.user import User
from board.models.vote import Vote, VoteValue

__all__ = ["Comment", "Post", "Revision", "User", "Vote", "VoteValue"]
