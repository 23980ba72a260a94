"""Appeals: the person a removal or sanction concerns files one; another moderator decides."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.extensions import current_session, db
from board.services import appeals, modlog
from board.web.forms import AppealDecisionForm, AppealForm
from board.web.guards import actor, show_reasons

bp = Blueprint("appeals", __name__)


def _queue_url() -> str:
    # The queue belongs to the moderation blueprint; fall back to its path if it is absent.
    try:
        return url_for("moderation.queue")
    except BuildError:
        return "/mod/queue"


@bp.route("/moderation/<int:action_id>/appeal", methods=["GET", "POST"])
@login_required
def new(action_id: int) -> Response | str:
    action = modlog.entry(current_session(), action_id)
    if action is None:
        abort(404)
    appealed = appeals.for_action(current_session(), action) is not None
    if not permissions.can_appeal(actor(), action, appealed):
        raise PermissionDenied("You cannot appeal this action.")
    form = AppealForm()
    if form.validate_on_submit():
        try:
            appeals.file_appeal(current_session(), actor(), action, form.text.data or "")
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Your appeal is open. Another moderator will decide it.", "success")
            return redirect(url_for("modlog.entry", action_id=action.id))
    return render_template("mod/appeal.html", form=form, action=action)


@bp.post("/mod/appeals/<int:appeal_id>")
@login_required
def decide(appeal_id: int) -> Response:
    appeal = appeals.get_appeal(current_session(), appeal_id)
    if not permissions.can_decide_appeal(actor(), appeal.action):
        raise PermissionDenied("Another moderator must decide an appeal of your own action.")
    form = AppealDecisionForm()
    if not form.validate():
        for errors in form.errors.values():
            flash(" ".join(str(error) for error in errors), "error")
        return redirect(_queue_url())
    reverse = form.decision.data == "reverse"
    try:
        appeals.decide(current_session(), actor(), appeal, reverse, form.note.data or "")
    except InvalidInput as error:
        flash(" ".join(message for _, message in error.reasons), "error")
        return redirect(_queue_url())
    db.session.commit()
    flash("Appeal reversed: the action is undone." if reverse else "Appeal upheld.", "success")
    return redirect(_queue_url())
