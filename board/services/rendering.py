"""Render stored Markdown again, for when the sanitizer's allowlist changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board.domain.excerpts import excerpt
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.services import mentions

BATCH = 500  # rows held in memory at once while walking a large table


@dataclass(frozen=True)
class RenderedText:
    """A Markdown column and the safe HTML stored beside it."""

    label: str
    model: type[Post] | type[Comment] | type[User]
    source: str
    target: str


RENDERED_TEXTS = (
    RenderedText("posts", Post, "body_markdown", "body_html"),
    RenderedText("comments", Comment, "body_markdown", "body_html"),
    RenderedText("bios", User, "bio_markdown", "bio_html"),
)


def count(session: Session, text: RenderedText) -> int:
    """Return how many rows hold this kind of text."""
    return session.scalar(select(func.count()).select_from(text.model)) or 0


def rerender(session: Session, text: RenderedText) -> Iterator[bool]:
    """Render each row's Markdown again; yield for each row whether its stored HTML changed."""
    rows = session.scalars(select(text.model).execution_options(yield_per=BATCH))
    for row in rows:
        # Mentions are linked again too, against the members who exist now.
        html = mentions.render(session, getattr(row, text.source)).html
        changed = html != getattr(row, text.target)
        if changed:
            setattr(row, text.target, html)
            if isinstance(row, Post):
                row.excerpt = excerpt(html)
        yield changed
    session.flush()
