"""Follow and unfollow people and tags."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.extensions import current_session, db
from board.services import accounts, follows, tags
from board.web.forms import FollowForm
from board.web.guards import actor, safe_next

bp = Blueprint("follows", __name__)


def _on(form: FollowForm) -> bool:
    value = (form.on.data or "").strip()
    if value not in {"0", "1"}:
        abort(400)
    return value == "1"


@bp.post("/u/<username>/follow")
@login_required
def user(username: str) -> Response:
    form = FollowForm()
    person = accounts.find_by_username(current_session(), username)
    if person is None:
        abort(404)
    follows.follow_user(current_session(), actor(), person, _on(form))
    db.session.commit()
    return redirect(safe_next(form.next.data, url_for("users.show", username=person.username)))


@bp.post("/t/<slug>/follow")
@login_required
def tag(slug: str) -> Response:
    form = FollowForm()
    followed = tags.get_by_slug(current_session(), slug)
    follows.follow_tag(current_session(), actor(), followed, _on(form))
    db.session.commit()
    return redirect(safe_next(form.next.data, url_for("tags.show", slug=followed.slug)))
