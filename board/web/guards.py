"""Helpers the views share: safe redirects, form errors from services, the signed-in actor."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from flask import abort, current_app, request
from flask_login import current_user
from flask_wtf import FlaskForm

from board.domain import threads
from board.domain.errors import InvalidInput
from board.domain.stances import Stance
from board.models.user import User
from board.services.discussions import DiscussionQuery


def viewer() -> User | None:
    """Return the signed-in user, or None for an anonymous reader."""
    if current_user.is_authenticated:
        return current_user._get_current_object()  # type: ignore[no-any-return]
    return None


def actor() -> User:
    """Return the signed-in user; views reaching here are behind login_required."""
    user = viewer()
    assert user is not None, "view must be login_required"
    return user


def safe_next(target: str | None, default: str) -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    # Reject schemes, hosts and the protocol-relative and backslash forms browsers treat as hosts.
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith(("//", "/\\"))
    ):
        return default
    if any(ord(ch) < 32 for ch in target):
        return default
    return target


def show_reasons(form: FlaskForm, error: InvalidInput) -> None:
    """Put each reason from a service beside its field (or at the top of the form)."""
    for field_name, message in error.reasons:
        field = getattr(form, field_name, None)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


def uploaded_bytes(form: FlaskForm, name: str) -> bytes | None:
    """Return the bytes of an uploaded file field, or None when nothing was chosen."""
    storage = getattr(form, name).data
    if storage is None or not getattr(storage, "filename", ""):
        return None
    data: bytes = storage.read()
    return data or None


def upload_dir() -> Path:
    """Return where uploaded pictures are stored."""
    return Path(current_app.config["UPLOAD_DIR"])


def wants_json() -> bool:
    """Tell whether the client asked for JSON (the voting script does)."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


MAX_PAGE = 1_000  # nobody pages further by hand; deeper offsets only cost the database


def page_number() -> int:
    """Return the ?page= number of a paginated list, or 404 for one out of range."""
    number = request.args.get("page", 1, type=int) or 1
    if number < 1 or number > MAX_PAGE:
        abort(404)
    return number


def discussion_query() -> DiscussionQuery:
    """Return the sort, side, page and earlier visit a thread's query string asks for (404: bad)."""
    try:
        sort = threads.CommentSort(request.args.get("sort", threads.CommentSort.BEST.value))
    except ValueError:
        abort(404)
    raw_stance = request.args.get("stance", "")
    stance = Stance.parse(raw_stance)
    if raw_stance and stance is None:
        abort(404)
    try:
        since = datetime.fromisoformat(request.args.get("since", ""))
    except ValueError:
        since = None  # no earlier visit carried over: the stored one counts
    if since is not None and since.tzinfo is None:
        since = None
    return DiscussionQuery(sort=sort, stance=stance, page=page_number(), since=since)


F = TypeVar("F", bound=FlaskForm)


def page_form(form_class: type[F]) -> F:
    """Build a form for a page anonymous readers may get from the cache: no token for them."""
    # A CSRF token belongs to one session, and cached pages are shown to everyone; anonymous
    # readers have nothing to post from those pages anyway (see board/web/caching.py).
    return form_class(meta={"csrf": viewer() is not None})
