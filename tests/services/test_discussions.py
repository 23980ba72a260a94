"""A post's discussion page: windows of the tree, stances, the reader's marks, what is new."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from board.domain import threads
from board.domain.errors import NotFound
from board.domain.stances import Stance
from board.models.visit import PostVisit
from board.services import agreements, comments, discussions, notifications, visits, votes
from tests.factories import make_comment, make_post, make_user

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
OLD = discussions.DiscussionQuery(sort=threads.CommentSort.OLD)


@pytest.fixture
def people(session):
    return {name: make_user(session, name) for name in ("writer", "reader", "critic")}


@pytest.fixture
def post(session, people):
    return make_post(session, people["writer"], now=T0)


def _shown(page: discussions.DiscussionPage) -> list[str]:
    return [node.row.body_markdown for node in threads.flatten(page.tree)]


def _open(session, post, reader, query=OLD, now=T0 + timedelta(days=1)):
    return discussions.open_discussion(session, post, reader, query, now)


def test_pages_follow_the_tree_order(session, post, people, monkeypatch):
    monkeypatch.setattr(threads, "COMMENTS_PER_PAGE", 2)
    a = make_comment(session, people["critic"], post, "a", now=T0)
    make_comment(session, people["critic"], post, "b", now=T0 + timedelta(minutes=2))
    make_comment(session, people["reader"], post, "a1", a, now=T0 + timedelta(minutes=3))
    make_comment(session, people["reader"], post, "a2", a, now=T0 + timedelta(minutes=4))

    first = _open(session, post, None)
    second = _open(session, post, None, discussions.DiscussionQuery(sort=OLD.sort, page=2))

    assert (_shown(first), first.has_next, first.remaining, first.shown) == (
        ["a", "a1"],
        True,
        2,
        4,
    )
    assert (_shown(second), second.has_next) == (["a2", "b"], False)
    assert second.tree[0].continued and not second.tree[1].continued
    with pytest.raises(NotFound):
        _open(session, post, None, discussions.DiscussionQuery(page=3))


def test_the_stance_bar_counts_visible_top_level_sides_and_the_filter_keeps_replies(
    session, post, people
):
    yes = comments.add_comment(session, people["critic"], post, "yes", now=T0, stance=Stance.AGREE)
    comments.add_comment(session, people["reader"], post, "no", now=T0, stance=Stance.DISAGREE)
    comments.add_comment(session, people["reader"], post, "meh", now=T0)
    gone = comments.add_comment(session, people["reader"], post, "x", now=T0, stance=Stance.AGREE)
    comments.delete_comment(session, people["reader"], gone)
    make_comment(session, people["reader"], post, "reply to yes", yes, now=T0)

    page = _open(session, post, None, discussions.DiscussionQuery(stance=Stance.AGREE))

    assert (page.stances.total, page.stances.count(Stance.AGREE)) == (2, 1)
    assert sorted(_shown(page)) == ["reply to yes", "x", "yes"]


def test_the_readers_votes_and_agreements_come_with_the_outline(session, post, people):
    comment = make_comment(session, people["critic"], post, "c", now=T0)
    votes.set_vote(session, people["reader"], post, 1)
    votes.set_vote(session, people["reader"], comment, -1)
    agreements.set_agreement(session, people["reader"], comment, 1)

    page = _open(session, post, people["reader"])
    anonymous = _open(session, post, None)

    assert page.my_votes == {f"p{post.id}": 1, f"c{comment.id}": -1}
    assert page.my_agreements == {comment.id: 1}
    assert (anonymous.my_votes, anonymous.my_agreements) == ({}, {})


def test_comments_since_the_last_visit_are_new_except_the_readers_own(session, post, people):
    reader = people["reader"]
    make_comment(session, people["critic"], post, "old", now=T0)
    first = _open(session, post, reader, now=T0 + timedelta(hours=1))
    assert (first.new_count, first.previous_visit) == (0, None)  # a first visit: nothing new

    late = make_comment(session, people["critic"], post, "late", now=T0 + timedelta(hours=2))
    make_comment(session, reader, post, "mine", now=T0 + timedelta(hours=3))
    later = make_comment(session, people["critic"], post, "later", now=T0 + timedelta(hours=4))
    second = _open(session, post, reader, now=T0 + timedelta(hours=5))

    assert second.previous_visit == T0 + timedelta(hours=1)
    assert (second.new_count, second.new_ids) == (2, {late.id, later.id})
    assert second.first_new == (late.id, 1)

    third = _open(session, post, reader, now=T0 + timedelta(hours=6))
    assert third.new_count == 0


def test_a_later_page_keeps_the_visit_the_first_page_saw(session, post, people, monkeypatch):
    monkeypatch.setattr(threads, "COMMENTS_PER_PAGE", 1)
    reader = people["reader"]
    make_comment(session, people["critic"], post, "one", now=T0)
    _open(session, post, reader, now=T0 + timedelta(hours=1))
    new = make_comment(session, people["critic"], post, "two", now=T0 + timedelta(hours=2))

    first = _open(session, post, reader, now=T0 + timedelta(hours=3))
    assert first.first_new == (new.id, 2) and first.new_ids == set()
    query = discussions.DiscussionQuery(sort=OLD.sort, page=2, since=first.previous_visit)
    second = _open(session, post, reader, query, now=T0 + timedelta(hours=4))

    assert second.new_ids == {new.id}


def test_a_visit_is_one_row_that_only_moves_forward(session, post, people):
    reader = people["reader"]
    visits.record_visit(session, reader.id, post.id, T0 + timedelta(hours=2))
    visits.record_visit(session, reader.id, post.id, T0 + timedelta(hours=1))  # a slow request
    visits.record_visit(session, reader.id, post.id, T0 + timedelta(hours=3))

    rows = session.execute(select(PostVisit.user_id, PostVisit.last_seen_at)).all()
    assert rows == [(reader.id, T0 + timedelta(hours=3))]


def test_reader_state_says_muted_and_last_seen(session, post, people):
    reader = people["reader"]
    assert discussions.reader_state(session, reader, post.id) == discussions.ReaderState()

    notifications.mute_thread(session, reader, post, True)
    visits.record_visit(session, reader.id, post.id, T0)

    state = discussions.reader_state(session, reader, post.id)
    assert (state.last_seen_at, state.thread_muted, state.post_vote) == (T0, True, 0)
