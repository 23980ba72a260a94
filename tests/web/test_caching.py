"""The page cache: hits and misses, 304s, writes retire pages, each reader's pages their own."""

from __future__ import annotations

import gzip
import re
import time

import pytest
from flask import g
from sqlalchemy import event

from board.extensions import db
from board.services import counters
from board.web import caching
from tests.conftest import REDIS_URL
from tests.factories import make_comment, make_post, make_user, post_path


@pytest.fixture
def cached_app(app):
    app.config["PAGE_CACHE"] = True
    app.extensions["board_page_cache"] = caching.MemoryStore()
    return app


@pytest.fixture
def post(session):
    post = make_post(session, make_user(session, "writer"), "Cached opinions", "Body text.")
    session.commit()
    return post


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache(cached_app, client, post):
    first = client.get("/")
    second = client.get("/")

    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert first.get_data() == second.get_data()
    assert "Cached opinions" in second.get_data(as_text=True)
    assert "Cookie" in second.headers["Vary"]
    assert second.headers["Content-Security-Policy"]  # security headers on hits too


def test_a_matching_etag_gets_a_304(cached_app, client, post):
    etag = client.get("/").headers["ETag"]
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["ETag"] == etag


GZIP = {"Accept-Encoding": "gzip, deflate, br"}  # what browsers send


def test_anonymous_pages_go_gzipped_to_browsers_that_accept_them(cached_app, client, post):
    plain = client.get("/")  # the miss: kept gzipped, sent as rendered to a client without gzip
    miss = client.get("/?page=1", headers=GZIP)
    hit = client.get("/", headers=GZIP)

    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Cached opinions" in gzip.decompress(response.get_data()).decode()
        assert {"Accept-Encoding", "Cookie"} <= set(response.vary)
    assert gzip.decompress(hit.get_data()) == plain.get_data()
    assert len(hit.get_data()) * 2 < len(plain.get_data())


def test_a_client_without_gzip_gets_the_kept_page_unpacked(cached_app, client, post):
    first, second = client.get("/"), client.get("/")

    assert second.headers["X-Cache"] == "hit"
    assert "Content-Encoding" not in second.headers
    assert second.get_data() == first.get_data()
    assert "Cached opinions" in second.get_data(as_text=True)


def test_each_encoding_has_its_own_etag(cached_app, client, post):
    plain = client.get("/").headers["ETag"]
    packed = client.get("/", headers=GZIP).headers["ETag"]
    assert plain != packed

    revalidated = client.get("/", headers={**GZIP, "If-None-Match": packed})
    assert (revalidated.status_code, revalidated.headers["ETag"]) == (304, packed)
    # The gzipped page's tag does not stand for the page a client without gzip would get.
    assert client.get("/", headers={"If-None-Match": packed}).status_code == 200


def test_a_signed_in_readers_pages_are_never_compressed(cached_app, client, session, login, post):
    # They hold the session's CSRF token next to text from the URL: compressing them would
    # let the sizes of the answers give the token away (BREACH).
    login(make_user(session, "token_holder"))
    session.commit()
    client.get("/", headers=GZIP)  # makes the session's CSRF secret
    miss, hit = client.get("/", headers=GZIP), client.get("/", headers=GZIP)

    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("miss", "hit")
    for response in (miss, hit):
        assert "Content-Encoding" not in response.headers
        token = re.search(r'name="csrf-token" content="([^"]+)"', response.get_data(as_text=True))
        assert token and token.group(1)


def test_anonymous_pages_are_kept_gzipped(cached_app, client, post):
    page = client.get("/").get_data()
    kept = list(cached_app.extensions["board_page_cache"]._pages.values())

    assert len(kept) == 1
    assert gzip.decompress(kept[0][1]) == page


