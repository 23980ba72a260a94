"""INSERT ... ON CONFLICT, which PostgreSQL and SQLite both speak, and a way to run hot statements.

The hot writes (a vote, an agreement, the content generation) are a handful of small statements
each. Sent through `Session.execute`, each one pays the ORM's per-statement work, and one built
per request is built and keyed again every time: about 0.25 ms a statement, measured, against
0.02 ms for a statement built once at import and run on the session's connection. `run` is that
road; the statements stay in the session's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

DialectInsert = postgresql.Insert | sqlite.Insert
INSERTS: dict[str, Callable[[Any], DialectInsert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


def dialect_of(session: Session) -> str:
    """Return the name of the session's database dialect: "postgresql" or "sqlite"."""
    return session.get_bind().dialect.name


def insert_for(session: Session, model: type[Any]) -> DialectInsert:
    """Return an INSERT into the model's table that offers `on_conflict_do_*`."""
    return INSERTS[dialect_of(session)](model)


def run(session: Session, statement: Executable, params: Mapping[str, Any]) -> CursorResult[Any]:
    """Run a statement built once on the session's own connection and transaction.

    The ORM is bypassed, so it neither autoflushes first nor refreshes loaded objects after:
    pending changes are flushed here, and callers expire what the statement changed.
    """
    session.flush()
    return session.connection().execute(statement, params)
