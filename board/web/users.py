"""Profiles and profile settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain.errors import InvalidInput
from board.extensions import current_session, db
from board.services import accounts, feeds, follows
from board.web.forms import ProfileForm
from board.web.guards import actor, page_number, show_reasons, upload_dir, uploaded_bytes, viewer

bp = Blueprint("users", __name__)


@bp.get("/u/<username>")
def show(username: str) -> Response | str:
    user = accounts.find_by_username(current_session(), username)
    if user is None:
        abort(404)
    if user.username != username:
        return redirect(url_for("users.show", username=user.username), 301)
    number = page_number()
    return render_template(
        "users/show.html",
        user=user,
        posts=feeds.posts_by(current_session(), user, viewer(), number),
        comments=feeds.comments_by(current_session(), user, number),
        follow_counts=follows.counts(current_session(), user, viewer()),
    )


@bp.route("/settings/profile", methods=["GET", "POST"])
@login_required
def edit_profile() -> Response | str:
    user = actor()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        change = accounts.ProfileChange(
            display_name=form.display_name.data or "",
            headline=form.headline.data or "",
            bio_markdown=form.bio_markdown.data or "",
            avatar=uploaded_bytes(form, "avatar"),
            remove_avatar=bool(form.remove_avatar.data),
        )
        try:
            accounts.update_profile(current_session(), user, change, upload_dir())
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Your profile is saved.", "success")
            return redirect(url_for("users.show", username=user.username))
    return render_template("users/settings.html", form=form, user=user)
