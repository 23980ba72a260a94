"""Styled error pages (and JSON errors for scripts) for every status the board returns."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from board.domain.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from board.extensions import db, limiter
from board.models.base import utcnow
from board.web.guards import wants_json

MESSAGES = {
    400: ("Something was wrong with that request", "Go back, reload the page and try again."),
    403: ("You can't do that", "This action is not open to your account."),
    404: ("Page not found", "It may have been deleted, or the link may be mistyped."),
    405: ("Not allowed", "That page does not accept this kind of request."),
    413: (
        "That upload is too large",
        "Requests are limited to 8 MB and pictures to 5 MB. Choose a smaller file; "
        "go back to keep what you typed.",
    ),
    429: ("Slow down", "Too many requests in a short time. Wait a moment and try again."),
    500: ("Something broke on our side", "The error has been logged. Try again in a moment."),
    503: ("Board is briefly unavailable", "Try again in a few seconds."),
}


def error_response(status: int, detail: str | None = None) -> tuple[Response | str, int]:
    """Render the styled page, or JSON for scripts, for an error status."""
    title, hint = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if wants_json():
        return jsonify(error=detail or title, status=status), status
    return render_template(
        "errors/error.html", status=status, title=title, detail=detail, hint=hint
    ), status


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    return error_response(status)


def _retry_after_seconds() -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def _rate_limited(error: RateLimitExceeded) -> tuple[Response | str, int]:
    wait = _retry_after_seconds()
    if wants_json():
        response = jsonify(error="Too many requests; try again later.", retry_after=wait)
        response.headers["Retry-After"] = str(wait)
        return response, 429
    # Give back what the person typed, ready to send again, so waiting costs them nothing.
    kept = (
        [
            (name, value)
            for name, value in request.form.items(multi=True)
            if name not in {"csrf_token", "submit", "preview"}
        ]
        if request.method == "POST"
        else []
    )
    page = render_template(
        "errors/rate_limited.html",
        status=429,
        title=MESSAGES[429][0],
        wait_minutes=max(1, -(-wait // 60)),
        retry_at=utcnow() + timedelta(seconds=wait),
        kept=kept,
        action=request.path,
    )
    return page, 429


def _csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    return error_response(
        400, "The form had expired or came from elsewhere. Go back, reload it and send it again."
    )


def _domain_error(error: DomainError) -> tuple[Response | str, int]:
    if isinstance(error, PermissionDenied):
        return error_response(403, str(error) or None)
    if isinstance(error, NotFound):
        return error_response(404, str(error) or None)
    if isinstance(error, InvalidInput):
        return error_response(400, str(error))
    return error_response(409, str(error) or None)


def _database_unavailable(error: OperationalError) -> tuple[Response | str, int]:
    # The database is down or unreachable: say so with 503, so clients and balancers retry,
    # rather than a 500 that blames the request. The pool reconnects when it returns.
    current_app.logger.error("database unavailable: %s", error.orig or error)
    db.session.rollback()
    # The page below must not try to load the signed-in user again: show it signed out.
    g._login_user = current_app.login_manager.anonymous_user()  # type: ignore[attr-defined]
    response, status = error_response(503)
    if isinstance(response, str):
        response = current_app.make_response((response, status))
    response.headers["Retry-After"] = "5"
    return response, status


def _unexpected(error: Exception) -> tuple[Response | str, int]:
    current_app.logger.exception("unhandled error", exc_info=error)
    db.session.rollback()
    return error_response(500)


def register(app: Flask) -> None:
    """Route every error to a styled page."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)
