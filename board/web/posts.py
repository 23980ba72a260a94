"""Write, read, edit and delete posts."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions, threads
from board.domain.errors import InvalidInput, PermissionDenied
from board.extensions import current_session, db
from board.models.base import utcnow
from board.models.post import Post
from board.services import discussions, feeds, posts, reports, tags
from board.services.comments import PostState
from board.web import caching
from board.web.forms import CommentForm, EmptyForm, PostForm, VoteForm
from board.web.guards import (
    actor,
    discussion_query,
    page_form,
    page_number,
    show_reasons,
    upload_dir,
    uploaded_bytes,
    viewer,
)
from board.web.limits import limited

bp = Blueprint("posts", __name__)


def _taken_words() -> frozenset[str]:
    """Return the words after /p/<id>/ that name a post's other pages (edit, vote, ...)."""
    cached: frozenset[str] | None = current_app.extensions.get("post_subpages")
    if cached is None:
        prefix = "/p/<int:post_id>/"
        cached = frozenset(
            rule.rule.removeprefix(prefix)
            for rule in current_app.url_map.iter_rules()
            if rule.rule.startswith(prefix) and "<" not in rule.rule.removeprefix(prefix)
        )
        current_app.extensions["post_subpages"] = cached
    return cached


def canonical_slug(post: Post | PostState) -> str | None:
    """Return the slug a post's address ends with, or None while the post is not public."""
    # A removed, deleted or draft post's title stays out of its address (and out of links).
    if not permissions.is_public(post):
        return None
    # A post titled "Edit" must not have its address taken by its own edit page.
    return f"{post.slug}-post" if post.slug in _taken_words() else post.slug


def post_url(post: Post | PostState, **values: Any) -> str:
    """Return a post's canonical address: /p/<id>/<slug>, or /p/<id> while it is not public."""
    slug = canonical_slug(post)
    if slug is not None:
        values["slug"] = slug
    return url_for("posts.show", post_id=post.id, **values)


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
        tag_ids=tuple(form.tag_ids.data or ()),
        publish=not form.save_draft.data,
    )


def _post_form(post: Post | None = None) -> PostForm:
    form = PostForm(obj=post)
    form.tag_ids.choices = [(tag.id, tag.name) for tag in tags.all_tags(current_session())]
    if post is not None and not form.is_submitted():
        form.tag_ids.data = [tag.id for tag in post.tags]
    return form


def _saved(post: Post, was_draft: bool) -> Response:
    """Say what happened to the post and go where its author will want to be next."""
    if post.published_at is None:
        flash("Draft saved. Only you can see it until you publish it.", "success")
        return redirect(url_for("posts.edit", post_id=post.id))
    flash("Your post is published." if was_draft else "Your post is updated.", "success")
    return redirect(post_url(post))


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
    form = _post_form()
    draft = _submitted_draft(form)
    if draft is not None:
        try:
            post = posts.create_post(current_session(), actor(), draft, upload_dir())
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            if post.published_at is None:
                return _saved(post, was_draft=True)
            return redirect(post_url(post))
    return _form_page(form)


@bp.get("/p/<int:post_id>")
@bp.get("/p/<int:post_id>/<slug>")
def show(post_id: int, slug: str | None = None) -> Response | str:
    if slug in _taken_words():
        abort(405)  # e.g. GET /p/1/delete: that page exists, for another method
    post = posts.get_viewable_post(current_session(), post_id, viewer())
    if slug != canonical_slug(post):
        # One address per post: a missing or old slug (the title changed) moves for good.
        kept = request.query_string.decode()  # ?sort= and the like survive the move
        return redirect(post_url(post) + (f"?{kept}" if kept else ""), 301)
    options = discussion_query()
    discussion = discussions.open_discussion(current_session(), post, viewer(), options, utcnow())
    if discussion.new_count:
        caching.keep_out_of_cache()  # seen once, they are no longer new
    page = render_template(
        "posts/show.html",
        post=post,
        discussion=discussion,
        tree=discussion.tree,
        sort=options.sort,
        sorts=list(threads.CommentSort),
        stance=options.stance,
        locked=discussion.locked,
        report_history=(
            reports.history(current_session(), post) if permissions.is_moderator(viewer()) else []
        ),
        my_votes=discussion.my_votes,
        my_agreements=discussion.my_agreements,
        comment_form=page_form(CommentForm),
        vote_form=page_form(VoteForm),
        button_form=page_form(EmptyForm),
    )
    db.session.commit()  # the reader's visit, recorded for "new since your last visit"
    return page


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int) -> Response | str:
    post = posts.get_post(current_session(), post_id)
    if not permissions.can_edit(actor(), post, utcnow()):
        raise PermissionDenied("Only the author can edit this post.")
    form = _post_form(post)
    draft = _submitted_draft(form)
    if draft is not None:
        was_draft = post.published_at is None
        try:
            posts.edit_post(current_session(), actor(), post, draft, upload_dir())
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            return _saved(post, was_draft)
    return _form_page(form, post)


@bp.post("/p/<int:post_id>/delete")
@login_required
def delete(post_id: int) -> Response:
    post = posts.get_post(current_session(), post_id)
    posts.delete_post(current_session(), actor(), post)
    db.session.commit()
    flash("Your post is deleted. Only you can still open it.", "info")
    return redirect(url_for("users.show", username=actor().username))


@bp.get("/drafts")
@login_required
def drafts() -> str:
    page = feeds.drafts_by(current_session(), actor(), page_number())
    return render_template("posts/drafts.html", page=page)
