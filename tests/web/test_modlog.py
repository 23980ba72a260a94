"""The public moderation log: entries, links, filters, pages, the Atom feed and entry pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from flask import g

from board.domain.moderation import ModActionKind, RemovalReason
from board.domain.permissions import Role
from board.models.post import Post
from board.models.user import User
from board.services import moderation, sanctions
from board.services.modlog import LOG_PER_PAGE
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def people(session):
    return {
        "author": make_user(session, "ada", display_name="Ada Lovelace"),
        "mod": make_user(session, "moira", role=Role.MODERATOR, display_name="Moira Keen"),
        "admin": make_user(session, "rita", role=Role.ADMIN, display_name="Rita Admin"),
    }


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _entries(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="card modlog-entry" id="a(\d+)"', html)]


def test_anyone_reads_the_log_newest_first_with_links_and_reasons(client, session, people):
    ada, mod = people["author"], people["mod"]
    post = make_post(session, ada, "Taxes are theft", "SECRET POST BODY")
    comment = make_comment(session, ada, post, "SECRET COMMENT BODY")
    removed_comment = moderation.remove(session, mod, comment, RemovalReason.PERSONAL_INFORMATION,
                                        "Posted a phone number", now=NOW)  # fmt: skip
    removed_post = moderation.remove(session, mod, post, RemovalReason.OFF_TOPIC,
                                     now=NOW + timedelta(minutes=1))  # fmt: skip
    ban = sanctions.sanction(
        session, mod, ada, 7, "Repeated doxxing", now=NOW + timedelta(minutes=2)
    )
    cli = moderation.record(session, None, ModActionKind.SET_ROLE, subject_id=mod.id,
                            detail="moderator", now=NOW + timedelta(minutes=3))  # fmt: skip
    session.commit()

    html = _html(client, "/moderation")

    assert _entries(html) == [cli.id, ban.action_id, removed_post.id, removed_comment.id]
    assert '<a href="/u/moira">Moira Keen</a>' in html
    assert "an admin (command line)" in html
    assert "remove comment" in html and "remove post" in html and "suspend user" in html
    # Targets: a post by its title, a comment by its permalink, author and post; users by profile.
    assert f'<a href="/p/{post.id}">Taxes are theft</a>' in html
    assert f'<a href="/c/{comment.id}">a comment</a> by' in html
    assert '<a href="/u/ada">Ada Lovelace</a> on' in html
    # Listed reasons by their label; notes and details as written.
    assert "personal information" in html and "off-topic" in html
    assert "Posted a phone number" in html and "Repeated doxxing" in html and "for 7 days" in html
    # The log names removed content; it never shows its text.
    assert "SECRET" not in html
    assert f'href="/moderation/{removed_comment.id}"' in html


def test_the_log_is_empty_at_first(client):
    html = _html(client, "/moderation")

    assert "Nothing to report" in html
    assert _entries(html) == []


def test_the_log_filters_by_action_and_moderator(client, session, people):
    ada, mod, admin = people["author"], people["mod"], people["admin"]
    post = make_post(session, ada)
    removal = moderation.remove(session, mod, post, RemovalReason.SPAM, now=NOW)
    restore = moderation.restore(session, admin, post, now=NOW + timedelta(minutes=1))
    lock = moderation.set_lock(session, mod, post, True, "Cooling off", NOW + timedelta(minutes=2))
    session.commit()

    assert _entries(_html(client, "/moderation?action=remove_post")) == [removal.id]
    assert _entries(_html(client, "/moderation?moderator=moira")) == [lock.id, removal.id]
    assert _entries(_html(client, "/moderation?moderator=RITA")) == [restore.id]
    assert _entries(_html(client, "/moderation?action=lock_post&moderator=moira")) == [lock.id]
    assert _entries(_html(client, "/moderation?action=&moderator=")) == [lock.id, restore.id,
                                                                         removal.id]  # fmt: skip
    html = _html(client, "/moderation?action=ban_user")
    assert "No entries match these filters." in html
    # The form offers the moderators and admins, not members, and keeps the choice selected.
    html = _html(client, "/moderation?action=lock_post&moderator=moira")
    assert '<option value="moira" selected>' in html and '<option value="rita">' in html
    assert 'value="ada"' not in html
    assert '<option value="lock_post" selected>' in html


@pytest.mark.parametrize("query", ["action=explode", "moderator=nobody", "page=-1"])
def test_bad_filters_are_not_found(client, people, query):
    assert client.get(f"/moderation?{query}").status_code == 404


def test_the_log_pages_by_fifty_and_keeps_the_filter(client, session, people):
    mod = people["mod"]
    post = make_post(session, people["author"])
    ids = [
        moderation.set_pin(session, mod, post, i % 2 == 0, now=NOW + timedelta(seconds=i)).id
        for i in range(LOG_PER_PAGE + 1)
    ]
    session.commit()

    first = _html(client, "/moderation?moderator=moira")
    second = _html(client, "/moderation?moderator=moira&page=2")

    assert _entries(first) == ids[::-1][:LOG_PER_PAGE]
    assert _entries(second) == [ids[0]]
    assert 'href="/moderation?page=2&amp;moderator=moira"' in first or (
        'href="/moderation?moderator=moira&amp;page=2"' in first
    )
    assert "No more entries." in _html(client, "/moderation?page=3")


def test_the_log_reads_a_fixed_number_of_statements(client, session, people, count_queries):
    ids = people["author"].id, people["mod"].id, make_post(session, people["author"]).id

    def add(count: int) -> None:
        ada, mod, post = (
            session.get(User, ids[0]),
            session.get(User, ids[1]),
            session.get(Post, ids[2]),
        )
        for _ in range(count):
            comment = make_comment(session, ada, post)
            moderation.remove(session, mod, comment, RemovalReason.SPAM)
        sanctions.sanction(session, mod, ada, 1, "A day")
        sanctions.lift(session, mod, ada)
        session.commit()
        session.remove()

    def measure() -> int:
        with count_queries() as counted:
            _html(client, "/moderation")
        return counted.count

    add(1)
    few = measure()
    add(40)
    assert measure() == few


def test_the_atom_feed_is_valid_and_escapes_what_moderators_wrote(client, session, people):
    ada, mod = people["author"], people["mod"]
    post = make_post(session, ada, "Fish & <chips>")
    moderation.remove(session, mod, post, RemovalReason.SPAM, "Spam & eggs", now=NOW)
    sneaky = moderation.record(session, mod, ModActionKind.LOCK_POST, target=post,
                               reason="<script>alert(1)</script>", note="</content><x>",
                               now=NOW + timedelta(hours=1))  # fmt: skip
    session.commit()

    response = client.get("/moderation.atom")

    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    body = response.get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;" in body
    feed = ElementTree.fromstring(response.data)  # noqa: S314 (our own output, in a test)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == "http://board.test/moderation"
    assert feed.findtext(f"{ATOM}title") == "Board moderation log"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T13:00:00Z"
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == "http://board.test/moderation.atom"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    newest = entries[0]
    assert newest.findtext(f"{ATOM}id") == f"http://board.test/moderation/{sneaky.id}"
    assert newest.findtext(f"{ATOM}updated") == "2026-03-01T13:00:00Z"
    assert newest.findtext(f"{ATOM}title") == "Moira Keen: lock post — “Fish & <chips>”"
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Moira Keen"
    link = newest.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"http://board.test/moderation/{sneaky.id}"
    content = newest.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "text"
    assert "Reason: <script>alert(1)</script>" in (content.text or "")
    assert "Note: </content><x>" in (content.text or "")
    assert "Reason: spam" in (entries[1].findtext(f"{ATOM}content") or "")


def test_the_atom_feed_of_an_empty_log_is_valid(client):
    feed = ElementTree.fromstring(client.get("/moderation.atom").data)  # noqa: S314

    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}updated")


def test_an_entry_has_its_own_page(client, session, people):
    ada, mod = people["author"], people["mod"]
    comment = make_comment(session, ada, make_post(session, ada, "On bridges"), "THE BODY")
    action = moderation.remove(session, mod, comment, RemovalReason.HATE, "Slur", now=NOW)
    session.commit()

    html = _html(client, f"/moderation/{action.id}")

    assert f"Log entry #{action.id}" in html
    assert "remove comment" in html and "hate" in html and "Slur" in html
    assert "1 March 2026" in html
    assert "On bridges" in html and "THE BODY" not in html
    assert "Appeal" not in html  # an anonymous reader cannot appeal
    assert client.get(f"/moderation/{action.id + 1}").status_code == 404


def test_the_entry_page_offers_an_appeal_only_to_its_subject(client, session, people, login):
    ada, mod = people["author"], people["mod"]
    bob = make_user(session, "bob")
    post = make_post(session, ada)
    removal = moderation.remove(session, mod, post, RemovalReason.SPAM, now=NOW)
    lock = moderation.set_lock(session, mod, make_post(session, ada), True, "Calm", NOW)
    session.commit()
    appeal_link = f'href="/moderation/{removal.id}/appeal"'

    login(bob)
    assert appeal_link not in _html(client, f"/moderation/{removal.id}")
    login(ada)
    assert appeal_link in _html(client, f"/moderation/{removal.id}")
    # A lock took nothing from the author: nothing to appeal.
    assert "/appeal" not in _html(client, f"/moderation/{lock.id}")
    g.pop("_login_user", None)


def test_nobody_can_change_or_delete_a_log_entry(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/moderation") and not rule.endpoint.startswith("appeals."):
            assert rule.methods is not None
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {"modlog.index", "modlog.feed", "modlog.entry"} <= endpoints
