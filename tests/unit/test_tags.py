"""Tag rules: slugs, names, and how many curated tags a post carries."""

from __future__ import annotations

import pytest

from board.domain import tags


@pytest.mark.parametrize("slug", ["ai", "remote-work", "web3", "a" * 40])
def test_good_slugs(slug: str) -> None:
    assert tags.slug_problems(slug, taken=False) == []


@pytest.mark.parametrize("slug", ["", "a", "Remote", "remote work", "a" * 41, "é-t", "x_y"])
def test_bad_slugs(slug: str) -> None:
    [(field, message)] = tags.slug_problems(slug, taken=False)
    assert field == "slug" and "lowercase" in message


def test_a_taken_slug_is_refused() -> None:
    assert tags.slug_problems("hiring", taken=True) == [
        ("slug", "A tag called “hiring” exists already.")
    ]


def test_names_and_descriptions() -> None:
    assert tags.name_problems("Hiring", "") == []
    assert tags.name_problems("  ", "") == [("name", "Give the tag a name.")]
    assert [f for f, _ in tags.name_problems("x" * 61, "y" * 301)] == ["name", "description"]


class TestChoice:
    AVAILABLE = (1, 2, 3, 4, 5, 6, 7)

    def test_one_to_five(self) -> None:
        assert tags.choice_problems([1], self.AVAILABLE, publishing=True) == []
        assert tags.choice_problems([1, 2, 3, 4, 5], self.AVAILABLE, publishing=True) == []

    def test_none_is_refused_when_publishing_on_a_board_with_tags(self) -> None:
        [(field, _)] = tags.choice_problems([], self.AVAILABLE, publishing=True)
        assert field == "tag_ids"

    def test_a_draft_may_wait_for_its_tags(self) -> None:
        assert tags.choice_problems([], self.AVAILABLE, publishing=False) == []

    def test_a_board_without_tags_needs_none(self) -> None:
        assert tags.choice_problems([], [], publishing=True) == []

    def test_six_are_too_many(self) -> None:
        [(_, message)] = tags.choice_problems([1, 2, 3, 4, 5, 6], self.AVAILABLE, True)
        assert message == "Choose at most 5 tags (6 now)."

    def test_unknown_ids_are_refused(self) -> None:
        [(_, message)] = tags.choice_problems([1, 99], self.AVAILABLE, publishing=True)
        assert message == "Choose tags from the list."
