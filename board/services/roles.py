"""Appoint and dismiss moderators and admins, on the record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from board.domain import permissions
from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import ModActionKind
from board.domain.permissions import Role
from board.models.moderation import ModAction
from board.models.user import User
from board.services.moderation import record


def set_role(
    session: Session,
    actor: User | None,
    subject: User,
    role: Role,
    now: datetime | None = None,
) -> ModAction | None:
    """Give the subject a role; `actor` None is an admin at the command line."""
    if actor is not None and not permissions.can_set_role(actor, subject):
        raise PermissionDenied("Only admins change roles.")
    if subject.role is role:
        raise InvalidInput([("role", f"{subject.username} is already a {role.value}.")])
    detail = f"{subject.role.value} → {role.value}"
    subject.role = role
    return record(session, actor, ModActionKind.SET_ROLE, subject_id=subject.id, detail=detail,
                  now=now)  # fmt: skip
