"""The anonymous page cache: hits and misses, 304s, writes retire pages, never a private page."""

from __future__ import annotations

import pytest

from board.extensions import db
from board.web import caching
from tests.conftest import REDIS_URL
from tests.factories import make_post, make_user, post_path


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


def test_signed_in_readers_never_get_or_fill_the_cache(cached_app, client, session, login, post):
    client.get("/")
    user = make_user(session, "private_person", display_name="Private Person")
    session.commit()
    login(user)

    mine = client.get("/")
    assert "X-Cache" not in mine.headers
    assert "Private Person" in mine.get_data(as_text=True)
    client.post("/logout")
    anonymous = client.get("/")
    assert "Private Person" not in anonymous.get_data(as_text=True)


def test_cached_pages_carry_no_session_and_no_csrf_token(cached_app, client, post):
    client.get("/")
    hit = client.get("/")
    assert hit.headers["X-Cache"] == "hit"
    assert "Set-Cookie" not in hit.headers
    assert '<meta name="csrf-token" content="">' in hit.get_data(as_text=True)


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


def test_the_generation_moves_in_sql(session):
    from board.services import counters

    before, _ = counters.content_version(session)
    counters.bump_content(session)
    counters.bump_content(session)
    db.session.commit()
    assert counters.content_version(session)[0] == before + 2
