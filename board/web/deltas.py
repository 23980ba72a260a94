"""A post's author marks a comment as having changed their mind (a delta), or takes it back."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions
from board.extensions import current_session, db
from board.services import comments, deltas
from board.web.comments import comment_url
from board.web.forms import ToggleForm
from board.web.guards import actor, safe_next, viewer

bp = Blueprint("deltas", __name__)


@bp.post("/c/<int:comment_id>/delta")
@login_required
def mark(comment_id: int) -> Response:
    form = ToggleForm()
    if form.on.data not in {"1", "0"}:
        abort(400)
    comment = comments.get_comment(current_session(), comment_id)
    if not permissions.can_view_post(viewer(), comment.post):
        abort(404)
    deltas.set_delta(current_session(), actor(), comment, form.on.data == "1")
    db.session.commit()
    if form.on.data == "1":
        flash("Δ Marked: this comment changed your mind.", "success")
    back = safe_next(request.form.get("next"), comment_url(comment))
    return redirect(back.split("#", 1)[0] + f"#c{comment.id}")
