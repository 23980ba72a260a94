"""INSERT ... ON CONFLICT, which PostgreSQL and SQLite both speak, for the session's database."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """Return an INSERT into the model's table that offers `on_conflict_do_*`."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
