"""gunicorn settings read from the environment."""

from __future__ import annotations

import importlib

import pytest

from board import gunicorn_conf


@pytest.fixture
def settings(monkeypatch):
    """Return a function that reads the settings under the given environment."""

    def read(**environment: str):
        for name in ("LOG_FORMAT", "GUNICORN_ACCESS_LOG"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(gunicorn_conf)

    yield read
    monkeypatch.undo()
    importlib.reload(gunicorn_conf)


def test_plain_logs_keep_gunicorns_access_line_on_stdout(settings):
    assert settings().accesslog == "-"
    assert settings(LOG_FORMAT="text").accesslog == "-"


def test_json_logs_leave_the_request_line_to_the_app(settings):
    assert settings(LOG_FORMAT="json").accesslog is None


def test_an_access_log_asked_for_is_kept_and_an_empty_one_is_off(settings):
    assert settings(LOG_FORMAT="json", GUNICORN_ACCESS_LOG="/var/log/board.log").accesslog == (
        "/var/log/board.log"
    )
    assert settings(GUNICORN_ACCESS_LOG="").accesslog is None
