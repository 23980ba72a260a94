"""System tests: Board under real gunicorn workers on a real PostgreSQL, with real faults.

A session fixture creates a fresh PostgreSQL database beside BOARD_TEST_DATABASE_URL (or the
local default), migrates it and seeds people and posts through the services. The tests start
`gunicorn -c python:board.gunicorn_conf 'board:create_app()'` on a free loopback port and talk
plain HTTP to it, as browsers and the voting script do. All traffic stays on 127.0.0.1.

Without PostgreSQL, gunicorn or redis-server the tests are skipped with one reason, except on
CI (`CI=true`), where a missing service is a failure: CI must never skip them silently.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, NoReturn

import pytest
import redis
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask_migrate import upgrade
from sqlalchemy import create_engine, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from board.app import create_app
from board.extensions import db
from board.models.post import Post
from board.models.user import User
from board.services import accounts, comments, posts, tags
from tests.conftest import app_config, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "system-tests-secret-key"  # fixed, so every worker signs the same cookies
PASSWORD = "correct-horse-battery"
VOTERS = 200
WORKERS = 4
# Generous bounds in seconds: the machine is shared and noisy, and no test measures time.
REQUEST_TIMEOUT = 60.0
START_TIMEOUT = 60.0
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
# Settings of the developer's shell that would change the servers under test.
INHERITED_NOT = ("BOARD_", "REDIS_", "PROMETHEUS_", "GUNICORN_", "RATELIMIT_")
INHERITED_NOT_NAMED = {
    "DATABASE_URL",
    "SECRET_KEY",
    "BIND",
    "WEB_CONCURRENCY",
    "UPLOAD_DIR",
    "LOG_FORMAT",
    "METRICS_TOKEN",
    "SESSION_COOKIE_SECURE",
}


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Skip with one clear reason; on CI fail instead, since CI must not skip these tests."""
    if on_ci():
        pytest.fail(f"{reason} (CI=true: system tests must not be skipped)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# HTTP --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    def location_path(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path


class Browser:
    """One visitor with cookies and a CSRF token, speaking HTTP/1.1 to a loopback server.

    Redirects are not followed, so a test sees every status the server answers.
    """

    def __init__(self, base: str, name: str = "") -> None:
        parts = urllib.parse.urlsplit(base)
        assert parts.hostname == "127.0.0.1", "system tests talk to the loopback only"
        self.host, self.port = parts.hostname, parts.port
        self.name = name
        self.csrf = ""
        self._cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        path: str,
        form: Mapping[str, str] | None = None,
        *,
        json_wanted: bool = False,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Answer:
        headers = {"Accept": "application/json" if json_wanted else "text/html"}
        with self._lock:
            cookie = "; ".join(f"{key}={value}" for key, value in self._cookies.items())
        if cookie:
            headers["Cookie"] = cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(
                response.status,
                {key.lower(): value for key, value in response.getheaders()},
                response.read().decode("utf-8", "replace"),
            )
            self._keep(response.headers.get_all("Set-Cookie") or [])
        finally:
            connection.close()
        found = CSRF_META.search(answer.body)
        if found:
            self.csrf = found.group(1)
        return answer

    def _keep(self, set_cookies: Sequence[str]) -> None:
        with self._lock:
            for header in set_cookies:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if not morsel.value or morsel["max-age"] == "0":
                        self._cookies.pop(name, None)
                    else:
                        self._cookies[name] = morsel.value

    def get(self, path: str, **options: Any) -> Answer:
        return self.request("GET", path, **options)

    def post(self, path: str, form: Mapping[str, str], **options: Any) -> Answer:
        """Send a form with this visitor's CSRF token, as the page's own form would."""
        return self.request("POST", path, {**form, "csrf_token": self.csrf}, **options)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the real form: the page gives the token, the form posts it."""
        page = self.get("/login")
        assert page.status == 200 and self.csrf, f"no sign-in form: {page.status}"
        answer = self.post("/login", {"username": username, "password": password})
        assert answer.status == 302 and answer.location_path() != "/login", (
            f"sign-in of {username} failed: {answer.status} {answer.body[:300]}"
        )
        self.name = username


def burst(calls: Sequence[Callable[[], Answer]]) -> list[Answer]:
    """Run each call on its own thread, all released at once by a barrier; return the answers."""
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)
    failures: list[BaseException] = []

    def run(index: int, call: Callable[[], Answer]) -> None:
        try:
            barrier.wait(timeout=REQUEST_TIMEOUT)
            answers[index] = call()
        except BaseException as error:
            failures.append(error)

    threads = [
        threading.Thread(target=run, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 3 * REQUEST_TIMEOUT
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    assert not failures, f"{len(failures)} requests raised; the first: {failures[0]!r}"
    finished = [answer for answer in answers if answer is not None]
    assert len(finished) == len(calls), f"{len(calls) - len(finished)} requests never finished"
    return finished


# gunicorn ----------------------------------------------------------------------------------


@dataclass
class Server:
    """A running gunicorn master, its loopback address and its captured output."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def running(self) -> bool:
        return self.process.poll() is None


def describe(answers: Sequence[Answer], server: Server) -> str:
    """Say which statuses came back, show the first unexpected answer and the server's log."""
    counts = dict(Counter(answer.status for answer in answers))
    odd = next((a for a in answers if a.status not in (200, 302)), None)
    sample = f"\nfirst unexpected answer: {odd.status} {odd.body[:400]}" if odd else ""
    return f"statuses {counts}{sample}\n--- gunicorn log (tail) ---\n{server.log_tail()}"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextmanager
def gunicorn(
    database_url: str, folder: Path, *, workers: int, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """Serve Board with the production gunicorn settings on a free loopback port."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    run_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(INHERITED_NOT) and key not in INHERITED_NOT_NAMED
    }
    run_env |= {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "BOARD_INSTANCE_DIR": str(folder),
        "GUNICORN_ACCESS_LOG": str(folder / "access.log"),
        **(env or {}),
    }
    log = folder / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [str(GUNICORN), "-c", "python:board.gunicorn_conf", "board:create_app()"],
            cwd=ROOT,
            env=run_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


def _wait_until_up(server: Server) -> None:
    probe = Browser(server.base)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not server.running():
            pytest.fail(f"gunicorn exited at start:\n{server.log_tail()}", pytrace=False)
        try:
            if probe.get("/healthz", timeout=5).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer /healthz in time:\n{server.log_tail()}", pytrace=False)


# An outage of PostgreSQL, without touching the shared server ---------------------------------


class DatabaseProxy:
    """A TCP relay on 127.0.0.1 between the workers and PostgreSQL, which can play dead.

    `stop_database()` cuts every open connection and resets new ones, as a stopped server
    would; `start_database()` relays again. The real PostgreSQL is never touched.
    """

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self._upstream = (upstream_host, upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._up = threading.Event()
        self._up.set()
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="db-proxy", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            if not self._up.is_set():
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self._upstream, timeout=10)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.difference_update((source, sink))
            _reset(source)
            _reset(sink)

    def stop_database(self) -> None:
        self._up.clear()
        with self._lock:
            cut = list(self._open)
            self._open.clear()
        for sock in cut:
            _reset(sock)

    def start_database(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closing.set()
        self.stop_database()
        self._thread.join(timeout=5)
        self._listener.close()


def _reset(sock: socket.socket) -> None:
    """Close a socket at once (RST), waking any thread blocked reading it."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


# A private Redis ---------------------------------------------------------------------------


@dataclass
class PrivateRedis:
    url: str
    process: subprocess.Popen[bytes]
    client: redis.Redis = field(repr=False)

    def stop(self) -> None:
        self.client.close()
        _stop(self.process)


# Fixtures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """The seeded database: who exists, and the posts and comments the tests act on."""

    database_url: str
    author: str
    voters: tuple[str, ...]
    user_ids: dict[str, int]
    posts: dict[str, int]
    comments: dict[str, int]


def _postgres_url() -> str:
    url = os.environ.get("BOARD_TEST_DATABASE_URL") or DEFAULT_DATABASE_URL
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL beside which the test database is made; skip (or fail on CI) without."""
    if not GUNICORN.exists():
        unavailable(f"gunicorn is not installed in the virtualenv ({GUNICORN})")
    url = _postgres_url()
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        shown = make_url(url).render_as_string()
        unavailable(f"PostgreSQL is not reachable at {shown}: {type(error.orig).__name__}")
    finally:
        engine.dispose()
    return url


def _seed(session: Session, database_url: str, upload_dir: Path) -> Seed:
    saved = accounts.password_hasher
    accounts.password_hasher = PasswordHasher.from_parameters(CHEAPEST)
    try:
        author = accounts.register(session, accounts.Registration("author", "Ada Author", PASSWORD))
        people = [
            accounts.register(
                session, accounts.Registration(f"voter{n:03d}", f"Voter {n}", PASSWORD)
            )
            for n in range(VOTERS)
        ]
    finally:
        accounts.password_hasher = saved
    # The workers verify with the production hasher. One production hash shared by everyone
    # keeps seeding fast while each sign-in costs what it costs in production.
    production_hash = PasswordHasher().hash(PASSWORD)
    session.execute(update(User).values(password_hash=production_hash))
    tag_ids = tuple(tag.id for tag in tags.all_tags(session)[:1])

    def post(title: str) -> int:
        draft = posts.PostDraft(title, f"{title}: a post for the system tests.", tag_ids=tag_ids)
        return posts.create_post(session, author, draft, upload_dir).id

    made = {
        "crowd": post("Two hundred votes at once"),
        "same": post("Fifty identical votes at once"),
        "replies": post("A hundred replies at once"),
        "changes": post("Minds changed at once"),
        "outage": post("A post read while the database is away"),
        "redis": post("A post voted on while Redis is away"),
    }
    thread_root = comments.add_comment(
        session, author, session.get(Post, made["replies"]), "Answer me, all at once."
    )
    changed = comments.add_comment(
        session, author, session.get(Post, made["changes"]), "Vote on this, then change."
    )
    session.commit()
    return Seed(
        database_url=database_url,
        author=author.username,
        voters=tuple(person.username for person in people),
        user_ids={person.username: person.id for person in [author, *people]},
        posts=made,
        comments={"thread_root": thread_root.id, "changed": changed.id},
    )


@pytest.fixture(scope="session")
def seed(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seed]:
    """A fresh PostgreSQL database, migrated and seeded, for the whole run."""
    folder = tmp_path_factory.mktemp("system")
    with fresh_postgres_database(postgres_url) as url:
        app = create_app(app_config(url, folder))
        with app.app_context():
            upgrade()
            seeded = _seed(db.session(), url, Path(app.config["UPLOAD_DIR"]))
            db.session.remove()
            db.engine.dispose()
        yield seeded


@pytest.fixture(scope="session")
def database(seed: Seed) -> Iterator[Engine]:
    """An engine on the seeded database, to check what the servers wrote."""
    engine = create_engine(seed.database_url, poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def board(seed: Seed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Board under four gunicorn workers on the seeded database, rate limits off."""
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {"BOARD_RATE_LIMITS_OFF": "1"}
    with gunicorn(seed.database_url, folder, workers=WORKERS, env=env) as server:
        yield server


@pytest.fixture(scope="module")
def voters(board: Server, seed: Seed) -> list[Browser]:
    """Every voter signed in through the real /login form, in seed order."""
    browsers = [Browser(board.base) for _ in seed.voters]
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(Browser.sign_in, browsers, seed.voters))
    return browsers


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start gunicorn servers for one test; each is stopped when the test ends."""
    with ExitStack() as stack:
        count = 0

        def start(database_url: str, *, workers: int = 2, **env: str) -> Server:
            nonlocal count
            count += 1
            folder = tmp_path / f"gunicorn-{count}"
            return stack.enter_context(gunicorn(database_url, folder, workers=workers, env=env))

        yield start


@pytest.fixture
def database_proxy(seed: Seed) -> Iterator[tuple[DatabaseProxy, str]]:
    """A proxy in front of PostgreSQL, and the database URL that goes through it."""
    url = make_url(seed.database_url)
    proxy = DatabaseProxy(url.host or "127.0.0.1", url.port or 5432)
    try:
        proxied = url.set(host="127.0.0.1", port=proxy.port)
        yield proxy, proxied.render_as_string(hide_password=False)
    finally:
        proxy.close()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A redis-server of the test's own on a free loopback port; never the shared one."""
    binary = shutil.which("redis-server")
    if binary is None:
        unavailable("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path)]
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    server = PrivateRedis(url, process, client)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the private redis-server did not start", pytrace=False)
                time.sleep(0.1)
        yield server
    finally:
        server.stop()
