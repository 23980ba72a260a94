"""Reporting posts and comments: once per person, with a reason, and never one's own."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from board.domain.moderation import RemovalReason, ReportReason
from board.domain.permissions import Role
from board.models.base import utcnow
from board.models.moderation import Report
from board.services import moderation
from tests.factories import field_errors, make_comment, make_post, make_user, post_path


@pytest.fixture
def author(session):
    return make_user(session, "author", display_name="Ada Author")


@pytest.fixture
def post(session, author):
    return make_post(session, author, "A provocative take", "Everyone is **wrong**.")


@pytest.fixture
def comment(session, post):
    return make_comment(session, make_user(session, "critic"), post, "A *sharp* reply.")


@pytest.fixture
def me(session, login):
    user = make_user(session, "reporter")
    session.commit()
    login(user)
    return user


def _reports(session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.id)))


def test_the_form_shows_the_item_in_context_and_every_reason(client, post, comment, me):
    html = client.get(f"/report/comment/{comment.id}").get_data(as_text=True)

    assert "A provocative take" in html
    assert "<em>sharp</em>" in html  # the comment itself, as it reads in the thread
    for label in ["Spam", "Harassment", "Hate", "Misinformation", "Off-topic", "Other"]:
        assert f"> {label}</label>" in html
    assert 'name="text"' in html

    html = client.get(f"/report/post/{post.id}").get_data(as_text=True)
    assert "A provocative take" in html
    assert 'value="spam"' in html


def test_filing_a_report_thanks_and_returns_to_the_post(client, session, post, me):
    response = client.post(f"/report/post/{post.id}", data={"reason": "spam", "text": " Ads "})

    assert (response.status_code, response.location) == (302, post_path(post))
    [report] = _reports(session)
    assert (report.reporter_id, report.post_id, report.comment_id) == (me.id, post.id, None)
    assert (report.reason, report.text) == (ReportReason.SPAM, "Ads")
    html = client.get(response.location).get_data(as_text=True)
    assert "Thanks — a moderator will look at it." in html


def test_a_reported_comment_returns_to_its_place_in_the_thread(client, session, post, comment, me):
    response = client.post(f"/report/comment/{comment.id}", data={"reason": "harassment"})

    assert response.location == f"{post_path(post)}#c{comment.id}"
    [report] = _reports(session)
    assert (report.comment_id, report.post_id, report.reason) == (
        comment.id,
        None,
        ReportReason.HARASSMENT,
    )


def test_each_person_reports_an_item_once(client, session, post, me):
    client.post(f"/report/post/{post.id}", data={"reason": "spam"})

    html = client.get(f"/report/post/{post.id}").get_data(as_text=True)
    assert "You have reported this already" in html
    assert 'name="reason"' not in html

    response = client.post(f"/report/post/{post.id}", data={"reason": "hate"})
    assert response.status_code == 200
    assert "You have reported this already" in response.get_data(as_text=True)
    assert [r.reason for r in _reports(session)] == [ReportReason.SPAM]


def test_another_person_may_report_the_same_item(client, session, post, me, login):
    client.post(f"/report/post/{post.id}", data={"reason": "spam"})
    other = make_user(session, "second")
    session.commit()
    login(other)

    response = client.post(f"/report/post/{post.id}", data={"reason": "misinformation"})

    assert response.status_code == 302
    assert [r.reporter_id for r in _reports(session)] == [me.id, other.id]


def test_a_reason_is_required(client, session, post, me):
    response = client.post(f"/report/post/{post.id}", data={"text": "Something"})

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_errors(html, "reason") == ["Choose a reason."]
    assert "\nSomething</textarea>" in html  # the typed text is kept
    assert _reports(session) == []


def test_other_needs_a_text_and_keeps_the_choice(client, session, post, me):
    response = client.post(f"/report/post/{post.id}", data={"reason": "other", "text": "   "})

    html = response.get_data(as_text=True)
    assert field_errors(html, "text") == ["Tell the moderators what is wrong."]
    assert re.search(r'<input checked [^>]*value="other"', html)  # the choice is kept
    assert _reports(session) == []

    client.post(f"/report/post/{post.id}", data={"reason": "other", "text": "Plagiarised"})
    assert [(r.reason, r.text) for r in _reports(session)] == [(ReportReason.OTHER, "Plagiarised")]


def test_the_text_is_limited_to_500_characters(client, session, post, me):
    response = client.post(f"/report/post/{post.id}", data={"reason": "spam", "text": "x" * 501})

    html = response.get_data(as_text=True)
    assert field_errors(html, "text") == ["Use at most 500 characters."]
    assert "x" * 501 in html  # the typed text is kept
    assert _reports(session) == []

    response = client.post(f"/report/post/{post.id}", data={"reason": "spam", "text": "y" * 500})
    assert response.status_code == 302
    assert [len(r.text) for r in _reports(session)] == [500]


def test_the_typed_text_is_escaped_when_the_form_comes_back(client, post, me):
    response = client.post(
        f"/report/post/{post.id}",
        data={"reason": "other", "text": "<script>alert(1)</script>" * 30},
    )

    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert unescape("&lt;script&gt;alert(1)&lt;/script&gt;") in unescape(html)


def test_anonymous_readers_are_sent_to_sign_in(client, post):
    response = client.get(f"/report/post/{post.id}")

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    assert client.post(f"/report/post/{post.id}", data={"reason": "spam"}).status_code == 302


def test_nobody_reports_their_own_content(client, session, post, author, login):
    login(author)

    assert client.get(f"/report/post/{post.id}").status_code == 403
    assert client.post(f"/report/post/{post.id}", data={"reason": "spam"}).status_code == 403
    assert _reports(session) == []


def test_removed_content_cannot_be_reported(client, session, post, comment, me):
    moderator = make_user(session, "moderator1", role=Role.MODERATOR)
    moderation.remove(session, moderator, comment, RemovalReason.SPAM)
    session.commit()

    response = client.post(f"/report/comment/{comment.id}", data={"reason": "spam"})

    assert response.status_code == 403
    assert _reports(session) == []


def test_a_sanctioned_member_cannot_report(client, session, post, me):
    me.restricted_until = utcnow() + timedelta(days=3)
    session.commit()

    assert client.get(f"/report/post/{post.id}").status_code == 403
    assert client.post(f"/report/post/{post.id}", data={"reason": "spam"}).status_code == 403
    assert _reports(session) == []


@pytest.mark.parametrize("url", ["/report/user/1", "/report/post/999", "/report/comment/999"])
def test_unknown_kinds_and_items_are_not_found(client, post, me, url):
    assert client.get(url).status_code == 404


def test_a_deleted_post_is_not_revealed(client, session, post, author, me):
    from board.services import posts

    posts.delete_post(session, author, post)
    session.commit()

    assert client.get(f"/report/post/{post.id}").status_code == 404
