"""The inbox: what happened to a person's content and account, and marking it read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain.moderation import is_permanent
from board.extensions import current_session, db
from board.services import notifications, posts
from board.web.forms import NotificationSettingsForm, ToggleForm
from board.web.guards import actor, page_number, safe_next, viewer

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


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def settings() -> Response | str:
    muted = notifications.muted_kinds(current_session(), actor())
    form = NotificationSettingsForm(
        data={kind.value: kind not in muted for kind in notifications.MUTABLE_KINDS}
    )
    if form.validate_on_submit():
        unticked = [k for k in notifications.MUTABLE_KINDS if not form[k.value].data]
        notifications.set_muted_kinds(current_session(), actor(), unticked)
        db.session.commit()
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


@bp.post("/p/<int:post_id>/mute")
@login_required
def mute_thread(post_id: int) -> Response:
    form = ToggleForm()
    if form.on.data not in {"1", "0"}:
        abort(400)
    post = posts.get_viewable_post(current_session(), post_id, viewer())
    notifications.mute_thread(current_session(), actor(), post, form.on.data == "1")
    db.session.commit()
    flash(
        "You will not hear about replies or mentions in this thread."
        if form.on.data == "1"
        else "You will hear about replies and mentions in this thread again.",
        "info",
    )
    fallback = url_for("posts.show", post_id=post.id)
    return redirect(safe_next(request.form.get("next"), fallback))
