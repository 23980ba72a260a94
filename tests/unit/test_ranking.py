"""Ranking formulas: hot rank, Wilson lower bound, controversy and top periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from board.domain.ranking import (
    HOT_DECAY_SECONDS,
    HOT_EPOCH,
    TopPeriod,
    as_utc,
    controversy,
    hot_rank,
    top_since,
    wilson_lower_bound,
)

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)


class TestHotRank:
    def test_known_values_at_the_epoch(self) -> None:
        assert hot_rank(0, HOT_EPOCH) == 0.0
        assert hot_rank(1, HOT_EPOCH) == 0.0
        assert hot_rank(10, HOT_EPOCH) == 1.0
        assert hot_rank(100, HOT_EPOCH) == 2.0
        assert hot_rank(-10, HOT_EPOCH) == -1.0

    def test_one_decay_period_is_worth_one_order_of_magnitude(self) -> None:
        later = HOT_EPOCH + timedelta(seconds=HOT_DECAY_SECONDS)

        assert hot_rank(1, later) == 1.0
        assert hot_rank(10, NOW) == pytest.approx(hot_rank(1, NOW + timedelta(hours=12.5)))

    def test_more_votes_rank_higher_at_the_same_time(self) -> None:
        assert hot_rank(50, NOW) > hot_rank(5, NOW) > hot_rank(0, NOW) > hot_rank(-5, NOW)

    def test_newer_post_with_same_score_ranks_higher(self) -> None:
        assert hot_rank(5, NOW + timedelta(minutes=1)) > hot_rank(5, NOW)

    def test_age_eventually_beats_score(self) -> None:
        assert hot_rank(1, NOW + timedelta(days=3)) > hot_rank(1000, NOW)

    def test_is_deterministic_and_naive_means_utc(self) -> None:
        naive = NOW.replace(tzinfo=None)

        assert hot_rank(7, NOW) == hot_rank(7, NOW)
        assert hot_rank(7, naive) == hot_rank(7, NOW)

    def test_other_timezones_are_converted(self) -> None:
        same_instant = NOW.astimezone(timezone(timedelta(hours=2)))

        assert hot_rank(3, same_instant) == hot_rank(3, NOW)


class TestWilson:
    def test_no_votes_is_zero(self) -> None:
        assert wilson_lower_bound(0, 0) == 0.0

    def test_only_downvotes_is_zero(self) -> None:
        assert wilson_lower_bound(0, 5) == 0.0

    def test_known_values(self) -> None:
        # 1 up, 0 down at 95% is the textbook 0.2065.
        assert wilson_lower_bound(1, 0, z=1.96) == pytest.approx(0.20654, abs=1e-5)
        assert wilson_lower_bound(1, 0) == pytest.approx(0.37845, abs=1e-5)
        assert wilson_lower_bound(10, 0) == pytest.approx(0.85893, abs=1e-5)

    def test_more_evidence_ranks_higher(self) -> None:
        assert wilson_lower_bound(10, 0) > wilson_lower_bound(1, 0)
        assert wilson_lower_bound(100, 2) > wilson_lower_bound(1, 0)

    def test_better_ratio_ranks_higher(self) -> None:
        assert wilson_lower_bound(100, 100) < wilson_lower_bound(100, 10)

    @pytest.mark.parametrize(("ups", "downs"), [(0, 0), (1, 0), (0, 1), (5, 5), (1000, 1)])
    def test_stays_between_zero_and_one(self, ups: int, downs: int) -> None:
        assert 0.0 <= wilson_lower_bound(ups, downs) <= 1.0


class TestControversy:
    def test_single_side_is_zero(self) -> None:
        assert controversy(0, 0) == 0.0
        assert controversy(10, 0) == 0.0
        assert controversy(0, 10) == 0.0

    def test_is_symmetric(self) -> None:
        assert controversy(3, 6) == controversy(6, 3) == pytest.approx(3.0)

    def test_even_split_scores_total_votes(self) -> None:
        assert controversy(5, 5) == pytest.approx(10.0)

    def test_bigger_and_more_even_is_more_controversial(self) -> None:
        assert controversy(50, 50) > controversy(5, 5)
        assert controversy(50, 50) > controversy(90, 10)


class TestTopSince:
    @pytest.mark.parametrize(
        ("period", "length"),
        [
            (TopPeriod.DAY, timedelta(days=1)),
            (TopPeriod.WEEK, timedelta(days=7)),
            (TopPeriod.MONTH, timedelta(days=30)),
            (TopPeriod.YEAR, timedelta(days=365)),
        ],
    )
    def test_bounded_periods(self, period: TopPeriod, length: timedelta) -> None:
        assert top_since(period, NOW) == NOW - length

    def test_all_time_has_no_bound(self) -> None:
        assert top_since(TopPeriod.ALL, NOW) is None

    def test_values_parse_from_query_strings(self) -> None:
        assert [p.value for p in TopPeriod] == ["day", "week", "month", "year", "all"]
        assert TopPeriod("week") is TopPeriod.WEEK


def test_as_utc() -> None:
    assert as_utc(NOW.replace(tzinfo=None)) == NOW
    assert as_utc(NOW).tzinfo is UTC
