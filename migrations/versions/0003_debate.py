"""debate

Revision ID: 0003_debate
Revises: 0002_moderation
Create Date: 2026-11-25 20:18:00.761846

"""

import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003_debate"
down_revision = "0002_moderation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("slug", name=op.f("uq_tags_slug")),
    )
    op.create_table(
        "notification_mutes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "content_removed",
                "content_restored",
                "sanctioned",
                "sanction_lifted",
                "appeal_decided",
                "reply_to_post",
                "reply_to_comment",
                "mention",
                "delta",
                name="notificationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notification_mutes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_notification_mutes")),
    )
    op.create_table(
        "tag_follows",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tag_follows_tag_id_tags")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_tag_follows_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "tag_id", name=op.f("pk_tag_follows")),
    )
    op.create_index(op.f("ix_tag_follows_tag_id"), "tag_follows", ["tag_id"], unique=False)

    op.create_table(
        "user_follows",
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("followee_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("follower_id <> followee_id", name=op.f("ck_user_follows_not_self")),
        sa.ForeignKeyConstraint(
            ["followee_id"], ["users.id"], name=op.f("fk_user_follows_followee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["follower_id"], ["users.id"], name=op.f("fk_user_follows_follower_id_users")
        ),
        sa.PrimaryKeyConstraint("follower_id", "followee_id", name=op.f("pk_user_follows")),
    )
    op.create_index(
        op.f("ix_user_follows_followee_id"), "user_follows", ["followee_id"], unique=False
    )

    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_post_tags_post_id_posts")),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_post_tags_tag_id_tags")),
        sa.PrimaryKeyConstraint("post_id", "tag_id", name=op.f("pk_post_tags")),
    )
    op.create_index(op.f("ix_post_tags_tag_id"), "post_tags", ["tag_id"], unique=False)

    op.create_table(
        "post_visits",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_post_visits_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_post_visits_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "post_id", name=op.f("pk_post_visits")),
    )
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_search_documents_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_search_documents_post_id_posts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "item_id", name=op.f("uq_search_documents_kind_item_id")),
    )
    op.create_index(
        "ix_search_documents_author_id", "search_documents", ["author_id"], unique=False
    )
    op.create_index(
        "ix_search_documents_created_at", "search_documents", ["created_at"], unique=False
    )
    op.create_index("ix_search_documents_post_id", "search_documents", ["post_id"], unique=False)

    op.create_table(
        "thread_mutes",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_thread_mutes_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_thread_mutes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "post_id", name=op.f("pk_thread_mutes")),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("value IN (-1, 1)", name=op.f("ck_agreements_agree_or_disagree")),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_agreements_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_agreements_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
        sa.UniqueConstraint("user_id", "comment_id", name=op.f("uq_agreements_user_id_comment_id")),
    )
    op.create_index(op.f("ix_agreements_comment_id"), "agreements", ["comment_id"], unique=False)

    op.add_column(
        "comments", sa.Column("stance", sa.String(length=16), server_default="", nullable=False)
    )
    op.add_column("comments", sa.Column("agrees", sa.Integer(), server_default="0", nullable=False))
    op.add_column(
        "comments", sa.Column("disagrees", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column("comments", sa.Column("delta_at", sa.DateTime(), nullable=True))

    op.add_column("posts", sa.Column("published_at", sa.DateTime(), nullable=True))
    op.add_column(
        "posts", sa.Column("slug", sa.String(length=120), server_default="", nullable=False)
    )
    op.add_column(
        "posts", sa.Column("word_count", sa.Integer(), server_default="0", nullable=False)
    )

    op.add_column(
        "users", sa.Column("deltas_received", sa.Integer(), server_default="0", nullable=False)
    )

    _backfill_posts()
    _create_search_index()


def _slug(title):
    # Frozen copy of the slug rule as it was when this migration was written.
    words = re.findall(
        r"[a-z0-9]+",
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower(),
    )
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "post"


# Rows per backfill batch: posts can be large, so the backfill walks it in keyset batches and
# never reads the whole table into memory nor rewrites it in one statement. Read at call time,
# so a test can make it small.
BATCH = 1000


def _backfill_posts():
    """Publish every existing post, and give it a slug and a word count."""
    bind = op.get_bind()
    posts = sa.table(
        "posts",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("body_markdown", sa.Text),
        sa.column("created_at", sa.DateTime),
        sa.column("published_at", sa.DateTime),
        sa.column("slug", sa.String),
        sa.column("word_count", sa.Integer),
    )
    # published_at is copied in SQL, not through Python, so it stays exactly created_at.
    fill = (
        posts.update()
        .where(posts.c.id == sa.bindparam("post_id"))
        .values(
            published_at=posts.c.created_at,
            slug=sa.bindparam("new_slug"),
            word_count=sa.bindparam("new_word_count"),
        )
    )
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(posts.c.id, posts.c.title, posts.c.body_markdown)
            .where(posts.c.id > last_id)
            .order_by(posts.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        bind.execute(
            fill,
            [
                {"post_id": post_id, "new_slug": _slug(title), "new_word_count": len(body.split())}
                for post_id, title, body in rows
            ],
        )
        last_id = rows[-1].id


# Title weighs more than body: a match in the headline is what the searcher usually means.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')"
)


def _create_search_index():
    """Make the full-text index this database offers, filled from the visible content."""
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "INSERT INTO search_documents (kind, item_id, post_id, author_id, title, body, created_at) "
            "SELECT 'post', id, id, author_id, title, body_markdown, created_at FROM posts "
            "WHERE deleted_at IS NULL AND removed_at IS NULL"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO search_documents (kind, item_id, post_id, author_id, title, body, created_at) "
            "SELECT 'comment', c.id, c.post_id, c.author_id, '', c.body_markdown, c.created_at "
            "FROM comments c JOIN posts p ON p.id = c.post_id "
            "WHERE c.deleted_at IS NULL AND c.removed_at IS NULL "
            "AND p.deleted_at IS NULL AND p.removed_at IS NULL"
        )
    )
    if bind.dialect.name == "postgresql":
        op.execute(
            f"CREATE INDEX ix_search_documents_fulltext ON search_documents USING gin (({POSTGRES_DOCUMENT}))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'porter unicode61')"
        )
        op.execute(
            "INSERT INTO search_fts (rowid, title, body) SELECT id, title, body FROM search_documents"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_fulltext")
    else:
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_column("users", "deltas_received")

    op.drop_column("posts", "word_count")
    op.drop_column("posts", "slug")
    op.drop_column("posts", "published_at")

    op.drop_column("comments", "delta_at")
    op.drop_column("comments", "disagrees")
    op.drop_column("comments", "agrees")
    op.drop_column("comments", "stance")

    op.drop_index(op.f("ix_agreements_comment_id"), table_name="agreements")

    op.drop_table("agreements")
    op.drop_table("thread_mutes")
    op.drop_index("ix_search_documents_post_id", table_name="search_documents")
    op.drop_index("ix_search_documents_created_at", table_name="search_documents")
    op.drop_index("ix_search_documents_author_id", table_name="search_documents")

    op.drop_table("search_documents")
    op.drop_table("post_visits")
    op.drop_index(op.f("ix_post_tags_tag_id"), table_name="post_tags")

    op.drop_table("post_tags")
    op.drop_index(op.f("ix_user_follows_followee_id"), table_name="user_follows")

    op.drop_table("user_follows")
    op.drop_index(op.f("ix_tag_follows_tag_id"), table_name="tag_follows")

    op.drop_table("tag_follows")
    op.drop_table("notification_mutes")
    op.drop_table("tags")
