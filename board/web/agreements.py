"""Agree or disagree with a comment: a plain form post, or JSON for the script."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, request
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions
from board.extensions import current_session, db
from board.services import agreements, comments
from board.web import caching
from board.web.comments import comment_url
from board.web.forms import posted_mark
from board.web.guards import actor, safe_next, viewer, wants_json
from board.web.limits import limited

bp = Blueprint("agreements", __name__)


@bp.post("/c/<int:comment_id>/agree")
@limited("vote")
@login_required
def mark(comment_id: int) -> Response:
    comment = comments.get_marked_comment(current_session(), comment_id)
    if not permissions.can_view_post(viewer(), comment.post):
        abort(404)
    state = agreements.set_agreement(current_session(), actor(), comment, posted_mark())
    caching.only_marks_changed(comment.post_id)
    db.session.commit()
    if wants_json():
        return jsonify(
            agrees=state.agrees, disagrees=state.disagrees, my_agreement=state.my_agreement
        )
    back = safe_next(request.form.get("next"), comment_url(comment))
    return redirect(back.split("#", 1)[0] + f"#c{comment.id}")
