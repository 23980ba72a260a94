"""Replies and votes on comments on PostgreSQL: one statement each, sent in autocommit; a guard
keeps it to that, and a request that needs more runs again in a transaction."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import event, select, text

from board.extensions import db
from board.models.comment import Comment
from board.models.notification import Notification
from board.models.post import Post
from board.models.vote import Vote
from board.services import counters
from board.services.statements import WHOLE_WRITE
from board.web.autocommit import NotOneStatement, guard_one_write, one_statement_write
from tests.factories import make_comment, make_post, make_user

NO_CHANGE = text("UPDATE counters SET value = value WHERE name = 'none'")
WHOLE = {WHOLE_WRITE: True}
JSON = {"Accept": "application/json"}


@pytest.fixture
def author(session):
    return make_user(session, "author")


@pytest.fixture
def post(session, author):
    return make_post(session, author, "The debate")


@pytest.fixture
def comment_id(session, author, post):
    comment = make_comment(session, author, post, "A point")
    session.commit()
    return comment.id


@pytest.fixture
def me(session, login):
    user = make_user(session, "myself")
    session.commit()
    login(user)
    return user


def _autocommits(connection) -> bool:
    """Tell whether this connection sends its statements in autocommit."""
    if connection.dialect.name == "postgresql":
        return bool(connection.connection.dbapi_connection.autocommit)
    return connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


def _from_a_fresh_session(send):
    """Send a request as production does, on a session nothing has used yet; return the
    response and, for each statement it sent, the statement and whether it autocommitted."""
    db.session.remove()
    g.pop("_login_user", None)  # requests share the test's app context: load the reader anew
    sent: list[tuple[str, bool]] = []

    def record(conn, _cursor, statement, *_args) -> None:
        sent.append((statement, _autocommits(conn)))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = send()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return response, sent


def _writes(sent: list[tuple[str, bool]]) -> list[str]:
    return [statement for statement, _ in sent if not statement.lstrip().startswith("SELECT")]


def _on_postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def test_a_reply_on_postgresql_is_written_in_autocommit_and_counted(client, session, post, me):
    post_id, author_id, before = post.id, post.author_id, counters.content_version(session)[0]
    session.commit()

    response, sent = _from_a_fresh_session(
        lambda: client.post(f"/p/{post_id}/comments", data={"body_markdown": "One statement"})
    )

    assert response.status_code == 302
    fresh = db.session()
    comment = fresh.scalars(select(Comment)).one()
    assert (comment.body_markdown, fresh.get(Post, post_id).comment_count) == ("One statement", 1)
    assert fresh.scalars(select(Notification.recipient_id)).all() == [author_id]
    assert counters.content_version(fresh)[0] == before + 1  # moved once, by the statement
    writes = _writes(sent)
    if _on_postgresql():
        # No BEGIN and no COMMIT: each statement, the reader's and the post's reads as well,
        # ran on a connection in autocommit, and the only write was the one statement.
        assert sent and all(autocommit for _, autocommit in sent)
        assert len(writes) == 1 and writes[0].startswith("WITH new_comment AS")
    else:
        assert not any(autocommit for _, autocommit in sent)  # SQLite: one transaction
        assert len(writes) >= 4


def test_a_first_vote_on_postgresql_is_one_statement_in_autocommit(client, session, comment_id, me):
    response, sent = _from_a_fresh_session(
        lambda: client.post(f"/c/{comment_id}/vote", data={"value": "1"}, headers=JSON)
    )

    assert (response.status_code, response.json["score"], response.json["my_vote"]) == (200, 1, 1)
    assert db.session().scalars(select(Vote.value)).all() == [1]
    if _on_postgresql():
        assert sent and all(autocommit for _, autocommit in sent)
        assert len(_writes(sent)) == 1 and _writes(sent)[0].startswith("WITH flipped AS")


@pytest.mark.parametrize(("first", "then", "score"), [("1", "1", 1), ("1", "0", 0)])
def test_a_vote_that_needs_more_runs_again_in_a_transaction(
    client, session, comment_id, me, first, then, score
):
    """The same vote again (the statement changes nothing) and a vote taken back (a delete
    and a count, two writes) each start in autocommit and finish in a transaction."""
    client.post(f"/c/{comment_id}/vote", data={"value": first}, headers=JSON)
    marks_before = counters.content_version(db.session())[0]

    response, sent = _from_a_fresh_session(
        lambda: client.post(f"/c/{comment_id}/vote", data={"value": then}, headers=JSON)
    )

    assert (response.status_code, response.json["score"]) == (200, score)
    fresh = db.session()
    assert fresh.scalar(select(Comment.score).where(Comment.id == comment_id)) == score
    assert fresh.scalars(select(Vote.value)).all() == ([1] if then == "1" else [])
    assert counters.content_version(fresh)[0] == marks_before  # a vote retires no content
    if _on_postgresql():
        # The first try stopped before sending anything but the one statement, which changed
        # nothing; the second try ran in a transaction.
        tried = [(statement, True) for statement, autocommit in sent if autocommit]
        again = [(statement, False) for statement, autocommit in sent if not autocommit]
        assert tried and again and sent == tried + again
        assert all(write.startswith("WITH flipped AS") for write in _writes(tried))


def test_the_connection_goes_back_to_the_pool_out_of_autocommit(client, session, post, me):
    post_id = post.id
    session.commit()
    _from_a_fresh_session(
        lambda: client.post(f"/p/{post_id}/comments", data={"body_markdown": "One statement"})
    )
    db.session.remove()

    # The pool hands out the same connection again: its next user gets a transaction.
    assert not _autocommits(db.session().connection())


def test_a_refused_reply_in_autocommit_writes_nothing(client, session, post, me):
    post_id = post.id
    session.commit()

    response, _ = _from_a_fresh_session(
        lambda: client.post(f"/p/{post_id}/comments", data={"body_markdown": "   "})
    )

    assert response.status_code == 422
    assert "Write something before posting." in response.get_data(as_text=True)
    assert db.session().scalar(select(Post.comment_count).where(Post.id == post_id)) == 0


def test_a_write_after_the_whole_write_fails_the_request(app):
    @one_statement_write
    def two_writes() -> None:
        db.session.connection().execute(NO_CHANGE, execution_options=WHOLE)
        db.session.connection().execute(NO_CHANGE)

    db.session.remove()
    with app.test_request_context(method="POST"):
        if _on_postgresql():
            with pytest.raises(NotOneStatement, match="after the whole write"):
                two_writes()
        else:
            two_writes()  # SQLite: one transaction, as ever
        db.session.rollback()


def test_the_guard_lets_reads_and_the_whole_write_through(app):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        connection.execute(text("SELECT 1"))
        connection.execute(NO_CHANGE, execution_options=WHOLE)
        assert connection.execute(text("SELECT 2")).scalar_one() == 2
        connection.rollback()


def test_the_guard_stops_any_other_write_before_it_is_sent(app):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        with pytest.raises(NotOneStatement, match="in autocommit") as before:
            connection.execute(NO_CHANGE)
        connection.execute(NO_CHANGE, execution_options=WHOLE)
        with pytest.raises(NotOneStatement, match="after the whole write") as after:
            connection.execute(NO_CHANGE, execution_options=WHOLE)
        connection.rollback()
    assert (before.value.written, after.value.written) == (False, True)


@pytest.mark.parametrize("lock", ["FOR UPDATE", "FOR SHARE", "for no key update"])
def test_the_guard_stops_a_locking_read(app, lock):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        with pytest.raises(NotOneStatement, match="in autocommit"):
            connection.execute(text(f"SELECT name FROM counters {lock}"))  # noqa: S608
        connection.rollback()
