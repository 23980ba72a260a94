"""Tags: the list of topics, a tag's page of posts, and the admins' page that curates them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.ranking import TopPeriod
from board.extensions import current_session, db
from board.models.tag import Tag
from board.services import feeds, follows, tags, votes
from board.web.forms import EmptyForm, FollowForm, TagForm, VoteForm
from board.web.guards import actor, page_form, page_number, show_reasons, viewer

bp = Blueprint("tags", __name__)


@bp.get("/tags")
def index() -> str:
    session = current_session()
    reader = viewer()
    return render_template(
        "tags/index.html",
        counts=tags.with_counts(session),
        followed=follows.followed_tag_ids(session, reader) if reader else set(),
        follow_form=page_form(FollowForm),
    )


def _sort() -> tuple[feeds.FeedSort, TopPeriod]:
    try:
        sort = feeds.FeedSort(request.args.get("sort", feeds.FeedSort.HOT.value))
        period = TopPeriod(request.args.get("period", TopPeriod.WEEK.value))
    except ValueError:
        abort(404)
    return sort, period


@bp.get("/t/<slug>")
def show(slug: str) -> str:
    session = current_session()
    tag = tags.get_by_slug(session, slug)
    sort, period = _sort()
    page = feeds.front_page(session, sort, page_number(), period=period, tag=tag)
    followers, following = follows.tag_followers(session, tag, viewer())
    return render_template(
        "tags/show.html",
        tag=tag,
        page=page,
        sort=sort,
        period=period,
        periods=list(TopPeriod),
        followers=followers,
        following=following,
        my_votes=votes.votes_on_posts(session, viewer(), [post.id for post in page.items]),
        vote_form=page_form(VoteForm),
        follow_form=page_form(FollowForm),
    )


def _posted_tag() -> Tag:
    raw = request.form.get("tag_id", "")
    if not raw.isdigit():
        abort(400)
    return tags.get_tag(current_session(), int(raw))


def _change(form: TagForm) -> str:
    """Apply the submitted change with one service call; return what to tell the admin."""
    session, admin = current_session(), actor()
    data = tags.TagInput(
        slug=form.slug.data or "",
        name=form.name.data or "",
        description=form.description.data or "",
    )
    action = request.form.get("action")
    if action == "add":
        return f"Tag “{tags.create_tag(session, admin, data).name}” added."
    if action == "edit":
        return f"Tag “{tags.edit_tag(session, admin, _posted_tag(), data).name}” saved."
    if action == "delete":
        tag = _posted_tag()
        tags.delete_tag(session, admin, tag)
        return f"Tag “{tag.name}” deleted."
    abort(400)


@bp.route("/admin/tags", methods=["GET", "POST"])
@login_required
def manage() -> Response | str:
    if not permissions.can_manage_tags(actor()):
        raise PermissionDenied("Only admins manage tags.")
    slug = request.args.get("edit")
    editing = tags.get_by_slug(current_session(), slug) if slug else None
    form = TagForm(obj=editing)
    if form.validate_on_submit():
        try:
            done = _change(form)
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("tags.manage"))
    return render_template(
        "tags/manage.html",
        form=form,
        editing=editing,
        counts=tags.with_counts(current_session()),
        button_form=page_form(EmptyForm),
    )
