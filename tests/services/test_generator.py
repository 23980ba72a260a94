"""The bulk generator writes consistent boards: counters match rows, constraints hold."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from board.models.comment import Comment
from board.models.post import Post
from board.models.search import SearchDocument
from board.models.user import User
from board.models.vote import Vote
from board.services import generator

SIZES = generator.Sizes(users=40, posts=12, comments=300, votes=900)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_it_writes_the_requested_rows_with_a_progress_report(session):
    reported: list[tuple[str, int]] = []
    generator.generate(session, SIZES, seed=7, progress=lambda what, n: reported.append((what, n)))
    session.commit()

    assert _count(session, User) == 40
    assert _count(session, Post) == 12
    assert 250 <= _count(session, Comment) <= 300 + 3 * 30  # big threads are topped up
    assert {what for what, _ in reported} >= {"users", "posts", "comments", "votes"}
    assert sum(n for what, n in reported if what == "posts") == 12


def test_counters_agree_with_the_rows(session):
    generator.generate(session, SIZES, seed=3)
    session.commit()

    for post in session.scalars(select(Post)):
        comments = session.scalar(select(func.count()).where(Comment.post_id == post.id))
        assert post.comment_count == comments
        votes = session.execute(
            select(func.count(), func.coalesce(func.sum(Vote.value), 0)).where(
                Vote.post_id == post.id
            )
        ).one()
        assert (post.upvotes + post.downvotes, post.score) == (votes[0], votes[1])
    voted = session.scalar(select(func.sum(Comment.upvotes + Comment.downvotes)))
    assert voted == session.scalar(select(func.count()).where(Vote.comment_id.is_not(None)))


def test_threads_nest_and_replies_come_after_their_parents(session):
    generator.generate(session, SIZES, seed=5)
    session.commit()

    assert session.scalar(select(func.max(Comment.depth))) >= 3
    parent = Comment.__table__.alias("parent")
    bad = session.scalar(
        select(func.count())
        .select_from(Comment.__table__.join(parent, Comment.parent_id == parent.c.id))
        .where((Comment.created_at < parent.c.created_at) | (Comment.depth != parent.c.depth + 1))
    )
    assert bad == 0


def test_search_documents_are_written_and_a_second_run_adds_more(session):
    generator.generate(session, SIZES, seed=1)
    generator.generate(session, generator.Sizes(users=5, posts=2, comments=10, votes=5), seed=2)
    session.commit()

    assert _count(session, User) == 45
    assert _count(session, SearchDocument) == _count(session, Post) + _count(session, Comment)


def _fts_segments(session) -> int:
    """Count the segments of SQLite's FTS5 index, from its structure record (row 10: a 4-byte
    cookie, then varints: the number of levels, then of segments)."""
    record = session.execute(text("SELECT block FROM search_fts_data WHERE id = 10")).scalar_one()
    position, values = 4, []
    while len(values) < 2:
        value = 0
        while True:
            byte = record[position]
            position += 1
            value = value << 7 | byte & 0x7F
            if not byte & 0x80:
                break
        values.append(value)
    return values[1]


def test_the_sqlite_full_text_index_is_left_in_one_segment(session):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the FTS5 index exists on SQLite only")
    generator.generate(session, SIZES, seed=1)
    generator.generate(session, generator.Sizes(users=5, posts=2, comments=10, votes=5), seed=2)
    session.commit()
    # Left in pieces, later writes would merge them a little at a time, each 64th in its commit.
    assert _fts_segments(session) == 1
