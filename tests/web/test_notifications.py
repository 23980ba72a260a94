"""The notifications inbox: receipts by kind, unread highlighting, marking read, pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import select

from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.notification import Notification, NotificationKind
from board.models.post import Post
from board.models.user import User
from board.services import deltas, moderation, notifications, sanctions
from board.services.notifications import INBOX_PER_PAGE
from tests.factories import make_comment, make_post, make_user, post_path

NOW = datetime(2026, 11, 26, 9, tzinfo=UTC)


@pytest.fixture
def ada(session, login):
    user = make_user(session, "ada", display_name="Ada Lovelace")
    session.commit()
    login(user)
    return user


@pytest.fixture
def mod(session):
    return make_user(session, "moira", role=Role.MODERATOR, display_name="Moira Keen")


def _html(client, url: str = "/notifications") -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _unread(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'notification--unread" id="n(\d+)"', html)]


def _shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="card notification[^"]*" id="n(\d+)"', html)]


def test_anonymous_visitors_are_asked_to_sign_in(client):
    for response in (
        client.get("/notifications"),
        client.post("/notifications/1/read"),
        client.post("/notifications/read-all"),
    ):
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")


def test_an_empty_inbox_says_so(client, ada):
    html = _html(client)

    assert "Nothing new" in html
    assert "Mark all read" not in html


def test_each_kind_is_told_in_words_with_its_links(client, session, ada, mod):
    post = make_post(session, ada, "Bridges & tunnels")
    comment = make_comment(session, ada, post, "A comment")
    removed_comment = moderation.remove(session, mod, comment, RemovalReason.OFF_TOPIC,
                                        "Wrong thread", now=NOW)  # fmt: skip
    restored = moderation.restore(session, mod, comment, now=NOW + timedelta(minutes=1))
    removed_post = moderation.remove(session, mod, post, RemovalReason.SPAM,
                                     now=NOW + timedelta(minutes=2))  # fmt: skip
    suspension = sanctions.sanction(session, mod, ada, 7, "Cool <b>off</b>",
                                    now=NOW + timedelta(minutes=3))  # fmt: skip
    lifted = sanctions.lift(session, mod, ada, now=NOW + timedelta(minutes=4))
    ban = sanctions.sanction(session, mod, ada, None, "Enough", now=NOW + timedelta(minutes=5))
    session.commit()

    html = _html(client)

    assert "A moderator removed your comment:" in html and "<strong>off-topic</strong>" in html
    assert "Wrong thread" in html
    assert f'your <a href="/c/{comment.id}">comment</a> on' in html
    assert "A moderator removed your post:" in html and "<strong>spam</strong>" in html
    assert f'your post <a href="/p/{post.id}">Bridges &amp; tunnels</a>' in html
    assert "A moderator restored your comment" in html
    assert "suspended your account\n    until 3 December 2026:" in html
    assert "Cool &lt;b&gt;off&lt;/b&gt;" in html
    assert "lifted your suspension early" in html
    assert "banned your account\n    permanently:" in html
    for action_id in (removed_comment.id, restored.id, removed_post.id, suspension.action_id,
                      lifted.id, ban.action_id):  # fmt: skip
        assert f'href="/moderation/{action_id}"' in html
    # Removals and sanctions can be appealed; restorations and lifted sanctions cannot.
    appeal_links = re.findall(r'href="/moderation/(\d+)/appeal"', html)
    assert sorted(map(int, appeal_links)) == sorted(
        [removed_comment.id, removed_post.id, suspension.action_id, ban.action_id]
    )
    assert len(_unread(html)) == 6


def test_mark_one_read_and_then_all(client, session, ada, mod):
    for minute in range(3):
        notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED, actor_id=mod.id,
                             now=NOW + timedelta(minutes=minute))  # fmt: skip
    session.commit()
    newest, middle, oldest = _unread(_html(client))

    response = client.post(f"/notifications/{middle}/read", data={"next": "/notifications?page=1"})

    assert (response.status_code, response.location) == (302, "/notifications?page=1")
    html = _html(client)
    assert _shown(html) == [newest, middle, oldest]
    assert _unread(html) == [newest, oldest]
    assert f'action="/notifications/{middle}/read"' not in html

    response = client.post("/notifications/read-all", data={"next": "https://evil.example/"})

    assert (response.status_code, response.location) == (302, "/notifications")
    html = _html(client)
    assert _unread(html) == []
    assert "Mark all read" not in html


def test_nobody_marks_someone_elses_notifications(client, session, ada, mod):
    bob = make_user(session, "bob")
    theirs = notifications.notify(session, bob.id, NotificationKind.SANCTION_LIFTED)
    session.commit()
    assert theirs is not None

    assert client.post(f"/notifications/{theirs.id}/read").status_code == 302
    assert client.post("/notifications/read-all").status_code == 302

    assert session.scalar(select(Notification.read_at).where(Notification.id == theirs.id)) is None
    assert notifications.unread_count(session, session.get(User, bob.id)) == 1
    assert theirs.id not in _shown(_html(client))


def test_the_inbox_pages(client, session, ada):
    for minute in range(INBOX_PER_PAGE + 1):
        notifications.notify(session, ada.id, NotificationKind.SANCTION_LIFTED,
                             now=NOW + timedelta(minutes=minute))  # fmt: skip
    session.commit()

    first, second = _html(client), _html(client, "/notifications?page=2")

    assert len(_shown(first)) == INBOX_PER_PAGE
    assert len(_shown(second)) == 1
    assert 'href="/notifications?page=2"' in first
    assert "No more notifications." in _html(client, "/notifications?page=3")
    assert client.get("/notifications?page=-1").status_code == 404


def test_the_inbox_reads_a_fixed_number_of_statements(client, session, ada, mod, count_queries):
    ids = ada.id, mod.id, make_post(session, ada).id

    def add(rounds: int) -> None:
        member, moderator = session.get(User, ids[0]), session.get(User, ids[1])
        target = session.get(Post, ids[2])
        for _ in range(rounds):
            comment = make_comment(session, member, target)
            moderation.remove(session, moderator, comment, RemovalReason.SPAM)
            moderation.restore(session, moderator, comment)
            sanctions.sanction(session, moderator, member, 2, "Two days")
            sanctions.lift(session, moderator, member)
        session.commit()
        session.remove()
        g.pop("_login_user", None)

    def measure() -> int:
        with count_queries() as counted:
            _html(client)
        return counted.count

    add(1)
    few = measure()
    add(10)
    many = measure()

    assert many == few


# Debate: replies, mentions and deltas in the inbox; settings; muting a thread.


def test_replies_mentions_and_deltas_read_as_sentences(client, session, ada):
    bob = make_user(session, "bob", display_name="Bob Stone")
    post = make_post(session, ada, "Tea beats coffee")
    other = make_post(session, bob, "On mornings")
    top = make_comment(session, bob, post, "Coffee, *surely*.")
    mine = make_comment(session, ada, other, "Mornings need tea.")
    make_comment(session, bob, other, "Tea then, @ada.", mine)
    make_comment(session, bob, other, "Asking @ada too.")
    deltas.set_delta(session, ada, top, True)  # ada's own post: she gives, bob is told
    deltas.set_delta(session, bob, mine, True)
    session.commit()

    html = _html(client)

    assert "Bob Stone</a> commented on your post <a" in html and "Tea beats coffee" in html
    assert "Coffee, surely." in html  # the start of the comment, as plain text
    assert "Bob Stone</a> replied to your comment on <a" in html
    assert "Bob Stone</a> mentioned you in a comment on <a" in html
    assert "says your comment on <a" in html and "changed their mind" in html
    assert html.count("Read it in context") == 4


def test_the_settings_page_turns_kinds_off_and_on(client, session, ada):
    page = _html(client, "/settings/notifications")
    assert page.count('type="checkbox"') == 4 and page.count("checked") == 4

    response = client.post(
        "/settings/notifications",
        data={"reply_to_post": "y", "reply_to_comment": "y", "submit": "Save settings"},
    )

    assert response.status_code == 302
    assert notifications.muted_kinds(session, ada) == {
        NotificationKind.MENTION,
        NotificationKind.DELTA,
    }
    assert _html(client, "/settings/notifications").count("checked") == 2


def test_a_thread_can_be_muted_from_its_page(client, session, ada):
    post = make_post(session, make_user(session, "bob"), "Loud thread")
    session.commit()
    page = _html(client, post_path(post))
    assert "Mute this thread" in page

    response = client.post(f"/p/{post.id}/mute", data={"on": "1", "next": post_path(post)})

    assert response.location == post_path(post)
    assert "Unmute this thread" in _html(client, post_path(post))
    client.post(f"/p/{post.id}/mute", data={"on": "0"})
    assert "Mute this thread" in _html(client, post_path(post))
    assert client.post(f"/p/{post.id}/mute", data={"on": "yes"}).status_code == 400


def test_a_removed_comment_is_no_longer_quoted_in_the_inbox(client, session, ada, mod):
    post = make_post(session, ada, "Tea beats coffee")
    comment = make_comment(session, make_user(session, "bob"), post, "Something nasty.")
    moderation.remove(session, mod, comment, RemovalReason.INCIVILITY)
    session.commit()

    html = _html(client)

    assert "commented on your post" in html
    assert "Something nasty." not in html
