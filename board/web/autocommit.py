"""Requests whose write is one statement on PostgreSQL run it without BEGIN and COMMIT.

A reply, and a first or changed vote on a comment, is one statement on PostgreSQL (a WITH of
several, in board.services.comments and board.services.votes), and one statement is atomic on
its own. In autocommit the request sends neither BEGIN nor COMMIT: two of its six round trips,
each about 0.2 ms of the app's CPU and 0.1 ms of PostgreSQL's (measured here on 2026-12-06).
The reads before the write lose nothing: under READ COMMITTED, PostgreSQL's default and ours,
every statement of a transaction takes a snapshot of its own anyway.

A statement that does a request's whole write is run as one (`statements.run_whole_write`).
A guard on the request's connection lets reads (statements that begin with SELECT) and that one
statement through and stops anything else before it is sent: any other write, a locking read
(its lock would end with its statement), anything written after the whole write. Stopped before
the whole write, nothing has been written, so the request runs again from the start in a
transaction, as does one whose service finds, before writing, that it needs one
(`statements.NeedsTransaction`): a vote taken back, or the same vote again. Stopped after it,
the code is wrong, and the request fails. SQLite is left as it is: a reply there is several
statements, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import g
from sqlalchemy import event
from sqlalchemy.engine import Connection

from board.extensions import current_session, db
from board.services.statements import WHOLE_WRITE, NeedsTransaction

P = ParamSpec("P")
R = TypeVar("R")

_LOCKING = (" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE")


class NotOneStatement(RuntimeError):
    """A request running in autocommit was about to send what needs a transaction."""

    def __init__(self, message: str, *, written: bool) -> None:
        super().__init__(message)
        self.written = written  # whether the request's whole write had already run


def one_statement_write(view: Callable[P, R]) -> Callable[P, R]:
    """Run this view in autocommit on PostgreSQL, or again in a transaction if it needs one.

    Put it above login_required, so the reader is loaded on the same connection. A session
    already in a transaction (a CLI command's, a test's) keeps it, and the write joins it.
    """

    @wraps(view)
    def autocommitted(*args: P.args, **kwargs: P.kwargs) -> R:
        session = current_session()
        if db.engine.dialect.name != "postgresql" or session.in_transaction():
            return view(*args, **kwargs)
        guard_one_write(session.connection(execution_options={"isolation_level": "AUTOCOMMIT"}))
        try:
            return view(*args, **kwargs)
        except NotOneStatement as stopped:
            if stopped.written:
                raise
        except NeedsTransaction:
            pass
        # Nothing was written: start again, the reader included, in a transaction.
        session.close()
        g.pop("_login_user", None)  # Flask-Login's copy, read on the closed session
        return view(*args, **kwargs)

    return autocommitted


def guard_one_write(connection: Connection) -> None:
    """Stop, before it is sent, whatever this autocommitting connection cannot do atomically."""
    written = False

    def check(
        _conn: Connection, _cursor: Any, statement: str, _params: Any, context: Any, *_: Any
    ) -> None:
        nonlocal written
        upper = statement.lstrip().upper()
        if upper.startswith("SELECT") and not any(lock in upper for lock in _LOCKING):
            return
        whole = bool(context is not None and context.execution_options.get(WHOLE_WRITE))
        if whole and not written:
            written = True
            return
        raise NotOneStatement(
            f"{'after the whole write' if written else 'in autocommit'}: {statement[:80]!r}",
            written=written,
        )

    event.listen(connection, "before_cursor_execute", check)
