"""counters: the content generation that page-cache keys are built from

Revision ID: 0004_counters
Revises: 0003_debate
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_counters"
down_revision = "0003_debate"
branch_labels = None
depends_on = None


def upgrade():
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.execute(counters.insert().values(name="content", value=1, changed_at=sa.func.now()))


def downgrade():
    op.drop_table("counters")
