"""Rank posts and comments: hot rank, Wilson lower bound ("best"), controversy, top periods."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from enum import Enum

# Hot rank counts seconds from a fixed epoch, not from "now", so a stored rank never
# goes stale and needs recomputing only when the score changes. Any fixed instant
# works; a recent one keeps the numbers small and readable.
HOT_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)

# 45,000 s = 12.5 hours: a post needs 10x the net votes to rank level with one 12.5 hours
# newer (Reddit's constant), so the front page turns over roughly twice a day.
HOT_DECAY_SECONDS = 45_000

# z for an 80% confidence interval, as Reddit's "best" sort uses: wide enough that one
# lucky upvote does not beat a long-standing, well-liked comment.
WILSON_Z_80 = 1.281551565545

# Top periods use fixed lengths rather than calendar months and years so "top this
# month" covers the same span whatever day it is asked on.
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
MONTH = timedelta(days=30)
YEAR = timedelta(days=365)


class TopPeriod(Enum):
    """Window of the "top" listing."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ALL = "all"


_PERIOD_LENGTH: dict[TopPeriod, timedelta] = {
    TopPeriod.DAY: DAY,
    TopPeriod.WEEK: WEEK,
    TopPeriod.MONTH: MONTH,
    TopPeriod.YEAR: YEAR,
}


def as_utc(moment: datetime) -> datetime:
    """Return the moment as an aware UTC datetime, reading a naive one as UTC."""
    # SQLite hands back naive datetimes even for timezone-aware columns; everything
    # the application stores is UTC, so a naive value is UTC by convention.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def hot_rank(score: int, created_at: datetime) -> float:
    """Return the hot rank of an item with this net score, created at this moment."""
    # Votes count logarithmically (the first 10 weigh as much as the next 90) and
    # time linearly, so age eventually beats any score.
    order = math.log10(max(abs(score), 1))
    sign = (score > 0) - (score < 0)
    seconds = (as_utc(created_at) - HOT_EPOCH).total_seconds()
    # Rounded so equal inputs give equal floats whatever the platform's last bits.
    return round(sign * order + seconds / HOT_DECAY_SECONDS, 7)


def wilson_lower_bound(upvotes: int, downvotes: int, z: float = WILSON_Z_80) -> float:
    """Return the lower bound of the Wilson score interval for the share of upvotes."""
    # Ranks by what the votes let us be confident of, not by the raw ratio, so
    # 1 up / 0 down does not beat 100 up / 2 down.
    n = upvotes + downvotes
    if n <= 0:
        return 0.0
    phat = upvotes / n
    z2 = z * z
    centre = phat + z2 / (2 * n)
    spread = z * math.sqrt((phat * (1 - phat) + z2 / (4 * n)) / n)
    return max(0.0, (centre - spread) / (1 + z2 / n))


def controversy(upvotes: int, downvotes: int) -> float:
    """Return how contested an item is: many votes, evenly split, rank highest."""
    # Reddit's formula: magnitude raised to the balance, so a one-sided item scores 0
    # and 50/50 splits score their full vote count.
    if upvotes <= 0 or downvotes <= 0:
        return 0.0
    magnitude = upvotes + downvotes
    balance = min(upvotes, downvotes) / max(upvotes, downvotes)
    return float(magnitude**balance)


def top_since(period: TopPeriod, now: datetime) -> datetime | None:
    """Return the earliest creation time included in this top period, or None for all time."""
    length = _PERIOD_LENGTH.get(period)
    if length is None:
        return None
    return as_utc(now) - length