def test_etags_expire_with_the_epoch_even_on_a_quiet_board(cached_app, client, post, monkeypatch):
    etag = client.get("/").headers["ETag"]
    later = time.time() + caching.EPOCH_SECONDS
    monkeypatch.setattr(caching.time, "time", lambda: later)

    response = client.get("/", headers={"If-None-Match": etag})

    assert (response.status_code, response.headers["X-Cache"]) == (200, "miss")
    assert response.headers["ETag"] != etag


def test_a_write_retires_every_cached_page(cached_app, client, session, login, post):
    client.get(post_path(post))
    reader = make_user(session, "reader")
    session.commit()
    login(reader)
    client.post(f"/p/{post.id}/comments", data={"body_markdown": "A fresh reply."})
    client.post("/logout")
    client.get("/new")  # shows (and so clears) the "signed out" message, which is never cached

    page = client.get(post_path(post))
    assert page.headers["X-Cache"] == "miss"
    assert "A fresh reply." in page.get_data(as_text=True)


def signed_in_client(app, user):
    """A client of its own (a browser) signed in as the user."""
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(user.id)
        flask_session["_fresh"] = True
    # The tests share one app context: drop what Flask-Login and Flask-WTF keep in `g` for
    # the request before, as a real request would start without it.
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    return client


def _token(page) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]*)">', page.get_data(as_text=True))
    assert match
    return match.group(1)


def test_a_signed_in_reader_gets_a_cached_page_of_their_own(
    cached_app, client, session, login, post
):
    client.get("/")  # the anonymous page is cached first
    user = make_user(session, "private_person", display_name="Private Person")
    session.commit()
    login(user)

    first = client.get("/")  # makes the session's CSRF secret, so it cannot be kept
    second, third = client.get("/"), client.get("/")

    assert "X-Cache" not in first.headers
    assert (second.headers["X-Cache"], third.headers["X-Cache"]) == ("miss", "hit")
    assert second.get_data() == third.get_data()
    assert "Private Person" in third.get_data(as_text=True)
    assert third.headers["Cache-Control"] == "private, no-cache"
    client.post("/logout")
    anonymous = client.get("/new")
    assert "Private Person" not in anonymous.get_data(as_text=True)


def test_a_signed_in_hit_costs_one_query(cached_app, client, session, login, post, count_queries):
    login(make_user(session, "frequent"))
    session.commit()
    client.get("/")
    client.get("/")
    g.pop("_login_user", None)

    with count_queries() as counted:
        hit = client.get("/")

    assert hit.headers["X-Cache"] == "hit"
    assert counted.count == 1  # the content generation; the reader comes from the session


def test_a_remembered_reader_is_not_served_the_anonymous_page(cached_app, client, post):
    client.get("/")  # cached for anonymous readers
    client.set_cookie("remember_token", "1|not-checked-here", domain="board.test")

    page = client.get("/")

    # Rendered, not served from the cache, so Flask-Login can sign them back in.
    assert page.headers.get("X-Cache") is None


def test_a_cached_page_keeps_working_forms(cached_app, client, session, login, post):
    login(make_user(session, "voter"))
    session.commit()
    client.get(post_path(post))
    client.get(post_path(post))
    hit = client.get(post_path(post))
    assert hit.headers["X-Cache"] == "hit"

    vote = client.post(
        f"/p/{post.id}/vote",
        data={"value": "1", "csrf_token": _token(hit)},
        headers={"Accept": "application/json"},
    )
    assert vote.status_code == 200

    after = client.get(post_path(post))  # the vote moved the generation: a fresh page
    assert after.headers["X-Cache"] == "miss"
    assert 'aria-pressed="true"' in after.get_data(as_text=True)


def test_readers_never_get_each_others_pages(cached_app, app, session, post):
    pages = {}
    for name in ("alice_reader", "bruno_reader"):
        reader = make_user(session, name, display_name=name.replace("_", " ").title())
        session.commit()
        client = signed_in_client(app, reader)
        for _ in range(3):
            pages[name] = client.get("/")
        assert pages[name].headers["X-Cache"] == "hit"

    assert "Alice Reader" in pages["alice_reader"].get_data(as_text=True)
    assert "Bruno Reader" in pages["bruno_reader"].get_data(as_text=True)
    assert "Alice Reader" not in pages["bruno_reader"].get_data(as_text=True)
    assert pages["alice_reader"].headers["ETag"] != pages["bruno_reader"].headers["ETag"]


