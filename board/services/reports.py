"""Reports: members flag content once; moderators work through the grouped queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import REPORT_TEXT_MAX, ModActionKind, ReportGroup, ReportReason
from board.domain.moderation import group_reports as group
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.moderation import ModAction, Report
from board.models.post import Post
from board.models.user import User
from board.services.moderation import Target, record

QUEUE_SIZE = 50  # groups shown at once; a longer queue is worked from the top anyway


@dataclass(frozen=True)
class QueueEntry:
    """One reported item with its open reports, for the moderator queue."""

    group: ReportGroup
    target: Target
    reports: list[Report]


def _target_column(target: Target):  # type: ignore[no-untyped-def]
    return Report.post_id if isinstance(target, Post) else Report.comment_id


def file_report(
    session: Session,
    reporter: User,
    target: Target,
    reason: ReportReason,
    text: str = "",
    now: datetime | None = None,
) -> Report:
    """Report a post or comment to the moderators, once per person and item."""
    moment = now or utcnow()
    if not permissions.can_report(reporter, target, moment):
        raise PermissionDenied("You cannot report this.")
    text = text.strip()
    if len(text) > REPORT_TEXT_MAX:
        raise InvalidInput([("text", f"Use at most {REPORT_TEXT_MAX} characters.")])
    if reason is ReportReason.OTHER and not text:
        raise InvalidInput([("text", "Tell the moderators what is wrong.")])
    report = Report(reporter_id=reporter.id, reason=reason, text=text, created_at=moment)
    if isinstance(target, Post):
        report.post_id = target.id
    else:
        report.comment_id = target.id
    try:
        with session.begin_nested():
            session.add(report)
    except IntegrityError:
        raise InvalidInput([("reason", "You have already reported this.")]) from None
    return report


def already_reported(session: Session, reporter: User, target: Target) -> bool:
    """Tell whether this person has reported this item before."""
    query = select(Report.id).where(
        Report.reporter_id == reporter.id, _target_column(target) == target.id
    )
    return session.scalar(query.limit(1)) is not None


def open_count(session: Session) -> int:
    """Count the reported items waiting for a moderator (the header badge)."""
    query = select(func.count(func.distinct(func.coalesce(Report.post_id, -Report.comment_id))))
    return session.scalar(query.where(Report.resolved_at.is_(None))) or 0


def queue(session: Session) -> list[QueueEntry]:
    """Return the open reports grouped by item, most reported first, with the items loaded."""
    reports = list(
        session.scalars(
            select(Report).options(joinedload(Report.reporter)).where(Report.resolved_at.is_(None))
        )
    )
    groups = group(
        (
            "post" if r.post_id else "comment",
            r.post_id or r.comment_id or 0,
            r.reason.value,
            r.created_at,
        )
        for r in reports
    )[:QUEUE_SIZE]
    post_ids = [g.target_id for g in groups if g.kind == "post"]
    comment_ids = [g.target_id for g in groups if g.kind == "comment"]
    posts = {
        p.id: p
        for p in session.scalars(
            select(Post).options(joinedload(Post.author)).where(Post.id.in_(post_ids))
        )
    }
    comments = {
        c.id: c
        for c in session.scalars(
            select(Comment)
            .options(joinedload(Comment.author), joinedload(Comment.post))
            .where(Comment.id.in_(comment_ids))
        )
    }
    entries = []
    for g in groups:
        target: Target = posts[g.target_id] if g.kind == "post" else comments[g.target_id]
        own = [
            r for r in reports if (r.post_id if g.kind == "post" else r.comment_id) == g.target_id
        ]
        entries.append(QueueEntry(g, target, sorted(own, key=lambda r: r.created_at)))
    return entries


def dismiss(
    session: Session, moderator: User, target: Target, note: str = "", now: datetime | None = None
) -> ModAction:
    """Close an item's open reports without acting on it, on the record."""
    if not permissions.is_moderator(moderator):
        raise PermissionDenied("Only moderators resolve reports.")
    moment = now or utcnow()
    action = record(session, moderator, ModActionKind.DISMISS_REPORTS, subject_id=target.author_id,
                    target=target, note=note, now=moment)  # fmt: skip
    for report in session.scalars(
        select(Report).where(_target_column(target) == target.id, Report.resolved_at.is_(None))
    ):
        report.resolved_at = moment
        report.resolution_id = action.id
    session.flush()
    return action


def history(session: Session, target: Target) -> list[Report]:
    """Return every report ever made about an item, oldest first (for moderators)."""
    return list(
        session.scalars(
            select(Report)
            .options(joinedload(Report.reporter))
            .where(_target_column(target) == target.id)
            .order_by(Report.created_at)
        )
    )


def histories(session: Session, targets: Sequence[Target]) -> dict[tuple[str, int], list[Report]]:
    """Return every report about each item in one query, keyed by ("post"|"comment", id)."""
    post_ids = [t.id for t in targets if isinstance(t, Post)]
    comment_ids = [t.id for t in targets if isinstance(t, Comment)]
    if not post_ids and not comment_ids:
        return {}
    query = (
        select(Report)
        .options(joinedload(Report.reporter))
        .where(or_(Report.post_id.in_(post_ids), Report.comment_id.in_(comment_ids)))
        .order_by(Report.created_at, Report.id)
    )
    found: dict[tuple[str, int], list[Report]] = {}
    for report in session.scalars(query):
        key = ("post", report.post_id) if report.post_id else ("comment", report.comment_id or 0)
        found.setdefault(key, []).append(report)
    return found
