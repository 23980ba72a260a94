"""The bulk generator writes consistent boards: counters match rows, constraints hold."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from board.models.comment import Comment
from board.models.post import Post
from board.models.search import SearchDocument
from board.models.user import User
from board.models.vote import Vote
from board.services import generator, statements

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
    if statements.dialect_of(session) != "sqlite":
        pytest.skip("the FTS5 index exists on SQLite only")
    generator.generate(session, SIZES, seed=1)
    generator.generate(session, generator.Sizes(users=5, posts=2, comments=10, votes=5), seed=2)
    session.commit()
    # Left in pieces, later writes would merge them a little at a time, each 64th in its commit.
    assert _fts_segments(session) == 1


_KEYS_AND_INDEXES = {
    "postgresql": text(
        "SELECT 'key', CAST(conrelid AS regclass)::text, conname,"
        " pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END"
        " FROM pg_constraint WHERE connamespace = CAST(current_schema() AS regnamespace)"
        " UNION ALL SELECT 'index', CAST(indrelid AS regclass)::text,"
        " CAST(indexrelid AS regclass)::text, pg_get_indexdef(indexrelid) FROM pg_index"
        " JOIN pg_class ON pg_class.oid = indexrelid"
        " WHERE relnamespace = CAST(current_schema() AS regnamespace) ORDER BY 1, 2, 3"
    ),
    # SQLite keeps a table's foreign keys in its CREATE TABLE text.
    "sqlite": text(
        "SELECT type, tbl_name, name, coalesce(sql, '') FROM sqlite_master"
        " WHERE type IN ('table', 'index') ORDER BY 1, 2, 3"
    ),
}


def _keys_and_indexes(session) -> list[tuple[str, str, str, str]]:
    query = _KEYS_AND_INDEXES[statements.dialect_of(session)]
    return [tuple(row) for row in session.execute(query)]


def test_keys_and_indexes_are_set_aside_for_the_load_on_postgresql_only_and_come_back(session):
    before = _keys_and_indexes(session)
    seen_during: list[int] = []

    def progress(what: str, _rows: int) -> None:
        if what == "search documents":  # late in the load, between two statements
            seen_during.append(len(_keys_and_indexes(session)))

    generator.generate(session, SIZES, seed=7, progress=progress)
    session.commit()

    assert _keys_and_indexes(session) == before
    if statements.dialect_of(session) == "postgresql":
        assert seen_during and max(seen_during) < len(before)
        assert any(kind == "index" and "gin" in definition for kind, _, _, definition in before)
    else:  # SQLite's batched INSERTs keep every index in place
        assert seen_during == [len(before)]


def test_on_postgresql_the_foreign_keys_still_hold_after_a_load(session):
    if statements.dialect_of(session) != "postgresql":
        pytest.skip("SQLite enforces no foreign keys here (PRAGMA foreign_keys is off)")
    generator.generate(session, SIZES, seed=7)
    session.commit()
    user_id = session.scalar(select(func.min(User.id)))

    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            text("INSERT INTO votes (user_id, comment_id, value, created_at)"
                 " VALUES (:user, -1, 1, now())"),
            {"user": user_id},
        )  # fmt: skip


def test_a_failed_load_rolls_back_with_its_keys_and_indexes(session):
    before = _keys_and_indexes(session)

    def fail_at_votes(what: str, _rows: int) -> None:
        if what == "votes":
            raise RuntimeError("stopped half way")

    with pytest.raises(RuntimeError):
        generator.generate(session, SIZES, seed=7, progress=fail_at_votes)
    session.rollback()

    assert _keys_and_indexes(session) == before
    assert _count(session, User) == 0


def test_the_command_names_each_step_as_it_comes(app):
    result = app.test_cli_runner().invoke(
        args=["board", "generate", "--users", "5", "--posts", "3", "--comments", "20",
              "--votes", "30"]
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    steps = [line.strip() for line in result.output.splitlines() if line.startswith(("Gen", "Reb"))]
    expected = ["users", "posts", "comments", "votes", "search documents"]
    if app.extensions["sqlalchemy"].engine.dialect.name == "postgresql":
        expected.append(generator.REBUILDING)
    assert steps == [
        ("Rebuilding " if what == generator.REBUILDING else "Generating ") + what
        for what in expected
    ]
    assert "Wrote 5 users, 3 posts, 20 comments" in result.output