def test_another_session_of_the_same_reader_gets_its_own_page(cached_app, app, session, post):
    reader = make_user(session, "two_devices")
    session.commit()
    tokens, outcomes = [], []
    for _ in range(2):
        client = signed_in_client(app, reader)
        client.get("/")
        page = client.get("/")
        tokens.append(_token(page))
        outcomes.append(page.headers["X-Cache"])

    assert outcomes == ["miss", "miss"]  # the phone's page would carry the laptop's tokens
    assert tokens[0] != tokens[1]


def test_a_page_showing_new_comments_is_not_kept(cached_app, client, session, login, post):
    reader = make_user(session, "returning")
    session.commit()
    login(reader)
    client.get(post_path(post))  # the first visit is recorded
    make_comment(session, make_user(session, "night_owl"), post, "Said while you were away.")
    counters.bump_content(session)
    session.commit()

    with_new = client.get(post_path(post))
    again = client.get(post_path(post))

    assert "since your last visit" in with_new.get_data(as_text=True)
    assert "X-Cache" not in with_new.headers
    assert "since your last visit" not in again.get_data(as_text=True)
    assert again.headers["X-Cache"] == "miss"


def test_cached_pages_carry_no_session_and_no_csrf_token(cached_app, client, post):
    client.get("/")
    hit = client.get("/")
    assert hit.headers["X-Cache"] == "hit"
    assert "Set-Cookie" not in hit.headers
    assert '<meta name="csrf-token" content="">' in hit.get_data(as_text=True)


def test_searches_are_cached_until_something_changes(cached_app, client, session, post):
    first, second = client.get("/search?q=opinions"), client.get("/search?q=opinions")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert "Cached opinions" in second.get_data(as_text=True)

    make_post(session, make_user(session, "later"), "Later opinions", "Text.")
    counters.bump_content(session)
    session.commit()
    after = client.get("/search?q=opinions")
    assert after.headers["X-Cache"] == "miss"
    assert "Later opinions" in after.get_data(as_text=True)


def test_forms_are_never_cached(cached_app, client):
    assert "X-Cache" not in client.get("/login").headers
    assert "X-Cache" not in client.get("/register").headers


def test_with_redis_every_worker_shares_the_pages(cached_app, client, post, redis_connection):
    cached_app.extensions["board_page_cache"] = caching.RedisStore(REDIS_URL)
    assert client.get("/").headers["X-Cache"] == "miss"
    assert any(key.startswith(b"page:") for key in redis_connection.keys("*"))
    another_worker = caching.RedisStore(REDIS_URL)
    cached_app.extensions["board_page_cache"] = another_worker
    assert client.get("/").headers["X-Cache"] == "hit"


def test_with_redis_down_pages_are_still_served(cached_app, client, post, caplog):
    cached_app.extensions["board_page_cache"] = caching.RedisStore("redis://127.0.0.1:1/0")
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert response.headers["X-Cache"] == "miss"
    assert "Redis unavailable" in caplog.text


@pytest.mark.parametrize(
    ("path", "form"),
    [("/p/{id}/vote", {"value": "1"}), ("/p/{id}/comments", {"body_markdown": "I disagree."})],
)
def test_a_write_moves_the_generation_once_in_its_own_single_commit(
    app, client, session, login, post, path, form
):
    # On PostgreSQL a comment moves it in its own statement, and the commit must not again.
    login(make_user(session, "voter"))
    session.commit()
    before, _ = counters.content_version(session)
    commits: list[object] = []

    def record(connection: object) -> None:
        commits.append(connection)

    event.listen(db.engine, "commit", record)
    try:
        response = client.post(path.format(id=post.id), data=form)
    finally:
        event.remove(db.engine, "commit", record)

    assert response.status_code == 302
    assert len(commits) == 1
    session.expire_all()
    assert counters.content_version(session)[0] == before + 1


