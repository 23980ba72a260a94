"""The arithmetic every one-mark-per-person counter shares."""

from __future__ import annotations

import pytest

from board.services.marks import counted


@pytest.mark.parametrize(
    ("old", "new", "for_", "against"),
    [
        (0, 1, 1, 0),  # a new mark for
        (0, -1, 0, 1),  # a new mark against
        (1, 0, -1, 0),  # retracted
        (-1, 0, 0, -1),
        (1, -1, -1, 1),  # changed sides: one counter down, the other up
        (-1, 1, 1, -1),
        (1, 1, 0, 0),  # unchanged
        (0, 0, 0, 0),
    ],
)
def test_each_counter_moves_by_what_the_mark_left_or_joined(old, new, for_, against):
    assert (counted(old, new, 1), counted(old, new, -1)) == (for_, against)
