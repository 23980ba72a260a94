"""Anti-abuse limits: per IP before sign-in, per user after, lower for new accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from limits import parse_many

from board.extensions import limiter
from board.models.base import utcnow
from board.web.limits import LIMITS, NEWCOMER_AGE, Rule
from tests.conftest import REDIS_URL
from tests.factories import PASSWORD, make_comment, make_post, make_user


@pytest.fixture
def limited_app(app):
    """Turn the limits on with small numbers, counted in memory."""
    app.config["RATELIMIT_ENABLED"] = True
    app.config["RATE_LIMITS"] = {
        "comment": Rule("3 per hour", "1 per hour", "user"),
        "sign_in": Rule("2 per minute", "2 per minute", "ip"),
        "vote": Rule("2 per hour", "2 per hour", "user"),
    }
    limiter.init_app(app)
    limiter.reset()
    yield app
    limiter.reset()


@pytest.fixture
def thread(session):
    post = make_post(session, make_user(session, "author"))
    session.commit()
    return post


def _commenter(session, login, age: timedelta):
    user = make_user(session, "talker")
    user.created_at = utcnow() - age
    session.commit()
    login(user)
    return user


def _comment(client, post, text: str):
    return client.post(f"/p/{post.id}/comments", data={"body_markdown": text})


def _per_second(rule: str) -> float:
    return min(item.amount / item.get_expiry() for item in parse_many(rule))


def test_every_limit_is_named_and_lower_or_equal_for_newcomers():
    assert set(LIMITS) == {"sign_in", "register", "post", "comment", "vote", "report"}
    assert timedelta(days=1) == NEWCOMER_AGE
    for name, rule in LIMITS.items():
        assert _per_second(rule.newcomer) <= _per_second(rule.regular), name
    for name in ("post", "comment", "vote", "report"):
        assert _per_second(LIMITS[name].newcomer) < _per_second(LIMITS[name].regular), name


def test_over_the_limit_a_429_page_keeps_the_typed_text(
    limited_app, client, session, login, thread
):
    _commenter(session, login, age=timedelta(days=30))
    for n in range(3):
        assert _comment(client, thread, f"Point {n}").status_code == 302

    response = _comment(client, thread, "My fourth, carefully argued point.")

    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Try again in about" in page
    assert "My fourth, carefully argued point." in page  # kept, ready to send again
    assert f'action="/p/{thread.id}/comments"' in page


def test_rejected_submissions_do_not_use_up_the_allowance(
    limited_app, client, session, login, thread
):
    _commenter(session, login, age=timedelta(days=30))
    for _ in range(5):
        assert _comment(client, thread, "   ").status_code == 422  # empty: refused, not counted

    assert _comment(client, thread, "Now a real one.").status_code == 302


def test_new_accounts_have_lower_limits(limited_app, client, session, login, thread):
    _commenter(session, login, age=timedelta(hours=2))

    assert _comment(client, thread, "First").status_code == 302
    assert _comment(client, thread, "Second").status_code == 429


def test_sign_in_is_limited_per_address(limited_app, client, session):
    make_user(session, "ada")
    session.commit()
    wrong = {"username": "ada", "password": "not it"}
    for _ in range(2):
        client.post("/login", data=wrong)  # failures count: they are what a script sends
    response = client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert "password" not in response.get_data(as_text=True).split("Nothing you typed")[-1]


def test_a_json_vote_over_the_limit_says_when_to_retry(limited_app, client, session, login, thread):
    voter = make_user(session, "voter")
    author = make_user(session, "writer")
    comments = [make_comment(session, author, thread, f"c{i}") for i in range(3)]
    session.commit()
    login(voter)
    answers = [
        client.post(f"/c/{c.id}/vote", data={"value": "1"}, headers={"Accept": "application/json"})
        for c in comments
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert answers[-1].get_json()["retry_after"] > 0


def test_with_redis_the_counts_live_in_redis_for_every_worker(
    app, client, session, login, thread, redis_connection
):
    app.config.update(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATE_LIMITS={"comment": Rule("1 per hour", "1 per hour", "user")},
    )
    limiter.init_app(app)
    try:
        _commenter(session, login, age=timedelta(days=30))
        assert _comment(client, thread, "Once").status_code == 302
        keys = [key.decode() for key in redis_connection.keys("*")]
        assert any("comment" in key for key in keys), keys
        # A second worker (a fresh in-process memory would forget) still sees the count.
        limiter.init_app(app)
        assert _comment(client, thread, "Twice").status_code == 429
    finally:
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
        limiter.init_app(app)
