"""Votes: one row per person and target, counters and hot rank kept in step."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from board.domain import ranking
from board.domain.errors import InvalidInput, PermissionDenied
from board.models.vote import Vote
from board.services import comments, posts, statements, votes
from tests.factories import make_comment, make_post, make_user

CREATED = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def author(session):
    return make_user(session, "author")


@pytest.fixture
def post(session, author):
    return make_post(session, author, now=CREATED)


@pytest.fixture
def comment(session, author, post):
    return make_comment(session, author, post)


def _rows(session) -> list[tuple[int, int | None, int | None, int]]:
    return list(session.execute(select(Vote.user_id, Vote.post_id, Vote.comment_id, Vote.value)))


def _counts(target) -> tuple[int, int, int]:
    return target.score, target.upvotes, target.downvotes


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_up_down_and_retract(session, request, kind):
    target = request.getfixturevalue(kind)
    voter = make_user(session)

    state = votes.set_vote(session, voter, target, 1)
    assert (state.score, state.upvotes, state.downvotes, state.my_vote) == (1, 1, 0, 1)
    assert _counts(target) == (1, 1, 0)

    state = votes.set_vote(session, voter, target, -1)  # a flip moves the score by 2
    assert (state.score, state.upvotes, state.downvotes, state.my_vote) == (-1, 0, 1, -1)
    assert _counts(target) == (-1, 0, 1)
    assert [value for *_, value in _rows(session)] == [-1]

    state = votes.set_vote(session, voter, target, 0)
    assert (state.score, state.my_vote) == (0, 0)
    assert _counts(target) == (0, 0, 0)
    assert _rows(session) == []


def test_voting_the_same_way_twice_is_idempotent(session, post):
    voter = make_user(session)

    votes.set_vote(session, voter, post, 1)
    state = votes.set_vote(session, voter, post, 1)

    assert (state.score, state.upvotes, state.my_vote) == (1, 1, 1)
    assert _rows(session) == [(voter.id, post.id, None, 1)]
    assert votes.set_vote(session, voter, post, 0).score == 0
    assert votes.set_vote(session, voter, post, 0).score == 0  # retracting nothing is harmless


def test_votes_from_several_people_add_up(session, post):
    for value in (1, 1, 1, -1):
        votes.set_vote(session, make_user(session), post, value)

    assert _counts(post) == (2, 3, 1)


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_nobody_votes_on_their_own_content(session, request, author, kind):
    target = request.getfixturevalue(kind)

    with pytest.raises(PermissionDenied):
        votes.set_vote(session, author, target, 1)
    assert _rows(session) == []


def test_nobody_votes_on_deleted_content(session, author, post, comment):
    voter = make_user(session)
    comments.delete_comment(session, author, comment)
    posts.delete_post(session, author, post)

    for target in (post, comment):
        with pytest.raises(PermissionDenied):
            votes.set_vote(session, voter, target, 1)
    assert _rows(session) == []


@pytest.mark.parametrize("value", [2, -2, 10])
def test_a_vote_is_up_down_or_none(session, post, value):
    with pytest.raises(InvalidInput):
        votes.set_vote(session, make_user(session), post, value)


def test_hot_rank_follows_the_score(session, post):
    before = post.hot_rank
    for _ in range(3):
        votes.set_vote(session, make_user(session), post, 1)
    session.expire_all()

    assert post.score == 3
    assert post.hot_rank > before
    assert post.hot_rank == pytest.approx(ranking.hot_rank(3, CREATED), abs=1e-7)

    votes.set_vote(session, make_user(session), post, -1)
    session.expire_all()
    assert post.hot_rank == pytest.approx(ranking.hot_rank(2, CREATED), abs=1e-7)


@pytest.mark.parametrize("kind", ["post", "comment"])
def test_the_database_refuses_a_second_vote_row(session, request, kind):
    target = request.getfixturevalue(kind)
    voter = make_user(session)
    votes.set_vote(session, voter, target, 1)
    session.commit()

    session.add(Vote(user_id=voter.id, value=-1, **{f"{kind}_id": target.id}))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Vote)) == 1


def test_votes_on_post_page_reads_the_viewers_votes_in_one_query(
    session, author, post, comment, count_queries
):
    viewer, other = make_user(session), make_user(session)
    reply = make_comment(session, other, post, parent=comment)
    elsewhere = make_comment(session, author, make_post(session, author))
    votes.set_vote(session, viewer, post, 1)
    votes.set_vote(session, viewer, reply, -1)
    votes.set_vote(session, viewer, elsewhere, 1)  # another post: not on this page
    votes.set_vote(session, other, comment, 1)  # someone else's vote
    session.commit()
    ids = (viewer.id, post.id, reply.id)

    with count_queries() as counted:
        mine = votes.votes_on_post_page(session, viewer, ids[1])

    assert counted.count == 1
    assert mine == {f"p{ids[1]}": 1, f"c{ids[2]}": -1}
    assert votes.votes_on_post_page(session, None, ids[1]) == {}


def test_a_vote_on_a_comment_as_marking_reads_it_moves_the_same_counters(session, comment):
    voter = make_user(session)
    marked = comments.get_marked_comment(session, comment.id)

    assert votes.set_vote(session, voter, marked, 1) == votes.VoteState(1, 1, 0, 1)
    assert votes.set_vote(session, voter, marked, 1) == votes.VoteState(1, 1, 0, 1)  # no change
    assert votes.set_vote(session, voter, marked, -1) == votes.VoteState(-1, 0, 1, -1)
    session.expire_all()
    assert _counts(comment) == (-1, 0, 1)
    assert votes.set_vote(session, voter, marked, 0) == votes.VoteState(0, 0, 0, 0)
    assert _rows(session) == []


def test_an_unchanged_vote_answers_the_counters_as_they_are_now(session, comment):
    voter, other = make_user(session), make_user(session)
    marked = comments.get_marked_comment(session, comment.id)
    votes.set_vote(session, voter, marked, 1)
    votes.set_vote(session, other, marked, -1)  # moved since the voter's vote

    assert votes.set_vote(session, voter, marked, 1) == votes.VoteState(0, 1, 1, 1)


def test_a_comment_read_for_marking_keeps_the_permission_rules(session, author, post, comment):
    comments.delete_comment(session, author, comment)
    marked = comments.get_marked_comment(session, comment.id)

    with pytest.raises(PermissionDenied):
        votes.set_vote(session, make_user(session), marked, 1)
    with pytest.raises(PermissionDenied):  # the author, on a comment that is still up
        other = make_comment(session, author, post)
        votes.set_vote(session, author, comments.get_marked_comment(session, other.id), 1)
    assert _rows(session) == []


def test_a_changed_or_retracted_vote_takes_two_statements_and_a_first_one_three(
    session, comment, count_queries
):
    voter = make_user(session)
    marked = comments.get_marked_comment(session, comment.id)
    votes.set_vote(session, voter, marked, 1)

    with count_queries() as flipped:
        votes.set_vote(session, voter, marked, -1)  # the row flipped in place, the counters
    with count_queries() as retracted:
        votes.set_vote(session, voter, marked, 0)  # the row deleted, returning its value
    with count_queries() as first:
        votes.set_vote(session, voter, marked, 1)  # no row to flip: inserted

    at_once = statements.dialect_of(session) == "postgresql"  # one WITH adds or flips
    assert [s.split()[0] for s in flipped.statements] == (
        ["WITH"] if at_once else ["UPDATE", "UPDATE"]
    )
    assert [s.split()[0] for s in retracted.statements] == ["DELETE", "UPDATE"]
    assert [s.split()[0] for s in first.statements] == (
        ["WITH"] if at_once else ["UPDATE", "INSERT", "UPDATE"]
    )
    session.expire_all()
    assert _counts(comment) == (1, 1, 0)


def test_an_unchanged_vote_reads_the_row_locked_and_moves_nothing(session, comment, count_queries):
    voter = make_user(session)
    votes.set_vote(session, voter, comment, 1)

    with count_queries() as counted:
        state = votes.set_vote(session, voter, comment, 1)

    assert state == votes.VoteState(1, 1, 0, 1)
    kinds = [s.split()[0] for s in counted.statements]
    if statements.dialect_of(session) == "postgresql":
        assert kinds == ["WITH", "SELECT", "SELECT"]  # flip or insert, find, counters
    else:
        assert kinds == ["UPDATE", "INSERT", "SELECT", "SELECT"]  # flip, insert, find, counters
