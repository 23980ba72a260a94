"""Stances on a post: the side a top-level comment takes, and the bar that sums them up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

# The bar is drawn with width classes (w-0 ... w-100) because the page's Content Security
# Policy forbids inline styles; 5% steps give 21 classes and a bar accurate to half a step.
BAR_STEP = 5


class Stance(Enum):
    """The side a top-level comment takes on its post; NONE (stored "") takes none."""

    NONE = ""
    AGREE = "agree"
    DISAGREE = "disagree"
    NEUTRAL = "neutral"

    @property
    def label(self) -> str:
        """Say the stance as a badge does ("Agrees")."""
        return _LABELS[self]

    @classmethod
    def sides(cls) -> list[Stance]:
        """Return the stances a comment can take, in the order the bar shows them."""
        return [cls.AGREE, cls.DISAGREE, cls.NEUTRAL]

    @classmethod
    def parse(cls, raw: str | None) -> Stance | None:
        """Return the side named by raw ("agree"), or None for anything else."""
        try:
            stance = cls((raw or "").strip().lower())
        except ValueError:
            return None
        return stance if stance is not cls.NONE else None


_LABELS = {
    Stance.NONE: "No side",
    Stance.AGREE: "Agrees",
    Stance.DISAGREE: "Disagrees",
    Stance.NEUTRAL: "Neutral",
}


@dataclass(frozen=True)
class StanceShare:
    """One side of the bar: how many took it, their share in percent, and the bar width."""

    stance: Stance
    count: int
    percent: int  # rounded so the shown percentages add up to 100
    width: int  # a multiple of BAR_STEP; the widths add up to 100


@dataclass(frozen=True)
class StanceTally:
    """The counts and shares of the sides taken by a post's top-level comments."""

    shares: list[StanceShare]
    total: int  # comments that took a side; comments without one are not counted

    def count(self, stance: Stance) -> int:
        """Return how many comments took this side."""
        return next((share.count for share in self.shares if share.stance is stance), 0)


def _round_to_total(values: list[float], total: int, step: int = 1) -> list[int]:
    """Round values (which add up to total) to multiples of step that still add up to total."""
    # Largest remainder: floor everything, then give the steps left over to the values that
    # lost the most, earlier values first on ties. Plain rounding makes 3 x 33.3% = 99%.
    floors = [int(value // step) * step for value in values]
    left = total - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[: left // step]:
        floors[i] += step
    return floors


def tally(stances: Iterable[str]) -> StanceTally:
    """Count stored stance values ("agree", "" ...) into the bar's counts, shares and widths."""
    counts = Counter(stances)
    sides = Stance.sides()
    numbers = [counts.get(side.value, 0) for side in sides]
    total = sum(numbers)
    if total == 0:
        return StanceTally([StanceShare(side, 0, 0, 0) for side in sides], 0)
    exact = [100 * number / total for number in numbers]
    percents = _round_to_total(exact, 100)
    widths = _round_to_total(exact, 100, BAR_STEP)
    shares = [
        StanceShare(side, number, percent, width)
        for side, number, percent, width in zip(sides, numbers, percents, widths, strict=True)
    ]
    return StanceTally(shares, total)
