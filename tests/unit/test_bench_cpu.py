"""The benchmark's CPU readings: /proc's figures, summed over a process tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import cpu


def _process(pid: int, parent: int, name: str = "python", own: float = 0, reaped: float = 0):
    return cpu.Process(pid, parent, name, own, reaped)


def test_a_stat_line_is_read_even_when_the_name_holds_spaces_and_parentheses():
    fields_after_name = "S 41 42 42 0 -1 4194560 100 0 0 0 250 50 30 20 20 0 1 0 5 0 0"
    process = cpu.parse_stat(77, f"77 (gunicorn: (a) b) {fields_after_name}", tick=0.01)

    assert process == cpu.Process(77, 41, "gunicorn: (a) b", own=3.0, reaped=0.5)


def test_a_tree_counts_its_live_processes_and_the_ended_ones_its_members_waited_for():
    table = {
        1: _process(1, 0, "init", own=100),
        10: _process(10, 1, own=0.5, reaped=4.0),  # gunicorn's master, workers replaced before
        11: _process(11, 10, own=2.0),
        12: _process(12, 10, own=3.0, reaped=0.25),
        20: _process(20, 1, own=9.0),  # another program
    }

    assert cpu.tree_seconds(table, [10]) == pytest.approx(0.5 + 4.0 + 2.0 + 3.0 + 0.25)
    assert cpu.tree_seconds(table, [99]) == 0  # gone already


def test_postgresql_is_found_by_its_server_process_not_by_each_backend():
    table = {
        1: _process(1, 0, "init"),
        5: _process(5, 1, "postgres"),
        6: _process(6, 5, "postgres"),
        7: _process(7, 5, "postgres"),
        8: _process(8, 1, "python"),
    }

    assert cpu.postgres_roots(table) == [5]


def test_per_request_divides_what_was_used_between_two_readings():
    before, after = cpu.Reading(10.0, 4.0), cpu.Reading(13.0, 4.5)

    assert cpu.per_request(before, after, 1000) == (3.0, 0.5)
    assert cpu.per_request(cpu.Reading(1.0, None), cpu.Reading(2.0, None), 500) == (2.0, None)
    assert cpu.per_request(None, after, 1000) == (None, None)
    assert cpu.per_request(before, after, 0) == (None, None)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc on this system")
def test_a_child_that_used_cpu_and_ended_counts_in_its_parents_tree():
    burn = "import time\nwhile time.process_time() < 0.3: pass"
    before = cpu.read(os.getpid(), with_database=False)
    subprocess.run([sys.executable, "-c", burn], check=True)  # noqa: S603 (a fixed command line)
    after = cpu.read(os.getpid(), with_database=False)

    assert before is not None and after is not None
    assert after.app - before.app >= 0.25  # the child's 0.3 s, read in ticks
    assert after.database is None
