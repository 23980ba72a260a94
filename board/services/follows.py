"""Follows: people and tags a reader follows, and the counts a profile shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain.errors import PermissionDenied
from board.models.follow import TagFollow, UserFollow
from board.models.tag import Tag
from board.models.user import User


@dataclass(frozen=True)
class FollowCounts:
    followers: int
    following: int  # people followed (tags are counted apart, on their own pages)
    viewer_follows: bool  # whether the reader of the page follows this person


def _insert(session: Session, row: UserFollow | TagFollow) -> None:
    # A double click races two inserts of one row; the primary key keeps one, and that is
    # exactly the state both asked for.
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        pass


def follow_user(session: Session, actor: User, subject: User, on: bool = True) -> None:
    """Follow a person (or stop, with on=False); doing it twice changes nothing."""
    if not permissions.can_follow_user(actor, subject):
        raise PermissionDenied("You cannot follow yourself.")
    if on:
        if session.get(UserFollow, (actor.id, subject.id)) is None:
            _insert(session, UserFollow(follower_id=actor.id, followee_id=subject.id))
    else:
        session.execute(
            delete(UserFollow).where(
                UserFollow.follower_id == actor.id, UserFollow.followee_id == subject.id
            )
        )
    session.flush()


def follow_tag(session: Session, actor: User, tag: Tag, on: bool = True) -> None:
    """Follow a tag (or stop, with on=False); doing it twice changes nothing."""
    if not permissions.can_follow_tags(actor):
        raise PermissionDenied("Sign in to follow tags.")
    if on:
        if session.get(TagFollow, (actor.id, tag.id)) is None:
            _insert(session, TagFollow(user_id=actor.id, tag_id=tag.id))
    else:
        session.execute(
            delete(TagFollow).where(TagFollow.user_id == actor.id, TagFollow.tag_id == tag.id)
        )
    session.flush()


def counts(session: Session, user: User, reader: User | None) -> FollowCounts:
    """Return a person's follower and following counts, and whether the reader follows them."""
    followers = select(func.count()).where(UserFollow.followee_id == user.id).scalar_subquery()
    following = select(func.count()).where(UserFollow.follower_id == user.id).scalar_subquery()
    follows = (
        exists().where(UserFollow.follower_id == reader.id, UserFollow.followee_id == user.id)
        if reader is not None
        else literal(False)
    )
    row = session.execute(select(followers, following, follows)).one()
    return FollowCounts(followers=row[0], following=row[1], viewer_follows=bool(row[2]))


def tag_followers(session: Session, tag: Tag, reader: User | None) -> tuple[int, bool]:
    """Return how many people follow a tag and whether the reader is one of them."""
    total = select(func.count()).where(TagFollow.tag_id == tag.id).scalar_subquery()
    follows = (
        exists().where(TagFollow.user_id == reader.id, TagFollow.tag_id == tag.id)
        if reader is not None
        else literal(False)
    )
    row = session.execute(select(total, follows)).one()
    return row[0], bool(row[1])


def follows_anything(session: Session, reader: User) -> bool:
    """Tell whether the reader follows any person or tag (the Following feed's empty state)."""
    people = exists().where(UserFollow.follower_id == reader.id)
    tags = exists().where(TagFollow.user_id == reader.id)
    return bool(session.scalar(select(people | tags)))


def followed_tag_ids(session: Session, reader: User) -> set[int]:
    """Return the ids of the tags the reader follows."""
    return set(session.scalars(select(TagFollow.tag_id).where(TagFollow.user_id == reader.id)))
