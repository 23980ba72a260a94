"""Load the post or comment a /<kind>/<id> URL names, and say where it is read."""

from __future__ import annotations

from flask import abort

from board.domain import permissions
from board.extensions import current_session
from board.models.post import Post
from board.models.user import User
from board.services import comments, posts
from board.services.moderation import Target
from board.web.comments import comment_url
from board.web.posts import post_url


def load_item(kind: str, item_id: int, reader: User | None) -> Target:
    """Load the post or comment, or 404 if there is none or the reader may not see it."""
    if kind == "post":
        return posts.get_viewable_post(current_session(), item_id, reader)
    if kind != "comment":
        abort(404)
    comment = comments.get_comment(current_session(), item_id)
    if not permissions.can_view_post(reader, comment.post):
        abort(404)
    return comment


def item_url(item: Target) -> str:
    """Return where a post or comment is read."""
    if isinstance(item, Post):
        return post_url(item)
    return comment_url(item)
