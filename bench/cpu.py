"""CPU time spent by the processes under test, read from Linux's /proc.

wrk says how fast a page was served; these figures say how much CPU each request cost and
where: in Board's gunicorn workers, or in PostgreSQL's processes. The write targets compare a
write's latency with the front page's, and on a saturated machine both are mostly queueing, so
their ratio largely follows the ratio of what each request costs the machine (on SQLite,
writers also wait their turn for the file).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
POSTGRES = "postgres"  # the command name of PostgreSQL's server and of each of its processes


@dataclass(frozen=True)
class Process:
    pid: int
    parent: int
    name: str
    own: float  # CPU seconds, user and system
    reaped: float  # CPU seconds of its ended children that it waited for, and theirs


@dataclass(frozen=True)
class Reading:
    """CPU seconds used so far by the app's process tree and the database's, if measured."""

    app: float
    database: float | None


def parse_stat(pid: int, text: str, tick: float) -> Process:
    """Read one /proc/<pid>/stat line."""
    # The command name is in parentheses and may itself hold spaces and parentheses.
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text[text.rindex(")") + 2 :].split()
    # After the name: state, parent, ... and from the twelfth on utime, stime, cutime, cstime.
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return Process(pid, int(fields[1]), name, (utime + stime) * tick, (cutime + cstime) * tick)


def processes() -> dict[int, Process]:
    """Read every process's CPU time now; one that ends while being read is left out."""
    tick = 1 / os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        table[int(entry.name)] = parse_stat(int(entry.name), text, tick)
    return table


def tree_seconds(table: dict[int, Process], roots: Iterable[int]) -> float:
    """Return the CPU seconds of the roots and every process under them, ended ones included.

    A live process counts its own time; an ended one counts in its parent's reaped time, so a
    worker replaced between two readings is neither lost nor counted twice.
    """
    children: dict[int, list[int]] = {}
    for process in table.values():
        children.setdefault(process.parent, []).append(process.pid)
    total, waiting = 0.0, [pid for pid in roots if pid in table]
    while waiting:
        process = table[waiting.pop()]
        total += process.own + process.reaped
        waiting.extend(children.get(process.pid, []))
    return total


def postgres_roots(table: dict[int, Process]) -> list[int]:
    """Return the PostgreSQL servers running here: postgres processes not started by one."""

    def is_postgres(pid: int) -> bool:
        return pid in table and table[pid].name == POSTGRES

    return [pid for pid in table if is_postgres(pid) and not is_postgres(table[pid].parent)]


def read(app_pid: int, with_database: bool) -> Reading | None:
    """Read the CPU used so far by the app's process tree, and by PostgreSQL if asked and it
    runs on this machine; None where there is no /proc to read."""
    if not PROC.is_dir():
        return None
    table = processes()
    servers = postgres_roots(table) if with_database else []
    database = tree_seconds(table, servers) if servers else None
    return Reading(tree_seconds(table, [app_pid]), database)


def per_request(
    before: Reading | None, after: Reading | None, requests: int
) -> tuple[float | None, float | None]:
    """Return the app's and the database's CPU milliseconds per request between two readings."""
    if before is None or after is None or requests <= 0:
        return None, None
    app = (after.app - before.app) * 1000 / requests
    if before.database is None or after.database is None:
        return round(app, 3), None
    return round(app, 3), round((after.database - before.database) * 1000 / requests, 3)
