"""Tags: the curated list admins keep, their post counts, and the tags a post may carry."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain import tags as rules
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.models.follow import TagFollow
from board.models.post import Post
from board.models.tag import Tag, post_tags
from board.models.user import User
from board.services.feeds import VISIBLE


@dataclass(frozen=True)
class TagInput:
    slug: str  # read only when the tag is created: links and feed subscriptions use it
    name: str
    description: str = ""


@dataclass(frozen=True)
class TagCount:
    tag: Tag
    posts: int


def all_tags(session: Session) -> list[Tag]:
    """Return every curated tag, by name."""
    return list(session.scalars(select(Tag).order_by(Tag.name, Tag.id)))


def with_counts(session: Session) -> list[TagCount]:
    """Return every tag with the number of published, visible posts filed under it."""
    query = (
        select(Tag, func.count(Post.id))
        .outerjoin(post_tags, post_tags.c.tag_id == Tag.id)
        .outerjoin(Post, and_(Post.id == post_tags.c.post_id, *VISIBLE))
        .group_by(Tag.id)
        .order_by(Tag.name, Tag.id)
    )
    return [TagCount(tag, count) for tag, count in session.execute(query)]


def get_by_slug(session: Session, slug: str) -> Tag:
    """Load a tag by its slug, or raise NotFound."""
    tag = session.scalar(select(Tag).where(Tag.slug == slug))
    if tag is None:
        raise NotFound("No such tag.")
    return tag


def get_tag(session: Session, tag_id: int) -> Tag:
    """Load a tag by id, or raise NotFound."""
    tag = session.get(Tag, tag_id)
    if tag is None:
        raise NotFound("No such tag.")
    return tag


def _check_admin(actor: User) -> None:
    if not permissions.can_manage_tags(actor):
        raise PermissionDenied("Only admins manage tags.")


def create_tag(session: Session, actor: User, data: TagInput) -> Tag:
    """Add a tag to the curated list, or raise InvalidInput saying what to fix."""
    _check_admin(actor)
    slug = data.slug.strip()
    taken = session.scalar(select(Tag.id).where(Tag.slug == slug)) is not None
    reasons = rules.slug_problems(slug, taken) + rules.name_problems(data.name, data.description)
    if reasons:
        raise InvalidInput(reasons)
    tag = Tag(slug=slug, name=data.name.strip(), description=data.description.strip())
    session.add(tag)
    session.flush()
    return tag


def edit_tag(session: Session, actor: User, tag: Tag, data: TagInput) -> Tag:
    """Rename or re-describe a tag; its slug stays, so links and feeds keep working."""
    _check_admin(actor)
    reasons = rules.name_problems(data.name, data.description)
    if reasons:
        raise InvalidInput(reasons)
    tag.name = data.name.strip()
    tag.description = data.description.strip()
    session.flush()
    return tag


def delete_tag(session: Session, actor: User, tag: Tag) -> None:
    """Delete a tag nobody's post uses (its followers simply stop following it)."""
    _check_admin(actor)
    # Refused rather than detached: detaching could leave posts with no tag at all, below the
    # minimum their authors were held to, and silently empty readers' tag pages and feeds.
    # An admin who wants a tag gone renames it into what it should be instead.
    used = session.scalar(
        select(func.count()).select_from(post_tags).where(post_tags.c.tag_id == tag.id)
    )
    if used:
        noun = "post uses" if used == 1 else "posts use"
        raise InvalidInput(
            [("delete", f"{used} {noun} “{tag.name}”, so it stays; rename it instead.")]
        )
    session.execute(delete(TagFollow).where(TagFollow.tag_id == tag.id))
    session.delete(tag)
    session.flush()


def choose(
    session: Session, tag_ids: Collection[int], publishing: bool
) -> tuple[list[Tag], list[tuple[str, str]]]:
    """Return the curated tags chosen for a post and what is wrong with the choice."""
    available = {tag.id: tag for tag in all_tags(session)}
    reasons = rules.choice_problems(tag_ids, available.keys(), publishing)
    chosen = [available[tag_id] for tag_id in sorted(set(tag_ids)) if tag_id in available]
    return chosen, reasons
