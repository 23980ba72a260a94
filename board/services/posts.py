"""Posts: write, edit (keeping the old text), soft-delete, preview and load for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from board.domain import markdown, permissions, ranking, slugs
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.excerpts import excerpt, plain_text
from board.models.base import utcnow
from board.models.post import BODY_MAX, TITLE_MAX, Post
from board.models.revision import Revision
from board.models.user import User
from board.services import images


@dataclass(frozen=True)
class PostDraft:
    title: str
    body_markdown: str
    cover_filename: str | None = None  # a picture already staged with stage_cover
    remove_cover: bool = False


def _problems(draft: PostDraft) -> list[tuple[str, str]]:
    reasons = []
    title = draft.title.strip()
    if not title:
        reasons.append(("title", "Give the post a title."))
    elif len(title) > TITLE_MAX:
        reasons.append(("title", f"Use at most {TITLE_MAX} characters ({len(title)} now)."))
    if not draft.body_markdown.strip():
        reasons.append(("body_markdown", "Write the post before publishing it."))
    elif len(draft.body_markdown) > BODY_MAX:
        count = len(draft.body_markdown)
        reasons.append(("body_markdown", f"Use at most {BODY_MAX:,} characters ({count:,} now)."))
    return reasons


def stage_cover(data: bytes, upload_dir: Path) -> str:
    """Check and store a cover picture before the post is saved, so a failed submit keeps it."""
    return images.store_image(data, images.COVER, upload_dir)


def _staged_cover(draft: PostDraft, upload_dir: Path) -> str | None:
    if not draft.cover_filename:
        return None
    if not images.is_stored(draft.cover_filename, upload_dir):
        raise InvalidInput([("cover", "The cover photo was lost; choose it again.")])
    return draft.cover_filename


def preview(body_markdown: str) -> str:
    """Render a draft's body to safe HTML without saving anything."""
    return markdown.render(body_markdown[:BODY_MAX])


def create_post(
    session: Session, actor: User, draft: PostDraft, upload_dir: Path, now: datetime | None = None
) -> Post:
    """Publish a new post, or raise InvalidInput saying what to fix."""
    created = now or utcnow()
    if not permissions.can_create_post(actor, created):
        raise PermissionDenied("You cannot publish posts.")
    reasons = _problems(draft)
    if reasons:
        raise InvalidInput(reasons)
    html = markdown.render(draft.body_markdown)
    post = Post(
        author_id=actor.id,
        title=draft.title.strip(),
        body_markdown=draft.body_markdown,
        body_html=html,
        excerpt=excerpt(html),
        cover_filename=_staged_cover(draft, upload_dir),
        created_at=created,
        published_at=created,
        slug=slugs.slugify(draft.title),
        word_count=slugs.word_count(plain_text(html)),
        hot_rank=ranking.hot_rank(0, created),
    )
    session.add(post)
    session.flush()
    return post


def edit_post(
    session: Session,
    actor: User,
    post: Post,
    draft: PostDraft,
    upload_dir: Path,
    now: datetime | None = None,
) -> Post:
    """Change a post, keeping its previous title and body as a revision."""
    edited = now or utcnow()
    if not permissions.can_edit(actor, post, edited):
        raise PermissionDenied("Only the author can edit this post.")
    reasons = _problems(draft)
    if reasons:
        raise InvalidInput(reasons)
    cover = _staged_cover(draft, upload_dir)
    text_changed = (draft.title.strip(), draft.body_markdown) != (post.title, post.body_markdown)
    if text_changed:
        session.add(
            Revision(
                post_id=post.id,
                editor_id=actor.id,
                title=post.title,
                body_markdown=post.body_markdown,
                written_at=post.edited_at or post.created_at,
                replaced_at=edited,
                replies_before=post.comment_count,
            )
        )
        post.title = draft.title.strip()
        post.body_markdown = draft.body_markdown
        post.body_html = markdown.render(draft.body_markdown)
        post.excerpt = excerpt(post.body_html)
        post.slug = slugs.slugify(post.title)
        post.word_count = slugs.word_count(plain_text(post.body_html))
    new_cover = cover or (None if draft.remove_cover else post.cover_filename)
    cover_changed = new_cover != post.cover_filename
    post.cover_filename = new_cover
    if text_changed or cover_changed:
        post.edited_at = edited
    session.flush()
    return post


def delete_post(session: Session, actor: User, post: Post, now: datetime | None = None) -> None:
    """Hide a post from everyone but its author; the row and its text stay."""
    if not permissions.can_delete(actor, post):
        raise PermissionDenied("Only the author can delete this post.")
    post.deleted_at = now or utcnow()
    session.flush()


def get_post(session: Session, post_id: int) -> Post:
    """Load a post with its author, or raise NotFound."""
    post = session.scalar(select(Post).options(joinedload(Post.author)).where(Post.id == post_id))
    if post is None:
        raise NotFound("No such post.")
    return post


def get_viewable_post(session: Session, post_id: int, viewer: User | None) -> Post:
    """Load a post the viewer may read, or raise NotFound (a hidden post is not revealed)."""
    post = get_post(session, post_id)
    if not permissions.can_view_post(viewer, post):
        raise NotFound("No such post.")
    return post
