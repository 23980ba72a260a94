"""Mentions: render Markdown with @names of existing members turned into profile links."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board.domain import markdown
from board.domain.mentions import find_mentions, link_mentions
from board.models.user import User


@dataclass(frozen=True)
class Rendered:
    """Safe HTML for a text, and the members it mentions (in the order first named)."""

    html: str
    mentioned: list[User] = field(default_factory=list)


def mentioned_users(session: Session, text: str) -> list[User]:
    """Return the existing members @named in Markdown text, in one query (none without names)."""
    names = find_mentions(text)
    if not names:
        return []
    # func.lower matches the unique index on lower(username), so this is one index lookup each.
    lowered = [name.lower() for name in names]
    found = session.scalars(select(User).where(func.lower(User.username).in_(lowered)))
    by_name = {user.username.lower(): user for user in found}
    return [by_name[name.lower()] for name in names if name.lower() in by_name]


def render(session: Session, text: str) -> Rendered:
    """Render Markdown to safe HTML, linking @names of members who exist to their profiles."""
    # The links are written into the Markdown before rendering, so the sanitizer sees them
    # like any other link; names of nobody stay plain text.
    users = mentioned_users(session, text)
    linked = link_mentions(text, {user.username.lower(): user.username for user in users})
    return Rendered(html=markdown.render(linked), mentioned=users)
