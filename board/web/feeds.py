"""Atom feeds: the front page, each tag, each person and each post's comments."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, render_template, url_for
from werkzeug.wrappers import Response

from board.domain import permissions
from board.extensions import current_session
from board.services import accounts, atom, feeds, posts, tags

bp = Blueprint("feeds", __name__)

# XML 1.0 forbids most control characters even as references; a stray one in a title would
# make the whole feed unreadable, so they are dropped from every text a feed carries.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@bp.app_template_filter("xml_text")
def xml_text(value: object) -> str:
    """Return text without the characters XML cannot carry (autoescape still applies)."""
    return _NOT_XML.sub("", str(value))


def _atom(template: str, **context: Any) -> Response:
    # Feeds are judged as an anonymous reader sees the board: feed readers and aggregators
    # fetch them without cookies, and one reader's view must not leak into a shared copy.
    return Response(render_template(template, **context), mimetype="application/atom+xml")


@bp.get("/feed.atom")
def front_page() -> Response:
    session = current_session()
    entries = [*feeds.pinned(session), *feeds.front_page(session, feeds.FeedSort.HOT).items]
    return _atom(
        "feeds/posts.atom.xml",
        entries=entries,
        title="Board: what people are debating",
        self_url=url_for("feeds.front_page", _external=True),
        page_url=url_for("feed.index", _external=True),
        updated=atom.updated(entries),
    )


@bp.get("/t/<slug>/feed.atom")
def tag(slug: str) -> Response:
    topic = tags.get_by_slug(current_session(), slug)
    entries = atom.latest_posts(current_session(), tag=topic)
    return _atom(
        "feeds/posts.atom.xml",
        entries=entries,
        title=f"Board: {topic.name}",
        subtitle=topic.description,
        self_url=url_for("feeds.tag", slug=topic.slug, _external=True),
        page_url=url_for("tags.show", slug=topic.slug, sort="new", _external=True),
        updated=atom.updated(entries),
    )


@bp.get("/u/<username>/feed.atom")
def user(username: str) -> Response:
    person = accounts.find_by_username(current_session(), username)
    if person is None:
        abort(404)
    entries = atom.latest_posts(current_session(), author=person)
    return _atom(
        "feeds/posts.atom.xml",
        entries=entries,
        title=f"Board: posts by {person.display_name}",
        subtitle=person.headline,
        self_url=url_for("feeds.user", username=person.username, _external=True),
        page_url=url_for("users.show", username=person.username, _external=True),
        updated=atom.updated(entries),
    )


@bp.get("/p/<int:post_id>/comments.atom")
def post_comments(post_id: int) -> Response:
    post = posts.get_post(current_session(), post_id)
    if not permissions.is_public(post):
        abort(404)  # a draft's, deleted or removed post's title and thread stay off feeds
    entries = atom.latest_comments(current_session(), post)
    return _atom(
        "feeds/comments.atom.xml",
        post=post,
        entries=entries,
        updated=atom.updated(entries, fallback=post.created_at),
    )
