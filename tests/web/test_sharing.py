"""Canonical slug addresses, old slugs moving for good, and link-preview meta on post pages."""

from __future__ import annotations

import re
from html import unescape

import pytest

from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.services import moderation, posts
from tests.factories import make_comment, make_post, make_user, picture, post_path


@pytest.fixture
def author(session):
    return make_user(session, "ada", display_name="Ada Lovelace")


def _meta(html: str) -> dict[str, str]:
    """Return the page's <meta property|name=... content=...> pairs."""
    pairs = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    return {key: unescape(value) for key, value in pairs}


def _canonical(html: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    return found.group(1) if found else None


class TestSlugs:
    def test_the_canonical_address_carries_the_slug(self, client, session, author):
        post = make_post(session, author, "Salary ranges belong in job posts")
        session.commit()

        response = client.get(f"/p/{post.id}/salary-ranges-belong-in-job-posts")

        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert (
            _canonical(html) == f"http://board.test/p/{post.id}/salary-ranges-belong-in-job-posts"
        )

    @pytest.mark.parametrize("tail", ["", "/an-old-title", "/SALARY-RANGES"])
    def test_a_missing_or_old_slug_moves_for_good_keeping_the_query(
        self, client, session, author, tail
    ):
        post = make_post(session, author, "Salary ranges")
        session.commit()

        response = client.get(f"/p/{post.id}{tail}?sort=new")

        assert (response.status_code, response.location) == (
            301,
            f"/p/{post.id}/salary-ranges?sort=new",
        )

    def test_a_retitled_post_moves_to_its_new_slug(self, client, session, author):
        post = make_post(session, author, "First title")
        posts.edit_post(session, author, post, posts.PostDraft("Second title", "B"), "/x")
        session.commit()

        assert client.get(f"/p/{post.id}/first-title").location == f"/p/{post.id}/second-title"

    def test_links_and_redirects_use_the_canonical_address(self, client, session, login, author):
        post = make_post(session, author, "Linked")
        comment = make_comment(session, make_user(session), post, "Reply")
        session.commit()
        login(author)

        assert f'href="{post_path(post)}"' in client.get("/").get_data(as_text=True)
        assert f'href="{post_path(post)}"' in client.get("/u/ada").get_data(as_text=True)
        assert post_path(post) in client.get(f"/c/{comment.id}").get_data(as_text=True)

    def test_a_post_titled_like_one_of_its_pages_keeps_its_own_address(
        self, client, session, author
    ):
        post = make_post(session, author, "Edit")
        session.commit()

        response = client.get(f"/p/{post.id}")

        assert response.location == f"/p/{post.id}/edit-post"
        assert client.get(response.location).status_code == 200

    def test_a_removed_post_keeps_its_title_out_of_the_address(self, client, session, author):
        post = make_post(session, author, "Secret words")
        moderation.remove(
            session, make_user(session, role=Role.MODERATOR), post, RemovalReason.SPAM
        )
        session.commit()

        assert client.get(f"/p/{post.id}/secret-words").location == f"/p/{post.id}"
        html = client.get(f"/p/{post.id}").get_data(as_text=True)
        assert "Secret words" not in html and "secret-words" not in html


class TestMeta:
    def test_a_post_with_a_cover_has_a_large_card(self, client, session, author, tmp_path):
        cover = posts.stage_cover(picture(size=(1600, 900)), tmp_path / "uploads")
        draft = posts.PostDraft("Bridges & tunnels", "Why *both* matter. " * 10, cover)
        post = posts.create_post(session, author, draft, tmp_path / "uploads")
        session.commit()

        meta = _meta(client.get(post_path(post)).get_data(as_text=True))

        canonical = f"http://board.test{post_path(post)}"
        image = f"http://board.test/uploads/{post.cover_filename}"
        assert meta["og:title"] == meta["twitter:title"] == "Bridges & tunnels"
        assert meta["og:description"] == meta["twitter:description"] == post.excerpt
        assert meta["og:description"].startswith("Why both matter.")
        assert (meta["og:type"], meta["og:url"]) == ("article", canonical)
        assert meta["og:image"] == meta["twitter:image"] == image
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["article:published_time"] == post.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert meta["article:author"] == "http://board.test/u/ada"

    def test_a_post_without_a_cover_has_a_summary_card(self, client, session, author):
        post = make_post(session, author, "Plain")
        session.commit()

        meta = _meta(client.get(post_path(post)).get_data(as_text=True))

        assert meta["twitter:card"] == "summary"
        assert "og:image" not in meta and "twitter:image" not in meta

    def test_a_removed_post_leaks_no_title_or_excerpt(self, client, session, login, author):
        post = make_post(session, author, "SECRET-TITLE", "SECRET-BODY words")
        moderation.remove(
            session, make_user(session, role=Role.MODERATOR), post, RemovalReason.SPAM
        )
        session.commit()

        head = client.get(f"/p/{post.id}").get_data(as_text=True).split("</head>")[0]
        assert "SECRET" not in head
        assert "og:title" not in head and '<meta name="robots" content="noindex">' in head
        # Its author still sees their own title in the tab, but no preview card is offered.
        login(author)
        head = client.get(f"/p/{post.id}").get_data(as_text=True).split("</head>")[0]
        assert "SECRET-BODY" not in head and "og:" not in head and "twitter:" not in head
