"""A reply on PostgreSQL is one statement, sent in autocommit; a guard keeps it to one."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text

from board.extensions import db
from board.models.comment import Comment
from board.models.notification import Notification
from board.models.post import Post
from board.services import counters
from board.web.autocommit import NotOneStatement, guard_one_write
from tests.factories import make_post, make_user


@pytest.fixture
def post(session):
    return make_post(session, make_user(session, "author"), "The debate")


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


def _reply_from_a_fresh_session(client, post_id: int) -> tuple[int, list[tuple[str, bool]]]:
    """Post a reply as a request does in production, on a session nothing has used yet;
    return the status and, for each statement it sent, whether its connection autocommitted."""
    db.session.remove()
    sent: list[tuple[str, bool]] = []

    def record(conn, _cursor, statement, *_args) -> None:
        sent.append((statement, _autocommits(conn)))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.post(f"/p/{post_id}/comments", data={"body_markdown": "One statement"})
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return response.status_code, sent


def test_a_reply_on_postgresql_is_written_in_autocommit_and_counted(client, session, post, me):
    post_id, author_id, before = post.id, post.author_id, counters.content_version(session)[0]
    session.commit()

    status, sent = _reply_from_a_fresh_session(client, post_id)

    assert status == 302
    fresh = db.session()
    comment = fresh.scalars(select(Comment)).one()
    assert (comment.body_markdown, fresh.get(Post, post_id).comment_count) == ("One statement", 1)
    told = fresh.scalars(select(Notification.recipient_id)).all()
    assert told == [author_id]
    assert counters.content_version(fresh)[0] == before + 1  # moved once, by the statement
    writes = [statement for statement, _ in sent if not statement.lstrip().startswith("SELECT")]
    if db.engine.dialect.name == "postgresql":
        # No BEGIN and no COMMIT: each statement, the reader's and the post's reads as well,
        # ran on a connection in autocommit, and the only write was the one statement.
        assert sent and all(autocommit for _, autocommit in sent)
        assert len(writes) == 1 and writes[0].startswith("WITH new_comment AS")
    else:
        assert not any(autocommit for _, autocommit in sent)  # SQLite: one transaction
        assert len(writes) >= 4


def test_the_connection_goes_back_to_the_pool_out_of_autocommit(client, session, post, me):
    post_id = post.id
    session.commit()
    _reply_from_a_fresh_session(client, post_id)
    db.session.remove()

    # The pool hands out the same connection again: its next user gets a transaction.
    connection = db.session().connection()

    assert not _autocommits(connection)


def test_a_refused_reply_in_autocommit_writes_nothing(client, session, post, me):
    post_id = post.id
    session.commit()
    db.session.remove()

    response = client.post(f"/p/{post_id}/comments", data={"body_markdown": "   "})

    assert response.status_code == 422
    assert "Write something before posting." in response.get_data(as_text=True)
    assert db.session().scalar(select(Post.comment_count).where(Post.id == post_id)) == 0


def test_the_guard_lets_reads_and_one_write_through(app):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        connection.execute(text("SELECT 1"))
        connection.execute(text("UPDATE counters SET value = value WHERE name = 'none'"))
        assert connection.execute(text("SELECT 2")).scalar_one() == 2
        connection.rollback()


def test_the_guard_stops_a_second_write_before_it_is_sent(app):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        connection.execute(text("UPDATE counters SET value = value WHERE name = 'none'"))
        with pytest.raises(NotOneStatement, match="a second write"):
            connection.execute(text("DELETE FROM counters WHERE name = 'none'"))
        connection.rollback()


@pytest.mark.parametrize("lock", ["FOR UPDATE", "FOR SHARE", "for no key update"])
def test_the_guard_stops_a_locking_read(app, lock):
    with db.engine.connect() as connection:
        guard_one_write(connection)
        with pytest.raises(NotOneStatement, match="a locking read"):
            connection.execute(text(f"SELECT name FROM counters {lock}"))  # noqa: S608
        connection.rollback()
