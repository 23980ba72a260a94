"""Posts: write, edit (keeping the old text), soft-delete, preview and load for a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from board.domain import markdown, permissions, ranking, slugs
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.excerpts import excerpt, plain_text
from board.models.base import utcnow
from board.models.post import BODY_MAX, TITLE_MAX, Post
from board.models.revision import Revision
from board.models.user import User
from board.services import images, mentions, notifications, search, tags


@dataclass(frozen=True)
class PostDraft:
    title: str
    body_markdown: str
    cover_filename: str | None = None  # a picture already staged with stage_cover
    remove_cover: bool = False
    # Curated tag ids; None when editing keeps the post's tags as they are.
    tag_ids: tuple[int, ...] | None = None
    # False saves a draft only its author sees; a published post stays published.
    publish: bool = True


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
    """Publish a new post (or save it as a draft), or raise InvalidInput saying what to fix."""
    created = now or utcnow()
    if not permissions.can_create_post(actor, created):
        raise PermissionDenied("You cannot publish posts.")
    chosen, tag_reasons = tags.choose(session, draft.tag_ids or (), draft.publish)
    reasons = _problems(draft) + tag_reasons
    if reasons:
        raise InvalidInput(reasons)
    rendered = mentions.render(session, draft.body_markdown)  # @names of members become links
    html = rendered.html
    post = Post(
        author_id=actor.id,
        title=draft.title.strip(),
        body_markdown=draft.body_markdown,
        body_html=html,
        excerpt=excerpt(html),
        cover_filename=_staged_cover(draft, upload_dir),
        created_at=created,
        published_at=created if draft.publish else None,
        slug=slugs.slugify(draft.title),
        word_count=slugs.word_count(plain_text(html)),
        hot_rank=ranking.hot_rank(0, created),
        tags=chosen,
    )
    session.add(post)
    session.flush()
    search.index_post(session, post)
    if post.published_at is not None:
        notifications.notify_about_post(session, post, rendered.mentioned)
    return post


def edit_post(
    session: Session,
    actor: User,
    post: Post,
    draft: PostDraft,
    upload_dir: Path,
    now: datetime | None = None,
) -> Post:
    """Change a post, keeping its previous title and body as a revision; publish a draft."""
    edited = now or utcnow()
    if not permissions.can_edit(actor, post, edited):
        raise PermissionDenied("Only the author can edit this post.")
    was_draft = post.published_at is None
    reasons = _problems(draft)
    chosen = None
    if draft.tag_ids is not None:
        chosen, tag_reasons = tags.choose(session, draft.tag_ids, draft.publish or not was_draft)
        reasons += tag_reasons
    if reasons:
        raise InvalidInput(reasons)
    cover = _staged_cover(draft, upload_dir)
    text_changed = (draft.title.strip(), draft.body_markdown) != (post.title, post.body_markdown)
    # A draft's edits are nobody's record: nothing was published, so no revision, no "edited".
    if text_changed and not was_draft:
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
    if text_changed:
        post.title = draft.title.strip()
        post.body_markdown = draft.body_markdown
        post.body_html = mentions.render(session, draft.body_markdown).html
        post.excerpt = excerpt(post.body_html)
        post.slug = slugs.slugify(post.title)
        post.word_count = slugs.word_count(plain_text(post.body_html))
    new_cover = cover or (None if draft.remove_cover else post.cover_filename)
    cover_changed = new_cover != post.cover_filename
    post.cover_filename = new_cover
    if (text_changed or cover_changed) and not was_draft:
        post.edited_at = edited
    if chosen is not None:
        _load_tags(session, post)
        post.tags = chosen
    if was_draft and draft.publish:
        _publish(post, edited)
        # Mentions reach people when the post does: on publishing, not while it is a draft.
        mentioned = mentions.mentioned_users(session, post.body_markdown)
        notifications.notify_about_post(session, post, mentioned)
    session.flush()
    search.index_post(session, post)
    return post


def _load_tags(session: Session, post: Post) -> None:
    # The collection must be loaded before it is replaced, so the old links are deleted.
    if "tags" in inspect(post).unloaded:
        query = select(Post).options(selectinload(Post.tags)).where(Post.id == post.id)
        session.scalars(query).all()


def _publish(post: Post, moment: datetime) -> None:
    # A draft goes out as if written now: its date, its place in New and its hot rank all start
    # at publication, so a draft begun weeks ago is not buried the moment it appears.
    post.published_at = moment
    post.created_at = moment
    post.hot_rank = ranking.hot_rank(post.score, moment)


def delete_post(session: Session, actor: User, post: Post, now: datetime | None = None) -> None:
    """Hide a post from everyone but its author; the row and its text stay."""
    if not permissions.can_delete(actor, post):
        raise PermissionDenied("Only the author can delete this post.")
    post.deleted_at = now or utcnow()
    session.flush()
    search.unindex_post_tree(session, post)


# Built once: every reply and vote on a post loads it, and building and keying the query
# again cost about 0.1 ms a request.
_POST_WITH_TEXT = (
    select(Post)
    .options(joinedload(Post.author), joinedload(Post.tags))
    .where(Post.id == bindparam("post_id"))
)
_POST_WITHOUT_TEXT = (
    select(Post)
    .options(defer(Post.body_markdown), defer(Post.body_html))
    .where(Post.id == bindparam("post_id"))
)


def get_post(session: Session, post_id: int, *, with_text: bool = True) -> Post:
    """Load a post with its author and tags, or raise NotFound.

    `with_text=False` loads the post alone, its texts left out until read: for a reply or a
    vote, which show neither, and a long essay would otherwise be read on every one.
    """
    query = _POST_WITH_TEXT if with_text else _POST_WITHOUT_TEXT
    post = session.scalars(query, {"post_id": post_id}).unique().one_or_none()
    if post is None:
        raise NotFound("No such post.")
    return post


def get_viewable_post(
    session: Session, post_id: int, viewer: User | None, *, with_text: bool = True
) -> Post:
    """Load a post the viewer may read, or raise NotFound (a hidden post is not revealed)."""
    post = get_post(session, post_id, with_text=with_text)
    if not permissions.can_view_post(viewer, post):
        raise NotFound("No such post.")
    return post
