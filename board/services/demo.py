"""Seed the demo board: people, essays with covers, a lively debate and votes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from board import demo_content as content
from board.demo_covers import make_cover
from board.domain.moderation import RemovalReason, ReportReason
from board.domain.permissions import Role
from board.domain.stances import Stance
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.tag import Tag
from board.models.user import User
from board.services import (
    accounts,
    agreements,
    comments,
    deltas,
    follows,
    moderation,
    posts,
    reports,
    roles,
    votes,
)

Progress = Callable[[str], None]


def is_seeded(session: Session) -> bool:
    """Tell whether the flagship demo post is already on the board."""
    flagship = next(p for p in content.POSTS if p.key == content.FLAGSHIP_KEY)
    return session.scalar(select(Post.id).where(Post.title == flagship.title).limit(1)) is not None


def is_empty(session: Session) -> bool:
    """Tell whether nobody has an account yet."""
    return not session.scalar(select(func.count()).select_from(User))


def _users(session: Session) -> dict[str, User]:
    people = {}
    for person in content.USERS:
        user = accounts.find_by_username(session, person.username)
        if user is None:
            user = accounts.register(
                session,
                accounts.Registration(
                    username=person.username,
                    display_name=person.display_name,
                    password=content.DEMO_PASSWORD,
                    headline=person.headline,
                ),
            )
        user.bio_markdown = person.bio_markdown
        user.bio_html = accounts.render_bio(person.bio_markdown)
        people[person.username] = user
    return people


def _tags(session: Session) -> dict[str, Tag]:
    # Added as rows, not through tags.create_tag: no admin exists yet when the demo starts,
    # and a board's own tag of the same slug is reused rather than duplicated.
    made = {}
    for item in content.TAGS:
        tag = session.scalar(select(Tag).where(Tag.slug == item.slug))
        if tag is None:
            tag = Tag(slug=item.slug, name=item.name, description=item.description)
            session.add(tag)
        made[item.slug] = tag
    session.flush()
    return made


def _posts(
    session: Session, people: dict[str, User], upload_dir: Path, now: datetime
) -> dict[str, Post]:
    made = {}
    tags = _tags(session)
    for item in content.POSTS:
        cover = posts.stage_cover(make_cover(item.cover_theme, item.title), upload_dir)
        tag_ids = tuple(tags[slug].id for slug in item.tags)
        draft = posts.PostDraft(
            item.title, item.body_markdown, cover_filename=cover, tag_ids=tag_ids
        )
        created = now - timedelta(hours=item.age_hours)
        made[item.key] = posts.create_post(session, people[item.author], draft, upload_dir, created)
    return made


def _stance(key: str) -> Stance | None:
    side = content.DEMO_STANCES.get(key)
    return Stance(side) if side else None


def _comments(
    session: Session, people: dict[str, User], made: dict[str, Post], now: datetime
) -> dict[str, Comment]:
    written: dict[str, Comment] = {}
    for item in sorted(content.COMMENTS, key=lambda c: -c.age_hours):
        parent = written[item.parent] if item.parent else None
        written[item.key] = comments.add_comment(
            session,
            people[item.author],
            made[item.post],
            item.body_markdown,
            parent,
            now - timedelta(hours=item.age_hours),
            stance=Stance(content.DEMO_STANCES[item.key])
            if item.key in content.DEMO_STANCES
            else None,
        )
    return written


def seed_demo(
    session: Session,
    upload_dir: Path,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> bool:
    """Add the demo board unless it is already there; return whether anything was added."""
    if is_seeded(session):
        return False
    say = progress or (lambda _message: None)
    moment = now or utcnow()
    say(f"{len(content.USERS)} people")
    people = _users(session)
    say(f"{len(content.POSTS)} posts with covers")
    made = _posts(session, people, upload_dir, moment)
    say(f"{len(content.COMMENTS)} comments")
    written = _comments(session, people, made, moment)
    say(f"{len(content.VOTES)} votes")
    targets: dict[str, Post | Comment] = {**made, **written}
    for vote in content.VOTES:
        votes.set_vote(session, people[vote.voter], targets[vote.target_key], vote.value)
    _debate(session, people, written, moment)
    say("moderators, reports, a removal, a lock and follows")
    _moderation(session, people, targets, moment)
    _follows(session, people)
    return True


def _debate(
    session: Session, people: dict[str, User], written: dict[str, Comment], now: datetime
) -> None:
    """Mark agreement apart from quality, and the comment that changed the author's mind."""
    for key, (agree, disagree) in content.DEMO_AGREEMENTS.items():
        for value, readers in ((1, agree), (-1, disagree)):
            for reader in readers.split():
                agreements.set_agreement(session, people[reader], written[key], value, now)
    flagship = next(post for post in content.POSTS if post.key == content.FLAGSHIP_KEY)
    for key in content.DEMO_DELTAS:
        deltas.set_delta(session, people[flagship.author], written[key], True, now)


def _follows(session: Session, people: dict[str, User]) -> None:
    for follower, followee in content.DEMO_FOLLOWS:
        follows.follow_user(session, people[follower], people[followee])
    tags = {tag.slug: tag for tag in session.scalars(select(Tag))}
    for reader, slug in content.DEMO_TAG_FOLLOWS:
        follows.follow_tag(session, people[reader], tags[slug])


def _moderation(
    session: Session, people: dict[str, User], targets: dict[str, Post | Comment], now: datetime
) -> None:
    for username, role in content.DEMO_ROLES.items():
        roles.set_role(session, None, people[username], Role(role), now)
    for report in content.DEMO_REPORTS:
        reports.file_report(session, people[report.reporter], targets[report.target_key],
                            ReportReason(report.reason), report.text, now)  # fmt: skip
    for removal in content.DEMO_REMOVALS:
        moderation.remove(session, people[removal.moderator], targets[removal.comment_key],
                          RemovalReason(removal.reason), removal.note, now)  # fmt: skip
    for lock in content.DEMO_LOCKS:
        moderation.set_lock(session, people[lock.moderator], targets[lock.post_key], True,
                            lock.reason, now)  # fmt: skip
