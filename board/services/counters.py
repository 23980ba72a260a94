"""Generations: numbers that move whenever something a page shows changes.

`content` moves with every write: a page keyed by it can never be older than the last write.
Marks on comments (votes, agreements) are the busiest writes and change little: the counts on
one comment, shown on its own post's thread and on pages that list comments. They move `marks`
and the post's own generation instead, so they retire those pages and leave the front page
and every other post's thread cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, text, update
from sqlalchemy.orm import Session

from board.models.base import utcnow
from board.models.counter import Counter
from board.services import statements

CONTENT = "content"
MARKS = "marks"


def of_thread(post_id: int) -> str:
    """Return the name of the generation of one post's thread."""
    return f"post:{post_id}"


# A page's key holds one or two generations. A statement for each count, built once: an
# expanding IN list is rendered again on every run, which cost a cache hit a twentieth more.
VERSIONS = {
    count: select(Counter.name, Counter.value, Counter.changed_at).where(
        Counter.name.in_([bindparam(f"name{position}") for position in range(count)])
    )
    for count in (1, 2)
}


def content_version(database: Session | Connection) -> tuple[int, datetime]:
    """Return the current content generation and when it last moved."""
    value, changed_at = versions(database, [CONTENT])[0]
    return value, changed_at or utcnow()


def versions(
    database: Session | Connection, names: Sequence[str]
) -> list[tuple[int, datetime | None]]:
    """Return each named generation and when it last moved, in one statement; (0, None) for
    one that never moved."""
    params = {f"name{position}": name for position, name in enumerate(names)}
    found = {row.name: row for row in database.execute(VERSIONS[len(names)], params)}
    return [
        (int(found[name].value), found[name].changed_at) if name in found else (0, None)
        for name in names
    ]


# Every write runs one of these, so they are built once (see statements.run).
BUMP = (
    update(Counter)
    .where(Counter.name == CONTENT)
    .values(value=Counter.value + 1, changed_at=bindparam("moment"))
)


# One statement for both rows, `marks` first: every writer locks them in the same order.
# Written out, not built: SQLAlchemy never caches a multi-row INSERT, so the built one was
# compiled again on every vote (about a tenth of a millisecond). PostgreSQL and SQLite both
# speak this upsert.
BUMP_MARKS = text(
    "INSERT INTO counters (name, value, changed_at)"
    " VALUES (:marks, 1, :moment), (:thread, 1, :moment)"
    " ON CONFLICT (name) DO UPDATE"
    " SET value = counters.value + 1, changed_at = excluded.changed_at"
).bindparams(bindparam("moment", type_=Counter.__table__.c.changed_at.type))


# A write that moves generations within its own statement says so here, for the transaction
# it ran in, so the commit does not move them a second time.
_MOVED_IN = "board_generations_moved_in"


def moved_in_statement(session: Session, *names: str) -> None:
    """Record that a statement of this transaction moved these generations already."""
    transaction = session.connection().get_transaction()
    earlier, moved = session.info.get(_MOVED_IN, (None, frozenset()))
    if earlier is not transaction:
        moved = frozenset()
    session.info[_MOVED_IN] = (transaction, moved | set(names))


def moved(session: Session, name: str) -> bool:
    """Tell whether a statement of this transaction moved the named generation already."""
    if _MOVED_IN not in session.info:
        return False
    # What a transaction that rolled back recorded names that transaction, not this one.
    transaction, names = session.info[_MOVED_IN]
    return name in names and transaction is session.connection().get_transaction()


def bump_content(session: Session, now: datetime | None = None) -> None:
    """Move the content generation on (in SQL, so concurrent writers never lose a step)."""
    moment = now or utcnow()
    result = statements.run(session, BUMP, {"moment": moment})
    if not getattr(result, "rowcount", 1):
        # The row the migration made is gone (an emptied database): start counting again.
        session.add(Counter(name=CONTENT, value=1, changed_at=moment))
        session.flush()


def bump_marks(session: Session, post_id: int, now: datetime | None = None) -> None:
    """Move the generations that marks on the post's comments show in: `marks` and the
    post's thread (made at its first mark)."""
    params = {"marks": MARKS, "thread": of_thread(post_id), "moment": now or utcnow()}
    statements.run(session, BUMP_MARKS, params)
