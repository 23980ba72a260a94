"""moderation

Revision ID: 0002_moderation
Revises: 0001_initial
Create Date: 2026-11-25 19:48:28.009092

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_moderation"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mod_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_mod_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mod_notes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mod_notes")),
    )
    op.create_index(op.f("ix_mod_notes_user_id"), "mod_notes", ["user_id"], unique=False)

    op.create_table(
        "mod_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "remove_post",
                "restore_post",
                "remove_comment",
                "restore_comment",
                "lock_post",
                "unlock_post",
                "lock_thread",
                "unlock_thread",
                "slow_mode",
                "pin_post",
                "unpin_post",
                "suspend_user",
                "ban_user",
                "lift_sanction",
                "set_role",
                "dismiss_reports",
                "uphold_appeal",
                "reverse_appeal",
                name="modactionkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_mod_actions_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"], ["users.id"], name=op.f("fk_mod_actions_moderator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_mod_actions_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["users.id"], name=op.f("fk_mod_actions_subject_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mod_actions")),
    )
    op.create_index(op.f("ix_mod_actions_comment_id"), "mod_actions", ["comment_id"], unique=False)
    op.create_index("ix_mod_actions_created_at", "mod_actions", ["created_at", "id"], unique=False)
    op.create_index(
        "ix_mod_actions_moderator_id_created_at",
        "mod_actions",
        ["moderator_id", "created_at"],
        unique=False,
    )
    op.create_index(op.f("ix_mod_actions_post_id"), "mod_actions", ["post_id"], unique=False)
    op.create_index(
        "ix_mod_actions_subject_id_created_at",
        "mod_actions",
        ["subject_id", "created_at"],
        unique=False,
    )

    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("appellant_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("open", "upheld", "reversed", name="appealstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"], ["mod_actions.id"], name=op.f("fk_appeals_action_id_mod_actions")
        ),
        sa.ForeignKeyConstraint(
            ["appellant_id"], ["users.id"], name=op.f("fk_appeals_appellant_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_appeals_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["mod_actions.id"], name=op.f("fk_appeals_decision_id_mod_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("action_id", name=op.f("uq_appeals_action_id")),
    )
    op.create_index(op.f("ix_appeals_appellant_id"), "appeals", ["appellant_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "content_removed",
                "content_restored",
                "sanctioned",
                "sanction_lifted",
                "appeal_decided",
                name="notificationkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"], ["mod_actions.id"], name=op.f("fk_notifications_action_id_mod_actions")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_notifications_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_notifications_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_notifications_post_id_posts")
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["users.id"], name=op.f("fk_notifications_recipient_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_recipient_id_created_at",
        "notifications",
        ["recipient_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_notifications_recipient_id_read_at",
        "notifications",
        ["recipient_id", "read_at"],
        unique=False,
    )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "spam",
                "harassment",
                "hate",
                "misinformation",
                "off_topic",
                "other",
                name="reportreason",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(post_id IS NULL) <> (comment_id IS NULL)", name=op.f("ck_reports_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"], ["comments.id"], name=op.f("fk_reports_comment_id_comments")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_reports_post_id_posts")),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_reports_reporter_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"], ["mod_actions.id"], name=op.f("fk_reports_resolution_id_mod_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint(
            "reporter_id", "comment_id", name=op.f("uq_reports_reporter_id_comment_id")
        ),
        sa.UniqueConstraint("reporter_id", "post_id", name=op.f("uq_reports_reporter_id_post_id")),
    )
    op.create_index(op.f("ix_reports_comment_id"), "reports", ["comment_id"], unique=False)
    op.create_index(op.f("ix_reports_post_id"), "reports", ["post_id"], unique=False)
    op.create_index("ix_reports_resolved_at", "reports", ["resolved_at"], unique=False)

    op.create_table(
        "sanctions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("lifted_at", sa.DateTime(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_id"], ["mod_actions.id"], name=op.f("fk_sanctions_action_id_mod_actions")
        ),
        sa.ForeignKeyConstraint(
            ["lifted_by_id"], ["users.id"], name=op.f("fk_sanctions_lifted_by_id_users")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sanctions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanctions")),
    )
    op.create_index(op.f("ix_sanctions_user_id"), "sanctions", ["user_id"], unique=False)

    op.add_column("comments", sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.add_column(
        "comments",
        sa.Column("removal_reason", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column("comments", sa.Column("locked_at", sa.DateTime(), nullable=True))
    op.add_column(
        "comments",
        sa.Column("lock_reason", sa.String(length=500), nullable=False, server_default=""),
    )
    op.add_column(
        "comments",
        sa.Column("as_moderator", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    op.add_column("posts", sa.Column("removed_at", sa.DateTime(), nullable=True))
    op.add_column(
        "posts",
        sa.Column("removal_reason", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column("posts", sa.Column("locked_at", sa.DateTime(), nullable=True))
    op.add_column(
        "posts", sa.Column("lock_reason", sa.String(length=500), nullable=False, server_default="")
    )
    op.add_column(
        "posts", sa.Column("slow_mode_minutes", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("posts", sa.Column("pinned_at", sa.DateTime(), nullable=True))
    # posts can be large: build the index without locking out writes (CONCURRENTLY cannot run
    # inside a transaction, hence the autocommit block; SQLite ignores the option).
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_posts_pinned_at", "posts", ["pinned_at"], unique=False,
            postgresql_concurrently=True,
            sqlite_where=sa.text("pinned_at IS NOT NULL"),
            postgresql_where=sa.text("pinned_at IS NOT NULL"),
        )

    op.add_column(
        "revisions", sa.Column("replies_before", sa.Integer(), nullable=False, server_default="0")
    )

    op.add_column("users", sa.Column("restricted_until", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_column("users", "restricted_until")

    op.drop_column("revisions", "replies_before")

    op.drop_index("ix_posts_pinned_at", table_name="posts")
    op.drop_column("posts", "pinned_at")
    op.drop_column("posts", "slow_mode_minutes")
    op.drop_column("posts", "lock_reason")
    op.drop_column("posts", "locked_at")
    op.drop_column("posts", "removal_reason")
    op.drop_column("posts", "removed_at")

    op.drop_column("comments", "as_moderator")
    op.drop_column("comments", "lock_reason")
    op.drop_column("comments", "locked_at")
    op.drop_column("comments", "removal_reason")
    op.drop_column("comments", "removed_at")

    op.drop_index(op.f("ix_sanctions_user_id"), table_name="sanctions")

    op.drop_table("sanctions")
    op.drop_index("ix_reports_resolved_at", table_name="reports")
    op.drop_index(op.f("ix_reports_post_id"), table_name="reports")
    op.drop_index(op.f("ix_reports_comment_id"), table_name="reports")

    op.drop_table("reports")
    op.drop_index("ix_notifications_recipient_id_read_at", table_name="notifications")
    op.drop_index("ix_notifications_recipient_id_created_at", table_name="notifications")

    op.drop_table("notifications")
    op.drop_index(op.f("ix_appeals_appellant_id"), table_name="appeals")

    op.drop_table("appeals")
    op.drop_index("ix_mod_actions_subject_id_created_at", table_name="mod_actions")
    op.drop_index(op.f("ix_mod_actions_post_id"), table_name="mod_actions")
    op.drop_index("ix_mod_actions_moderator_id_created_at", table_name="mod_actions")
    op.drop_index("ix_mod_actions_created_at", table_name="mod_actions")
    op.drop_index(op.f("ix_mod_actions_comment_id"), table_name="mod_actions")

    op.drop_table("mod_actions")
    op.drop_index(op.f("ix_mod_notes_user_id"), table_name="mod_notes")

    op.drop_table("mod_notes")
