"""Moderation services: removals, locks, slow mode, pins, sanctions, roles, reports, appeals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from board.domain import permissions as perm
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import (
    PERMANENT,
    AppealState,
    ModActionKind,
    RemovalReason,
    ReportReason,
)
from board.domain.permissions import Role
from board.models.moderation import ModAction, Report, Sanction
from board.models.notification import Notification, NotificationKind
from board.services import appeals, comments, moderation, reports, roles, sanctions
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def author(session):
    return make_user(session, "author")


@pytest.fixture
def mod(session):
    return make_user(session, "marta", role=Role.MODERATOR)


@pytest.fixture
def post(session, author):
    return make_post(session, author, "The debate", "My **own** words.")


def _log(session, kind: ModActionKind) -> list[ModAction]:
    return list(session.scalars(select(ModAction).where(ModAction.kind == kind)))


def _notices(session, user) -> list[Notification]:
    query = select(Notification).where(Notification.recipient_id == user.id)
    return list(session.scalars(query.order_by(Notification.id)))


# Removal and restoring


def test_removal_keeps_the_text_and_logs_the_reason(session, mod, author, post):
    action = moderation.remove(session, mod, post, RemovalReason.OFF_TOPIC, "Not about work")

    assert post.removed_at is not None
    assert post.removal_reason == "off_topic"
    assert post.body_markdown == "My **own** words."
    assert (action.kind, action.reason, action.note) == (
        ModActionKind.REMOVE_POST,
        "off_topic",
        "Not about work",
    )
    assert (action.moderator_id, action.subject_id, action.post_id) == (mod.id, author.id, post.id)

    restored = moderation.restore(session, mod, post, "Fair enough")

    assert post.removed_at is None and post.removal_reason == ""
    assert post.body_markdown == "My **own** words."
    assert (restored.kind, restored.note) == (ModActionKind.RESTORE_POST, "Fair enough")
    kinds = [n.kind for n in _notices(session, author)]
    assert kinds == [NotificationKind.CONTENT_REMOVED, NotificationKind.CONTENT_RESTORED]


def test_a_removed_comment_keeps_its_text_and_its_replies(session, mod, author, post):
    top = make_comment(session, author, post, "Heated words")
    reply = make_comment(session, make_user(session), post, "A calm reply", parent=top)

    action = moderation.remove(session, mod, top, RemovalReason.INCIVILITY)

    assert (action.kind, action.comment_id, action.post_id) == (
        ModActionKind.REMOVE_COMMENT,
        top.id,
        post.id,
    )
    assert top.body_markdown == "Heated words"
    assert reply.parent_id == top.id and reply.removed_at is None


def test_removal_notifies_the_author_and_resolves_open_reports(session, mod, author, post):
    reporter = make_user(session, "reporter")
    report = reports.file_report(session, reporter, post, ReportReason.SPAM)

    action = moderation.remove(session, mod, post, RemovalReason.SPAM, now=NOW)

    session.refresh(report)
    assert (report.resolved_at, report.resolution_id) == (NOW, action.id)
    assert reports.open_count(session) == 0
    [notice] = _notices(session, author)
    assert (notice.kind, notice.action_id, notice.post_id) == (
        NotificationKind.CONTENT_REMOVED,
        action.id,
        post.id,
    )
    assert _notices(session, reporter) == []


def test_only_moderators_remove_and_notes_are_bounded(session, mod, author, post):
    with pytest.raises(PermissionDenied):
        moderation.remove(session, make_user(session), post, RemovalReason.SPAM)
    with pytest.raises(InvalidInput) as caught:
        moderation.remove(session, mod, post, RemovalReason.SPAM, "x" * 501)
    assert caught.value.messages_for("note") == ["Use at most 500 characters."]
    assert post.removed_at is None
    moderation.remove(session, mod, post, RemovalReason.SPAM)
    with pytest.raises(PermissionDenied):
        moderation.remove(session, mod, post, RemovalReason.SPAM)
    with pytest.raises(PermissionDenied):
        moderation.restore(session, author, post)


# Locks


def test_locking_a_post_stops_comments_and_votes_until_unlocked(session, mod, post):
    member = make_user(session, "member")
    with pytest.raises(InvalidInput) as caught:
        moderation.set_lock(session, mod, post, True, "  ")
    assert [field for field, _ in caught.value.reasons] == ["reason"]

    action = moderation.set_lock(session, mod, post, True, "Going in circles")

    assert (post.lock_reason, action.kind, action.note) == (
        "Going in circles",
        ModActionKind.LOCK_POST,
        "Going in circles",
    )
    assert not perm.can_vote(member, post, post, NOW)
    with pytest.raises(PermissionDenied):
        make_comment(session, member, post, "One more thing")
    make_comment(session, mod, post, "Locked because it went in circles.")

    unlock = moderation.set_lock(session, mod, post, False)

    assert post.locked_at is None and post.lock_reason == ""
    assert unlock.kind is ModActionKind.UNLOCK_POST
    make_comment(session, member, post, "One more thing")
    with pytest.raises(PermissionDenied):
        moderation.set_lock(session, member, post, True, "I am tired of it")


def test_a_thread_lock_blocks_replies_below_but_not_elsewhere(session, mod, author, post):
    member = make_user(session, "member")
    heated = make_comment(session, author, post, "Heated")
    below = make_comment(session, make_user(session), post, "Heated too", parent=heated)
    calm = make_comment(session, author, post, "Calm")

    action = moderation.set_lock(session, mod, heated, True, "Take it elsewhere")

    assert action.kind is ModActionKind.LOCK_THREAD
    for parent in (heated, below):
        with pytest.raises(PermissionDenied):
            comments.add_comment(session, member, post, "More heat", parent)
    comments.add_comment(session, member, post, "Calm reply", calm)
    comments.add_comment(session, member, post, "A new top-level comment")
    comments.add_comment(session, mod, post, "A moderator explains", below)

    assert moderation.set_lock(session, mod, heated, False).kind is ModActionKind.UNLOCK_THREAD
    comments.add_comment(session, member, post, "Cooler now", below)


# Slow mode and pins


def test_slow_mode_is_set_by_the_author_or_a_moderator_only(session, mod, author, post):
    action = moderation.set_slow_mode(session, author, post, 10)
    assert (post.slow_mode_minutes, action.detail) == (10, "one comment per 10 min")

    moderation.set_slow_mode(session, mod, post, 0)
    assert post.slow_mode_minutes == 0

    with pytest.raises(PermissionDenied):
        moderation.set_slow_mode(session, make_user(session, "other"), post, 5)
    with pytest.raises(InvalidInput) as caught:
        moderation.set_slow_mode(session, mod, post, 7)
    assert [field for field, _ in caught.value.reasons] == ["minutes"]
    assert post.slow_mode_minutes == 0


def test_at_most_three_posts_are_pinned(session, mod, author):
    posts = [make_post(session, author, f"Post {n}") for n in range(4)]
    for post in posts[:3]:
        moderation.set_pin(session, mod, post, True)
    moderation.set_pin(session, mod, posts[0], True)  # pinning a pinned post again is fine

    with pytest.raises(InvalidInput) as caught:
        moderation.set_pin(session, mod, posts[3], True)

    assert caught.value.messages_for("pin") == ["At most 3 posts can be pinned."]
    assert posts[3].pinned_at is None
    moderation.set_pin(session, mod, posts[1], False)
    moderation.set_pin(session, mod, posts[3], True)
    assert moderation.pinned_count(session) == 3
    with pytest.raises(PermissionDenied):
        moderation.set_pin(session, author, posts[1], True)


def test_only_a_moderators_own_comment_speaks_as_moderator(session, mod, author, post):
    own = make_comment(session, mod, post, "Please keep it civil.")
    other = make_comment(session, author, post, "Sure.")

    moderation.speak_as_moderator(session, mod, own, True)
    assert own.as_moderator

    with pytest.raises(PermissionDenied):
        moderation.speak_as_moderator(session, mod, other, True)
    mine = make_comment(session, author, post, "Official!")
    with pytest.raises(PermissionDenied):
        moderation.speak_as_moderator(session, author, mine, True)
    assert not other.as_moderator and not mine.as_moderator


# Sanctions and roles


@pytest.mark.parametrize(
    ("actor_role", "subject_role", "allowed"),
    [
        (Role.MODERATOR, Role.MEMBER, True),
        (Role.MODERATOR, Role.MODERATOR, False),
        (Role.ADMIN, Role.MODERATOR, True),
        (Role.ADMIN, Role.ADMIN, False),
        (Role.MODERATOR, Role.ADMIN, False),
        (Role.MEMBER, Role.MEMBER, False),
    ],
)
def test_who_may_sanction_whom(session, actor_role, subject_role, allowed):
    actor = make_user(session, "actor", role=actor_role)
    subject = make_user(session, "subject", role=subject_role)

    if allowed:
        given = sanctions.sanction(session, actor, subject, 3, "Repeated insults", NOW)
        assert given.ends_at == NOW + timedelta(days=3)
        assert perm.is_sanctioned(subject, NOW)
    else:
        with pytest.raises(PermissionDenied):
            sanctions.sanction(session, actor, subject, 3, "Repeated insults", NOW)
        assert subject.restricted_until is None


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_nobody_sanctions_themselves(session, role):
    actor = make_user(session, "actor", role=role)
    with pytest.raises(PermissionDenied):
        sanctions.sanction(session, actor, actor, 1, "Taking a break", NOW)


@pytest.mark.parametrize("days", [0, 366, -3])
def test_a_suspension_lasts_one_day_to_a_year(session, mod, author, days):
    with pytest.raises(InvalidInput) as caught:
        sanctions.sanction(session, mod, author, days, "Spam", NOW)

    assert caught.value.messages_for("days") == ["A suspension lasts from 1 day to 365 days."]
    assert author.restricted_until is None
    assert session.scalar(select(Sanction.id)) is None


def test_a_sanction_needs_a_reason(session, mod, author):
    with pytest.raises(InvalidInput) as caught:
        sanctions.sanction(session, mod, author, 1, "  ", NOW)
    assert [field for field, _ in caught.value.reasons] == ["reason"]


def test_a_suspension_ends_on_its_own_and_is_logged_and_notified(session, mod, author):
    given = sanctions.sanction(session, mod, author, 7, "Spam links", NOW)

    assert perm.is_sanctioned(author, NOW + timedelta(days=6, hours=23))
    assert not perm.is_sanctioned(author, NOW + timedelta(days=7, seconds=1))
    assert sanctions.active(session, author, NOW + timedelta(days=8)) is None
    [action] = _log(session, ModActionKind.SUSPEND_USER)
    assert (action.detail, action.note, given.action_id) == ("for 7 days", "Spam links", action.id)
    [notice] = _notices(session, author)
    assert (notice.kind, notice.summary) == (NotificationKind.SANCTIONED, "Spam links")


def test_a_ban_is_permanent(session, mod, author):
    given = sanctions.sanction(session, mod, author, None, "Spam bot", NOW)

    assert given.ends_at == PERMANENT
    assert perm.is_sanctioned(author, NOW + timedelta(days=365 * 50))
    [action] = _log(session, ModActionKind.BAN_USER)
    assert action.detail == "permanently"


def test_lifting_ends_a_sanction_early_and_keeps_the_record(session, mod, author):
    given = sanctions.sanction(session, mod, author, 30, "Cooling off", NOW)
    later = NOW + timedelta(days=2)

    action = sanctions.lift(session, mod, author, "Apologised", later)

    assert not perm.is_sanctioned(author, later)
    assert (given.lifted_at, given.lifted_by_id) == (later, mod.id)
    assert (action.kind, action.note) == (ModActionKind.LIFT_SANCTION, "Apologised")
    assert sanctions.history(session, author) == [given]
    with pytest.raises(InvalidInput) as caught:
        sanctions.lift(session, mod, author, "", later)
    assert [field for field, _ in caught.value.reasons] == ["sanction"]


def test_set_role_is_logged_with_the_change(session, author):
    admin = make_user(session, "ada", role=Role.ADMIN)

    action = roles.set_role(session, admin, author, Role.MODERATOR, NOW)

    assert author.role is Role.MODERATOR
    assert (action.kind, action.detail, action.moderator_id, action.subject_id) == (
        ModActionKind.SET_ROLE,
        "member → moderator",
        admin.id,
        author.id,
    )
    with pytest.raises(InvalidInput):
        roles.set_role(session, admin, author, Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        roles.set_role(session, author, admin, Role.MEMBER)
    with pytest.raises(PermissionDenied):
        roles.set_role(session, admin, admin, Role.MEMBER)


# Reports


def test_a_member_reports_an_item_once(session, author, post):
    reporter = make_user(session, "reporter")
    reports.file_report(session, reporter, post, ReportReason.SPAM, "Link farm")

    with pytest.raises(InvalidInput) as caught:
        reports.file_report(session, reporter, post, ReportReason.HATE)

    assert [field for field, _ in caught.value.reasons] == ["reason"]
    assert reports.already_reported(session, reporter, post)
    assert len(reports.history(session, post)) == 1
    with pytest.raises(PermissionDenied):
        reports.file_report(session, author, post, ReportReason.SPAM)


def test_other_needs_text_and_text_is_bounded(session, post):
    reporter = make_user(session, "reporter")
    with pytest.raises(InvalidInput) as caught:
        reports.file_report(session, reporter, post, ReportReason.OTHER, "  ")
    assert caught.value.messages_for("text") == ["Tell the moderators what is wrong."]
    with pytest.raises(InvalidInput) as caught:
        reports.file_report(session, reporter, post, ReportReason.SPAM, "x" * 501)
    assert caught.value.messages_for("text") == ["Use at most 500 characters."]

    reports.file_report(session, reporter, post, ReportReason.OTHER, "x" * 500)
    assert reports.open_count(session) == 1


def _report(session, target, *reasons: ReportReason, at: datetime = NOW) -> None:
    for n, reason in enumerate(reasons):
        reporter = make_user(session)
        reports.file_report(session, reporter, target, reason, now=at + timedelta(minutes=n))


def test_the_queue_groups_reports_by_item_most_reported_first(session, author, post):
    comment = make_comment(session, author, post, "Rude")
    other = make_post(session, author, "Another post")
    _report(session, post, ReportReason.SPAM)
    _report(session, comment, ReportReason.HARASSMENT, ReportReason.HARASSMENT, ReportReason.HATE)
    _report(session, other, ReportReason.OFF_TOPIC, ReportReason.SPAM)

    entries = reports.queue(session)

    assert [(e.group.kind, e.target.id, e.group.count) for e in entries] == [
        ("comment", comment.id, 3),
        ("post", other.id, 2),
        ("post", post.id, 1),
    ]
    assert entries[0].group.reasons == {"harassment": 2, "hate": 1}
    assert [r.reason for r in entries[0].reports] == [
        ReportReason.HARASSMENT,
        ReportReason.HARASSMENT,
        ReportReason.HATE,
    ]
    assert reports.open_count(session) == 3  # items, not the six reports


def test_dismissing_resolves_the_group_and_logs_it(session, mod, author, post):
    _report(session, post, ReportReason.SPAM, ReportReason.OFF_TOPIC)

    action = reports.dismiss(session, mod, post, "Not spam: a real opinion", NOW)

    assert (action.kind, action.note, action.post_id) == (
        ModActionKind.DISMISS_REPORTS,
        "Not spam: a real opinion",
        post.id,
    )
    assert reports.open_count(session) == 0 and reports.queue(session) == []
    assert post.removed_at is None
    history = reports.history(session, post)
    assert [r.resolution_id for r in history] == [action.id, action.id]
    with pytest.raises(PermissionDenied):
        reports.dismiss(session, author, post)


def test_histories_load_every_report_of_several_items_at_once(session, mod, author, post):
    comment = make_comment(session, author, post, "Rude")
    _report(session, post, ReportReason.SPAM)
    reports.dismiss(session, mod, post)
    _report(session, post, ReportReason.HATE)
    _report(session, comment, ReportReason.HARASSMENT)

    found = reports.histories(session, [post, comment])

    assert [r.reason for r in found[("post", post.id)]] == [ReportReason.SPAM, ReportReason.HATE]
    assert [r.reason for r in found[("comment", comment.id)]] == [ReportReason.HARASSMENT]
    assert reports.histories(session, []) == {}


# Appeals


def test_an_appeal_is_made_once_and_only_by_the_subject(session, mod, author, post):
    action = moderation.remove(session, mod, post, RemovalReason.SPAM)

    with pytest.raises(PermissionDenied):
        appeals.file_appeal(session, make_user(session, "friend"), action, "Unfair to my friend")
    with pytest.raises(InvalidInput):
        appeals.file_appeal(session, author, action, "   ")
    appeal = appeals.file_appeal(session, author, action, "It is not spam")
    with pytest.raises(PermissionDenied):
        appeals.file_appeal(session, author, action, "Really not spam")

    assert appeal.state is AppealState.OPEN
    assert appeals.open_appeals(session) == [appeal]


def test_only_another_moderator_decides_an_appeal(session, mod, author, post):
    removal = moderation.remove(session, mod, post, RemovalReason.SPAM)
    filed = appeals.file_appeal(session, author, removal, "Not spam")
    appeal = appeals.get_appeal(session, filed.id)  # as the view loads it, with its action

    for who in (mod, author, make_user(session, "bystander")):
        with pytest.raises(PermissionDenied):
            appeals.decide(session, who, appeal, reverse=True)

    other = make_user(session, "other_mod", role=Role.MODERATOR)
    decision = appeals.decide(session, other, appeal, reverse=False, note="It is spam", now=NOW)

    assert appeal.state is AppealState.UPHELD and post.removed_at is not None
    assert (decision.kind, decision.note, decision.subject_id) == (
        ModActionKind.UPHOLD_APPEAL,
        "It is spam",
        author.id,
    )
    with pytest.raises(InvalidInput):
        appeals.decide(session, other, appeal, reverse=True)


def test_reversing_restores_a_removed_comment_and_notifies(session, mod, author, post):
    comment = make_comment(session, author, post, "Sharp but fair")
    removal = moderation.remove(session, mod, comment, RemovalReason.INCIVILITY, now=NOW)
    appeal = appeals.file_appeal(session, author, removal, "It was fair criticism")
    other = make_user(session, "other_mod", role=Role.MODERATOR)

    decision = appeals.decide(
        session, other, appeal, reverse=True, note="Agreed", now=NOW + timedelta(hours=1)
    )

    assert comment.removed_at is None and comment.body_markdown == "Sharp but fair"
    assert appeal.state is AppealState.REVERSED
    assert (decision.kind, decision.comment_id) == (ModActionKind.REVERSE_APPEAL, comment.id)
    assert [a.moderator_id for a in _log(session, ModActionKind.RESTORE_COMMENT)] == [other.id]
    last = _notices(session, author)[-1]
    assert (last.kind, last.action_id, last.summary) == (
        NotificationKind.APPEAL_DECIDED,
        decision.id,
        "reversed",
    )


def test_reversing_a_suspension_lifts_it(session, mod, author):
    given = sanctions.sanction(session, mod, author, 30, "Insults", NOW)
    action = session.get(ModAction, given.action_id)
    appeal = appeals.file_appeal(session, author, action, "I was quoting someone")
    other = make_user(session, "other_mod", role=Role.MODERATOR)
    later = NOW + timedelta(days=1)

    appeals.decide(session, other, appeal, reverse=True, now=later)

    assert not perm.is_sanctioned(author, later)
    assert given.lifted_at == later
    assert [a.moderator_id for a in _log(session, ModActionKind.LIFT_SANCTION)] == [other.id]
    assert session.scalar(select(Report.id)) is None
