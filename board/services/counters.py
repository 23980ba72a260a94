"""The content generation: one number that moves whenever anything a page shows changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from board.models.base import utcnow
from board.models.counter import Counter
from board.services import statements

CONTENT = "content"


VERSION = select(Counter.value, Counter.changed_at).where(Counter.name == CONTENT)


def content_version(database: Session | Connection) -> tuple[int, datetime]:
    """Return the current content generation and when it last moved."""
    row = database.execute(VERSION).one_or_none()
    if row is None:
        return 0, utcnow()
    return int(row.value), row.changed_at


# Every write runs this, so it is built once (see statements.run).
BUMP = (
    update(Counter)
    .where(Counter.name == CONTENT)
    .values(value=Counter.value + 1, changed_at=bindparam("moment"))
)


def bump_content(session: Session, now: datetime | None = None) -> None:
    """Move the content generation on (in SQL, so concurrent writers never lose a step)."""
    moment = now or utcnow()
    result = statements.run(session, BUMP, {"moment": moment})
    if not getattr(result, "rowcount", 1):
        # The row the migration made is gone (an emptied database): start counting again.
        session.add(Counter(name=CONTENT, value=1, changed_at=moment))
        session.flush()
