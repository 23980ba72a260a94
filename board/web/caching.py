"""Whole-page cache for anonymous readers, keyed by the content generation; ETags and 304s.

A key is the content generation plus the URL, so any write (which moves the generation)
retires every cached page at once: a reader can never be served a page older than the last
write, however many workers there are. Signed-in readers are never served from the cache.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import Protocol

import redis
from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import SQLAlchemyError

from board.extensions import current_session, db
from board.services import counters

log = logging.getLogger(__name__)

# Pages every anonymous reader sees alike. Forms, settings and moderation are never cached.
CACHEABLE = frozenset(
    {
        "feed.index", "feed.new", "feed.top", "posts.show", "comments.show", "users.show",
        "tags.index", "tags.show", "modlog.index", "modlog.entry",
    }
)  # fmt: skip
# "3 min ago" and hot ranks drift with time alone; a minute bounds that drift.
TTL_SECONDS = 60
MEMORY_PAGES = 500  # pages kept per worker without Redis: the front pages and hot posts
REDIS_TIMEOUT_SECONDS = 0.2  # a slow cache is worse than none: give up and render


class PageStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, page: bytes) -> None: ...


class MemoryStore:
    """A small least-recently-used store in this worker's memory, with expiry."""

    def __init__(self, size: int = MEMORY_PAGES) -> None:
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None or entry[0] < time.monotonic():
                self._pages.pop(key, None)
                return None
            self._pages.move_to_end(key)
            return entry[1]

    def set(self, key: str, page: bytes) -> None:
        with self._lock:
            self._pages[key] = (time.monotonic() + TTL_SECONDS, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


class RedisStore:
    """Pages in Redis, shared by every worker; when Redis fails, the cache is bypassed."""

    def __init__(self, url: str) -> None:
        self._client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )

    def get(self, key: str) -> bytes | None:
        try:
            value = self._client.get(key)
        except redis.RedisError as error:
            log.warning("page cache bypassed: Redis unavailable (%s)", error)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, page: bytes) -> None:
        try:
            self._client.set(key, page, ex=TTL_SECONDS)
        except redis.RedisError as error:
            log.warning("page not cached: Redis unavailable (%s)", error)


def _store() -> PageStore:
    store: PageStore = current_app.extensions["board_page_cache"]
    return store


def _eligible() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and request.method == "GET"
        and request.endpoint in CACHEABLE
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _lookup() -> Response | None:
    if not _eligible():
        return None
    version, changed_at = counters.content_version(current_session())
    key = "page:" + hashlib.sha256(f"{version}:{request.full_path}".encode()).hexdigest()
    if key[5:37] in request.if_none_match:
        return _stamp(Response(status=304), key, changed_at, "revalidated")
    page = _store().get(key)
    if page is not None:
        return _stamp(Response(page, mimetype="text/html"), key, changed_at, "hit")
    g.page_cache = (key, changed_at)  # a miss: render, then keep the page
    return None


def _stamp(response: Response, key: str, changed_at: object, outcome: str) -> Response:
    response.set_etag(key[5:37])
    response.last_modified = changed_at  # type: ignore[assignment]
    # Browsers keep the page but ask again each time; the ETag makes the answer a cheap 304.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Cache"] = outcome
    return response


def _remember(response: Response) -> Response:
    response.vary.add("Cookie")
    entry = g.pop("page_cache", None)
    if request.method not in {"GET", "HEAD", "OPTIONS"} and response.status_code < 400:
        _bump()
    if entry is None or response.status_code != 200 or response.mimetype != "text/html":
        return response
    # A page that started a session (a CSRF token, a flash) belongs to one reader only.
    if session.modified or "Set-Cookie" in response.headers:
        return response
    key, changed_at = entry
    _store().set(key, response.get_data())
    return _stamp(response, key, changed_at, "miss")


def _bump() -> None:
    try:
        counters.bump_content(current_session())
        db.session.commit()
    except SQLAlchemyError as error:
        # The write itself was committed; at worst cached pages live out their short TTL.
        db.session.rollback()
        log.warning("content generation not moved: %s", error)


def _csrf_token() -> str:
    # Cached pages are shown to many readers, so they must carry nobody's token; anonymous
    # readers have no state-changing form on those pages (sign-in pages are never cached).
    if g.get("page_cache") is not None:
        return ""
    return generate_csrf()


def register(app: Flask) -> None:
    """Serve anonymous pages from the cache and keep the cache in step with writes."""
    url = app.config.get("REDIS_URL")
    app.extensions["board_page_cache"] = RedisStore(url) if url else MemoryStore()
    app.before_request(_lookup)
    app.after_request(_remember)
    # Flask-WTF offers csrf_token both as a global and from a context processor; a later
    # processor wins, so this one replaces it on every page.
    app.jinja_env.globals["csrf_token"] = _csrf_token
    app.context_processor(lambda: {"csrf_token": _csrf_token})
