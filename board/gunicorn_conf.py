"""gunicorn settings: `gunicorn -c python:board.gunicorn_conf 'board:create_app()'`."""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Processes, not threads, carry the load: each worker has its own database pool and nothing
# shared in memory (rate limits and caches live in Redis), so workers can be added freely.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Each worker builds its own app and engine after the fork: sockets are never shared.
preload_app = False
timeout = 30  # a page that takes longer is broken; let gunicorn replace the worker
graceful_timeout = 30
keepalive = 5  # behind a load balancer that reuses connections
# Recycle workers now and then so a slow leak can never grow without bound; not often, since
# a new worker boots for about half a second and starts with an empty in-memory page cache.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# One line per request: with LOG_FORMAT=json the app writes it, with the user and the request
# id, so gunicorn's own access line (about a twentieth of a vote's CPU) is left out unless
# GUNICORN_ACCESS_LOG names a file; set to "" it is off in either format.
_ACCESS_LOG_DEFAULT = None if os.environ.get("LOG_FORMAT") == "json" else "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", _ACCESS_LOG_DEFAULT) or None
errorlog = "-"
