"""Operations: liveness and readiness probes, request ids, JSON logs, Prometheus metrics."""

from __future__ import annotations

import json
import logging

import pytest

from board.app import create_app
from tests.conftest import app_config
from tests.factories import make_user


def test_healthz_answers_without_touching_anything(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": True}


def test_readyz_fails_when_the_database_is_unreachable(tmp_path):
    broken = f"sqlite:///{tmp_path / 'missing-folder' / 'board.db'}"
    app = create_app(app_config(broken, tmp_path))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] is False


def test_readyz_fails_when_redis_is_configured_but_down(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": True, "redis": False}


def test_every_response_carries_a_request_id(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/", headers={"X-Request-ID": "lb-1234"}).headers["X-Request-ID"] == "lb-1234"
    odd = client.get("/", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert odd != "<script>" and len(odd) == 32


def test_json_logs_give_one_line_per_request(app, client, session, login, caplog):
    app.config["LOG_FORMAT"] = "json"
    user = make_user(session, "logged")
    session.commit()
    login(user)
    with caplog.at_level(logging.INFO, logger="board.requests"):
        client.get("/", headers={"X-Request-ID": "abc123"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "board.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert line["user_id"] == user.id and line["request_id"] == "abc123"
    assert line["duration_ms"] >= 0


def test_metrics_need_a_configured_token(app, client):
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_metrics_count_requests_per_endpoint_and_show_the_pool(app, client):
    app.config["METRICS_TOKEN"] = "s3cret"
    client.get("/")
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'board_requests_total{endpoint="feed.index",method="GET",status="200"}' in body
    assert "board_request_duration_seconds_bucket" in body
    assert "board_db_pool_checked_out" in body


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_are_not_rate_limited(app, client, url):
    app.config["RATELIMIT_ENABLED"] = True
    assert all(client.get(url).status_code == 200 for _ in range(50))


@pytest.mark.parametrize(
    "url",
    ["postgresql+psycopg://postgres@127.0.0.1:1/none", "sqlite:///{tmp}/missing-folder/board.db"],
)
def test_pages_answer_a_styled_503_while_the_database_is_down(tmp_path, url):
    app = create_app(app_config(url.format(tmp=tmp_path), tmp_path))
    client = app.test_client()
    for path in ("/", "/p/1", "/u/someone"):
        response = client.get(path)
        assert response.status_code == 503, path
        page = response.get_data(as_text=True)
        assert "Board is briefly unavailable" in page and 'class="site-header"' in page
        assert response.headers["Retry-After"] == "5"
