"""Migrations: an empty database upgraded to head matches the models, and downgrades cleanly."""

from __future__ import annotations

import warnings
from typing import Any

import alembic.util
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from board.app import create_app
from board.extensions import db
from board.models.base import Base
from board.models.search import described_by_models
from tests.conftest import app_config, fresh_database

USER_ROW = text(
    "INSERT INTO users (username, display_name, headline, bio_markdown, bio_html, role,"
    " password_hash, created_at) VALUES (:name, 'N', '', '', '', 'member', 'x', :now)"
)


@pytest.fixture
def migrated_app(database_url, tmp_path):
    """An app on a new, empty database of the same kind as `database_url`."""
    kind = make_url(database_url).get_backend_name()
    with fresh_database(kind, tmp_path) as url:
        app = create_app(app_config(url, tmp_path))
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def _differences(conn) -> list:
    with warnings.catch_warnings():
        # SQLite cannot reflect expression indexes (alembic skips the username index there);
        # PostgreSQL reflects and compares it.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        context = MigrationContext.configure(conn, opts={"include_object": described_by_models})
        return compare_metadata(context, Base.metadata)


def test_upgrade_builds_exactly_the_schema_the_models_describe(migrated_app):
    with db.engine.connect() as conn:
        assert inspect(conn).get_table_names() == []

    upgrade()

    with db.engine.connect() as conn:
        assert _differences(conn) == []


def _assert_usernames_unique_in_any_case(conn) -> None:
    for name in ("Ada", "Bob"):
        conn.execute(USER_ROW, {"name": name, "now": "2026-01-01 00:00:00"})
    with pytest.raises(IntegrityError):
        conn.execute(USER_ROW, {"name": "ada", "now": "2026-01-01 00:00:00"})


def test_usernames_are_unique_in_any_case(migrated_app):
    upgrade()
    with db.engine.connect() as conn:
        _assert_usernames_unique_in_any_case(conn)


def test_the_models_describe_the_same_case_insensitive_index():
    # compare_metadata reads lower('username') and lower(username) as one; check the models' own.
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with engine.connect() as conn:
        _assert_usernames_unique_in_any_case(conn)


def test_downgrade_to_base_leaves_only_the_version_table(migrated_app):
    upgrade()

    downgrade(revision="base")

    with db.engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["alembic_version"]
        assert conn.scalar(text("SELECT count(*) FROM alembic_version")) == 0


def test_flask_db_check_reports_no_drift(migrated_app):
    upgrade()
    with warnings.catch_warnings():
        # SQLite cannot reflect the expression index on usernames; alembic says so and skips it.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        result = migrated_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


POST_ROW = text(
    "INSERT INTO posts (author_id, title, body_markdown, body_html, excerpt, created_at, score,"
    " upvotes, downvotes, comment_count, hot_rank)"
    " VALUES (:author, :title, :body, '', '', :created, 0, 0, 0, 0, 0)"
)

# title, body, and the slug and word count the debate migration must give them
OLD_POSTS = [
    ("Hello, World!", "one two three", "hello-world", 3),
    ("Café au lait", "  spaced\n\tout   words  ", "cafe-au-lait", 3),
    ("!!!", "", "post", 0),
    ("word " * 30, "x", "-".join(["word"] * 16), 1),
    ("Ends the batch", "last", "ends-the-batch", 1),
]


def test_debate_migration_backfills_posts_in_batches(migrated_app, monkeypatch):
    upgrade(revision="0002_moderation")
    with db.engine.begin() as conn:
        conn.execute(USER_ROW, {"name": "Ada", "now": "2026-01-01 00:00:00"})
        author = conn.scalar(text("SELECT id FROM users"))
        for day, (title, body, _, _) in enumerate(OLD_POSTS, start=1):
            created = f"2026-01-{day:02d} 10:00:00"
            conn.execute(
                POST_ROW, {"author": author, "title": title, "body": body, "created": created}
            )

    # Alembic loads each revision file afresh, so shrink the batch on the module it loads.
    load_python_file = alembic.util.load_python_file

    def load_with_small_batches(dir_: Any, filename: Any) -> Any:
        module = load_python_file(dir_, filename)
        if getattr(module, "revision", None) == "0003_debate":
            module.BATCH = 2
        return module

    monkeypatch.setattr(alembic.util, "load_python_file", load_with_small_batches)
    batches: list[int] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool):
        if statement.startswith("UPDATE posts SET published_at"):
            batches.append(len(parameters) if many else 1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        upgrade()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert batches == [2, 2, 1]
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT published_at, created_at, slug, word_count FROM posts ORDER BY id")
        ).all()
    assert [(row.slug, row.word_count) for row in rows] == [
        (slug, words) for _, _, slug, words in OLD_POSTS
    ]
    assert all(row.published_at == row.created_at for row in rows)
