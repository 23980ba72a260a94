"""Requests whose write is one statement on PostgreSQL run it without BEGIN and COMMIT.

A reply is one statement on PostgreSQL (board.services.comments), and one statement is atomic
on its own. In autocommit the request sends neither BEGIN nor COMMIT: two of its six round trips,
each about 0.2 ms of the app's CPU and 0.1 ms of PostgreSQL's (measured here on 2026-12-06).
The reads before the write lose nothing: under READ COMMITTED, PostgreSQL's default and ours,
every statement of a transaction takes a snapshot of its own anyway.

What would be lost is a second write, which would no longer commit or fail with the first,
and a locking read, whose lock would end with its statement. So a guard on the request's
connection raises before either reaches the database. SQLite is left as it is: a reply there
is several statements, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection

from board.extensions import current_session, db

P = ParamSpec("P")
R = TypeVar("R")

_LOCKING = (" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE")


class NotOneStatement(RuntimeError):
    """A request declared to write in one statement tried to do more."""


def one_statement_write(view: Callable[P, R]) -> Callable[P, R]:
    """Run this view's database work in autocommit on PostgreSQL: its write must be one statement.

    Put it above login_required, so the reader is loaded on the same connection. A session
    already in a transaction (a CLI command's, a test's) keeps it, and the write joins it.
    """

    @wraps(view)
    def autocommitted(*args: P.args, **kwargs: P.kwargs) -> R:
        session = current_session()
        if db.engine.dialect.name == "postgresql" and not session.in_transaction():
            connection = session.connection(
                execution_options={"isolation_level": "AUTOCOMMIT"}
            )
            guard_one_write(connection)
        return view(*args, **kwargs)

    return autocommitted


def guard_one_write(connection: Connection) -> None:
    """Raise NotOneStatement when this connection would send a second write or a locking read."""
    writes = 0

    def check(
        _conn: Connection, _cursor: Any, statement: str, *_args: Any, **_kwargs: Any
    ) -> None:
        nonlocal writes
        upper = statement.lstrip().upper()
        if not upper.startswith("SELECT"):
            writes += 1
            if writes > 1:
                raise NotOneStatement(f"a second write in autocommit: {statement[:80]!r}")
        elif any(lock in upper for lock in _LOCKING):
            raise NotOneStatement(f"a locking read in autocommit: {statement[:80]!r}")

    event.listen(connection, "before_cursor_execute", check)
