"""Whole-page cache keyed by the content generation; ETags and 304s.

A key is the content generation plus the URL, so any write (which moves the generation)
retires every cached page at once: a reader can never be served a page older than the last
write, however many workers there are. Every POST that commits moves the generation in the same
transaction, a reader's own votes, follows and settings included; so do the commands that change
roles.

One kind of write is narrower: a mark on a comment (a vote, an agreement) changes that comment's
counts and nothing else, and marks are the busiest writes there are. Such a request says so
(`only_marks_changed`) and moves two other generations instead: `marks`, which every page that
may list comments holds in its key, and its post's own, which that post's thread holds. The
feeds show no comment, so they keep only the content generation; a thread shows only its own
comments, so it keeps the content generation and its post's. A vote in one thread then leaves
the front page and every other thread cached.

Anonymous readers share one page per URL, which carries no CSRF token. A signed-in reader gets
pages of their own: the key adds their user id and a digest of their session's CSRF secret, so
a page (with its forms and tokens) is only ever served back to the session it was made for.

Anonymous pages are kept gzipped: compressed once, when rendered, and sent as they are to every
browser that accepts gzip (all do), at about a tenth of the bytes. A reader's own pages are kept
and sent uncompressed, because they hold the session's CSRF token beside text the URL puts on
the page: compressed together, the sizes of the answers would let someone who can make the
browser ask for chosen URLs, and watch the traffic, guess the token a few characters at a time
(the BREACH attack).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from datetime import datetime
from typing import NamedTuple, Protocol

import redis
from flask import Flask, Response, current_app, g, has_request_context, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import Session

from board.extensions import db
from board.models.base import utcnow
from board.services import counters

log = logging.getLogger(__name__)

# Pages made only of what the key captures. Forms, settings and moderation are never cached.
CACHEABLE = frozenset(
    {
        "feed.index", "feed.new", "feed.top", "posts.show", "comments.show", "users.show",
        "tags.index", "tags.show", "modlog.index", "modlog.entry", "search.index",
    }
)  # fmt: skip
# Pages that show no comment, so no mark on one: their keys leave out the `marks` generation.
WITHOUT_COMMENTS = frozenset({"feed.index", "feed.new", "feed.top", "tags.index", "tags.show"})
THREAD = "posts.show"  # one post's thread: keyed by that post's generation instead of `marks`
# "3 min ago" and hot ranks drift with time alone; a minute bounds that drift.
TTL_SECONDS = 60
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Keys (and so ETags) also change every EPOCH_SECONDS: a browser's copy of a quiet page is
# revalidated with a 304 for at most this long, so its "3 min ago" and its CSRF tokens (valid
# for an hour) are never older than that.
EPOCH_SECONDS = 600
MEMORY_PAGES = 500  # pages kept per worker without Redis: the front pages and hot posts
MEMORY_BYTES = 64 * 1024 * 1024  # and at most this many bytes, since a long thread is large
# Measured on a 200-comment thread (755 KB of HTML): level 3 takes 2.5 ms and leaves 77 KB;
# level 6 leaves 65 KB but takes 5.5 ms, paid on every miss, and misses follow every write.
GZIP_LEVEL = 3
REDIS_TIMEOUT_SECONDS = 0.2  # a slow cache is worse than none: give up and render


class CacheEntry(NamedTuple):
    key: str
    changed_at: datetime
    personal: bool  # a signed-in reader's own page: kept and sent uncompressed
    gzipped: bool  # this reader is sent the gzipped page

    @property
    def etag(self) -> str:
        # The two encodings are two representations, so their entity tags differ.
        return self.key[5:37] + ("-gzip" if self.gzipped else "")


class PageStore(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, page: bytes) -> None: ...


class MemoryStore:
    """A small least-recently-used store in this worker's memory, with expiry."""

    def __init__(self, size: int = MEMORY_PAGES, max_bytes: int = MEMORY_BYTES) -> None:
        self._pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None or entry[0] < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return entry[1]

    def set(self, key: str, page: bytes) -> None:
        if len(page) > self._max_bytes:
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = (time.monotonic() + TTL_SECONDS, page)
            self._bytes += len(page)
            while len(self._pages) > self._size or self._bytes > self._max_bytes:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        entry = self._pages.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[1])


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
        and "_flashes" not in session
    )


def _reader_part() -> str | None:
    """Return what makes the page this reader's own: "" when anonymous, None if uncacheable."""
    # Read from the signed session, not by loading the user: a hit then costs no query for
    # them. Whatever changes a reader's standing (a role, a ban) is a write, which retires
    # their cached pages with everyone's.
    user_id = session.get("_user_id")
    if user_id is None:
        # Flask-Login signs a returning reader in from this cookie while rendering.
        remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        return None if remembered in request.cookies else ""
    # Flask-WTF keeps the session's CSRF secret under the form field's name.
    secret = session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if not isinstance(secret, str):
        return None  # no CSRF secret yet: this render makes one, so it cannot be kept
    # A digest, so neither the key nor a store's listing reveals the session's secret.
    return f"{user_id}:{hashlib.sha256(secret.encode()).hexdigest()}"


def _generations() -> list[str]:
    """Return the generations this page's content moves with (see the module's docstring)."""
    if request.endpoint in WITHOUT_COMMENTS:
        return [counters.CONTENT]
    if request.endpoint == THREAD and request.view_args:
        return [counters.CONTENT, counters.of_thread(request.view_args["post_id"])]
    return [counters.CONTENT, counters.MARKS]