def test_reading_a_page_does_not_move_the_generation(app, client, session, login, post):
    login(make_user(session, "reader"))
    session.commit()
    before, _ = counters.content_version(session)

    client.get(post_path(post))  # records the reader's visit: a write, but nobody else's page

    session.expire_all()
    assert counters.content_version(session)[0] == before


def test_the_memory_store_keeps_at_most_its_bytes():
    store = caching.MemoryStore(size=10, max_bytes=100)
    store.set("a", b"x" * 60)
    store.set("b", b"y" * 60)  # over the limit: the oldest page goes
    store.set("huge", b"z" * 101)  # larger than the whole store: never kept

    assert (store.get("a"), store.get("b"), store.get("huge")) == (None, b"y" * 60, None)


def test_the_generation_moves_in_sql(session):
    before, _ = counters.content_version(session)
    counters.bump_content(session)
    counters.bump_content(session)
    db.session.commit()
    assert counters.content_version(session)[0] == before + 2


def test_a_generation_moved_in_a_transaction_rolled_back_is_moved_again(session):
    before, _ = counters.content_version(session)
    counters.bump_content(session)
    counters.moved_in_statement(session, counters.CONTENT)
    assert counters.moved(session, counters.CONTENT)
    db.session.rollback()

    counters.content_version(session)  # a new transaction

    assert not counters.moved(session, counters.CONTENT)
    assert counters.content_version(session)[0] == before


@pytest.fixture
def two_threads(session, post):
    """The cached post and another, each with a comment by someone else than the voter."""
    other = make_post(session, make_user(session, "other_writer"), "Another thread", "Text.")
    critic = make_user(session, "critic", display_name="Critic")
    here = make_comment(session, critic, post, "Marked here.")
    there = make_comment(session, critic, other, "Left alone there.")
    session.commit()
    return post, other, here, there


def _warm(client, *paths):
    for path in paths:
        client.get(path)
        assert client.get(path).headers["X-Cache"] == "hit", path


MARKS = {
    "a vote": ("/c/{id}/vote", "points"),
    "an agreement": ("/c/{id}/agree", "data-agrees>1<"),
}


@pytest.mark.parametrize("mark", list(MARKS))
def test_a_mark_on_a_comment_retires_its_thread_and_the_comment_lists_only(
    cached_app, app, client, session, two_threads, mark
):
    post, other, here, _ = two_threads
    retired = [post_path(post), f"/c/{here.id}", "/u/critic", "/search?q=marked"]
    kept = ["/", "/new", "/top", post_path(other)]
    _warm(client, *retired, *kept)
    voter = signed_in_client(app, make_user(session, "marker"))
    session.commit()
    url, shown = MARKS[mark]

    answer = voter.post(url.format(id=here.id), data={"value": "1"})

    assert answer.status_code == 302
    g.pop("_login_user", None)
    outcomes = {path: client.get(path).headers["X-Cache"] for path in retired + kept}
    assert outcomes == {path: "miss" for path in retired} | {path: "hit" for path in kept}
    thread = client.get(post_path(post)).get_data(as_text=True)
    assert "(1 point)" in thread if mark == "a vote" else shown in thread


def test_the_next_write_of_the_same_request_context_retires_every_page(
    cached_app, client, session, login, two_threads
):
    _, other, here, _ = two_threads
    login(make_user(session, "busy_reader"))
    session.commit()
    client.post(f"/c/{here.id}/vote", data={"value": "1"})  # declares marks only, for itself
    client.post("/logout")
    client.get("/new")
    _warm(client, "/", post_path(other))
    login(make_user(session, "second_writer"))
    session.commit()

    client.post(f"/p/{other.id}/comments", data={"body_markdown": "A reply that counts."})
    client.post("/logout")
    client.get("/new")

    assert client.get("/").headers["X-Cache"] == "miss"  # the comment count moved
    assert "A reply that counts." in client.get(post_path(other)).get_data(as_text=True)


