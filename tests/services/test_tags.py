"""Tags: the admins' curated list, counts, and the 1 to 5 tags every post carries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.follow import TagFollow
from board.models.post import Post
from board.models.tag import Tag
from board.services import feeds, follows, moderation, posts, tags
from tests.factories import make_post, make_tag, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
NOWHERE = Path("/nonexistent")


def _reasons(call) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value.reasons


@pytest.fixture
def admin(session):
    return make_user(session, "curator", role=Role.ADMIN)


def test_an_admin_adds_renames_and_describes_a_tag(session, admin):
    tag = tags.create_tag(session, admin, tags.TagInput(" remote-work ", " Remote work ", ""))
    assert (tag.slug, tag.name) == ("remote-work", "Remote work")

    tags.edit_tag(session, admin, tag, tags.TagInput("ignored", "Remote", "Offices or not."))

    session.expire_all()
    stored = tags.get_by_slug(session, "remote-work")
    assert (stored.name, stored.description) == ("Remote", "Offices or not.")


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR])
def test_only_admins_manage_tags(session, role):
    person = make_user(session, role=role)
    tag = make_tag(session, "hiring")
    with pytest.raises(PermissionDenied):
        tags.create_tag(session, person, tags.TagInput("design", "Design"))
    with pytest.raises(PermissionDenied):
        tags.edit_tag(session, person, tag, tags.TagInput("hiring", "Hire"))
    with pytest.raises(PermissionDenied):
        tags.delete_tag(session, person, tag)


def test_slugs_are_checked_and_unique(session, admin):
    make_tag(session, "hiring")

    assert [field for field, _ in _reasons(
        lambda: tags.create_tag(session, admin, tags.TagInput("Hiring Now", ""))
    )] == ["slug", "name"]  # fmt: skip
    assert _reasons(lambda: tags.create_tag(session, admin, tags.TagInput("hiring", "Hiring"))) == [
        ("slug", "A tag called “hiring” exists already.")
    ]


def test_a_tag_in_use_is_not_deleted(session, admin):
    tag = make_tag(session, "hiring", "Hiring")
    make_post(session, make_user(session), tags=[tag])

    [(field, message)] = _reasons(lambda: tags.delete_tag(session, admin, tag))

    assert field == "delete" and message == "1 post uses “Hiring”, so it stays; rename it instead."
    assert session.get(Tag, tag.id) is not None


def test_deleting_an_unused_tag_drops_its_followers(session, admin):
    tag = make_tag(session, "fad")
    follows.follow_tag(session, make_user(session), tag)

    tags.delete_tag(session, admin, tag)

    assert session.scalars(select(Tag)).all() == []
    assert session.scalars(select(TagFollow)).all() == []
    with pytest.raises(NotFound):
        tags.get_by_slug(session, "fad")


def test_counts_only_published_visible_posts(session):
    hiring, design, _ = (make_tag(session, s) for s in ("hiring", "design", "empty"))
    author = make_user(session)
    make_post(session, author, tags=[hiring, design])
    make_post(session, author, tags=[hiring])
    make_post(session, author, tags=[hiring], publish=False)  # a draft
    removed = make_post(session, author, tags=[hiring])
    moderation.remove(session, make_user(session, role=Role.MODERATOR), removed, RemovalReason.SPAM)

    counts = {item.tag.slug: item.posts for item in tags.with_counts(session)}

    assert counts == {"design": 1, "empty": 0, "hiring": 2}


class TestPostTags:
    def test_a_board_without_tags_takes_posts_without_tags(self, session):
        post = make_post(session, make_user(session))
        assert post.published_at is not None and post.tags == []

    def test_once_tags_exist_a_post_needs_one_to_five(self, session):
        author = make_user(session)
        six = [make_tag(session, f"tag-{n}") for n in range(6)]

        assert _reasons(lambda: make_post(session, author)) == [
            ("tag_ids", "Choose at least one tag so readers can find the post.")
        ]
        assert _reasons(lambda: make_post(session, author, tags=six)) == [
            ("tag_ids", "Choose at most 5 tags (6 now).")
        ]
        post = make_post(session, author, tags=six[:5])
        assert sorted(tag.slug for tag in post.tags) == [f"tag-{n}" for n in range(5)]

    def test_tag_problems_come_with_the_others(self, session):
        make_tag(session, "hiring")
        draft = posts.PostDraft("", "", tag_ids=(999,))

        reasons = _reasons(lambda: posts.create_post(session, make_user(session), draft, NOWHERE))

        assert [field for field, _ in reasons] == ["title", "body_markdown", "tag_ids"]

    def test_editing_replaces_the_tags_or_keeps_them(self, session):
        author = make_user(session)
        hiring, design = make_tag(session, "hiring"), make_tag(session, "design")
        post = make_post(session, author, tags=[hiring])
        session.commit()
        session.expire_all()
        post = session.get(Post, post.id)  # tags not loaded: the service loads them itself

        posts.edit_post(
            session, author, post, posts.PostDraft("T", "B", tag_ids=(design.id,)), NOWHERE
        )
        posts.edit_post(session, author, post, posts.PostDraft("T2", "B"), NOWHERE)  # keeps
        session.commit()
        session.expire_all()

        assert [tag.slug for tag in posts.get_post(session, post.id).tags] == ["design"]
        with pytest.raises(InvalidInput):
            posts.edit_post(session, author, post, posts.PostDraft("T", "B", tag_ids=()), NOWHERE)

    def test_a_tag_page_lists_only_its_posts_in_each_order(self, session):
        author = make_user(session)
        hiring, design = make_tag(session, "hiring"), make_tag(session, "design")
        old = make_post(session, author, "Old hiring", tags=[hiring], now=NOW.replace(day=1))
        new = make_post(session, author, "New hiring", tags=[hiring, design], now=NOW)
        make_post(session, author, "Design only", tags=[design], now=NOW)
        make_post(session, author, "Hiring draft", tags=[hiring], publish=False)

        for sort in feeds.FeedSort:
            page = feeds.front_page(session, sort, tag=hiring, now=NOW)
            assert {post.id for post in page.items} == {old.id, new.id}, sort
        newest = feeds.front_page(session, feeds.FeedSort.NEW, tag=hiring)
        assert [post.title for post in newest.items] == ["New hiring", "Old hiring"]
