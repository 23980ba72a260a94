"""Drafts: saved unpublished, seen by their author alone, published later as if new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from board.domain import ranking
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.permissions import Role
from board.models.revision import Revision
from board.services import atom, comments, feeds, posts, search, votes
from tests.factories import make_post, make_tag, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
NOWHERE = Path("/nonexistent")


@pytest.fixture
def author(session):
    return make_user(session, "writer")


@pytest.fixture
def draft(session, author):
    return make_post(session, author, "Work in progress", "First thoughts.", NOW, publish=False)


def test_a_draft_has_no_publication_date_and_is_in_no_list(session, author, draft):
    assert draft.published_at is None
    for sort in feeds.FeedSort:
        assert feeds.front_page(session, sort).items == []
    assert feeds.posts_by(session, author, author).items == []  # not even the author's profile
    assert feeds.posts_by(session, author, None).items == []
    assert atom.latest_posts(session) == [] and atom.latest_posts(session, author) == []
    assert [post.id for post in feeds.drafts_by(session, author).items] == [draft.id]


def test_a_draft_is_searchable_only_once_published(session, author, draft):
    assert search.search(session, search.SearchQuery(text="thoughts")).items == []

    posts.edit_post(session, author, draft, posts.PostDraft(draft.title, "Thoughts."), NOWHERE)

    assert len(search.search(session, search.SearchQuery(text="thoughts")).items) == 1


def test_only_the_author_opens_a_draft(session, author, draft):
    assert posts.get_viewable_post(session, draft.id, author) is draft
    for stranger in (None, make_user(session), make_user(session, role=Role.MODERATOR)):
        with pytest.raises(NotFound):
            posts.get_viewable_post(session, draft.id, stranger)


def test_nobody_comments_or_votes_on_a_draft(session, author, draft):
    with pytest.raises(PermissionDenied):
        comments.add_comment(session, author, draft, "Note to self")
    with pytest.raises(PermissionDenied):
        votes.set_vote(session, make_user(session), draft, 1)


def test_a_draft_needs_no_tags_yet_but_publishing_does(session, author):
    make_tag(session, "hiring")
    draft = make_post(session, author, "Untagged", publish=False)

    with pytest.raises(InvalidInput, match="at least one tag"):
        posts.edit_post(
            session, author, draft, posts.PostDraft("Untagged", "B", tag_ids=()), NOWHERE
        )
    assert draft.published_at is None


def test_editing_a_draft_keeps_no_revision_and_no_edited_mark(session, author, draft):
    later = NOW + timedelta(days=3)
    change = posts.PostDraft("Work in progress, cont.", "Second thoughts.", publish=False)

    posts.edit_post(session, author, draft, change, NOWHERE, now=later)

    assert (draft.title, draft.edited_at, draft.published_at) == (change.title, None, None)
    assert session.scalars(select(Revision)).all() == []


def test_publishing_a_draft_dates_and_ranks_it_from_now(session, author, draft):
    later = NOW + timedelta(days=10)

    posts.edit_post(session, author, draft, posts.PostDraft(draft.title, "Done."), NOWHERE, later)

    assert (draft.published_at, draft.created_at, draft.edited_at) == (later, later, None)
    assert draft.hot_rank == pytest.approx(ranking.hot_rank(0, later))
    assert [post.id for post in feeds.front_page(session, feeds.FeedSort.HOT).items] == [draft.id]
    assert feeds.drafts_by(session, author).items == []


def test_a_published_post_stays_published(session, author):
    post = make_post(session, author, "Out there", now=NOW)

    posts.edit_post(
        session, author, post, posts.PostDraft("Out there", "x", publish=False), NOWHERE
    )

    assert post.published_at == NOW
    assert session.scalars(select(Revision)).one().title == "Out there"
