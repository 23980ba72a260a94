"""Configuration from the environment: a dev key made once, URLs normalised, flags read."""

from __future__ import annotations

import pytest

from board import config


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "DATABASE_URL", "SESSION_COOKIE_SECURE", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)


def test_a_dev_secret_key_is_generated_once_into_the_instance_folder(clean_environment, tmp_path):
    first = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    second = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})

    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first["SECRET_KEY"] == second["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 64
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_environment_key_wins(clean_environment, monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    settings = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    assert settings["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_in_the_instance_folder_by_default(clean_environment, tmp_path):
    settings = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'board.db'}"
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg_3(clean_environment, monkeypatch, tmp_path, given):
    monkeypatch.setenv("DATABASE_URL", given)
    settings = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    # create_app checks pooled connections when they may have died (board.db_liveness).
    assert "pool_pre_ping" not in settings["SQLALCHEMY_ENGINE_OPTIONS"]


def test_cookies_are_http_only_lax_and_secure_on_request(clean_environment, monkeypatch, tmp_path):
    settings = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    assert settings["SESSION_COOKIE_HTTPONLY"] and settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})["SESSION_COOKIE_SECURE"]


def test_redis_holds_the_rate_limits_when_configured(clean_environment, monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    settings = config.from_environment_unless({"INSTANCE_DIR": str(tmp_path)})
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert settings["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True
