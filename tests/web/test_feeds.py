"""Atom feeds: valid Atom 1.0, absolute links, and never hidden text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.services import comments, moderation, posts
from tests.factories import make_comment, make_post, make_tag, make_user

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314  (our own output, under test)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for link in root.iter(f"{ATOM}link"):
        assert link.get("href", "").startswith("http://board.test/"), link.get("href")
    return root


def _entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def _text(entry: ET.Element, name: str) -> str:
    found = entry.find(f"{ATOM}{name}")
    assert found is not None, name
    return found.text or ""


@pytest.fixture
def author(session):
    return make_user(session, "ada", display_name="Ada <Lovelace> & co")


def test_the_front_page_feed_carries_posts_with_escaped_html(client, session, author):
    tag = make_tag(session, "hiring", "Hiring & firing")
    post = make_post(
        session, author, "Bridges & <tunnels>", "Some **bold** <script>x</script>", tags=[tag]
    )
    make_post(session, author, "A draft", publish=False)
    session.commit()

    [entry] = _entries(_feed(client, "/feed.atom"))

    assert _text(entry, "title") == "Bridges & <tunnels>"
    assert _text(entry, "id") == f"http://board.test/p/{post.id}"
    link = entry.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == f"http://board.test/p/{post.id}/bridges-tunnels"
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.get("type") == "html"
    assert "<strong>bold</strong>" in (content.text or "") and "<script>" not in content.text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Ada <Lovelace> & co"
    category = entry.find(f"{ATOM}category")
    assert category is not None and category.get("label") == "Hiring & firing"


def test_tag_and_user_feeds(client, session, author):
    hiring, design = make_tag(session, "hiring"), make_tag(session, "design")
    make_post(session, author, "Hiring post", tags=[hiring])
    make_post(session, make_user(session), "Design post", tags=[design])
    session.commit()

    assert [_text(e, "title") for e in _entries(_feed(client, "/t/hiring/feed.atom"))] == [
        "Hiring post"
    ]
    assert [_text(e, "title") for e in _entries(_feed(client, "/u/ada/feed.atom"))] == [
        "Hiring post"
    ]
    assert client.get("/t/nope/feed.atom").status_code == 404
    assert client.get("/u/nobody/feed.atom").status_code == 404


def test_a_comment_feed_never_carries_removed_or_deleted_text(client, session, author):
    post = make_post(session, author, "A debate")
    reader = make_user(session)
    make_comment(session, reader, post, "A *fair* point.")
    removed = make_comment(session, reader, post, "REMOVED-SECRET insult")
    deleted = make_comment(session, reader, post, "DELETED-SECRET regret")
    moderation.remove(session, make_user(session, role=Role.MODERATOR), removed, RemovalReason.HATE)
    comments.delete_comment(session, reader, deleted)
    session.commit()

    response = client.get(f"/p/{post.id}/comments.atom")
    root = _feed(client, f"/p/{post.id}/comments.atom")

    assert "SECRET" not in response.get_data(as_text=True)
    [entry] = _entries(root)
    assert "<em>fair</em>" in _text(entry, "content")


def test_hidden_posts_have_no_comment_feed(client, session, author):
    removed = make_post(session, author, "REMOVED-TITLE")
    moderation.remove(session, make_user(session, role=Role.MODERATOR), removed, RemovalReason.SPAM)
    deleted = make_post(session, author, "Deleted")
    posts.delete_post(session, author, deleted)
    draft = make_post(session, author, "Draft", publish=False)
    session.commit()

    for post in (removed, deleted, draft):
        assert client.get(f"/p/{post.id}/comments.atom").status_code == 404
    assert "REMOVED-TITLE" not in client.get("/feed.atom").get_data(as_text=True)


def test_an_empty_feed_is_still_valid(client):
    assert _entries(_feed(client, "/feed.atom")) == []


def test_control_characters_are_dropped(client, session, author):
    make_post(session, author, "Bell\x07 and tab\tend")
    session.commit()

    [entry] = _entries(_feed(client, "/feed.atom"))

    assert _text(entry, "title") == "Bell and tab\tend"


def test_pages_point_at_their_feeds(client, session, author):
    tag = make_tag(session, "hiring")
    post = make_post(session, author, tags=[tag])
    session.commit()
    link = '<link rel="alternate" type="application/atom+xml"'

    for url, feed in [
        ("/", "/feed.atom"),
        ("/t/hiring", "/t/hiring/feed.atom"),
        ("/u/ada", "/u/ada/feed.atom"),
        (f"/p/{post.id}/{post.slug}", f"/p/{post.id}/comments.atom"),
    ]:
        html = client.get(url).get_data(as_text=True)
        assert link in html and f'href="{feed}"' in html, url
