"""The searchable text of visible posts and comments, kept in step by the services.

The full-text index itself is database-specific and made by migration 0003: an FTS5 table
`search_fts` on SQLite, a weighted tsvector GIN index on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from board.models.base import Base


class SearchDocument(Base):
    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "item_id"),
        Index("ix_search_documents_created_at", "created_at"),
        Index("ix_search_documents_author_id", "author_id"),
        Index("ix_search_documents_post_id", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "post" or "comment"
    item_id: Mapped[int]
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200), default="")  # posts only; weighted higher
    body: Mapped[str] = mapped_column(Text, default="")  # plain text, never HTML
    created_at: Mapped[datetime]


def described_by_models(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Tell Alembic which reflected objects the models describe (not the full-text index)."""
    if type_ == "table" and (name or "").startswith("search_fts"):  # SQLite's FTS5 tables
        return False
    return not (type_ == "index" and name == "ix_search_documents_fulltext")  # PostgreSQL's GIN
