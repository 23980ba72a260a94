"""Request ids, one structured log line per request, and Prometheus metrics."""

from __future__ import annotations

import hmac
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, request, session
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from board.extensions import db, limiter

bp = Blueprint("observability", __name__)
request_log = logging.getLogger("board.requests")

REQUESTS = Counter("board_requests_total", "Requests answered", ["endpoint", "method", "status"])
# Buckets around what a page should cost: most answers well under 100 ms.
LATENCY = Histogram(
    "board_request_duration_seconds",
    "Time to answer a request",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
REQUEST_ID_MAX = 64  # a client's own id is kept if it is short and plain, else replaced


def _request_id() -> str:
    given = request.headers.get("X-Request-ID", "")
    if given and len(given) <= REQUEST_ID_MAX and given.replace("-", "").isalnum():
        return given
    return uuid.uuid4().hex


def _start() -> None:
    g.request_id = _request_id()
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    duration = time.perf_counter() - g.get("started", time.perf_counter())
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(duration)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if current_app.config.get("LOG_FORMAT") == "json":
        request_log.info(json.dumps(_log_line(response, duration)))
    return response


def _log_line(response: Response, duration: float) -> dict[str, object]:
    # The id the signed session carries: no query, on cache hits too. Flask-Login keeps it there.
    user_id = session.get("_user_id")
    return {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round(duration * 1000, 2),
        "user_id": int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None,
        "request_id": g.get("request_id"),
    }


class PoolCollector(Collector):
    """Report this process's database pool at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        pool = db.engine.pool
        for name, method in (("checked_out", "checkedout"), ("size", "size")):
            reader = getattr(pool, method, None)
            if reader is not None:
                gauge = GaugeMetricFamily(f"board_db_pool_{name}", f"Database pool {name}")
                gauge.add_metric([], float(reader()))
                yield gauge


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: each writes its samples to files that one scrape adds up.
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(PoolCollector())
    return registry


@bp.get("/metrics")
@limiter.exempt
def metrics() -> Response:
    """Serve Prometheus metrics to a scraper holding the token."""
    token = current_app.config.get("METRICS_TOKEN", "")
    if not token:
        abort(404)  # no token configured: the endpoint does not exist
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        abort(401)
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)


def register(app: Flask) -> None:
    """Time and count every request; log it as JSON when LOG_FORMAT=json."""
    app.before_request(_start)
    app.after_request(_finish)
    if app.config.get("LOG_FORMAT") == "json" and not request_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
