"""Benchmark Board against a minimal Flask page (the ceiling), interleaved, with wrk.

`make bench` runs: for each database (SQLite, PostgreSQL) and dataset (small, large), prepare
the data once, start Board and the ceiling under identical gunicorn settings on 127.0.0.1,
and drive each page for a fixed time, a ceiling run before each page run. Results go to
bench/results/*.json, docs/PERFORMANCE.md and bench/results/chart.png.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from flask_migrate import upgrade
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench import cpu, report
from board.app import create_app
from board.extensions import db
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.services import accounts, generator, posts

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
WORKERS = os.environ.get("BENCH_WORKERS", "4")  # the same for Board and the ceiling
BENCH_USER, BENCH_PASSWORD = "bench_reader", "bench-password-123"
USER_AGENT = "board-bench"  # sent by sign_in and by wrk.lua alike
THREADS, CONNECTIONS = 2, 16  # wrk's load: 16 keep-alive connections over 2 threads
# The writes run a second time with one connection per worker: each worker kept busy, nobody
# queueing, which is what a writer waits when the board is busy but not overrun.
WORKER_CONNECTIONS = int(WORKERS)
WARM_UP_SECONDS = 1  # each page's first requests fill the page cache and the database's


FIRST_VIEW = "post with 200 comments, signed in, first view"
WHILE_VOTING = "post with 200 comments, while votes land in another thread"
WHILE_VOTED_ON = "post with 200 comments, while votes land in it"
VOTERS_ALONGSIDE = 2  # connections voting during that run: a steady trickle, not a flood


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    signed_in: bool = False
    method: str = "GET"
    body: str = ""
    flip: bool = False
    fresh: bool = False  # a new query string each request: rendered every time, never cached
    spread: str = ""  # comment ids the votes go round, one after another
    connections: int = CONNECTIONS
    alongside: Target | None = None  # driven at the same time, not measured: other traffic


@dataclass
class Run:
    name: str
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int
    ceiling_rps: float = 0.0
    connections: int = CONNECTIONS
    alongside_rps: float | None = None  # the other traffic's rate during the run, if any
    # CPU milliseconds per request in Board's gunicorn workers and in PostgreSQL; None where
    # not measured: without /proc, on SQLite (whose work is the app's), with other traffic.
    app_cpu_ms: float | None = None
    db_cpu_ms: float | None = None

    @property
    def ratio(self) -> float:
        return self.requests_per_second / self.ceiling_rps if self.ceiling_rps else 0.0


def _database_env(database: str, size: str) -> dict[str, str]:
    env = {**os.environ, "BOARD_RATE_LIMITS_OFF": "1", "BOARD_INSTANCE_DIR": str(WORK)}
    env.pop("REDIS_URL", None)
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{WORK / f'bench-{size}.db'}"
    else:
        name = f"board_bench_{size}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
                       capture_output=True, check=False)  # fmt: skip
        env["DATABASE_URL"] = f"{POSTGRES}/{name}"
    return env


def prepare(database: str, size: str) -> tuple[dict[str, str], dict[str, str]]:
    """Migrate and fill the database once; return its environment and the paths to drive."""
    WORK.mkdir(parents=True, exist_ok=True)
    env = _database_env(database, size)
    started = time.monotonic()
    print(f"[{database}/{size}] preparing data (generated once; kept for later runs)")
    url = env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_DIR": str(WORK)})
    with app.app_context():
        upgrade()
        targets = _setup(db.session(), size)
        db.session.remove()
        db.engine.dispose()
    shown = {key: value[:60] + ("…" if len(value) > 60 else "") for key, value in targets.items()}
    print(f"[{database}/{size}] ready in {time.monotonic() - started:.0f} s: {shown}")
    return env, targets


def _votable(session: Session, reader_id: int, post_path: str) -> list[int]:
    """Return the comments of the thread at `post_path` that the bench reader may vote on."""
    post_id = int(post_path.split("/")[2])
    query = (
        select(Comment.id)
        .where(Comment.post_id == post_id, Comment.author_id != reader_id)
        .where(Comment.deleted_at.is_(None), Comment.removed_at.is_(None))
        .order_by(Comment.id)
    )
    return list(session.scalars(query))


def _setup(session: Session, size: str) -> dict[str, str]:
    """Generate the dataset if the database is empty; return the ids and names to drive."""
    if not session.scalar(select(func.count()).select_from(Post)):
        generator.generate(session, generator.PRESETS[size], seed=42)
        session.commit()
    reader = accounts.find_by_username(session, BENCH_USER)
    if reader is None:
        reader = accounts.register(
            session, accounts.Registration(BENCH_USER, "Bench Reader", BENCH_PASSWORD)
        )
        draft = posts.PostDraft("Bench writes", "Comments written by the benchmark land here.")
        posts.create_post(session, reader, draft, WORK)
        session.commit()

    def near(count: int) -> str:
        """Return the canonical path of the post whose thread is closest to `count` comments."""
        query = select(Post.id, Post.slug).order_by(func.abs(Post.comment_count - count)).limit(1)
        post_id, slug = session.execute(query).one()
        return f"/p/{post_id}/{slug}"  # the canonical URL: /p/<id> alone answers a redirect

    author = session.scalar(
        select(User.username).join(Post, Post.author_id == User.id)
        .group_by(User.username).order_by(func.count().desc()).limit(1)
    )  # fmt: skip
    return {
        "post200": near(200),
        "post1000": near(1000),
        "sink": str(session.scalar(select(Post.id).where(Post.title == "Bench writes"))),
        "voted": ",".join(str(i) for i in _votable(session, reader.id, near(200))),
        "voted_elsewhere": ",".join(str(i) for i in _votable(session, reader.id, near(1000))),
        "profile": str(author),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Served(NamedTuple):
    url: str
    pid: int  # gunicorn's master: its workers are its children


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str]) -> Iterator[Served]:
    """Serve an app with the production gunicorn settings on a free loopback port."""
    port = _free_port()
    run_env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": WORKERS,
               "GUNICORN_ACCESS_LOG": "/dev/null"}  # fmt: skip
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "python:board.gunicorn_conf", app_spec],
        env=run_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield Served(base, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()  # workers stuck in slow requests: the figures are already taken
            process.wait(timeout=10)


def sign_in(base: str) -> tuple[str, str]:
    """Sign the bench reader in; return the Cookie header and a CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # The same browser as wrk's requests: Flask-Login ties a session to its User-Agent and
    # would mark every request from another one as a session to re-check.
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "username": BENCH_USER, "password": BENCH_PASSWORD}
    ).encode()
    opener.open(base + "/login", data=form)
    page = opener.open(base + "/").read().decode()
    assert "Sign out" in page, "the bench reader could not sign in"
    fresh = re.search(r'name="csrf-token" content="([^"]+)"', page)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, fresh.group(1) if fresh else token.group(1)


