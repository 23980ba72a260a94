"""One mark per person on one thing (a vote, an agreement): set, change or retract it safely.

A mark is a row holding +1 or -1, unique per person and thing, and counters on the thing that
move with it. Two requests of one person racing each other must neither lose a step nor count
one twice, so the row is locked for the rest of the transaction and a lost insert race falls
back to the row that won.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from board.services.upserts import insert_for

MARK_VALUES = (-1, 0, 1)  # against, none (a retraction), for


class MarkRow(Protocol):
    id: Any
    value: Any  # the mapped column: +1 or -1


Row = TypeVar("Row", bound=MarkRow)
State = TypeVar("State")


@dataclass(frozen=True)
class Mark(Generic[Row]):
    """Where one person's mark on one thing lives."""

    model: type[Row]
    owned: ColumnElement[bool]  # selects the person's row for the thing
    columns: dict[str, int]  # what a new row holds besides its value: the person, the thing


def counted(old: int, new: int, side: int) -> int:
    """Return how a counter of `side` (+1 or -1) marks moves when a mark goes from old to new."""
    return int(new == side) - int(old == side)


def _existing(session: Session, mark: Mark[Row]) -> Row | None:
    # Locked until commit: two requests of one person changing the same mark take turns, so
    # neither counts from a value the other has already changed or deleted.
    return session.scalar(select(mark.model).where(mark.owned).with_for_update())


def _insert(session: Session, mark: Mark[Row], value: int) -> Row | None:
    """Insert the mark; return the row that already existed when another request won a race."""
    # ON CONFLICT DO NOTHING: a lost race costs no error, no SAVEPOINT and no extra round trip.
    statement = (
        insert_for(session, mark.model)
        .values(**mark.columns, value=value)
        .on_conflict_do_nothing()
        .returning(mark.model.id)
    )
    if session.execute(statement).first() is not None:
        return None
    return _existing(session, mark)


def set_mark(
    session: Session,
    mark: Mark[Row],
    value: int,
    apply: Callable[[int, int], State],
    unchanged: Callable[[], State],
) -> State:
    """Make the mark `value` (0 retracts it); `apply(old, new)` moves the counters.

    `unchanged()` answers when the mark already has that value: it must read the counters
    afresh, since another request (maybe this person's own) may have moved them.
    """
    row = _existing(session, mark)
    if row is None and value != 0:
        row = _insert(session, mark, value)
        if row is None:
            return apply(0, value)
    old = row.value if row is not None else 0
    if old == value:
        return unchanged()
    if value == 0:
        session.delete(row)
    else:
        row.value = value  # type: ignore[union-attr]
    session.flush()
    return apply(old, value)
