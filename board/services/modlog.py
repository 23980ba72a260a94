"""Read side of moderation: the public log, a member's record, private notes, edit history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import MOD_NOTE_MAX, ModActionKind
from board.domain.permissions import Role
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.moderation import ModAction, ModNote
from board.models.post import Post
from board.models.revision import Revision
from board.models.user import User
from board.services.feeds import Page, paged

LOG_PER_PAGE = 50  # a log is scanned, not read; fifty lines fit two screens


def _with_names(query: Select[ModAction]) -> Select[ModAction]:
    return query.options(
        joinedload(ModAction.moderator),
        joinedload(ModAction.subject),
        joinedload(ModAction.post),
        # A comment is named by its author ("a comment by Ada on ..."), so load them together.
        joinedload(ModAction.comment).joinedload(Comment.author),
    )


def entry(session: Session, action_id: int) -> ModAction | None:
    """Return one log entry with the people and items it names, or None."""
    return session.scalar(_with_names(select(ModAction)).where(ModAction.id == action_id))


def moderators(session: Session) -> list[User]:
    """Return the current moderators and admins, by username, for the log's filter."""
    query = select(User).where(User.role.in_([Role.MODERATOR, Role.ADMIN]))
    return list(session.scalars(query.order_by(User.username)))


def log_page(
    session: Session,
    kind: ModActionKind | None = None,
    moderator: User | None = None,
    number: int = 1,
) -> Page[ModAction]:
    """Return a page of the public log, newest first, optionally filtered."""
    query = _with_names(select(ModAction))
    if kind is not None:
        query = query.where(ModAction.kind == kind)
    if moderator is not None:
        query = query.where(ModAction.moderator_id == moderator.id)
    query = query.order_by(ModAction.created_at.desc(), ModAction.id.desc())
    return paged(session, query, number, LOG_PER_PAGE)


def record_of(session: Session, subject: User, limit: int = 100) -> list[ModAction]:
    """Return the moderation actions concerning a member, newest first."""
    query = _with_names(select(ModAction)).where(ModAction.subject_id == subject.id)
    return list(session.scalars(query.order_by(ModAction.created_at.desc()).limit(limit)))


def notes_about(session: Session, subject: User) -> list[ModNote]:
    """Return moderators' private notes about a member, newest first."""
    query = select(ModNote).options(joinedload(ModNote.author)).where(ModNote.user_id == subject.id)
    return list(session.scalars(query.order_by(ModNote.created_at.desc())))


def add_note(
    session: Session, moderator: User, subject: User, text: str, now: datetime | None = None
) -> ModNote:
    """Keep a private note about a member for the other moderators."""
    if not permissions.can_keep_notes(moderator):
        raise PermissionDenied("Only moderators keep notes.")
    text = text.strip()
    if not text:
        raise InvalidInput([("text", "Write the note.")])
    if len(text) > MOD_NOTE_MAX:
        raise InvalidInput([("text", f"Use at most {MOD_NOTE_MAX:,} characters.")])
    note = ModNote(
        user_id=subject.id, author_id=moderator.id, text=text, created_at=now or utcnow()
    )
    session.add(note)
    session.flush()
    return note


def revisions(session: Session, target: Post | Comment) -> list[Revision]:
    """Return an item's earlier versions, oldest first."""
    column = Revision.post_id if isinstance(target, Post) else Revision.comment_id
    return list(session.scalars(select(Revision).where(column == target.id).order_by(Revision.id)))
