"""Moderator tools: remove, restore, lock, slow mode, pins, the report queue, member records."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import PERMANENT, RemovalReason, is_permanent
from board.domain.permissions import Role
from board.extensions import current_session, db
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.services import (
    accounts,
    appeals,
    comments,
    moderation,
    modlog,
    posts,
    reports,
    roles,
    sanctions,
)
from board.web.forms import (
    AppealDecisionForm,
    LockForm,
    MemberNoteForm,
    ModerationNoteForm,
    RemovalForm,
    ReturnForm,
    RoleForm,
    SanctionForm,
    SlowModeForm,
    SpeakForm,
)
from board.web.guards import actor, safe_next, show_reasons
from board.web.items import item_url, load_item

bp = Blueprint("moderation", __name__)

Item = Post | Comment


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _item(kind: str, item_id: int) -> Item:
    """Load the post or comment a moderation URL names, or 404."""
    return load_item(kind, item_id, actor())


def _back(form: ReturnForm, item: Item) -> Response:
    return redirect(safe_next(form.next.data, item_url(item)))


def _flash_errors(form: FlaskForm, error: InvalidInput | None = None) -> None:
    messages = [m for errors in form.errors.values() for m in errors if isinstance(m, str)]
    for message in messages + [m for _, m in (error.reasons if error else [])]:
        flash(message, "error")


def _page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, item_url=item_url, **context), status


@bp.route("/mod/<kind>/<int:item_id>/remove", methods=["GET", "POST"])
@login_required
def remove(kind: str, item_id: int) -> Response | tuple[str, int]:
    item = _item(kind, item_id)
    _require(permissions.can_remove(actor(), item), "You cannot remove this.")
    form = RemovalForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        reason = RemovalReason(form.reason.data)
        try:
            moderation.remove(current_session(), actor(), item, reason, form.note.data or "")
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash(f"Removed ({reason.label}). The author has been told why.", "success")
            return _back(form, item)
    return _page("mod/remove.html", form, kind=kind, item=item)


@bp.post("/mod/<kind>/<int:item_id>/restore")
@login_required
def restore(kind: str, item_id: int) -> Response:
    item = _item(kind, item_id)
    _require(permissions.can_restore(actor(), item), "You cannot restore this.")
    form = ModerationNoteForm()
    if not form.validate():
        _flash_errors(form)
        return _back(form, item)
    moderation.restore(current_session(), actor(), item, form.note.data or "")
    db.session.commit()
    flash("Restored. It is visible again and the author has been told.", "success")
    return _back(form, item)


@bp.route("/mod/<kind>/<int:item_id>/lock", methods=["GET", "POST"])
@login_required
def lock(kind: str, item_id: int) -> Response | tuple[str, int]:
    item = _item(kind, item_id)
    _require(permissions.can_lock(actor()), "Only moderators lock threads.")
    form = LockForm(next=request.args.get("next", ""), reason=item.lock_reason)
    if form.validate_on_submit():
        try:
            moderation.set_lock(current_session(), actor(), item, True, form.reason.data or "")
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Locked. The banner shows your reason.", "success")
            return _back(form, item)
    return _page("mod/lock.html", form, kind=kind, item=item)


@bp.post("/mod/<kind>/<int:item_id>/unlock")
@login_required
def unlock(kind: str, item_id: int) -> Response:
    item = _item(kind, item_id)
    _require(permissions.can_lock(actor()), "Only moderators unlock threads.")
    form = ReturnForm()
    if item.locked_at is None:
        flash("This is not locked.", "info")
        return _back(form, item)
    moderation.set_lock(current_session(), actor(), item, False)
    db.session.commit()
    flash("Unlocked. Everyone can reply again.", "success")
    return _back(form, item)


@bp.route("/p/<int:post_id>/slow-mode", methods=["GET", "POST"])
@login_required
def slow_mode(post_id: int) -> Response | tuple[str, int]:
    post = posts.get_post(current_session(), post_id)
    allowed = permissions.can_set_slow_mode(actor(), post, utcnow())
    _require(allowed, "Only moderators and the post's author set slow mode.")
    form = SlowModeForm(minutes=post.slow_mode_minutes)
    if form.validate_on_submit():
        minutes = int(form.minutes.data or 0)
        try:
            moderation.set_slow_mode(current_session(), actor(), post, minutes)
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Slow mode is off." if not minutes else "Slow mode is on.", "success")
            return redirect(item_url(post))
    return _page("mod/slow_mode.html", form, post=post)


def _set_pin(post_id: int, pinned: bool) -> Response:
    post = posts.get_post(current_session(), post_id)
    form = ReturnForm()
    try:
        moderation.set_pin(current_session(), actor(), post, pinned)
    except InvalidInput as error:
        _flash_errors(form, error)
    else:
        db.session.commit()
        flash("Pinned to the front page." if pinned else "Unpinned.", "success")
    return _back(form, post)


@bp.post("/mod/post/<int:post_id>/pin")
@login_required
def pin(post_id: int) -> Response:
    return _set_pin(post_id, True)


@bp.post("/mod/post/<int:post_id>/unpin")
@login_required
def unpin(post_id: int) -> Response:
    return _set_pin(post_id, False)


@bp.post("/mod/comment/<int:comment_id>/speak")
@login_required
def speak(comment_id: int) -> Response:
    comment = comments.get_comment(current_session(), comment_id)
    form = SpeakForm()
    if form.on.data not in ("1", "0"):
        abort(400)
    on = form.on.data == "1"
    moderation.speak_as_moderator(current_session(), actor(), comment, on)
    db.session.commit()
    flash("Marked as said as a moderator." if on else "No longer marked as moderator.", "success")
    return _back(form, comment)


def _queue_page(dismiss_form: ModerationNoteForm | None = None, failed: str = "") -> str:
    session = current_session()
    entries = reports.queue(session)
    return render_template(
        "mod/queue.html",
        entries=entries,
        histories=reports.histories(session, [entry.target for entry in entries]),
        appeals=appeals.open_appeals(session),
        removal_form=RemovalForm(formdata=None),
        dismiss_form=dismiss_form or ModerationNoteForm(formdata=None),
        decision_form=AppealDecisionForm(formdata=None),
        failed=failed,
        item_url=item_url,
    )


@bp.get("/mod/queue")
@login_required
def queue() -> str:
    _require(permissions.is_moderator(actor()), "Only moderators see the queue.")
    return _queue_page()


@bp.post("/mod/<kind>/<int:item_id>/dismiss")
@login_required
def dismiss(kind: str, item_id: int) -> Response | tuple[str, int]:
    item = _item(kind, item_id)
    _require(permissions.is_moderator(actor()), "Only moderators resolve reports.")
    form = ModerationNoteForm()
    if not form.validate():
        return _queue_page(form, failed=f"{kind}-{item_id}"), 422
    reports.dismiss(current_session(), actor(), item, form.note.data or "")
    db.session.commit()
    flash("Reports dismissed; the item stays up.", "success")
    return redirect(url_for("moderation.queue"))


def _member(username: str) -> User:
    subject = accounts.find_by_username(current_session(), username)
    if subject is None:
        abort(404)
    _require(
        permissions.can_view_moderation_of(actor(), subject),
        "Only moderators and the member see a moderation record.",
    )
    return subject


def _member_page(subject: User, status: int = 200, **forms: FlaskForm) -> tuple[str, int]:
    session = current_session()
    keeps_notes = permissions.can_keep_notes(actor())
    context: dict[str, Any] = {
        "note_form": MemberNoteForm(formdata=None),
        "sanction_form": SanctionForm(formdata=None),
        "lift_form": ModerationNoteForm(formdata=None),
        "role_form": RoleForm(formdata=None, role=subject.role.value),
        **forms,
    }
    return render_template(
        "mod/member.html",
        subject=subject,
        actions=modlog.record_of(session, subject),
        sanctions=sanctions.history(session, subject),
        in_force=sanctions.active(session, subject),
        notes=modlog.notes_about(session, subject) if keeps_notes else [],
        permanent=PERMANENT,
        **context,
    ), status


@bp.get("/mod/u/<username>")
@login_required
def member(username: str) -> Response | tuple[str, int]:
    subject = _member(username)
    if subject.username != username:
        return redirect(url_for("moderation.member", username=subject.username), 301)
    return _member_page(subject)


@bp.post("/mod/u/<username>/notes")
@login_required
def add_note(username: str) -> Response | tuple[str, int]:
    subject = _member(username)
    _require(permissions.can_keep_notes(actor()), "Only moderators keep notes.")
    form = MemberNoteForm()
    if form.validate():
        try:
            modlog.add_note(current_session(), actor(), subject, form.text.data or "")
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Note added. Only moderators see it.", "success")
            return redirect(url_for("moderation.member", username=subject.username))
    return _member_page(subject, 422, note_form=form)


@bp.post("/mod/u/<username>/sanction")
@login_required
def sanction(username: str) -> Response | tuple[str, int]:
    subject = _member(username)
    _require(permissions.can_sanction(actor(), subject), "You cannot sanction this member.")
    form = SanctionForm()
    if form.validate():
        days = None if form.kind.data == "ban" else form.days.data
        try:
            given = sanctions.sanction(
                current_session(), actor(), subject, days, form.reason.data or ""
            )
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            until = "for good" if is_permanent(given.ends_at) else f"until {given.ends_at:%d %B %Y}"
            flash(f"{subject.display_name} is sanctioned {until}.", "success")
            return redirect(url_for("moderation.member", username=subject.username))
    return _member_page(subject, 422, sanction_form=form)


@bp.post("/mod/u/<username>/lift")
@login_required
def lift(username: str) -> Response | tuple[str, int]:
    subject = _member(username)
    _require(permissions.can_sanction(actor(), subject), "You cannot lift this sanction.")
    form = ModerationNoteForm()
    if not form.validate():
        return _member_page(subject, 422, lift_form=form)
    try:
        sanctions.lift(current_session(), actor(), subject, form.note.data or "")
    except InvalidInput as error:  # nothing in force: the lift form is not even shown
        _flash_errors(form, error)
    else:
        db.session.commit()
        flash(f"The sanction on {subject.display_name} is lifted.", "success")
    return redirect(url_for("moderation.member", username=subject.username))


@bp.post("/mod/u/<username>/role")
@login_required
def set_role(username: str) -> Response | tuple[str, int]:
    subject = _member(username)
    _require(permissions.can_set_role(actor(), subject), "Only admins change roles.")
    form = RoleForm()
    if form.validate():
        try:
            roles.set_role(current_session(), actor(), subject, Role(form.role.data))
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash(f"{subject.display_name} is now a {subject.role.value}.", "success")
            return redirect(url_for("moderation.member", username=subject.username))
    return _member_page(subject, 422, role_form=form)