def retract_votes(base: str, cookie: str, token: str, comment_ids: str) -> None:
    """Take back the bench reader's votes on these comments: each vote run starts from none."""
    headers = {"Cookie": cookie, "X-CSRFToken": token, "User-Agent": USER_AGENT,
               "Accept": "application/json"}  # fmt: skip
    for comment_id in comment_ids.split(","):
        request = urllib.request.Request(
            f"{base}/c/{comment_id}/vote", data=b"value=0", headers=headers, method="POST"
        )
        urllib.request.urlopen(request).read()


DRAIN_SECONDS = 120  # at most this long to let queued requests finish between runs


def drain(base: str) -> None:
    """Wait until the server answers at once: requests queued by the last run are done."""
    deadline = time.monotonic() + DRAIN_SECONDS
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(base + "/healthz", timeout=DRAIN_SECONDS)
        except OSError:
            time.sleep(0.5)
            continue
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def wrk(
    url: str, duration: int, extra_env: dict[str, str], connections: int = CONNECTIONS
) -> dict[str, float]:
    """Drive one URL for `duration` seconds; return the figures the Lua script prints."""
    threads = min(THREADS, connections)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk.lua"), url],
        env={**os.environ, "BENCH_THREADS": str(threads), **extra_env},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH "))
    figures = dict(part.split("=") for part in line.split()[1:])
    return {key: float(value) for key, value in figures.items()}


def _run(name: str, figures: dict[str, float]) -> Run:
    seconds = figures["duration_us"] / 1e6
    return Run(
        name=name,
        requests_per_second=round(figures["requests"] / seconds, 1),
        p50_ms=round(figures["p50_us"] / 1000, 2),
        p95_ms=round(figures["p95_us"] / 1000, 2),
        p99_ms=round(figures["p99_us"] / 1000, 2),
        errors=int(figures["errors"]),
        requests=int(figures["requests"]),
    )


def targets_for(ids: dict[str, str]) -> list[Target]:
    """Return the pages and writes to drive."""
    comment = Target("write: comment", f"/p/{ids['sink']}/comments", True, "POST",
                     "body_markdown=A+benchmark+comment+with+**Markdown**.")  # fmt: skip
    vote = Target("write: vote", f"/c/{ids['voted'].split(',')[0]}/vote", True, "POST", flip=True,
                  spread=ids["voted"])  # fmt: skip
    # Votes while the 200-comment thread is read, all the time, as on a board in use: in the
    # 1,000-comment thread, and then in the thread being read (each vote changes what it shows).
    votes_elsewhere, votes_here = (
        Target(f"votes in {where}", f"/c/{spread.split(',')[0]}/vote", True, "POST", flip=True,
               spread=spread, connections=VOTERS_ALONGSIDE)
        for where, spread in (("another thread", ids["voted_elsewhere"]), ("it", ids["voted"]))
    )  # fmt: skip
    calm = [
        replace(write, name=f"{write.name}, {WORKER_CONNECTIONS} connections",
                connections=WORKER_CONNECTIONS)
        for write in (comment, vote)
    ]  # fmt: skip
    return [
        Target("front page (hot)", "/"),
        Target("front page, page 40", "/?page=40"),
        Target("front page, signed in", "/", signed_in=True),
        Target("post with 200 comments", ids["post200"]),
        Target("post with 200 comments, signed in", ids["post200"], signed_in=True),
        Target(WHILE_VOTING, ids["post200"], alongside=votes_elsewhere),
        Target(WHILE_VOTED_ON, ids["post200"], alongside=votes_here),
        Target(FIRST_VIEW, ids["post200"], signed_in=True, fresh=True),
        Target("post with 1,000 comments", ids["post1000"]),
        Target("profile", f"/u/{ids['profile']}"),
        comment,
        vote,
        *calm,
        Target("search", "/search?q=hiring+manager"),
    ]


