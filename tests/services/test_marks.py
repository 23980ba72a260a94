"""The arithmetic every one-mark-per-person counter shares."""

from __future__ import annotations

import pytest

from board.domain.errors import Conflict
from board.models.comment import Comment
from board.services import marks, statements, votes
from board.services.marks import counted
from tests.factories import make_comment, make_post, make_user


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


class _Missed:
    """A statement's result as if another request had got there first: no row."""

    def first(self) -> None:
        return None


def _missing(monkeypatch, statement, times):
    """Make `statement` find no row the first `times` times it runs; and PostgreSQL's vote in
    one statement, which tries the flip first, find none either, as if raced the same way."""
    real, seen = statements.run, []

    def run(session, ran, params):
        if ran is statement and len(seen) < times:
            seen.append(ran)
            return _Missed()
        return real(session, ran, params)

    def run_whole_write(session, ran, params):
        assert ran is votes._ADD_OR_FLIP
        return _Missed()

    monkeypatch.setattr(statements, "run", run)
    monkeypatch.setattr(statements, "run_whole_write", run_whole_write)


@pytest.fixture
def comment(session):
    author = make_user(session)
    return make_comment(session, author, make_post(session, author))


def test_a_mark_changed_between_its_statements_is_settled_on_the_next_try(
    session, comment, monkeypatch
):
    voter = make_user(session)
    votes.set_vote(session, voter, comment, -1)
    # The flip finds nothing, as if the row held +1 then; the insert then meets the row.
    _missing(monkeypatch, votes.VOTES_ON[Comment].flip, times=1)

    state = votes.set_vote(session, voter, comment, 1)

    assert state == votes.VoteState(1, 1, 0, 1)


def test_a_mark_that_never_settles_is_a_conflict_not_a_wrong_count(session, comment, monkeypatch):
    voter = make_user(session)
    votes.set_vote(session, voter, comment, -1)
    _missing(monkeypatch, votes.VOTES_ON[Comment].flip, times=marks.SETTLE_TRIES)

    with pytest.raises(Conflict):
        votes.set_vote(session, voter, comment, 1)
