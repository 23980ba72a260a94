"""The front page: hot, new and top posts; and a reader's Following feed."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required

from board.domain.ranking import TopPeriod
from board.extensions import current_session
from board.services import feeds, follows, votes
from board.web.forms import VoteForm
from board.web.guards import actor, page_form, page_number, viewer

bp = Blueprint("feed", __name__)


def _render(sort: feeds.FeedSort, period: TopPeriod | None = None) -> str:
    session = current_session()
    page = feeds.front_page(session, sort, page_number(), period=period or TopPeriod.WEEK)
    pinned = feeds.pinned(session) if sort is feeds.FeedSort.HOT and page.number == 1 else []
    shown = [post.id for post in [*pinned, *page.items]]
    my_votes = votes.votes_on_posts(session, viewer(), shown)
    return render_template(
        "feed/index.html",
        page=page,
        pinned=pinned,
        sort=sort,
        period=period,
        periods=list(TopPeriod),
        my_votes=my_votes,
        vote_form=page_form(VoteForm),
    )


@bp.get("/")
def index() -> str:
    return _render(feeds.FeedSort.HOT)


@bp.get("/new")
def new() -> str:
    return _render(feeds.FeedSort.NEW)


@bp.get("/top")
def top() -> str:
    try:
        period = TopPeriod(request.args.get("period", TopPeriod.WEEK.value))
    except ValueError:
        abort(404)
    return _render(feeds.FeedSort.TOP, period)


@bp.get("/following")
@login_required
def following() -> str:
    session, reader = current_session(), actor()
    page = feeds.following(session, reader, page_number())
    return render_template(
        "feed/following.html",
        page=page,
        follows_anything=bool(page.items) or follows.follows_anything(session, reader),
        my_votes=votes.votes_on_posts(session, reader, [post.id for post in page.items]),
        vote_form=page_form(VoteForm),
    )
