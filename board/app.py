"""Application factory: configuration, extensions, blueprints, error pages, filters, CLI."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.logging import default_handler

from board import config as board_config
from board import db_liveness
from board.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create a configured Board application."""
    app = Flask(
        "board",
        root_path=str(board_config.REPO_ROOT / "board"),
        template_folder=str(board_config.REPO_ROOT / "templates"),
        static_folder=str(board_config.REPO_ROOT / "static"),
        instance_path=str(board_config.INSTANCE_DIR),
    )
    settings = dict(board_config.from_environment_unless(config))
    app.config.update(settings)
    _init_extensions(app)
    _register_web(app)
    _register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    import board.models  # noqa: F401  (every table registered, so Alembic compares them all)

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db_liveness.check_before_use(db.engine)  # in place of pool_pre_ping
    migrate.init_app(app, db, directory=str(board_config.REPO_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    # Flask-Limiter reports falling back to memory (Redis down) on its own logger; show it.
    limiter_log = logging.getLogger("flask-limiter")
    if default_handler not in limiter_log.handlers:
        limiter_log.addHandler(default_handler)


def _register_web(app: Flask) -> None:
    from board.web import register

    register(app)


def _register_cli(app: Flask) -> None:
    from board.cli import board_cli

    app.cli.add_command(board_cli)