def test_a_vote_on_a_post_still_retires_every_page(cached_app, app, client, session, two_threads):
    post, other, _, _ = two_threads
    _warm(client, "/", post_path(other))
    voter = signed_in_client(app, make_user(session, "post_voter"))
    session.commit()

    voter.post(f"/p/{post.id}/vote", data={"value": "1"})

    g.pop("_login_user", None)
    assert client.get("/").headers["X-Cache"] == "miss"  # the post's score and rank moved
    assert client.get(post_path(other)).headers["X-Cache"] == "miss"


def test_a_thread_never_marked_is_dated_by_the_content_generation(
    cached_app, client, session, post
):
    counters.bump_content(session)  # the generation's row, as the migration makes it
    session.commit()
    _, changed_at = counters.content_version(session)

    first, second = client.get(post_path(post)), client.get(post_path(post))

    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]
    assert first.last_modified == changed_at.replace(microsecond=0)


def test_a_thread_hit_costs_one_query(cached_app, client, post, count_queries):
    path = post_path(post)
    client.get(path)
    with count_queries() as counted:
        hit = client.get(path)

    assert hit.headers["X-Cache"] == "hit"
    assert counted.count == 1  # the content generation and the thread's, together


def test_marks_move_their_own_generations_and_not_the_content(session, post):
    content_before, _ = counters.content_version(session)
    names = [counters.MARKS, counters.of_thread(post.id)]
    assert counters.versions(session, names) == [(0, None), (0, None)]

    counters.bump_marks(session, post.id)  # the thread's row is made by its first mark
    counters.bump_marks(session, post.id)
    session.commit()

    (marks, _), (thread, moved_at) = counters.versions(session, names)
    assert (marks, thread) == (2, 2)
    assert moved_at is not None
    assert counters.content_version(session)[0] == content_before


def test_each_vote_on_a_comment_moves_its_generations_once(client, session, login, two_threads):
    post, _, here, _ = two_threads
    login(make_user(session, "steady_voter"))
    session.commit()
    names = [counters.MARKS, counters.of_thread(post.id)]
    content_before, _ = counters.content_version(session)
    before = [value for value, _ in counters.versions(session, names)]
    # A first vote, a changed mind, the same vote again, a retraction: on PostgreSQL the first
    # two move the generations in the vote's own statement, and the commit must not again.
    for step, value in enumerate(("1", "-1", "-1", "0"), start=1):
        assert client.post(f"/c/{here.id}/vote", data={"value": value}).status_code == 302
        session.expire_all()
        moved = [value for value, _ in counters.versions(session, names)]
        assert moved == [count + step for count in before], value
    assert counters.content_version(session)[0] == content_before


@pytest.mark.parametrize(
    ("path", "marks_table"), [("/c/{id}/vote", "votes"), ("/c/{id}/agree", "agreements")]
)
def test_a_mark_on_a_comment_writes_nothing_but_marks_and_counts(
    client, session, login, two_threads, count_queries, path, marks_table
):
    """What `only_marks_changed` promises: were a mark to write anything else (a notification
    in someone's unread count, say), the pages that keep only the content generation would
    go stale, and this test fails first."""
    _, _, here, _ = two_threads
    login(make_user(session, "careful_marker"))
    session.commit()
    for value in ("1", "-1", "0"):  # a first mark, a changed mind, a retraction
        with count_queries() as counted:
            answer = client.post(path.format(id=here.id), data={"value": value})
        assert answer.status_code == 302
        written = {
            table
            for statement in counted.statements
            for table in re.findall(r"(?:INSERT INTO|(?<!DO )UPDATE|DELETE FROM) (\w+)", statement)
        }
        assert written <= {marks_table, "comments", "counters"}, value
