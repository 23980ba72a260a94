"""Plain factories: the smallest valid objects, made through the services where it matters."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PIL import Image
from sqlalchemy.orm import Session

from board.domain.permissions import Role
from board.models.comment import Comment
from board.models.post import Post
from board.models.tag import Tag
from board.models.user import User
from board.services import accounts, comments, posts

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def make_user(
    session: Session, username: str | None = None, role: Role = Role.MEMBER, **fields: str
) -> User:
    """Register a user with the shared test password."""
    name = username or f"user{next(_numbers)}"
    user = accounts.register(
        session,
        accounts.Registration(
            username=name,
            display_name=fields.pop("display_name", name.title()),
            password=PASSWORD,
            headline=fields.pop("headline", f"Headline of {name}"),
        ),
    )
    user.role = role
    for key, value in fields.items():
        setattr(user, key, value)
    session.flush()
    return user


def make_post(
    session: Session,
    author: User,
    title: str = "A considered opinion",
    body: str = "I think **this** matters.",
    now: datetime | None = None,
    upload_dir: Path = Path("/nonexistent"),
    tags: Sequence[Tag] = (),
    publish: bool = True,
) -> Post:
    """Publish a post (or save a draft) through the service."""
    draft = posts.PostDraft(title, body, tag_ids=tuple(tag.id for tag in tags), publish=publish)
    return posts.create_post(session, author, draft, upload_dir, now)


def make_tag(session: Session, slug: str, name: str | None = None, description: str = "") -> Tag:
    """Add a curated tag (directly: no admin needed)."""
    tag = Tag(slug=slug, name=name or slug.replace("-", " ").capitalize(), description=description)
    session.add(tag)
    session.flush()
    return tag


def post_path(post: Post) -> str:
    """Return a published post's canonical address, the one links and redirects give."""
    return f"/p/{post.id}/{post.slug}"


def make_comment(
    session: Session,
    author: User,
    post: Post,
    body: str = "I disagree.",
    parent: Comment | None = None,
    now: datetime | None = None,
) -> Comment:
    """Add a comment (or a reply) through the service."""
    return comments.add_comment(session, author, post, body, parent, now)


def picture(fmt: str = "PNG", size: tuple[int, int] = (64, 48), **save_options: object) -> bytes:
    """Return the bytes of a small real picture made with Pillow (e.g. exif=... for JPEG)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def field_errors(html: str, field: str) -> list[str]:
    """Return the error messages a rendered form shows beside one field."""
    found = re.search(rf'id="{field}-error"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []
