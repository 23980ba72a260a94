"""SQLite writers in several processes queue on a lock beside the database, readers never."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from board import sqlite_writers
from board.config import engine_options
from board.sqlite_writers import LOCK_SUFFIX, QueuedWritersConnection

# fork: the child needs nothing but this module's functions and a path.
FORK = multiprocessing.get_context("fork")
WAIT = 10  # seconds: only ever reached when something is broken


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = str(tmp_path / "board.db")
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE notes (body TEXT)")
    setup.close()
    return path


def _queue_is_free(path: str) -> bool:
    """Tell, from this process, whether another process holds the writers' lock."""
    fd = os.open(path + LOCK_SUFFIX, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _hold(path: str, sql: str, ending: str, held: object, go: object, done: object) -> None:
    """In a child: run `sql`, report, then end the transaction as told."""
    connection = sqlite3.connect(path, factory=QueuedWritersConnection)
    connection.execute(sql)
    held.set()  # type: ignore[attr-defined]
    go.wait(WAIT)  # type: ignore[attr-defined]
    getattr(connection, ending)()
    done.set()  # type: ignore[attr-defined]
    go.wait(WAIT)  # type: ignore[attr-defined]  # stay alive: a dead process frees every lock
    connection.close()


@pytest.fixture
def child(database: str) -> Iterator[object]:
    processes = []

    def start(sql: str, ending: str = "commit") -> tuple[object, object, object]:
        held, go, done = FORK.Event(), FORK.Event(), FORK.Event()
        process = FORK.Process(target=_hold, args=(database, sql, ending, held, go, done))
        process.start()
        processes.append((process, go))
        assert held.wait(WAIT)
        return held, go, done

    yield start
    for process, go in processes:
        go.set()
        process.join(WAIT)


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_a_writer_holds_the_queue_until_its_transaction_ends(database, child, ending):
    _, go, done = child("INSERT INTO notes VALUES ('first')", ending)

    assert not _queue_is_free(database)
    go.set()
    assert done.wait(WAIT)
    assert _queue_is_free(database)


def test_a_reader_never_queues(database, child):
    child("SELECT count(*) FROM notes")

    assert _queue_is_free(database)


def _write_once(path: str, done: object) -> None:
    connection = sqlite3.connect(path, factory=QueuedWritersConnection, timeout=WAIT)
    with connection:
        connection.execute("INSERT INTO notes VALUES ('queued')")
    done.set()  # type: ignore[attr-defined]
    connection.close()


def test_a_writer_waits_its_turn_even_when_sqlite_is_free(database):
    # Another worker's writer is ahead in the queue; SQLite's own lock is free all along.
    ahead = os.open(database + LOCK_SUFFIX, os.O_RDWR | os.O_CREAT)
    fcntl.lockf(ahead, fcntl.LOCK_EX)
    done = FORK.Event()
    writer = FORK.Process(target=_write_once, args=(database, done))
    writer.start()
    try:
        assert not done.wait(0.5)
    finally:
        fcntl.lockf(ahead, fcntl.LOCK_UN)
        os.close(ahead)
    assert done.wait(WAIT)
    writer.join(WAIT)
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT body FROM notes").fetchall() == [("queued",)]
    check.close()


def test_a_write_in_autocommit_leaves_the_queue_at_once(database):
    connection = sqlite3.connect(database, factory=QueuedWritersConnection, isolation_level=None)
    connection.execute("INSERT INTO notes VALUES ('at once')")

    assert not connection.in_transaction
    assert _queue_is_free_elsewhere(database)
    connection.close()


def _probe(path: str, answer: object) -> None:
    answer.put(_queue_is_free(path))  # type: ignore[attr-defined]


def _queue_is_free_elsewhere(path: str) -> bool:
    """Ask another process: this one's own locks never block itself."""
    answer = FORK.Queue()
    process = FORK.Process(target=_probe, args=(path, answer))
    process.start()
    free = bool(answer.get(timeout=WAIT))
    process.join(WAIT)
    return free


def test_an_open_write_transaction_blocks_other_processes(database):
    connection = sqlite3.connect(database, factory=QueuedWritersConnection)
    connection.execute("UPDATE notes SET body = 'x'")

    assert not _queue_is_free_elsewhere(database)
    connection.commit()
    assert _queue_is_free_elsewhere(database)
    connection.close()


def test_an_in_memory_database_has_no_queue(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    connection = sqlite3.connect(":memory:", factory=QueuedWritersConnection)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()

    assert list(tmp_path.iterdir()) == []
    connection.close()


def test_the_board_connects_to_sqlite_through_the_queue():
    options = engine_options("sqlite:////tmp/board.db")

    assert options["connect_args"]["factory"] is QueuedWritersConnection


def test_a_commit_never_checkpoints_inside_the_queue(database):
    connection = sqlite3.connect(database, factory=QueuedWritersConnection)

    assert connection.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
    connection.close()


def test_a_writer_checkpoints_after_leaving_the_queue_at_most_once_a_second(database, monkeypatch):
    clock = [1_000.0]
    monkeypatch.setattr(sqlite_writers.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(sqlite_writers, "_checkpointed_at", {})
    connection = sqlite3.connect(database, factory=QueuedWritersConnection)
    connection.execute("PRAGMA journal_mode=WAL")
    queued_at_checkpoints = []

    def trace(sql: str) -> None:
        if "wal_checkpoint" in sql:
            queued_at_checkpoints.append(connection._queued)

    connection.set_trace_callback(trace)
    for body in ("first", "second, within the second", "third, a second later"):
        if body.startswith("third"):
            clock[0] += sqlite_writers.CHECKPOINT_EVERY
        connection.execute("INSERT INTO notes VALUES (?)", (body,))
        connection.commit()

    assert queued_at_checkpoints == [False, False]  # the first and the third, out of the queue
    assert connection.execute("SELECT count(*) FROM notes").fetchone() == (3,)
    connection.close()
