"""Moderation's closed sets and policy numbers, and the pure rules about time and reports."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

MAX_PINNED_POSTS = 3  # more pins than fit on one screen push the actual debates below the fold
REPORT_TEXT_MAX = 500  # enough to point at the problem; the item itself is the evidence
APPEAL_TEXT_MAX = 1_000  # an appeal states a case once; it is not a second debate
MOD_NOTE_MAX = 2_000  # private notes record facts for the next moderator, not essays
REASON_NOTE_MAX = 500  # a moderator's note beside a listed reason
SANCTION_MIN = timedelta(days=1)  # shorter than a day is a warning, which a note does better
SANCTION_MAX = timedelta(days=365)  # longer than a year is a ban: say so honestly
# A permanent ban is stored as an end date nobody reaches, so "restricted until" is one column.
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)
SLOW_MODE_CHOICES = (0, 1, 5, 10, 30, 60)  # minutes between one person's comments; 0 is off


class ReportReason(Enum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    MISINFORMATION = "misinformation"
    OFF_TOPIC = "off_topic"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()


class RemovalReason(Enum):
    SPAM = "spam"
    HARASSMENT = "harassment"
    HATE = "hate"
    MISINFORMATION = "misinformation"
    OFF_TOPIC = "off_topic"
    INCIVILITY = "incivility"
    PERSONAL_INFORMATION = "personal_information"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "off_topic": "off-topic",
            "personal_information": "personal information",
        }.get(self.value, self.value)


class ModActionKind(Enum):
    REMOVE_POST = "remove_post"
    RESTORE_POST = "restore_post"
    REMOVE_COMMENT = "remove_comment"
    RESTORE_COMMENT = "restore_comment"
    LOCK_POST = "lock_post"
    UNLOCK_POST = "unlock_post"
    LOCK_THREAD = "lock_thread"
    UNLOCK_THREAD = "unlock_thread"
    SLOW_MODE = "slow_mode"
    PIN_POST = "pin_post"
    UNPIN_POST = "unpin_post"
    SUSPEND_USER = "suspend_user"
    BAN_USER = "ban_user"
    LIFT_SANCTION = "lift_sanction"
    SET_ROLE = "set_role"
    DISMISS_REPORTS = "dismiss_reports"
    UPHOLD_APPEAL = "uphold_appeal"
    REVERSE_APPEAL = "reverse_appeal"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class AppealState(Enum):
    OPEN = "open"
    UPHELD = "upheld"  # the moderator's action stands
    REVERSED = "reversed"  # the action was undone


# Actions a person can appeal: those that took something from them.
APPEALABLE = frozenset(
    {
        ModActionKind.REMOVE_POST,
        ModActionKind.REMOVE_COMMENT,
        ModActionKind.SUSPEND_USER,
        ModActionKind.BAN_USER,
    }
)


def is_restricted(restricted_until: datetime | None, now: datetime) -> bool:
    """Tell whether a suspension or ban is in force at `now` (it ends on its own)."""
    return restricted_until is not None and restricted_until > now


def is_permanent(restricted_until: datetime | None) -> bool:
    """Tell whether a restriction is a permanent ban."""
    return restricted_until is not None and restricted_until >= PERMANENT


def sanction_end(now: datetime, days: int | None) -> datetime:
    """Return when a sanction of `days` (None for a ban) given at `now` ends."""
    if days is None:
        return PERMANENT
    length = timedelta(days=days)
    if not SANCTION_MIN <= length <= SANCTION_MAX:
        raise ValueError("a suspension lasts from 1 day to 1 year")
    return now + length


def slow_mode_wait(
    last_comment_at: datetime | None, minutes: int, now: datetime
) -> timedelta | None:
    """Return how long the person must still wait to comment under slow mode, or None."""
    if not minutes or last_comment_at is None:
        return None
    ready = last_comment_at + timedelta(minutes=minutes)
    return ready - now if ready > now else None


@dataclass(frozen=True)
class ReportGroup:
    """All open reports of one item, for the moderator queue."""

    kind: str  # "post" or "comment"
    target_id: int
    count: int
    reasons: dict[str, int]
    latest: datetime


def group_reports(reports: Iterable[tuple[str, int, str, datetime]]) -> list[ReportGroup]:
    """Group (kind, target id, reason, created_at) rows by item, most reported first."""
    groups: dict[tuple[str, int], list[tuple[str, datetime]]] = {}
    for kind, target_id, reason, created_at in reports:
        groups.setdefault((kind, target_id), []).append((reason, created_at))
    result = []
    for (kind, target_id), rows in groups.items():
        reasons: dict[str, int] = {}
        for reason, _ in rows:
            reasons[reason] = reasons.get(reason, 0) + 1
        latest = max(created for _, created in rows)
        result.append(ReportGroup(kind, target_id, len(rows), reasons, latest))
    # Most reported first; among equals, the most recently reported first.
    result.sort(key=lambda g: (-g.count, -g.latest.timestamp(), g.kind, g.target_id))
    return result


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Return the change from old to new as ("same" | "removed" | "added", text) runs of words."""
    before = _TOKENS.findall(old)
    after = _TOKENS.findall(new)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("removed", "".join(before[a1:a2])))
        if b2 > b1:
            runs.append(("added", "".join(after[b1:b2])))
    return runs
