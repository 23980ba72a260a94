"""Configuration read from the environment, with safe defaults for the embedded set-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from board.sqlite_writers import QueuedWritersConnection

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("BOARD_INSTANCE_DIR", REPO_ROOT / "instance"))

# A request larger than this is refused with 413 before a view runs: a 5 MB cover photo plus
# a 40,000-character body and the form's other fields fit with room to spare.
MAX_CONTENT_LENGTH = 8 * 1024 * 1024


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key(instance_dir: Path) -> str:
    """Return the development key kept in instance/, creating it on first use."""
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance_dir: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        instance_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_dir / 'board.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict[str, Any]:
    """Return engine options that suit the database behind the URL."""
    if url.startswith("sqlite"):
        # Writers wait for the file rather than fail, and several workers' writers take turns
        # in the order they came (board.sqlite_writers).
        return {"connect_args": {"timeout": 15, "factory": QueuedWritersConnection}}
    # No pool_pre_ping: create_app checks pooled connections itself, when they may have died
    # (board.db_liveness).
    return {"pool_size": 5, "max_overflow": 5}


def from_environment_unless(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config from environment variables; explicit overrides win."""
    given = dict(overrides or {})
    instance_dir = Path(given.get("INSTANCE_DIR", INSTANCE_DIR))
    url = given.get("SQLALCHEMY_DATABASE_URI") or _database_url(instance_dir)
    secure_cookies = _flag("SESSION_COOKIE_SECURE")
    settings: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance_dir / "uploads")),
        "MAX_CONTENT_LENGTH": MAX_CONTENT_LENGTH,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # Tokens live as long as the session: a long essay may take an hour to write.
        "WTF_CSRF_TIME_LIMIT": None,
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # Limits must hold across workers, so they live in Redis when there is one; if Redis
        # stops answering, each worker falls back to counting in its own memory.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": not _flag("BOARD_RATE_LIMITS_OFF"),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),
        "PAGE_CACHE": not _flag("BOARD_PAGE_CACHE_OFF"),
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
    }
    settings.update(given)
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _dev_secret_key(instance_dir)
    return settings
