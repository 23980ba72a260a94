"""One mark per person on one thing (a vote, an agreement): set, change or retract it safely.

A mark is a row holding +1 or -1, unique per person and thing, and counters on the thing that
move with it. Two requests of one person racing each other must neither lose a step nor count
one twice: every statement here locks the row it touches until commit, a lost insert race
costs nothing, and what was there before is read from the row each statement changed.

Marking is the busiest write the board has, so the usual cases (a first mark, a changed mind,
a retraction) take one statement each, built once at import and run with `statements.run`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from board.domain.errors import Conflict
from board.services import statements

MARK_VALUES = (-1, 0, 1)  # against, none (a retraction), for

State = TypeVar("State")


class MarkKind:
    """One kind of mark (a vote on a comment, an agreement...): its table's statements."""

    def __init__(self, model: Any, thing: InstrumentedAttribute[Any]) -> None:
        owned = (model.user_id == bindparam("owner")) & (thing == bindparam("thing"))
        # Each statement locks the row it finds until commit, so two requests of one person
        # changing the same mark take turns and neither counts from a value the other changed.
        self.find = select(model.id, model.value).where(owned).with_for_update()
        # Values are +1 or -1, so a row this changes held the opposite value.
        self.flip = (
            update(model)
            .where(owned, model.value != bindparam("new_value"))
            .values(value=bindparam("new_value"))
            .returning(model.id)
        )
        self.remove = delete(model).where(owned).returning(model.value)
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
            for name, make in statements.INSERTS.items()
        }


def counted(old: int, new: int, side: int) -> int:
    """Return how a counter of `side` (+1 or -1) marks moves when a mark goes from old to new."""
    return int(new == side) - int(old == side)


SETTLE_TRIES = 3  # each try after the first means another request of the person's got between


def set_mark(
    session: Session,
    kind: MarkKind,
    owner_id: int,
    thing_id: int,
    value: int,
    apply: Callable[[int, int], State],
    unchanged: Callable[[], State],
    *,
    tried: bool = False,
) -> State:
    """Make the owner's mark on the thing `value` (0 retracts it); `apply(old, new)` moves the
    counters.

    `unchanged()` answers when the mark already has that value: it must read the counters
    afresh, since another request (maybe this person's own) may have moved them. `tried` says
    the caller just tried to flip the mark and to add it, and did neither.
    """
    keys = {"owner": owner_id, "thing": thing_id}
    if value == 0:
        gone = statements.run(session, kind.remove, keys).first()
        return apply(gone.value, 0) if gone is not None else unchanged()
    marking = keys | {"new_value": value}
    insert = kind.inserts[statements.dialect_of(session)]
    # The usual cases take one statement: a changed mind flips the row, a first mark inserts it.
    for attempt in range(SETTLE_TRIES):
        if attempt or not tried:
            if statements.run(session, kind.flip, marking).first() is not None:
                return apply(-value, value)
            if statements.run(session, insert, marking).first() is not None:
                return apply(0, value)
        # Neither: the mark holds this value already, unless another request of the person's
        # changed it between the two statements. Locked now, it can no longer change.
        found = statements.run(session, kind.find, keys).first()
        if found is not None and found.value == value:
            return unchanged()
    raise Conflict("That mark kept changing; try again.")
