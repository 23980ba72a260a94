"""The search page: the form, results with links and highlights, errors, pages, the header box."""

from __future__ import annotations

import re

import pytest
from flask import g

from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.user import User
from board.services import moderation
from tests.factories import field_errors, make_comment, make_post, make_user


@pytest.fixture
def thread(session):
    ada, bob = make_user(session, "ada"), make_user(session, "bob")
    post = make_post(session, ada, "Wind farms at sea", "Offshore turbines.")
    comment = make_comment(session, bob, post, "Turbines <script>alert(1)</script> kill birds?")
    session.commit()
    return post, comment


def test_without_words_the_page_explains_itself(client):
    response = client.get("/search")

    assert response.status_code == 200
    assert "Type a word or a phrase" in response.text
    assert "No posts or comments match" not in response.text


def test_results_link_to_the_post_and_the_comment(client, thread):
    post, comment = thread

    html = client.get("/search?q=turbines").text

    assert f'href="/p/{post.id}/wind-farms-at-sea"' in html  # the canonical address
    assert f'href="/c/{comment.id}"' in html
    assert html.count('class="card search-hit') == 2
    assert "<mark>turbines</mark>" in html.lower()
    assert "Wind farms at sea" in html
    assert "Bob" in html  # the commenter's display name


def test_user_text_in_snippets_stays_text(client, thread):
    html = client.get("/search?q=birds").text

    assert "<script>alert(1)" not in html
    assert "<mark>birds</mark>" in html


def test_no_match_says_so(client, thread):
    html = client.get("/search?q=nuclear").text

    assert "No posts or comments match “nuclear”." in html


def test_the_form_keeps_what_was_typed(client, thread):
    html = client.get("/search?q=turbines&kind=comments&author=bob&since=2020-01-01").text

    assert re.search(r'<input[^>]*id="q"[^>]*value="turbines"', html)
    assert re.search(r'<option selected value="comments">|<option value="comments" selected', html)
    assert re.search(r'<input[^>]*id="author"[^>]*value="bob"', html)
    assert re.search(r'<input[^>]*id="since"[^>]*value="2020-01-01"', html)
    assert html.count('class="card search-hit') == 1


@pytest.mark.parametrize("field", ["since", "until"])
def test_a_bad_date_is_named_beside_its_field(client, thread, field):
    response = client.get(f"/search?q=turbines&{field}=31/02/2026")

    assert response.status_code == 200
    assert field_errors(response.text, field) == ["Enter a date like 2026-03-01."]
    assert "search-hit" not in response.text


def test_an_unknown_author_is_named_beside_the_field(client, thread):
    response = client.get("/search?q=turbines&author=nobody")

    assert response.status_code == 200
    assert field_errors(response.text, "author")
    assert re.search(r'<input[^>]*id="author"[^>]*value="nobody"', response.text)


def test_an_unknown_kind_is_an_error_not_a_crash(client, thread):
    response = client.get("/search?q=turbines&kind=everything")

    assert response.status_code == 200
    assert field_errors(response.text, "kind")


def test_removed_content_leaves_the_results(client, session, thread):
    post, _ = thread
    moderator = make_user(session, "mona", role=Role.MODERATOR)
    moderation.remove(session, moderator, post, RemovalReason.SPAM)
    session.commit()

    html = client.get("/search?q=turbines").text

    assert "search-hit" not in html
    assert "No posts or comments match" in html


def test_pages_keep_the_search(client, session):
    ada = make_user(session, "ada")
    for i in range(21):
        make_post(session, ada, f"Ferries {i}", "Across the strait.")
    session.commit()

    first = client.get("/search?q=ferries&kind=posts").text
    second = client.get("/search?q=ferries&kind=posts&page=2").text

    assert first.count('class="card search-hit') == 20
    assert re.search(r'rel="next" href="/search\?[^"]*page=2', first)
    assert "q=ferries" in re.search(r'rel="next" href="([^"]*)"', first).group(1)
    assert "kind=posts" in re.search(r'rel="next" href="([^"]*)"', first).group(1)
    assert second.count('class="card search-hit') == 1


@pytest.mark.parametrize("words", ['"', "NEAR(", "a:b", "'; DROP TABLE posts", "*", "x" * 3000])
def test_nasty_words_get_a_page(client, thread, words):
    assert client.get("/search", query_string={"q": words}).status_code == 200


def test_every_page_has_a_search_box(client):
    html = client.get("/").text

    assert re.search(r'<form class="site-search" method="get" action="/search"', html)
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_the_page_reads_the_same_statements_for_3_or_20_hits(client, session, count_queries):
    author_ids = [make_user(session).id for _ in range(5)]
    for i in range(3):
        make_post(session, session.get(User, author_ids[i]), f"Lanterns {i}", "Light.")
    few = _statements(client, session, count_queries, "/search?q=lanterns")

    authors = [session.get(User, author_id) for author_id in author_ids]
    for i in range(25):
        post = make_post(session, authors[i % 5], f"Candles {i}", "Wax.")
        make_comment(session, authors[(i + 2) % 5], post, "Lanterns are better.")
    many = _statements(client, session, count_queries, "/search?q=lanterns")

    assert len(few) == len(many)


def _statements(client, session, count_queries, url: str) -> list[str]:
    # A fresh request: nothing from the setup may sit in the identity map and hide a lazy load.
    session.commit()
    session.remove()
    g.pop("_login_user", None)
    with count_queries() as counted:
        response = client.get(url)
    assert response.status_code == 200
    return counted.statements


def test_the_last_page_says_when_older_matches_were_left_out(client, session, monkeypatch):
    from board.services import search

    monkeypatch.setattr(search, "RANKED_MAX", 3)
    author = make_user(session, "prolific")
    for i in range(4):
        make_post(session, author, f"Sailing {i}", "Boats.")
    session.commit()

    capped = client.get("/search?q=sailing").get_data(as_text=True)
    monkeypatch.setattr(search, "RANKED_MAX", 1_000)
    complete = client.get("/search?q=sailing").get_data(as_text=True)

    assert "Only the 3 newest matches are ranked and shown" in capped
    assert "newest matches are ranked" not in complete