def _wrk_env(target: Target, cookie: str, token: str) -> dict[str, str]:
    """Return the environment that tells wrk.lua what to send for this target."""
    extra = {"BENCH_METHOD": target.method, "BENCH_BODY": target.body,
             "BENCH_FLIP": "1" if target.flip else "0",
             "BENCH_FRESH": "1" if target.fresh else "0", "BENCH_SPREAD": target.spread}  # fmt: skip
    if target.signed_in:
        extra |= {"BENCH_COOKIE": cookie, "BENCH_CSRF": token}
    return extra


@contextmanager
def _alongside(
    base: str, other: Target | None, duration: int, cookie: str, token: str
) -> Iterator[dict[str, float]]:
    """Drive `other` during the block, a little longer than it, and give its rate after."""
    figures: dict[str, float] = {}
    if other is None:
        yield figures
        return
    extra = _wrk_env(other, cookie, token)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Started first and ending after: the measured run never sees a quiet moment.
        running = pool.submit(wrk, base + other.path, duration + 2, extra, other.connections)
        time.sleep(1)
        yield figures
        result = _run(other.name, running.result())
    figures["requests_per_second"] = result.requests_per_second
    if result.errors:
        raise RuntimeError(f"{other.name}: {result.errors} errors")


def measure(database: str, size: str, duration: int) -> dict[str, object]:
    """Benchmark one database and dataset; return the results."""
    env, ids = prepare(database, size)
    runs: list[Run] = []
    ceiling_env = {**env, "BOARD_INSTANCE_DIR": str(WORK)}
    with (
        gunicorn("bench.ceiling:create_app()", ceiling_env) as (ceiling, _),
        gunicorn("board:create_app()", env) as (board, board_pid),
    ):
        cookie, token = sign_in(board)
        with_database = database == "postgresql"  # SQLite's work is done in the app's workers
        for target in targets_for(ids):
            extra = _wrk_env(target, cookie, token)
            # Warmed up first, as a page in use is: the runs measure the steady state.
            wrk(board + target.path, WARM_UP_SECONDS, extra, target.connections)
            for spread in (target.spread, target.alongside.spread if target.alongside else ""):
                if spread:
                    retract_votes(board, cookie, token, spread)
            drain(board)
            top = _run("ceiling", wrk(ceiling + "/", duration, {}))
            with _alongside(board, target.alongside, duration, cookie, token) as others:
                before = cpu.read(board_pid, with_database)
                figures = wrk(board + target.path, duration, extra, target.connections)
                after = cpu.read(board_pid, with_database)
            run = _run(target.name, figures)
            if target.alongside is None:  # else the other traffic's CPU would count as this
                run.app_cpu_ms, run.db_cpu_ms = cpu.per_request(before, after, run.requests)
            drain(board)  # a slow page's queue must not eat into the next run
            run.ceiling_rps = top.requests_per_second
            run.connections = target.connections
            run.alongside_rps = others.get("requests_per_second")
            runs.append(run)
            print(
                f"  {run.name:38} {run.requests_per_second:8.1f} req/s  p95 {run.p95_ms:7.1f} ms"
                f"  {run.ratio:6.1%} of ceiling {top.requests_per_second:.0f}  errors {run.errors}"
            )
    return {"database": database, "size": size, "duration_s": duration, "connections": CONNECTIONS,
            "runs": [asdict(r) | {"ratio": round(r.ratio, 4)} for r in runs]}  # fmt: skip


def machine() -> dict[str, object]:
    """Describe the machine the figures were measured on."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else model
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(memory, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "workers": int(WORKERS)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 8)))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `apt-get install wrk` (make bench does it).")
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    for database in args.databases.split(","):
        for size in args.sizes.split(","):
            result = measure(database, size, args.duration)
            result["machine"] = machine()
            result["date"] = datetime.now(UTC).isoformat(timespec="seconds")
            (RESULTS / f"{database}-{size}.json").write_text(json.dumps(result, indent=2))
            results.append(result)
    report.write(results, ROOT / "docs" / "PERFORMANCE.md", RESULTS / "chart.png")


if __name__ == "__main__":
    main()
