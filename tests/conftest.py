"""Fixtures: an app on each test database, a client, a session, query counting."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask import Flask, g
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.orm import Session

from board.app import create_app
from board.extensions import db
from board.models.base import Base
from board.services import accounts

POSTGRES_URL = os.environ.get("BOARD_TEST_DATABASE_URL", "")
DATABASES = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


def pytest_report_header(config: pytest.Config) -> str:
    if POSTGRES_URL:
        return f"databases: sqlite and postgresql ({make_url(POSTGRES_URL).render_as_string()})"
    return "databases: sqlite only (set BOARD_TEST_DATABASE_URL to run on PostgreSQL too)"


@contextmanager
def fresh_postgres_database(base_url: str) -> Iterator[str]:
    """Create a uniquely named PostgreSQL database beside `base_url`; drop it afterwards."""
    url = make_url(base_url)
    name = f"board_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database of this kind."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'board-{uuid.uuid4().hex[:8]}.db'}"
    else:
        with fresh_postgres_database(POSTGRES_URL) as url:
            yield url


def app_config(url: str, folder: Path, **overrides: Any) -> dict[str, Any]:
    """Return the configuration of a test app on the database at `url`."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "UPLOAD_DIR": str(folder / "uploads"),
        "INSTANCE_DIR": str(folder),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,  # tests of the limits turn them on
        # Tests change content through the services, which does not move the generation a
        # POST moves; the page cache has tests of its own that turn it on.
        "PAGE_CACHE": False,
        "SERVER_NAME": "board.test",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session", params=DATABASES)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database per kind for the whole run, brought to the schema by the migrations."""
    folder = tmp_path_factory.mktemp(request.param)
    with fresh_database(request.param, folder) as url:
        app = create_app(app_config(url, folder))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Argon2's real cost is the point in production and a waste of seconds in tests.
    monkeypatch.setattr(accounts, "password_hasher", PasswordHasher.from_parameters(CHEAPEST))


def _empty_tables(session: Session) -> None:
    tables = list(reversed(Base.metadata.sorted_tables))
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            session.execute(table.delete())
        # The FTS5 index is outside the models; ids restart after DELETE, so empty it too.
        session.execute(text("DELETE FROM search_fts"))
    session.commit()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on the shared test database, emptied after each test."""
    application = create_app(app_config(database_url, tmp_path))
    with application.app_context():
        yield application
        db.session.rollback()
        _empty_tables(db.session)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Session:
    return db.session  # type: ignore[return-value]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client: FlaskClient) -> Callable[[Any], None]:
    """Sign the test client in as a user without going through the form."""

    def sign_in(user: Any) -> None:
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = str(user.id)
            flask_session["_fresh"] = True
        # Requests share the fixture's app context, so Flask-Login's cached user in `g`
        # would outlive the switch; drop it so the next request loads this user.
        g.pop("_login_user", None)

    return sign_in


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []
        # Statements SQLAlchemy could not key, so compiled again on every run.
        self.compiled_every_time: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Return a context manager that records the SQL statements run inside it."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def record(
            conn: Any, cursor: Any, statement: str, params: Any, context: Any, *_: Any
        ) -> None:
            counter.statements.append(statement)
            if getattr(context, "cache_hit", None) is CacheStats.NO_CACHE_KEY:
                counter.compiled_every_time.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


REDIS_URL = os.environ.get("BOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_connection() -> Iterator[Any]:
    """A real Redis database for the test, emptied before and after; CI never skips it."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: CI must not skip this test")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    connection.flushdb()
    yield connection
    connection.flushdb()
