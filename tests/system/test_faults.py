"""Faults under real gunicorn workers: PostgreSQL going away and coming back, Redis stopping.

The shared PostgreSQL is never stopped: the workers reach it through a local TCP proxy that
can cut every connection and refuse new ones. Redis is a private redis-server on a free port.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.system.conftest import (
    Answer,
    Browser,
    DatabaseProxy,
    PrivateRedis,
    Seed,
    Server,
)

pytestmark = pytest.mark.postgres

UNAVAILABLE = "Board is briefly unavailable"
RECOVERY_SECONDS = 30  # the workers must be back well before this; polled, not slept
FALLBACK_WARNING = "falling back to in-memory storage"  # Flask-Limiter's own log line


def show(answer: Answer, server: Server) -> str:
    return f"{answer.status} {answer.body[:300]}\n--- gunicorn log (tail) ---\n{server.log_tail()}"


def canonical_path(browser: Browser, post_id: int) -> str:
    """Return where a post is read, following the redirect to its slug once."""
    answer = browser.get(f"/p/{post_id}")
    return answer.location_path() if answer.status in (301, 302, 308) else f"/p/{post_id}"


def test_database_outage_answers_503_and_the_workers_recover_on_their_own(
    seed: Seed,
    serve: Callable[..., Server],
    database_proxy: tuple[DatabaseProxy, str],
) -> None:
    proxy, proxied_url = database_proxy
    server = serve(proxied_url, workers=2, BOARD_RATE_LIMITS_OFF="1")
    reader, member = Browser(server.base), Browser(server.base)
    member.sign_in(seed.voters[-1])
    post_path = canonical_path(reader, seed.posts["outage"])
    pages = [(reader, "/"), (reader, post_path), (member, "/"), (member, post_path)]
    for browser, path in pages:
        answer = browser.get(path)
        assert answer.status == 200, show(answer, server)
    assert reader.get("/readyz").status == 200

    proxy.stop_database()

    for _ in range(3):  # several rounds, so that every worker meets the outage
        for browser, path in pages:
            answer = browser.get(path)
            assert answer.status == 503 and UNAVAILABLE in answer.body, show(answer, server)
        ready = reader.get("/readyz")
        assert ready.status == 503, show(ready, server)
        assert ready.json()["checks"]["database"] is False

    proxy.start_database()

    deadline = time.monotonic() + RECOVERY_SECONDS
    while (ready := reader.get("/readyz")).status != 200:
        assert time.monotonic() < deadline, f"not ready again: {show(ready, server)}"
        time.sleep(0.25)
    for _ in range(3):
        for browser, path in pages:
            answer = browser.get(path)
            assert answer.status == 200, show(answer, server)
    assert server.running(), "the gunicorn master must have carried on by itself"


def test_redis_stopping_falls_back_to_memory_limits_and_keeps_serving(
    seed: Seed, serve: Callable[..., Server], private_redis: PrivateRedis
) -> None:
    # Rate limits on, counted in the private Redis.
    server = serve(seed.database_url, workers=2, REDIS_URL=private_redis.url)
    reader, member = Browser(server.base), Browser(server.base)
    assert reader.get("/").status == 200
    ready = reader.get("/readyz")
    assert ready.status == 200 and ready.json()["checks"] == {"database": True, "redis": True}
    member.sign_in(seed.voters[-2])  # a limited form: its count goes to Redis
    assert private_redis.client.dbsize() > 0, "the limiter did not count in Redis"
    vote_path = f"/p/{seed.posts['redis']}/vote"

    private_redis.stop()

    for number in range(8):  # enough to reach both workers
        answer = reader.get("/")
        assert answer.status == 200, show(answer, server)
        vote = member.post(vote_path, {"value": str(number % 2)}, json_wanted=True)
        assert vote.status == 200, show(vote, server)
        assert vote.json()["my_vote"] == number % 2
    ready = reader.get("/readyz")
    assert ready.status == 503, show(ready, server)
    assert ready.json()["checks"] == {"database": True, "redis": False}
    assert FALLBACK_WARNING in server.log_text(), server.log_tail()
    assert "Traceback" not in server.log_text(), server.log_tail()
