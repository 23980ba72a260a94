"""Search posts and comments, with filters, highlighted snippets and pages."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, render_template, request, url_for

from board.domain.errors import InvalidInput
from board.extensions import current_session
from board.services import search
from board.web.forms import SearchForm
from board.web.guards import page_number, show_reasons
from board.web.posts import post_url

bp = Blueprint("search", __name__)

_FIELDS = ("q", "kind", "author", "tag", "since", "until")


def _query(form: SearchForm, number: int) -> search.SearchQuery:
    return search.SearchQuery(
        text=form.q.data or "",
        kind=search.SearchKind(form.kind.data),
        author=form.author.data or None,
        tag=form.tag.data or None,
        since=form.since.data,
        until=form.until.data,
        page=number,
    )


def _url(hit: search.Hit) -> str:
    if hit.kind == search.POST:
        return post_url(hit.post)
    return url_for("comments.show", comment_id=hit.item_id)


@bp.get("/search")
def index() -> str:
    form = SearchForm(formdata=request.args)
    number = page_number()
    page = None
    if form.validate():
        try:
            page = search.search(current_session(), _query(form, number))
        except InvalidInput as error:
            show_reasons(form, error)
        else:
            page = replace(page, items=[replace(hit, url=_url(hit)) for hit in page.items])
    # The pager and "clear" links repeat the search's own fields, nothing else from the URL.
    filters = {name: request.args[name] for name in _FIELDS if request.args.get(name)}
    return render_template(
        "search/index.html",
        form=form,
        page=page,
        filters=filters,
        per_page=search.PER_PAGE,
        ranked_max=search.RANKED_MAX,
    )
