"""The public moderation log: every action, its reason, an Atom feed and one page per entry."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from board.domain.moderation import ModActionKind
from board.extensions import current_session
from board.models.base import utcnow
from board.models.moderation import Appeal, ModAction
from board.models.user import User
from board.services import accounts, appeals, modlog
from board.web.forms import AppealDecisionForm
from board.web.guards import page_form, page_number

bp = Blueprint("modlog", __name__)


def _kind_filter() -> ModActionKind | None:
    value = request.args.get("action", "")
    if not value:
        return None
    try:
        return ModActionKind(value)
    except ValueError:
        abort(404)


def _moderator_filter() -> User | None:
    username = request.args.get("moderator", "")
    if not username:
        return None
    user = accounts.find_by_username(current_session(), username)
    if user is None:
        abort(404)
    return user


@bp.get("/moderation")
def index() -> str:
    kind, moderator = _kind_filter(), _moderator_filter()
    page = modlog.log_page(current_session(), kind, moderator, page_number())
    return render_template(
        "mod/log.html",
        page=page,
        kind=kind,
        moderator=moderator,
        kinds=list(ModActionKind),
        moderators=modlog.moderators(current_session()),
    )


@bp.get("/moderation.atom")
def feed() -> Response:
    page = modlog.log_page(current_session())
    updated = page.items[0].created_at if page.items else utcnow()
    xml = render_template("mod/log.atom.xml", entries=page.items, updated=updated)
    return Response(xml, mimetype="application/atom+xml")


def _decided_appeal(action: ModAction) -> Appeal | None:
    if action.kind not in (ModActionKind.UPHOLD_APPEAL, ModActionKind.REVERSE_APPEAL):
        return None
    return appeals.decided_by(current_session(), action)


@bp.get("/moderation/<int:action_id>")
def entry(action_id: int) -> str:
    action = modlog.entry(current_session(), action_id)
    if action is None:
        abort(404)
    return render_template(
        "mod/entry.html",
        action=action,
        appeal=appeals.for_action(current_session(), action),
        decided=_decided_appeal(action),
        decision_form=page_form(AppealDecisionForm),
    )
