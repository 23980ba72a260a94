"""The web layer: blueprints, error pages, headers and template helpers."""

from __future__ import annotations

from flask import Flask, jsonify, redirect, request
from flask.typing import ResponseReturnValue
from flask_login import login_url

from board.extensions import db, login_manager
from board.models.user import User
from board.services import accounts
from board.web.guards import wants_json

# One module per noun, each with a blueprint named `bp`.
BLUEPRINTS = (
    "health",
    "observability",
    "auth",
    "feed",
    "posts",
    "comments",
    "votes",
    "agreements",
    "deltas",
    "users",
    "tags",
    "follows",
    "feeds",
    "uploads",
    "reports",
    "history",
    "modlog",
    "notifications",
    "appeals",
    "moderation",
    "search",
)


def register(app: Flask) -> None:
    """Attach every blueprint and web-wide hook to the app."""
    from importlib import import_module

    from board.web import caching, errors, filters, headers, observability

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"board.web.{name}").bp)
    errors.register(app)
    headers.register(app)
    observability.register(app)
    caching.register(app)
    filters.register(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"


@login_manager.unauthorized_handler
def _sign_in_first() -> ResponseReturnValue:
    # Scripts (the vote button) get a 401 they can act on, people the sign-in page.
    if wants_json():
        return jsonify(error="Sign in to do that.", status=401), 401
    return redirect(login_url("auth.login", next_url=request.url))


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return accounts.signed_in_user(db.session(), int(user_id))