def _generation() -> tuple[str, datetime]:
    """Return this page's version, made of its generations, and when the last of them moved."""
    # A connection of its own, in autocommit: a hit sends one statement, with no transaction
    # to begin and roll back, and the request's session never takes a connection at all.
    with db.engine.connect() as connection:
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
        found = counters.versions(autocommit, _generations())
    moments = [moment for _, moment in found if moment is not None]
    version = ".".join(str(value) for value, _ in found)
    # The content generation's row is always there, but on an emptied database.
    return version, max(moments) if moments else utcnow()


def _lookup() -> Response | None:
    g.pop("only_marks_on", None)  # a request's own declaration, never one left before it
    if not _eligible():
        return None
    reader = _reader_part()
    if reader is None:
        return None
    version, changed_at = _generation()
    epoch = int(time.time() // EPOCH_SECONDS)
    key = f"{version}:{epoch}:{request.full_path}:{reader}"
    key = "page:" + hashlib.sha256(key.encode()).hexdigest()
    personal = bool(reader)
    gzipped = not personal and request.accept_encodings["gzip"] > 0
    entry = CacheEntry(key, changed_at, personal, gzipped)
    if entry.etag in request.if_none_match:
        return _stamp(Response(status=304), entry, "revalidated")
    kept = _store().get(key)
    if kept is not None:
        return _stamp(_page(kept, entry), entry, "hit")
    g.page_cache = entry  # a miss: render, then keep the page
    return None


def _page(kept: bytes, entry: CacheEntry) -> Response:
    """Answer with a kept page, in the encoding this reader is sent."""
    if entry.gzipped:
        return _send_gzipped(Response(mimetype="text/html"), kept)
    return Response(kept if entry.personal else gzip.decompress(kept), mimetype="text/html")


def _send_gzipped(response: Response, packed: bytes) -> Response:
    response.set_data(packed)
    response.content_encoding = "gzip"
    return response


def _stamp(response: Response, entry: CacheEntry, outcome: str) -> Response:
    response.set_etag(entry.etag)
    if not entry.personal:
        response.vary.add("Accept-Encoding")
    response.last_modified = entry.changed_at  # type: ignore[assignment]
    # Browsers keep the page but ask again each time; the ETag makes the answer a cheap 304.
    # A reader's own page must never be kept by a shared cache on the way.
    response.headers["Cache-Control"] = "private, no-cache" if entry.personal else "no-cache"
    response.headers["X-Cache"] = outcome
    return response


def keep_out_of_cache() -> None:
    """Mark the page being rendered as one the cache must not keep.

    For a page that shows something its key does not capture, such as which comments are new
    since the reader's last visit: the next view would show them as new again.
    """
    g.page_cache = None


def _remember(response: Response) -> Response:
    response.vary.add("Cookie")
    entry: CacheEntry | None = g.pop("page_cache", None)
    if entry is None or response.status_code != 200 or response.mimetype != "text/html":
        return response
    # A page that started a session (a CSRF token, a flash) belongs to one reader only, and
    # a signed-in page that changed the session (a new token) would not match its key again.
    if session.modified or (not entry.personal and "Set-Cookie" in response.headers):
        return response
    page = response.get_data()
    if not entry.personal:
        page = gzip.compress(page, GZIP_LEVEL, mtime=0)
        if entry.gzipped:
            _send_gzipped(response, page)
    _store().set(entry.key, page)
    return _stamp(response, entry, "miss")


def _bump_with_the_write(session: Session) -> None:
    """Move the generation in the same transaction as a request's write, just before it commits.

    One commit instead of two, and no moment when the write is visible but cached pages are
    not yet retired. Reading pages (GET) write only the reader's own visits, which no other
    reader's page shows, so only the methods that change things move it.
    """
    # The hook also runs when a SAVEPOINT is released; the outer commit is the one that counts.
    if session.in_nested_transaction():
        return
    if not has_request_context() or request.method in SAFE_METHODS:
        return
    marked_post = g.pop("only_marks_on", None)  # this commit's; a later one retires all
    if marked_post is not None:
        if not counters.moved(session, counters.of_thread(marked_post)):
            counters.bump_marks(session, marked_post)
    elif not counters.moved(session, counters.CONTENT):
        counters.bump_content(session)


def only_marks_changed(post_id: int) -> None:
    """Declare that this request changes nothing but marks on comments of one post (their
    counts and the reader's own marks): its commit retires fewer pages (see the docstring)."""
    g.only_marks_on = post_id


def _csrf_token() -> str:
    # Anonymous cached pages are shown to many readers, so they must carry nobody's token;
    # anonymous readers have no state-changing form on those pages (sign-in pages are never
    # cached). A signed-in reader's cached page is theirs alone and keeps its tokens.
    entry: CacheEntry | None = g.get("page_cache")
    if entry is not None and not entry.personal:
        return ""
    return generate_csrf()


def register(app: Flask) -> None:
    """Serve anonymous pages from the cache and keep the cache in step with writes."""
    url = app.config.get("REDIS_URL")
    app.extensions["board_page_cache"] = RedisStore(url) if url else MemoryStore()
    app.before_request(_lookup)
    app.after_request(_remember)
    if not event.contains(Session, "before_commit", _bump_with_the_write):
        event.listen(Session, "before_commit", _bump_with_the_write)
    # Flask-WTF offers csrf_token both as a global and from a context processor; a later
    # processor wins, so this one replaces it on every page.
    app.jinja_env.globals["csrf_token"] = _csrf_token
    app.context_processor(lambda: {"csrf_token": _csrf_token})
