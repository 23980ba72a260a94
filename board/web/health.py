"""Liveness and readiness for load balancers and orchestrators."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from board.extensions import db, limiter

bp = Blueprint("health", __name__)

REDIS_TIMEOUT_SECONDS = 0.5  # a readiness probe must answer fast; a slow Redis counts as down


@bp.get("/healthz")
@limiter.exempt
def healthz() -> Response:
    """Say the process is up (it answers), without touching anything it depends on."""
    return jsonify(status="ok")


def _database_ready() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def _redis_ready(url: str) -> bool:
    try:
        client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        return bool(client.ping())
    except redis.RedisError:
        return False


@bp.get("/readyz")
@limiter.exempt
def readyz() -> tuple[Response, int]:
    """Say whether the database (and Redis, when configured) can serve requests now."""
    checks = {"database": _database_ready()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_ready(current_app.config["REDIS_URL"])
    ready = all(checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), 200 if ready else 503
