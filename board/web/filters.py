"""Template filters and globals: dates, counts, avatars and the permission predicates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, g, url_for
from sqlalchemy.exc import SQLAlchemyError

from board.domain import accounts, permissions, slugs
from board.domain.moderation import RemovalReason, ReportReason
from board.extensions import current_session
from board.models.base import utcnow
from board.models.moderation import Sanction
from board.models.user import User
from board.services import appeals, notifications, reports, sanctions
from board.services.images import thumbnail_name
from board.web.guards import viewer
from board.web.posts import post_url


def time_ago(moment: datetime, now: datetime | None = None) -> str:
    """Say how long ago a moment was, the way people say it."""
    seconds = int(((now or utcnow()) - moment).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in (
        (31_536_000, "y"),
        (2_592_000, "mo"),
        (604_800, "w"),
        (86_400, "d"),
        (3_600, "h"),
        (60, "m"),
    ):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return "just now"


def long_date(moment: datetime) -> str:
    """Format a date for a byline: 25 November 2026."""
    return f"{moment.day} {moment:%B %Y}"


def iso(moment: datetime) -> str:
    """Format a moment for a machine-readable <time datetime>."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 comment" or "3 comments"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def upload_url(filename: str | None, thumb: bool = False) -> str | None:
    """Return the URL of a stored picture (or its small version)."""
    if not filename:
        return None
    name = thumbnail_name(filename) if thumb else filename
    return url_for("uploads.show", filename=name)


def avatar_initials(user: User) -> str:
    return accounts.initials(user.display_name, user.username)


AVATAR_HUE_STEPS = 12  # CSP forbids inline styles, so hues come from 12 classes in board.css


def avatar_hue(user: User) -> int:
    """Return which of the stylesheet's avatar colours belongs to this user."""
    return accounts.avatar_hue(user.username) * AVATAR_HUE_STEPS // 360


def _unread_notifications() -> int:
    user = viewer()
    return notifications.unread_count(current_session(), user) if user else 0


def _open_queue() -> int:
    return reports.open_count(current_session()) + appeals.open_count(current_session())


def _active_sanction() -> Sanction | None:
    user = viewer()
    return sanctions.active(current_session(), user) if user else None


def _safe_viewer() -> User | None:
    # Error pages render this too; when the database is down, show them signed out.
    try:
        return viewer()
    except SQLAlchemyError:
        return None


def _globals() -> dict[str, Any]:
    # One `now` per request, so every permission a page asks is judged at the same moment.
    # The counts are functions: a page asks only for what it shows (anonymous pages: none).
    return {
        "viewer": _safe_viewer(),
        "perm": permissions,
        "now": utcnow(),
        "unread_notifications": _unread_notifications,
        "open_queue": _open_queue,
        "active_sanction": _active_sanction,
    }


ID_STAND_IN = 918_273_645  # no row has this id: it marks where a link's id goes
NAME_STAND_IN = "stand-in-name"  # marks where a username goes in the one route that has it


def _pattern(shape: tuple[Any, ...], build: Callable[[], str]) -> str:
    """Return the URL pattern of this shape, built once a request."""
    patterns: dict[tuple[Any, ...], str] = g.setdefault("link_patterns", {})
    pattern = patterns.get(shape)
    if pattern is None:
        pattern = patterns[shape] = build()
    return pattern


def link(endpoint: str, key: str, item_id: int, **values: Any) -> str:
    """Return `url_for(endpoint, **{key: item_id}, **values)`, the route built once a request.

    A 200-comment thread links each comment eight times; building every one of those routes
    was a sixth of the page's rendering (measured). The route is built once with a stand-in
    id, and each comment's id, a plain integer, takes the stand-in's place.
    """

    def build() -> str:  # run once a request and shape, so its arguments are made only then
        arguments: dict[str, Any] = {key: ID_STAND_IN, **values}
        return url_for(endpoint, **arguments)

    pattern = _pattern((endpoint, key, *sorted(values.items())), build)
    return pattern.replace(str(ID_STAND_IN), str(int(item_id)))


def sign_in_link(endpoint: str, key: str, item_id: int) -> str:
    """Return the sign-in page's URL that comes back to `link(endpoint, key, item_id)`."""

    def build() -> str:
        back: dict[str, Any] = {key: ID_STAND_IN}
        return url_for("auth.login", next=url_for(endpoint, **back))

    pattern = _pattern(("auth.login", endpoint, key), build)
    return pattern.replace(str(ID_STAND_IN), str(int(item_id)))


def profile_url(username: str) -> str:
    """Return `url_for("users.show", username=username)`, the route built once a request.

    Usernames are letters, digits, _ and -, which a URL takes as they are; any other name
    (none is allowed now) is built in full, so it is escaped.
    """
    if not accounts.USERNAME_PATTERN.fullmatch(username):
        return url_for("users.show", username=username)
    pattern = _pattern(("users.show",), lambda: url_for("users.show", username=NAME_STAND_IN))
    return pattern.replace(NAME_STAND_IN, username)


def reason_label(reason: str) -> str:
    """Say a stored removal reason in words ("off-topic"); free text stays as it is."""
    try:
        return RemovalReason(reason).label
    except ValueError:
        return reason


def report_label(reason: str) -> str:
    """Say a stored report reason in words ("Off-topic")."""
    try:
        return ReportReason(reason).label
    except ValueError:
        return reason


def register(app: Flask) -> None:
    """Make the filters and globals available to every template."""
    app.add_template_filter(time_ago, "ago")
    app.add_template_filter(long_date)
    app.add_template_filter(iso)
    app.add_template_filter(upload_url)
    app.add_template_filter(avatar_initials, "initials")
    app.add_template_filter(reason_label)
    app.add_template_filter(report_label)
    app.add_template_filter(avatar_hue, "hue")
    app.add_template_global(plural)
    app.add_template_global(link)
    app.add_template_global(sign_in_link)
    app.add_template_global(profile_url)
    app.add_template_global(post_url)
    app.add_template_filter(slugs.reading_minutes)
    app.context_processor(_globals)
