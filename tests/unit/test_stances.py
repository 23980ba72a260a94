"""Stances: parsing, and the bar's counts, percentages and widths."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from board.domain.stances import BAR_STEP, Stance, tally


def test_parse_accepts_the_three_sides_only() -> None:
    assert Stance.parse("agree") is Stance.AGREE
    assert Stance.parse(" Disagree ") is Stance.DISAGREE
    assert Stance.parse("neutral") is Stance.NEUTRAL
    assert [Stance.parse(raw) for raw in ("", None, "maybe", "none")] == [None] * 4


def test_the_stored_empty_string_means_no_side() -> None:
    assert Stance("") is Stance.NONE
    assert Stance.NONE not in Stance.sides()


def test_a_tally_counts_each_side_and_ignores_comments_without_one() -> None:
    result = tally(["agree", "agree", "disagree", "", "", "neutral", "agree"])

    assert [(s.stance, s.count) for s in result.shares] == [
        (Stance.AGREE, 3),
        (Stance.DISAGREE, 1),
        (Stance.NEUTRAL, 1),
    ]
    assert result.total == 5
    assert result.count(Stance.AGREE) == 3
    assert [s.percent for s in result.shares] == [60, 20, 20]


def test_thirds_still_add_up_to_a_whole() -> None:
    result = tally(["agree", "disagree", "neutral"])

    assert [s.percent for s in result.shares] == [34, 33, 33]
    assert [s.width for s in result.shares] == [35, 35, 30]


def test_no_sides_taken_is_an_empty_bar() -> None:
    result = tally(["", ""])

    assert result.total == 0
    assert [(s.count, s.percent, s.width) for s in result.shares] == [(0, 0, 0)] * 3


def test_widths_are_whole_steps_of_the_bar() -> None:
    # 2 in 40 is 5%: exactly one step; the other side takes the rest.
    result = tally(["agree"] * 2 + ["disagree"] * 38)

    assert [s.width for s in result.shares] == [5, 95, 0]


@given(st.lists(st.sampled_from(["agree", "disagree", "neutral", ""]), min_size=1))
def test_shares_always_add_up(stances: list[str]) -> None:
    result = tally(stances)

    if result.total:
        assert sum(s.percent for s in result.shares) == 100
        assert sum(s.width for s in result.shares) == 100
    assert all(s.width % BAR_STEP == 0 for s in result.shares)
    for share in result.shares:
        exact = 100 * share.count / result.total if result.total else 0
        assert abs(share.width - exact) < BAR_STEP
        assert abs(share.percent - exact) < 1
