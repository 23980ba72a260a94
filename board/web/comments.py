"""Reply, read a comment in context, edit and delete comments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions, threads
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.stances import Stance
from board.extensions import current_session, db
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.services import agreements, comments, posts, reports, votes
from board.web.autocommit import one_statement_write
from board.web.forms import CommentForm, EmptyForm, VoteForm
from board.web.guards import actor, page_form, show_reasons, viewer
from board.web.limits import limited
from board.web.posts import post_url

bp = Blueprint("comments", __name__)

QUOTE_MAX = 2_000  # a selection to answer, not a whole essay; longer selections are cut here


def comment_url(
    comment: Comment | comments.MarkedComment, post: Post | comments.PostState | None = None
) -> str:
    """Return where a comment is seen: in its post's thread, or on its own page when deep.
    `post` is the comment's post, when the comment has not loaded it."""
    if comment.depth >= threads.MAX_DEPTH:
        return url_for("comments.show", comment_id=comment.id)
    return post_url(post or comment.post, _anchor=f"c{comment.id}")


def _parent(post: comments.PostState, raw_id: str | None) -> Comment | None:
    if not raw_id:
        return None
    if not raw_id.isdigit():
        abort(400)
    parent = comments.get_comment(current_session(), int(raw_id))
    if parent.post_id != post.id:
        abort(404)
    return parent


@bp.post("/p/<int:post_id>/comments")
@limited("comment")
@one_statement_write  # a reply is one statement on PostgreSQL (services.comments)
@login_required
def create(post_id: int) -> Response | tuple[str, int]:
    post = comments.get_post_state(current_session(), post_id, viewer())
    # CSRFProtect checked the token before the view ran: the form neither checks it again nor
    # signs a new one, two HMACs saved on every reply. A failed form shows the request's token.
    form = CommentForm(meta={"csrf": False})
    parent = _parent(post, form.parent_id.data)
    if form.validate():
        try:
            comment = comments.add_comment(
                current_session(),
                actor(),
                post,
                form.body_markdown.data or "",
                parent,
                stance=None if parent else Stance(form.stance.data or ""),
            )
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            where = comment_url(comment, post)  # read before the commit expires the comment
            db.session.commit()
            return redirect(where)
    shown = posts.get_post(current_session(), post.id, with_text=False)  # its title, its author
    return render_template("comments/reply.html", form=form, post=shown, parent=parent), 422


@bp.get("/c/<int:comment_id>/reply")
@login_required
def reply(comment_id: int) -> str:
    parent = comments.get_comment(current_session(), comment_id)
    locked = comments.is_under_lock(current_session(), parent)
    if not permissions.can_reply(actor(), parent, parent.post, utcnow(), locked):
        raise PermissionDenied("You cannot reply to this comment.")
    form = CommentForm(parent_id=str(parent.id))
    if "quote" in request.args and not parent.is_deleted:
        # The script sends the words the reader selected; without it, the whole comment.
        quoted = request.args.get("text", "")[:QUOTE_MAX].strip() or parent.body_markdown
        form.body_markdown.data = "".join(f"> {line}\n" for line in quoted.splitlines())
    return render_template("comments/reply.html", form=form, post=parent.post, parent=parent)


@bp.get("/c/<int:comment_id>")
def show(comment_id: int) -> str:
    comment = comments.get_comment(current_session(), comment_id)
    if not permissions.can_view_post(viewer(), comment.post):
        abort(404)
    try:
        sort = threads.CommentSort(request.args.get("sort", threads.CommentSort.BEST.value))
    except ValueError:
        abort(404)
    rows = comments.load_thread(current_session(), comment.post_id)
    by_id = {row.id: row for row in rows}
    return render_template(
        "comments/show.html",
        comment=comment,
        post=comment.post,
        chain=threads.ancestors(by_id, comment.parent_id),
        tree=threads.build_subtree(rows, comment.id, sort),
        sort=sort,
        sorts=list(threads.CommentSort),
        locked=threads.locked_ids(rows),
        report_history=(
            reports.history(current_session(), comment)
            if permissions.is_moderator(viewer())
            else []
        ),
        my_votes=votes.votes_on_post_page(current_session(), viewer(), comment.post_id),
        my_agreements=agreements.agreements_on_post_page(
            current_session(), viewer(), comment.post_id
        ),
        vote_form=page_form(VoteForm),
        button_form=page_form(EmptyForm),
    )


@bp.route("/c/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int) -> Response | str:
    comment = comments.get_comment(current_session(), comment_id)
    if not permissions.can_edit(actor(), comment, utcnow()):
        raise PermissionDenied("Only the author can edit this comment.")
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            comments.edit_comment(
                current_session(),
                actor(),
                comment,
                form.body_markdown.data or "",
                stance=Stance(form.stance.data or "") if comment.parent_id is None else None,
            )
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            return redirect(comment_url(comment))
    return render_template("comments/edit.html", form=form, comment=comment, post=comment.post)


@bp.post("/c/<int:comment_id>/delete")
@login_required
def delete(comment_id: int) -> Response:
    comment = comments.get_comment(current_session(), comment_id)
    comments.delete_comment(current_session(), actor(), comment)
    db.session.commit()
    flash("Your comment is deleted. Replies to it stay in place.", "info")
    return redirect(comment_url(comment))
