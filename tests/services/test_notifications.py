"""The inbox: who is told, unread counts, marking read, and a page read in fixed queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from board.domain.moderation import PERMANENT, AppealState, RemovalReason
from board.domain.permissions import Role
from board.models.notification import Notification, NotificationKind, ThreadMute
from board.models.user import User
from board.services import appeals, moderation, notifications, sanctions
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_notify_skips_the_actor_and_nobody(session):
    ada = make_user(session, "ada")

    own = notifications.notify(session, ada.id, NotificationKind.CONTENT_REMOVED, actor_id=ada.id)
    nobody = notifications.notify(session, None, NotificationKind.CONTENT_REMOVED)
    told = notifications.notify(session, ada.id, NotificationKind.CONTENT_REMOVED, actor_id=None)
    session.flush()

    assert own is None and nobody is None
    assert told is not None
    assert notifications.unread_count(session, ada) == 1


def test_a_moderator_removing_their_own_comment_is_not_told(session):
    mod = make_user(session, "moira", role=Role.MODERATOR)
    comment = make_comment(session, mod, make_post(session, mod))

    moderation.remove(session, mod, comment, RemovalReason.SPAM)
    session.flush()

    assert notifications.unread_count(session, mod) == 0


def test_unread_count_counts_only_the_users_unread_notifications(session):
    ada, bob = make_user(session, "ada"), make_user(session, "bob")
    for _ in range(3):
        notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED)
    notifications.notify(session, bob.id, NotificationKind.SANCTION_LIFTED)
    session.flush()
    first = notifications.inbox(session, ada).items[0]
    notifications.mark_read(session, ada, first.id)

    assert notifications.unread_count(session, ada) == 2
    assert notifications.unread_count(session, bob) == 1


def test_mark_read_changes_only_the_owners_notifications(session):
    ada, bob = make_user(session, "ada"), make_user(session, "bob")
    mine = notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED)
    notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED)
    theirs = notifications.notify(session, bob.id, NotificationKind.SANCTION_LIFTED)
    session.flush()
    assert mine is not None and theirs is not None

    assert notifications.mark_read(session, ada, theirs.id) == 0
    assert notifications.mark_read(session, ada, mine.id) == 1
    assert notifications.mark_read(session, ada, mine.id) == 0  # already read
    assert (notifications.unread_count(session, ada), notifications.unread_count(session, bob)) == (
        1,
        1,
    )

    assert notifications.mark_read(session, ada) == 1
    assert (notifications.unread_count(session, ada), notifications.unread_count(session, bob)) == (
        0,
        1,
    )


def test_the_inbox_is_newest_first_and_only_the_users(session):
    ada, bob = make_user(session, "ada"), make_user(session, "bob")
    for day in range(3):
        notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED,
                             summary=f"day {day}", now=NOW + timedelta(days=day))  # fmt: skip
    notifications.notify(session, bob.id, NotificationKind.SANCTION_LIFTED, summary="bob's")
    session.flush()

    page = notifications.inbox(session, ada)

    assert [n.summary for n in page.items] == ["day 2", "day 1", "day 0"]
    assert not page.has_next


def _mixed(session, member: User, mods: list[User], count: int) -> None:
    """Give `member` `count` notifications of every moderation kind, in turn."""
    post = make_post(session, member, "Under moderation")
    for i in range(count):
        mod = mods[i % len(mods)]
        match i % 4:
            case 0:
                moderation.remove(session, mod, make_comment(session, member, post),
                                  RemovalReason.INCIVILITY, now=NOW)  # fmt: skip
            case 1:
                comment = make_comment(session, member, post)
                moderation.remove(session, mod, comment, RemovalReason.SPAM, now=NOW)
                moderation.restore(session, mod, comment, now=NOW)
            case 2:
                sanctions.sanction(session, mod, member, 3, "Heated", now=NOW)
                sanctions.lift(session, mod, member, now=NOW)
            case 3:
                action = moderation.remove(session, mod, make_comment(session, member, post),
                                           RemovalReason.OFF_TOPIC, now=NOW)  # fmt: skip
                appeal = appeals.file_appeal(session, member, action, "Please look again.")
                appeals.decide(session, mods[(i + 1) % len(mods)], appeal, reverse=i % 8 == 3)
    session.flush()


def _read_inbox(session, user_id: int, count_queries) -> tuple[int, int]:
    session.commit()
    session.expunge_all()
    with count_queries() as counted:
        user = session.get(User, user_id)
        page = notifications.inbox(session, user)
        extra = notifications.inbox_context(session, page.items)
        # Touch what the inbox shows: a lazy load here would raise (raise_on_sql) or count.
        for n in page.items:
            _ = (n.post and n.post.title, n.comment and n.comment.id, n.actor and n.actor.username)
            _ = (n.action and n.action.reason, extra.appeals.get(n.action_id or 0))
    return counted.count, len(page.items)


def test_the_inbox_reads_a_fixed_number_of_statements(session, count_queries):
    member = make_user(session, "member")
    mods = [make_user(session, f"warden{i}", role=Role.MODERATOR) for i in range(2)]
    _mixed(session, member, mods, 2)
    member_id, mod_ids = member.id, [m.id for m in mods]

    few, shown_few = _read_inbox(session, member_id, count_queries)
    _mixed(session, session.get(User, member_id), [session.get(User, m) for m in mod_ids], 16)
    many, shown_many = _read_inbox(session, member_id, count_queries)

    assert shown_few < 6 and shown_many == notifications.INBOX_PER_PAGE
    assert many == few


def test_inbox_context_has_appeal_states_and_sanction_ends(session):
    member = make_user(session, "member")
    mod, other = (make_user(session, n, role=Role.MODERATOR) for n in ("moira", "nina"))
    comment = make_comment(session, member, make_post(session, member))
    removal = moderation.remove(session, mod, comment, RemovalReason.SPAM, now=NOW)
    appeals.file_appeal(session, member, removal, "It was not spam.")
    suspension = sanctions.sanction(session, mod, member, 7, "Cool off", now=NOW)
    sanctions.lift(session, other, member, now=NOW)
    ban = sanctions.sanction(session, mod, member, None, "Enough", now=NOW)
    session.flush()
    rows = notifications.inbox(session, member).items

    extra = notifications.inbox_context(session, rows)

    assert extra.appeals == {removal.id: AppealState.OPEN}
    assert extra.sanction_ends == {
        suspension.action_id: NOW + timedelta(days=7),
        ban.action_id: PERMANENT,
    }
    assert notifications.inbox_context(session, []) == notifications.InboxContext()
    assert {n.kind for n in rows} == {
        NotificationKind.CONTENT_REMOVED,
        NotificationKind.SANCTIONED,
        NotificationKind.SANCTION_LIFTED,
    }
    assert all(isinstance(n, Notification) for n in rows)


# Replies and mentions, told in the same transaction as the comment.


def _told(session) -> list[tuple[str, NotificationKind]]:
    """Return (recipient username, kind) for every notification, oldest first."""
    rows = session.execute(
        select(User.username, Notification.kind)
        .join(User, User.id == Notification.recipient_id)
        .order_by(Notification.id)
    )
    return [(name, kind) for name, kind in rows]


@pytest.fixture
def debate(session):
    people = {name: make_user(session, name) for name in ("writer", "critic", "third")}
    post = make_post(session, people["writer"], "A claim")
    return people, post


def test_a_comment_tells_the_posts_author_and_a_reply_the_parents_author(session, debate):
    people, post = debate
    top = make_comment(session, people["critic"], post, "I disagree.")
    make_comment(session, people["third"], post, "So do I.", top)

    assert _told(session) == [
        ("writer", NotificationKind.REPLY_TO_POST),
        ("critic", NotificationKind.REPLY_TO_COMMENT),
    ]
    note = session.scalars(select(Notification).order_by(Notification.id)).first()
    assert (note.actor_id, note.post_id, note.comment_id) == (people["critic"].id, post.id, top.id)
    assert note.summary == "I disagree."


def test_mentions_tell_existing_members_once_and_never_the_writer(session, debate):
    people, post = debate
    top = make_comment(session, people["critic"], post, "Hello.")
    session.execute(delete(Notification))

    make_comment(session, people["third"], post, "@critic @CRITIC @writer @third @ghost", top)

    # The parent's author is told once, as a reply; the writer of the comment never.
    assert _told(session) == [
        ("critic", NotificationKind.REPLY_TO_COMMENT),
        ("writer", NotificationKind.MENTION),
    ]


def test_own_comments_on_own_posts_tell_nobody(session, debate):
    people, post = debate
    top = make_comment(session, people["writer"], post, "Clarifying, @writer.")
    make_comment(session, people["writer"], post, "And again.", top)

    assert _told(session) == []


def test_muted_kinds_and_muted_threads_are_respected(session, debate):
    people, post = debate
    notifications.set_muted_kinds(session, people["writer"], [NotificationKind.REPLY_TO_POST])
    notifications.mute_thread(session, people["critic"], post, True)

    top = make_comment(session, people["critic"], post, "First.")
    make_comment(session, people["third"], post, "Reply, @critic.", top)
    # A muted kind falls through to the next reason: the writer still hears of a mention.
    make_comment(session, people["third"], post, "What do you say, @writer?")

    assert _told(session) == [("writer", NotificationKind.MENTION)]

    notifications.mute_thread(session, people["critic"], post, False)
    make_comment(session, people["third"], post, "Now you hear me.", top)

    assert _told(session)[-1] == ("critic", NotificationKind.REPLY_TO_COMMENT)


def test_muting_a_thread_twice_is_one_mute(session, debate):
    people, post = debate
    notifications.mute_thread(session, people["critic"], post, True)
    notifications.mute_thread(session, people["critic"], post, True)

    assert session.scalar(select(func.count()).select_from(ThreadMute)) == 1


def test_settings_mute_only_what_may_be_muted(session, debate):
    people, _ = debate
    writer = people["writer"]

    notifications.set_muted_kinds(
        session, writer, [NotificationKind.MENTION, NotificationKind.CONTENT_REMOVED]
    )
    assert notifications.muted_kinds(session, writer) == {NotificationKind.MENTION}

    notifications.set_muted_kinds(session, writer, [NotificationKind.DELTA])
    assert notifications.muted_kinds(session, writer) == {NotificationKind.DELTA}


def test_a_published_post_tells_the_members_it_mentions(session):
    from board.models.notification import Notification, NotificationKind
    from tests.factories import make_post, make_user

    writer = make_user(session, "writer")
    named = make_user(session, "named")
    make_post(session, writer, "On mentoring", "As @named said, and @nobody_here too.")
    draft = make_post(session, writer, "Later", "Thanks @named.", publish=False)
    session.commit()

    mentions = session.query(Notification).filter_by(kind=NotificationKind.MENTION).all()
    assert [(n.recipient_id, n.comment_id) for n in mentions] == [(named.id, None)]
    assert draft.id not in [n.post_id for n in mentions]  # drafts tell nobody yet
