"""One mark per person on one thing (a vote, an agreement): set, change or retract it safely.

A mark is a row holding +1 or -1, unique per person and thing, and counters on the thing that
move with it. Two requests of one person racing each other must neither lose a step nor count
one twice, so the row is locked for the rest of the transaction and a lost insert race falls
back to the row that won.

Marking is the busiest write the board has, so each kind of mark builds its statements once,
at import, and runs them with `upserts.run`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Row, bindparam, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from board.services import upserts

MARK_VALUES = (-1, 0, 1)  # against, none (a retraction), for

State = TypeVar("State")


class MarkKind:
    """One kind of mark (a vote on a comment, an agreement...): its table's statements."""

    def __init__(self, model: Any, thing: InstrumentedAttribute[Any]) -> None:
        owned = (model.user_id == bindparam("owner")) & (thing == bindparam("thing"))
        # Locked until commit: two requests of one person changing the same mark take turns,
        # so neither counts from a value the other has already changed or deleted.
        self.find = select(model.id, model.value).where(owned).with_for_update()
        self.change = (
            update(model).where(model.id == bindparam("mark")).values(value=bindparam("new_value"))
        )
        self.remove = delete(model).where(model.id == bindparam("mark"))
        # ON CONFLICT DO NOTHING: a lost race costs no error, no SAVEPOINT, no extra round trip.
        self.inserts = {
            name: make(model)
            .values(
                user_id=bindparam("owner"),
                **{thing.key: bindparam("thing")},
                value=bindparam("new_value"),
            )
            .on_conflict_do_nothing()
            .returning(model.id)
            for name, make in upserts.INSERTS.items()
        }


def counted(old: int, new: int, side: int) -> int:
    """Return how a counter of `side` (+1 or -1) marks moves when a mark goes from old to new."""
    return int(new == side) - int(old == side)


def _existing(session: Session, kind: MarkKind, keys: dict[str, int]) -> Row[Any] | None:
    return upserts.run(session, kind.find, keys).first()


def _insert(session: Session, kind: MarkKind, keys: dict[str, int], value: int) -> Row[Any] | None:
    """Insert the mark; return the row that already existed when another request won a race."""
    statement = kind.inserts[upserts.dialect_of(session)]
    if upserts.run(session, statement, keys | {"new_value": value}).first() is not None:
        return None
    return _existing(session, kind, keys)


def set_mark(
    session: Session,
    kind: MarkKind,
    owner_id: int,
    thing_id: int,
    value: int,
    apply: Callable[[int, int], State],
    unchanged: Callable[[], State],
) -> State:
    """Make the owner's mark on the thing `value` (0 retracts it); `apply(old, new)` moves the
    counters.

    `unchanged()` answers when the mark already has that value: it must read the counters
    afresh, since another request (maybe this person's own) may have moved them.
    """
    keys = {"owner": owner_id, "thing": thing_id}
    row = _existing(session, kind, keys)
    if row is None and value != 0:
        row = _insert(session, kind, keys, value)
        if row is None:
            return apply(0, value)
    old = row.value if row is not None else 0
    if old == value:
        return unchanged()
    assert row is not None  # a mark to change or retract exists: old differs from none
    if value == 0:
        upserts.run(session, kind.remove, {"mark": row.id})
    else:
        upserts.run(session, kind.change, {"mark": row.id, "new_value": value})
    return apply(old, value)
