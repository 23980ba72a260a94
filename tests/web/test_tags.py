"""Tags on the web: the list, a tag's page, the admins' page, and the post form's picker."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.domain.permissions import Role
from board.models.post import Post
from board.models.tag import Tag
from board.services import votes
from tests.factories import field_errors, make_post, make_tag, make_user, post_path


@pytest.fixture
def hiring(session):
    return make_tag(session, "hiring", "Hiring", "How companies choose people.")


def _html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def test_the_tag_list_counts_posts(client, session, hiring):
    make_tag(session, "design", "Design")
    make_post(session, make_user(session), tags=[hiring])
    session.commit()

    html = _html(client, "/tags")

    assert re.search(r'href="/t/hiring">Hiring</a>.*?1 post<', html, re.S)
    assert re.search(r'href="/t/design">Design</a>.*?0 posts<', html, re.S)
    assert "How companies choose people." in html
    assert "Manage tags" not in html


def test_a_tag_page_sorts_and_pages(client, session, hiring):
    author, voter = make_user(session), make_user(session)
    low = make_post(session, author, "Quiet take", tags=[hiring])
    high = make_post(session, author, "Loud take", tags=[hiring])
    make_post(session, author, "Untagged elsewhere", tags=[make_tag(session, "other")])
    votes.set_vote(session, voter, low, 1)
    session.commit()

    hot, new, top = (_html(client, f"/t/hiring?sort={s}") for s in ("hot", "new", "top"))

    assert "Untagged elsewhere" not in hot
    assert new.index("Loud take") < new.index("Quiet take")
    assert top.index("Quiet take") < top.index("Loud take")
    assert 'aria-current="page">Top</a>' in top
    assert 'href="/t/hiring/feed.atom"' in hot
    assert f'href="{post_path(high)}"' in hot
    assert _html(client, "/t/hiring?sort=best", 404)
    assert _html(client, "/t/nope", 404)


def test_cards_show_tags_and_reading_time(client, session, hiring):
    make_post(session, make_user(session), "Long read", "word " * 700, tags=[hiring])
    session.commit()

    html = _html(client, "/")

    assert '<a class="tag-chip" href="/t/hiring" rel="tag">Hiring</a>' in html
    assert "4 min read" in html  # 700 words at 230 a minute


def test_tag_pages_read_a_fixed_number_of_statements(client, session, hiring, count_queries):
    def measure() -> int:
        session.commit()
        session.remove()
        with count_queries() as counted:
            assert client.get("/t/hiring").status_code == 200
        return counted.count

    author = make_user(session)
    make_post(session, author, tags=[hiring])
    few = measure()
    design = make_tag(session, "design")
    tags = [session.merge(hiring), design]
    for n in range(20):
        make_post(session, session.merge(author), f"Post {n}", tags=tags)

    assert measure() == few <= 8


class TestManage:
    @pytest.fixture
    def admin(self, session, login):
        user = make_user(session, "curator", role=Role.ADMIN)
        session.commit()
        login(user)
        return user

    def test_an_admin_adds_a_tag(self, client, session, admin):
        response = client.post(
            "/admin/tags",
            data={"action": "add", "slug": "remote-work", "name": "Remote work", "description": ""},
        )

        assert (response.status_code, response.location) == (302, "/admin/tags")
        assert session.scalars(select(Tag.slug)).all() == ["remote-work"]
        assert "Tag “Remote work” added." in _html(client, "/admin/tags")

    def test_errors_show_beside_the_fields_and_keep_the_text(self, client, session, admin):
        make_tag(session, "hiring")
        session.commit()

        response = client.post(
            "/admin/tags", data={"action": "add", "slug": "hiring", "name": "", "description": "x"}
        )

        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert field_errors(html, "slug") == ["A tag called “hiring” exists already."]
        assert field_errors(html, "name") == ["Give the tag a name."]
        assert 'value="hiring"' in html

    def test_an_admin_renames_a_tag_but_not_its_address(self, client, session, admin, hiring):
        session.commit()
        assert 'value="Hiring"' in _html(client, "/admin/tags?edit=hiring")

        response = client.post(
            "/admin/tags?edit=hiring",
            data={"action": "edit", "tag_id": str(hiring.id), "slug": "x", "name": "Recruiting",
                  "description": "Finding people."},
        )  # fmt: skip

        assert response.status_code == 302
        session.expire_all()
        assert (hiring.slug, hiring.name, hiring.description) == (
            "hiring",
            "Recruiting",
            "Finding people.",
        )

    def test_a_tag_in_use_is_not_deleted(self, client, session, admin, hiring):
        make_post(session, make_user(session), tags=[hiring])
        session.commit()

        response = client.post("/admin/tags", data={"action": "delete", "tag_id": str(hiring.id)})

        assert response.status_code == 200
        assert "1 post uses “Hiring”, so it stays; rename it instead." in response.get_data(
            as_text=True
        )
        assert session.get(Tag, hiring.id) is not None

    def test_an_unused_tag_is_deleted(self, client, session, admin, hiring):
        session.commit()
        response = client.post("/admin/tags", data={"action": "delete", "tag_id": str(hiring.id)})
        assert response.status_code == 302
        assert session.scalars(select(Tag)).all() == []

    @pytest.mark.parametrize("data", [{"action": "explode"}, {"action": "edit", "tag_id": "x"}])
    def test_a_malformed_request_is_refused(self, client, admin, data):
        assert client.post("/admin/tags", data=data).status_code == 400


class TestPostForm:
    @pytest.fixture
    def author(self, session, login):
        user = make_user(session, "writer")
        session.commit()
        login(user)
        return user

    def _post(self, client, **fields):
        data = {"title": "On hiring", "body_markdown": "Text.", "submit": "Publish", **fields}
        return client.post("/p/new", data=data)

    def test_without_tags_on_the_board_the_form_has_no_picker(self, client, author):
        assert 'name="tag_ids"' not in _html(client, "/p/new")
        assert self._post(client).status_code == 302

    def test_a_post_needs_a_tag_once_tags_exist(self, client, session, author, hiring):
        session.commit()
        assert f'name="tag_ids" value="{hiring.id}"' in _html(client, "/p/new")

        html = self._post(client).get_data(as_text=True)

        assert field_errors(html, "tag_ids") == [
            "Choose at least one tag so readers can find the post."
        ]
        assert 'value="On hiring"' in html  # typed text kept

    def test_chosen_tags_are_saved_and_shown(self, client, session, author, hiring):
        session.commit()

        response = self._post(client, tag_ids=[str(hiring.id)])

        post = session.scalars(select(Post)).one()
        assert response.location == post_path(post)
        html = _html(client, response.location)
        assert '<a class="tag-chip" href="/t/hiring" rel="tag">Hiring</a>' in html
        edit = _html(client, f"/p/{post.id}/edit")
        assert re.search(rf'value="{hiring.id}"\s+checked', edit)

    def test_six_tags_are_too_many(self, client, session, author):
        ids = [str(make_tag(session, f"tag-{n}").id) for n in range(6)]
        session.commit()

        html = self._post(client, tag_ids=ids).get_data(as_text=True)

        assert field_errors(html, "tag_ids") == ["Choose at most 5 tags (6 now)."]
