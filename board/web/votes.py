"""Vote on posts and comments: a plain form post, or JSON for the script."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, jsonify, redirect, request
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions
from board.extensions import current_session, db
from board.services import comments, posts, votes
from board.web import caching
from board.web.autocommit import one_statement_write
from board.web.comments import comment_url
from board.web.forms import posted_mark
from board.web.guards import actor, safe_next, viewer, wants_json
from board.web.limits import limited
from board.web.posts import post_url

bp = Blueprint("votes", __name__)


def _answer(state: votes.VoteState, fallback: Callable[[], str], anchor: str) -> Response:
    # The page to go back to is only built for a form post: the script's JSON needs none.
    if wants_json():
        return jsonify(
            score=state.score,
            upvotes=state.upvotes,
            downvotes=state.downvotes,
            my_vote=state.my_vote,
        )
    back = safe_next(request.form.get("next"), fallback())
    return redirect(back.split("#", 1)[0] + "#" + anchor)


@bp.post("/p/<int:post_id>/vote")
@limited("vote")
@login_required
def on_post(post_id: int) -> Response:
    post = posts.get_viewable_post(current_session(), post_id, viewer(), with_text=False)
    state = votes.set_vote(current_session(), actor(), post, posted_mark())
    back, anchor = post_url(post), f"p{post.id}"  # read before the commit expires the post
    db.session.commit()
    return _answer(state, lambda: back, anchor)


@bp.post("/c/<int:comment_id>/vote")
@limited("vote")
@one_statement_write  # a first or changed vote is one statement on PostgreSQL (services.votes)
@login_required
def on_comment(comment_id: int) -> Response:
    comment = comments.get_marked_comment(current_session(), comment_id)
    if not permissions.can_view_post(viewer(), comment.post):
        abort(404)
    state = votes.set_vote(current_session(), actor(), comment, posted_mark())
    caching.only_marks_changed(comment.post_id)
    db.session.commit()
    return _answer(state, lambda: comment_url(comment), f"c{comment.id}")
