"""Serve stored pictures."""

from __future__ import annotations

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from board.web.guards import upload_dir

bp = Blueprint("uploads", __name__)

# Stored names are random and never reused, so a picture can be cached for a year.
CACHE_SECONDS = 365 * 24 * 3600


@bp.get("/uploads/<path:filename>")
def show(filename: str) -> Response:
    if "/" in filename or filename.startswith("."):
        abort(404)
    return send_from_directory(upload_dir(), filename, max_age=CACHE_SECONDS)
