"""What moderation looks like on ordinary pages: placeholders, banners, badges and counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from board.domain.errors import InvalidInput
from board.domain.moderation import RemovalReason, ReportReason
from board.domain.permissions import Role
from board.models.base import utcnow
from board.services import comments, feeds, moderation, reports, sanctions
from tests.factories import make_comment, make_post, make_user, post_path


@pytest.fixture
def people(session):
    return {
        "author": make_user(session, "writer"),
        "reader": make_user(session, "reader"),
        "mod": make_user(session, "marta", role=Role.MODERATOR),
        "admin": make_user(session, "ada_admin", role=Role.ADMIN),
    }


@pytest.fixture
def post(session, people):
    post = make_post(session, people["author"], "A strong opinion", "The *original* words.")
    session.commit()
    return post


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_removed_comment_shows_the_reason_to_others_and_the_text_to_its_author(
    client, session, login, people, post
):
    comment = make_comment(session, people["author"], post, "Rude *remark*.")
    reply = make_comment(session, people["reader"], post, "A calm reply.", comment)
    moderation.remove(session, people["mod"], comment, RemovalReason.INCIVILITY)
    session.commit()

    others = _page(client, post_path(post))
    assert "[removed by a moderator: incivility]" in others
    assert "Rude <em>remark</em>" not in others
    assert "A calm reply." in others and f'id="c{reply.id}"' in others  # replies stay

    login(people["author"])
    own = _page(client, post_path(post))
    assert "Rude <em>remark</em>" in own
    assert "Removed by a moderator: incivility" in own


def test_a_removed_post_leaves_the_lists_but_keeps_a_page(client, session, people, post):
    moderation.remove(session, people["mod"], post, RemovalReason.SPAM)
    session.commit()

    assert post.id not in [p.id for p in feeds.front_page(session, feeds.FeedSort.NEW).items]
    assert "A strong opinion" not in _page(client, "/")
    assert "A strong opinion" not in _page(client, f"/u/{people['author'].username}")
    page = _page(client, f"/p/{post.id}")  # no slug: a removed post's title stays out of URLs
    assert "[removed by a moderator: spam]" in page
    assert "The <em>original</em> words." not in page


def test_a_locked_post_says_why_and_takes_no_comments(client, session, login, people, post):
    moderation.set_lock(session, people["mod"], post, True, "Going in circles.")
    session.commit()
    login(people["reader"])

    page = _page(client, post_path(post))
    assert "Locked by the moderators:" in page and "Going in circles." in page
    assert 'name="body_markdown"' not in page
    response = client.post(f"/p/{post.id}/comments", data={"body_markdown": "Still?"})
    assert response.status_code == 403


def test_slow_mode_refuses_a_second_comment_and_keeps_the_text(
    client, session, login, people, post
):
    moderation.set_slow_mode(session, people["author"], post, 10)
    session.commit()
    login(people["reader"])
    assert client.post(f"/p/{post.id}/comments", data={"body_markdown": "One"}).status_code == 302

    response = client.post(f"/p/{post.id}/comments", data={"body_markdown": "Two, at once"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Slow mode is on here" in page and "Two, at once" in page


def test_slow_mode_lets_people_comment_again_after_the_wait_and_spares_moderators(
    session, people, post
):
    start = datetime(2026, 5, 1, 12, tzinfo=UTC)
    post.slow_mode_minutes = 5
    comments.add_comment(session, people["reader"], post, "First", now=start)
    with pytest.raises(InvalidInput):
        comments.add_comment(
            session, people["reader"], post, "Soon", now=start + timedelta(minutes=4)
        )
    comments.add_comment(session, people["reader"], post, "Later", now=start + timedelta(minutes=5))
    comments.add_comment(session, people["mod"], post, "Mod 1", now=start)
    comments.add_comment(session, people["mod"], post, "Mod 2", now=start)


def test_a_sanctioned_member_sees_the_reason_and_end_on_every_page(
    client, session, login, people, post
):
    sanctions.sanction(session, people["mod"], people["reader"], 3, "Repeated insults.")
    session.commit()
    login(people["reader"])
    for url in ("/", post_path(post), "/notifications", f"/u/{people['reader'].username}"):
        page = _page(client, url)
        assert "Your account is suspended until" in page, url
        assert "Repeated insults." in page, url


def test_a_sanction_that_ended_shows_nothing(client, session, login, people):
    sanctions.sanction(session, people["mod"], people["reader"], 1, "Cool off.")
    people["reader"].restricted_until = utcnow() - timedelta(minutes=1)
    session.commit()
    login(people["reader"])
    assert "Your account is suspended" not in _page(client, "/")


def test_the_header_counts_unread_notifications_and_moderators_open_queue(
    client, session, login, people, post
):
    comment = make_comment(session, people["reader"], post, "Off topic")
    reports.file_report(session, people["author"], comment, ReportReason.OFF_TOPIC)
    reports.file_report(session, people["admin"], comment, ReportReason.SPAM)
    moderation.remove(session, people["mod"], post, RemovalReason.SPAM)
    session.commit()

    login(people["author"])
    page = _page(client, "/")
    assert 'aria-label="2 unread"' in page  # the comment on their post, and the removal
    assert "/mod/queue" not in page  # members have no queue

    login(people["admin"])
    assert 'aria-label="1 waiting"' in _page(client, "/")  # one item, however many reports


def test_staff_wear_a_badge_and_can_speak_as_moderators(client, session, people, post):
    comment = make_comment(session, people["mod"], post, "Please keep it civil.")
    moderation.speak_as_moderator(session, people["mod"], comment, True)
    session.commit()

    page = _page(client, post_path(post))
    assert ">Moderator</span>" in page
    assert "Speaking as moderator" in page
    assert ">Admin</span>" in _page(client, f"/u/{people['admin'].username}")


def test_moderators_see_an_items_report_history(client, session, login, people, post):
    reports.file_report(session, people["reader"], post, ReportReason.MISINFORMATION, "Wrong.")
    session.commit()
    login(people["mod"])
    page = _page(client, post_path(post))
    assert "Reported 1 time" in page and "Wrong." in page
    login(people["reader"])
    assert "Reported 1 time" not in _page(client, post_path(post))


def test_pinned_posts_head_the_first_page(client, session, people, post):
    for n in range(3):
        make_post(session, people["reader"], f"Newer post {n}")
    moderation.set_pin(session, people["mod"], post, True)
    session.commit()

    page = _page(client, "/")
    assert page.index("Pinned by the moderators") < page.index("Newer post")
    assert page.count("A strong opinion") == 1
