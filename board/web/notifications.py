"""The inbox: what happened to a person's content and account, and marking it read."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain.moderation import is_permanent
from board.extensions import current_session, db
from board.services import notifications
from board.web.guards import actor, page_number, safe_next

bp = Blueprint("notifications", __name__)


def _back() -> Response:
    return redirect(safe_next(request.form.get("next"), url_for("notifications.index")))


@bp.get("/notifications")
@login_required
def index() -> str:
    page = notifications.inbox(current_session(), actor(), page_number())
    return render_template(
        "notifications/index.html",
        page=page,
        extra=notifications.inbox_context(current_session(), page.items),
        is_permanent=is_permanent,
    )


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int) -> Response:
    notifications.mark_read(current_session(), actor(), notification_id)
    db.session.commit()
    return _back()


@bp.post("/notifications/read-all")
@login_required
def read_all() -> Response:
    notifications.mark_read(current_session(), actor())
    db.session.commit()
    return _back()
