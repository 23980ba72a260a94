"""Pooled PostgreSQL connections are pinged before use only when they may have died."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from board import db_liveness
from board.app import create_app
from board.extensions import db
from tests.conftest import POSTGRES_URL, app_config, fresh_postgres_database

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="set BOARD_TEST_DATABASE_URL")


@pytest.mark.parametrize(
    ("readable", "idle_for", "expected"),
    [
        (False, None, False),  # a new connection: it was just made
        (False, 0.01, False),  # given back a moment ago
        (False, db_liveness.PING_AFTER_IDLE + 1, True),  # idle long enough to be dropped
        (True, None, True),  # the server closed it, or said why it is about to
        (True, 0.01, True),
    ],
)
def test_a_connection_is_pinged_when_its_server_spoke_or_it_idled_long(
    readable, idle_for, expected
):
    assert db_liveness.needs_ping(readable, idle_for) is expected


@pytest.fixture
def engine() -> Iterator[Engine]:
    with fresh_postgres_database(POSTGRES_URL) as url:
        engine = create_engine(url, pool_size=1, max_overflow=0)
        db_liveness.check_before_use(engine)
        yield engine
        engine.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record each ping the engine sends."""
    sent: list[object] = []
    real_ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        sent.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return sent


def _backend(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(text("SELECT pg_backend_pid()")))


@needs_postgres
def test_a_connection_used_a_moment_ago_is_not_pinged(engine, pings):
    first = _backend(engine)
    assert _backend(engine) == first  # the same pooled connection, taken again at once
    assert pings == []


@needs_postgres
def test_a_connection_idle_for_long_is_pinged_and_kept_if_it_answers(engine, pings, monkeypatch):
    first = _backend(engine)
    monkeypatch.setattr(db_liveness, "PING_AFTER_IDLE", 0.0)
    assert _backend(engine) == first
    assert len(pings) == 1


@needs_postgres
def test_a_connection_whose_server_went_away_is_replaced_before_use(engine, pings):
    gone = _backend(engine)
    with create_engine(POSTGRES_URL, poolclass=NullPool).connect() as other:
        other.execution_options(isolation_level="AUTOCOMMIT")
        assert other.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": gone})
    # Gone, the backend has closed its socket: the next checkout sees it, its ping fails and
    # the pool connects anew, so no statement of the request meets a dead connection.
    assert _backend(engine) != gone
    assert len(pings) == 1


@needs_postgres
def test_the_app_checks_postgresql_connections_itself(tmp_path, monkeypatch):
    with fresh_postgres_database(POSTGRES_URL) as url:
        app = create_app(app_config(url, tmp_path))
        with app.app_context():
            engine = db.engine
            sent: list[object] = []
            monkeypatch.setattr(engine.dialect, "do_ping", lambda conn: sent.append(conn) or True)
            _backend(engine)
            _backend(engine)
            assert sent == []  # no ping on every checkout (pool_pre_ping would send one each)
            monkeypatch.setattr(db_liveness, "PING_AFTER_IDLE", 0.0)
            _backend(engine)
            assert len(sent) == 1  # but one when the connection may have died
            engine.dispose()
