"""SQLite connections whose writers, in several processes, take turns in arrival order.

SQLite lets one writer at a time hold a database file. A writer that finds it taken sleeps and
tries again, sleeping longer each time (up to 100 ms), while a newcomer tries at once, so under
a burst of writes from several gunicorn workers the oldest waiters lose to every newcomer:
measured, a comment's p95 swung from 79 ms to 2.5 s between two runs of the same benchmark.

Here a writer first queues on an operating-system lock on a file beside the database, in which
the kernel wakes the next waiter as soon as the lock is let go; only then does it ask SQLite.
The lock is taken just before a connection's first INSERT, UPDATE or DELETE and let go as soon
as its transaction ends, so readers never queue. It only orders the writers: SQLite's own lock
still decides who writes, so a writer that does not queue (another program) is no danger.
A queued writer waits as long as the one ahead of it writes, as a row lock waits on PostgreSQL;
SQLite's 15-second timeout still applies to whatever waits on SQLite itself.

POSIX record locks belong to a process, so the threads of one process (the development server)
do not queue behind each other here; SQLite's own waiting still orders them.

SQLite copies the write-ahead log back into the database (a checkpoint, with an fsync) inside the
commit that takes the log past 1,000 pages, so every writer queued behind that one waited for the
copy too: on the bench's large SQLite file, comments written by 4 connections measured p95 130
and 21 ms in two runs, and 17 and 15 ms with no checkpoints at all (2026-12-06). Here a writer
checkpoints after it has left the queue instead, a passive one that holds up no other writer or
reader, and each process at most once a second: 21 and 18 ms in two such runs, and in `make
bench` 20 ms where the run before had 120 ms.
"""

from __future__ import annotations

import fcntl
import math
import os
import sqlite3
import time
from typing import Any

LOCK_SUFFIX = "-writers"  # beside SQLite's own -wal and -shm files
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
CHECKPOINT_EVERY = 1.0  # seconds between one process's checkpoints of one database
_checkpointed_at: dict[str, float] = {}  # database path -> when this process last checkpointed


def _is_write(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(WRITE_VERBS)


class QueuedWritersConnection(sqlite3.Connection):
    """A sqlite3 connection that queues for the writers' lock before its first write."""

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        in_memory = path in ("", ":memory:") or path.startswith("file:")
        self._queue = None if in_memory else os.open(path + LOCK_SUFFIX, os.O_RDWR | os.O_CREAT)
        self._queued = False
        self._path = path
        if self._queue is not None:
            super().execute("PRAGMA wal_autocheckpoint=0").close()  # see checkpoint_now_and_then

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or _QueuedWritersCursor)

    # sqlite3's own shortcuts run the statement in C, past the cursor's methods.
    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, seq_of_parameters)

    def queue_for(self, sql: str) -> None:
        """Wait for this connection's turn to write, if `sql` writes and it has none yet."""
        if self._queue is not None and not self._queued and _is_write(sql):
            try:
                fcntl.lockf(self._queue, fcntl.LOCK_EX)
            except OSError:  # EDEADLK or the like: SQLite's own waiting still orders writers
                return
            self._queued = True

    def leave_queue_unless_writing(self) -> None:
        """Let the next writer go once this connection's transaction is over."""
        if self._queued and self._queue is not None and not self.in_transaction:
            fcntl.lockf(self._queue, fcntl.LOCK_UN)
            self._queued = False
            self.checkpoint_now_and_then()

    def checkpoint_now_and_then(self) -> None:
        """Copy the write-ahead log back into the database, if this process has not for a while."""
        now = time.monotonic()
        if now - _checkpointed_at.get(self._path, -math.inf) < CHECKPOINT_EVERY:
            return
        _checkpointed_at[self._path] = now
        try:
            super().execute("PRAGMA wal_checkpoint(PASSIVE)").close()
        except sqlite3.Error:  # the write is committed; the next writer's checkpoint catches up
            return

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.leave_queue_unless_writing()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.leave_queue_unless_writing()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self._queue is not None:
                os.close(self._queue)  # lets go of the lock too
                self._queue, self._queued = None, False


class _QueuedWritersCursor(sqlite3.Cursor):
    @property
    def _queued_connection(self) -> QueuedWritersConnection:
        connection = self.connection
        assert isinstance(connection, QueuedWritersConnection)
        return connection

    def execute(self, sql: str, parameters: Any = (), /) -> _QueuedWritersCursor:
        connection = self._queued_connection
        connection.queue_for(sql)
        try:
            super().execute(sql, parameters)
        finally:
            connection.leave_queue_unless_writing()  # a write in autocommit is over at once
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> _QueuedWritersCursor:
        connection = self._queued_connection
        connection.queue_for(sql)
        try:
            super().executemany(sql, seq_of_parameters)
        finally:
            connection.leave_queue_unless_writing()
        return self
