"""Moderation's pure rules: word diffs, report grouping, sanction lengths, slow mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from board.domain.moderation import (
    PERMANENT,
    SANCTION_MAX,
    SANCTION_MIN,
    ReportReason,
    group_reports,
    is_permanent,
    is_restricted,
    sanction_end,
    slow_mode_wait,
    word_diff,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _text(runs: list[tuple[str, str]], *kinds: str) -> str:
    return "".join(text for kind, text in runs if kind in kinds)


class TestWordDiff:
    def test_identical_texts_are_one_unchanged_run(self) -> None:
        assert word_diff("the same words", "the same words") == [("same", "the same words")]

    def test_empty_texts_have_no_runs(self) -> None:
        assert word_diff("", "") == []

    def test_an_insertion(self) -> None:
        runs = word_diff("taxes are high", "taxes are very high")
        assert [k for k, _ in runs if k != "same"] == ["added"]
        assert _text(runs, "added").strip() == "very"

    def test_a_deletion(self) -> None:
        runs = word_diff("taxes are very high", "taxes are high")
        assert [k for k, _ in runs if k != "same"] == ["removed"]
        assert _text(runs, "removed").strip() == "very"

    def test_a_replacement_shows_the_old_word_then_the_new(self) -> None:
        runs = word_diff("I agree with you", "I disagree with you")
        changed = [run for run in runs if run[0] != "same"]
        assert changed == [("removed", "agree"), ("added", "disagree")]

    def test_whole_words_change_not_letters(self) -> None:
        runs = word_diff("colour", "color")
        assert runs == [("removed", "colour"), ("added", "color")]

    def test_whitespace_and_line_breaks_are_kept(self) -> None:
        old = "First line\n\n  indented  twice"
        new = "First line\n\n  indented  thrice"
        runs = word_diff(old, new)
        assert ("same", "First line\n\n  indented  ") in runs

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("a b c", "a x c"),
            ("", "brand new text"),
            ("all gone", ""),
            ("Line one\nline two\n", "Line one\n\nline 2\n  extra"),
            ("  spaced   out  ", "spaced out"),
            ("<script>alert(1)</script>", "<b>bold</b> & more"),
        ],
    )
    def test_the_runs_rebuild_both_texts(self, old: str, new: str) -> None:
        runs = word_diff(old, new)
        assert _text(runs, "same", "added") == new
        assert _text(runs, "same", "removed") == old
        assert {kind for kind, _ in runs} <= {"same", "added", "removed"}


class TestGroupReports:
    def test_groups_by_item_most_reported_first_with_counts_by_reason(self) -> None:
        rows = [
            ("post", 1, "spam", NOW),
            ("comment", 7, "hate", NOW),
            ("comment", 7, "hate", NOW + timedelta(minutes=1)),
            ("comment", 7, "other", NOW - timedelta(hours=1)),
            ("post", 2, "spam", NOW),
            ("post", 2, "off_topic", NOW + timedelta(minutes=5)),
        ]

        groups = group_reports(rows)

        assert [(g.kind, g.target_id, g.count) for g in groups] == [
            ("comment", 7, 3),
            ("post", 2, 2),
            ("post", 1, 1),
        ]
        assert groups[0].reasons == {"hate": 2, "other": 1}
        assert groups[0].latest == NOW + timedelta(minutes=1)
        assert groups[1].reasons == {"spam": 1, "off_topic": 1}

    def test_among_equal_counts_the_latest_reported_comes_first(self) -> None:
        rows = [
            ("post", 1, "spam", NOW),
            ("post", 2, "spam", NOW + timedelta(hours=2)),
            ("comment", 1, "spam", NOW + timedelta(hours=1)),
        ]
        assert [(g.kind, g.target_id) for g in group_reports(rows)] == [
            ("post", 2),
            ("comment", 1),
            ("post", 1),
        ]

    def test_a_post_and_a_comment_with_the_same_id_are_separate_items(self) -> None:
        groups = group_reports([("post", 3, "spam", NOW), ("comment", 3, "spam", NOW)])
        assert sorted((g.kind, g.count) for g in groups) == [("comment", 1), ("post", 1)]

    def test_no_reports_no_groups(self) -> None:
        assert group_reports([]) == []


class TestSanctionEnd:
    @pytest.mark.parametrize("days", [1, 7, 365])
    def test_a_suspension_ends_after_its_days(self, days: int) -> None:
        assert sanction_end(NOW, days) == NOW + timedelta(days=days)

    def test_the_bounds_are_a_day_and_a_year(self) -> None:
        assert timedelta(days=1) == SANCTION_MIN
        assert timedelta(days=365) == SANCTION_MAX

    @pytest.mark.parametrize("days", [0, -1, 366, 10_000])
    def test_shorter_or_longer_is_refused(self, days: int) -> None:
        with pytest.raises(ValueError, match="1 day to 1 year"):
            sanction_end(NOW, days)

    def test_a_ban_never_ends(self) -> None:
        assert sanction_end(NOW, None) == PERMANENT


class TestRestrictions:
    def test_a_restriction_is_in_force_until_its_end(self) -> None:
        end = NOW + timedelta(days=1)
        assert is_restricted(end, NOW)
        assert is_restricted(end, end - timedelta(seconds=1))
        assert not is_restricted(end, end)
        assert not is_restricted(end, end + timedelta(days=1))
        assert not is_restricted(None, NOW)

    def test_only_the_permanent_date_is_a_ban(self) -> None:
        assert is_permanent(PERMANENT)
        assert is_permanent(sanction_end(NOW, None))
        assert not is_permanent(sanction_end(NOW, 365))
        assert not is_permanent(None)
        assert is_restricted(PERMANENT, NOW + timedelta(days=365 * 50))


class TestSlowMode:
    def test_off_or_first_comment_means_no_wait(self) -> None:
        assert slow_mode_wait(NOW, 0, NOW) is None
        assert slow_mode_wait(None, 10, NOW) is None

    def test_the_wait_is_what_remains_of_the_interval(self) -> None:
        last = NOW - timedelta(minutes=3)
        assert slow_mode_wait(last, 10, NOW) == timedelta(minutes=7)

    def test_after_the_interval_there_is_no_wait(self) -> None:
        assert slow_mode_wait(NOW - timedelta(minutes=10), 10, NOW) is None
        assert slow_mode_wait(NOW - timedelta(hours=1), 10, NOW) is None


def test_report_reasons_have_the_labels_the_form_shows() -> None:
    assert [r.label for r in ReportReason] == [
        "Spam",
        "Harassment",
        "Hate",
        "Misinformation",
        "Off-topic",
        "Other",
    ]
