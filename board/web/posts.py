"""Write, read, edit and delete posts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions, threads
from board.domain.errors import InvalidInput, PermissionDenied
from board.extensions import current_session, db
from board.models.base import utcnow
from board.models.post import Post
from board.services import comments, posts, reports, votes
from board.web.forms import CommentForm, EmptyForm, PostForm, VoteForm
from board.web.guards import actor, show_reasons, upload_dir, uploaded_bytes, viewer
from board.web.limits import limited

bp = Blueprint("posts", __name__)


def _stage_cover(form: PostForm) -> None:
    """Store a newly chosen cover at once and remember it in the form."""
    data = uploaded_bytes(form, "cover")
    if data is None:
        return
    try:
        form.kept_cover.data = posts.stage_cover(data, upload_dir())
    except InvalidInput as error:
        show_reasons(form, error)


def _draft(form: PostForm) -> posts.PostDraft:
    return posts.PostDraft(
        title=form.title.data or "",
        body_markdown=form.body_markdown.data or "",
        cover_filename=form.kept_cover.data or None,
        remove_cover=bool(form.remove_cover.data),
    )


def _submitted_draft(form: PostForm) -> posts.PostDraft | None:
    """Return the draft to save when the form was sent with Publish and is valid."""
    if not form.is_submitted():
        return None
    # Validate before staging the cover: validate() resets every field's errors, the cover's too.
    valid = not form.preview.data and form.validate()
    _stage_cover(form)
    if not valid or form.cover.errors:
        return None
    return _draft(form)


def _form_page(form: PostForm, post: Post | None = None) -> str:
    preview = posts.preview(form.body_markdown.data or "") if form.preview.data else None
    return render_template("posts/form.html", form=form, post=post, preview=preview)


@bp.route("/p/new", methods=["GET", "POST"])
@limited("post")
@login_required
def new() -> Response | str:
    if not permissions.can_create_post(actor(), utcnow()):
        raise PermissionDenied("You cannot publish posts.")
    form = PostForm()
    draft = _submitted_draft(form)
    if draft is not None:
        try:
            post = posts.create_post(current_session(), actor(), draft, upload_dir())
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            return redirect(url_for("posts.show", post_id=post.id))
    return _form_page(form)


@bp.get("/p/<int:post_id>")
def show(post_id: int) -> str:
    post = posts.get_viewable_post(current_session(), post_id, viewer())
    try:
        sort = threads.CommentSort(request.args.get("sort", threads.CommentSort.BEST.value))
    except ValueError:
        abort(404)
    rows = comments.load_thread(current_session(), post.id)
    return render_template(
        "posts/show.html",
        post=post,
        tree=threads.build_tree(rows, sort),
        sort=sort,
        sorts=list(threads.CommentSort),
        locked=threads.locked_ids(rows),
        report_history=(
            reports.history(current_session(), post) if permissions.is_moderator(viewer()) else []
        ),
        my_votes=votes.votes_on_post_page(current_session(), viewer(), post.id),
        comment_form=CommentForm(),
        vote_form=VoteForm(),
        button_form=EmptyForm(),
    )


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int) -> Response | str:
    post = posts.get_post(current_session(), post_id)
    if not permissions.can_edit(actor(), post, utcnow()):
        raise PermissionDenied("Only the author can edit this post.")
    form = PostForm(obj=post)
    draft = _submitted_draft(form)
    if draft is not None:
        try:
            posts.edit_post(current_session(), actor(), post, draft, upload_dir())
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash("Your post is updated.", "success")
            return redirect(url_for("posts.show", post_id=post.id))
    return _form_page(form, post)


@bp.post("/p/<int:post_id>/delete")
@login_required
def delete(post_id: int) -> Response:
    post = posts.get_post(current_session(), post_id)
    posts.delete_post(current_session(), actor(), post)
    db.session.commit()
    flash("Your post is deleted. Only you can still open it.", "info")
    return redirect(url_for("users.show", username=actor().username))
