"""Sign up, sign in, sign out and change password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from board.domain.errors import InvalidInput
from board.extensions import current_session, db
from board.services import accounts
from board.web.forms import LoginForm, PasswordForm, RegisterForm
from board.web.guards import actor, safe_next, show_reasons, viewer
from board.web.limits import limited

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
@limited("register")
def register() -> Response | str:
    if viewer() is not None:
        return redirect(url_for("feed.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        data = accounts.Registration(
            username=form.username.data or "",
            display_name=form.display_name.data or "",
            password=form.password.data or "",
            headline=form.headline.data or "",
        )
        try:
            user = accounts.register(current_session(), data)
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            login_user(user)
            flash(f"Welcome to Board, {user.display_name}.", "success")
            return redirect(url_for("users.edit_profile"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limited("sign_in")
def login() -> Response | str:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(
            current_session(), form.username.data or "", form.password.data or ""
        )
        if user is None:
            form.password.errors = ["That username and password do not match."]
        else:
            db.session.commit()  # a rehashed password is saved
            login_user(user, remember=bool(form.remember.data))
            return redirect(safe_next(form.next.data, url_for("feed.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    # CSRFProtect has checked the token already: a cross-site form cannot sign anyone out.
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("feed.index"))


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str:
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_session(),
                actor(),
                form.current_password.data or "",
                form.new_password.data or "",
            )
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Your password is changed.", "success")
            return redirect(url_for("users.edit_profile"))
    return render_template("auth/password.html", form=form)
