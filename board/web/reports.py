"""Report a post or comment to the moderators."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import ReportReason
from board.extensions import current_session, db
from board.models.base import utcnow
from board.models.post import Post
from board.services import reports
from board.services.moderation import Target
from board.web.forms import ReportForm
from board.web.guards import actor, show_reasons, viewer
from board.web.items import item_url, load_item

bp = Blueprint("reports", __name__)


def _page(kind: str, item: Target, form: ReportForm | None) -> str:
    post = item if isinstance(item, Post) else item.post
    return render_template(
        "reports/new.html", kind=kind, item=item, post=post, item_url=item_url(item), form=form
    )


@bp.route("/report/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
def new(kind: str, item_id: int) -> Response | str:
    item = load_item(kind, item_id, viewer())
    if not permissions.can_report(actor(), item, utcnow()):
        raise PermissionDenied("You cannot report this.")
    if reports.already_reported(current_session(), actor(), item):
        return _page(kind, item, None)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.file_report(
                current_session(),
                actor(),
                item,
                ReportReason(form.reason.data),
                form.text.data or "",
            )
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Thanks — a moderator will look at it.", "success")
            return redirect(item_url(item))
    return _page(kind, item, form)
