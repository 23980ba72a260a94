"""Browser tests: Debian's Chromium driven by Playwright against a live server on SQLite.

The suite runs once, on SQLite, independently of the main conftest's database
parametrization. Without Chromium the tests are skipped with one reason, except on CI
(`CI=true`), where a missing browser is a failure: CI must never skip them silently.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask_migrate import upgrade
from werkzeug.serving import make_server

from board.app import create_app
from board.extensions import db
from board.services import accounts
from board.services.demo import seed_demo
from tests.conftest import app_config, fresh_database

MISSING_CHROMIUM = "Chromium not found: install Debian's chromium to run the browser tests"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Return the path of the system Chromium; skip (or fail on CI) when there is none."""
    path = shutil.which("chromium")
    if path is None:
        if _on_ci():
            pytest.fail(
                f"{MISSING_CHROMIUM} (CI=true: browser tests must not be skipped)", pytrace=False
            )
        # One clear reason, printed by pytest -ra on the "SKIPPED" summary line.
        pytest.skip(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium for the whole run (Playwright's own download is not used)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def live_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a seeded demo board on a fresh SQLite database with real CSRF; yield its URL."""
    folder = tmp_path_factory.mktemp("e2e")
    saved_hasher = accounts.password_hasher
    # The main conftest's cheap hasher is function-scoped; this server lives for the session.
    accounts.password_hasher = PasswordHasher.from_parameters(CHEAPEST)
    try:
        with fresh_database("sqlite", folder) as url:
            # The page cache on, as in production: pages a browser sees must stay right with it.
            config = app_config(url, folder, TESTING=False, WTF_CSRF_ENABLED=True, PAGE_CACHE=True)
            config.pop("SERVER_NAME", None)  # the browser asks for 127.0.0.1:<port>
            app = create_app(config)
            with app.app_context():
                upgrade()
                seed_demo(db.session, Path(app.config["UPLOAD_DIR"]))  # type: ignore[arg-type]
                db.session.commit()
                db.session.remove()
            server = make_server("127.0.0.1", 0, app, threaded=True)
            thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
            thread.start()
            try:
                yield f"http://127.0.0.1:{server.server_port}"
            finally:
                server.shutdown()
                thread.join(timeout=10)
                server.server_close()
                with app.app_context():
                    db.engine.dispose()
    finally:
        accounts.password_hasher = saved_hasher


class BrowserProblems:
    """Console errors, uncaught exceptions and dialogs seen by a page."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []

    def all(self) -> list[str]:
        return [
            *(f"console error: {m}" for m in self.console_errors),
            *(f"page error: {m}" for m in self.page_errors),
            *(f"dialog opened: {m}" for m in self.dialogs),
        ]


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def page(browser: Any, live_server: str, problems: BrowserProblems) -> Iterator[Any]:
    """A fresh browser context and page per test, recording console errors (CSP included)."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            problems.console_errors.append(f"{message.text} @ {message.location}")

    def on_dialog(dialog: Any) -> None:
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    try:
        yield page
    finally:
        context.close()
