"""Accounts: register, authenticate, change password, edit profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from board.domain import accounts as rules
from board.domain import markdown
from board.domain.errors import InvalidInput
from board.models.user import User
from board.services import images

# Argon2id with the library's RFC 9106 "low memory" defaults: memory-hard, ~50 ms per check.
# Tests swap in a cheap hasher; production must never do so.
password_hasher = PasswordHasher()


@dataclass(frozen=True)
class Registration:
    username: str
    display_name: str
    password: str
    headline: str = ""


@dataclass(frozen=True)
class ProfileChange:
    display_name: str
    headline: str
    bio_markdown: str
    avatar: bytes | None = None
    remove_avatar: bool = False


# Built once: every signed-in request loads its reader, and Session.get builds and keys a
# new query each time.
_BY_ID = select(User).where(User.id == bindparam("user_id"))


def signed_in_user(session: Session, user_id: int) -> User | None:
    """Return the user a session cookie names, or None if the account is gone."""
    user: User | None = session.scalars(_BY_ID, {"user_id": user_id}).one_or_none()
    return user


def find_by_username(session: Session, username: str) -> User | None:
    """Return the user with this name in any letter case, or None."""
    key = rules.normalize_username(username)
    return session.scalar(select(User).where(func.lower(User.username) == key))


def _check_profile_text(display_name: str, headline: str, bio: str) -> list[tuple[str, str]]:
    reasons = []
    if not display_name.strip():
        reasons.append(("display_name", "Enter the name people will see."))
    elif len(display_name) > rules.DISPLAY_NAME_MAX:
        reasons.append(("display_name", f"Use at most {rules.DISPLAY_NAME_MAX} characters."))
    if len(headline) > rules.HEADLINE_MAX:
        reasons.append(("headline", f"Use at most {rules.HEADLINE_MAX} characters."))
    if len(bio) > rules.BIO_MAX:
        reasons.append(("bio_markdown", f"Use at most {rules.BIO_MAX} characters."))
    return reasons


def register(session: Session, data: Registration) -> User:
    """Create an account, or raise InvalidInput saying what to fix."""
    username = data.username.strip()
    reasons = _check_profile_text(data.display_name, data.headline, "")
    problem = rules.username_problem(username)
    if problem is None and find_by_username(session, username) is not None:
        problem = "That username is taken."
    if problem:
        reasons.insert(0, ("username", problem))
    password_problem = rules.password_problem(data.password, username)
    if password_problem:
        reasons.append(("password", password_problem))
    if reasons:
        raise InvalidInput(reasons)
    user = User(
        username=username,
        display_name=data.display_name.strip(),
        headline=data.headline.strip(),
        password_hash=password_hasher.hash(data.password),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """Return the user whose name and password match, or None."""
    user = find_by_username(session, username.strip())
    if user is None:
        # Hash anyway so a wrong username takes as long as a wrong password.
        password_hasher.hash(password)
        return None
    try:
        password_hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if password_hasher.check_needs_rehash(user.password_hash):
        user.password_hash = password_hasher.hash(password)
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one."""
    try:
        password_hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise InvalidInput([("current_password", "That is not your current password.")]) from None
    problem = rules.password_problem(new, user.username)
    if problem:
        raise InvalidInput([("new_password", problem)])
    user.password_hash = password_hasher.hash(new)
    session.flush()


def update_profile(session: Session, user: User, change: ProfileChange, upload_dir: Path) -> User:
    """Save the byline and bio; store a new avatar when one is given."""
    reasons = _check_profile_text(change.display_name, change.headline, change.bio_markdown)
    if reasons:
        raise InvalidInput(reasons)
    if change.avatar:
        user.avatar_filename = images.store_image(change.avatar, images.AVATAR, upload_dir)
    elif change.remove_avatar:
        user.avatar_filename = None
    user.display_name = change.display_name.strip()
    user.headline = change.headline.strip()
    user.bio_markdown = change.bio_markdown
    user.bio_html = render_bio(change.bio_markdown)
    session.flush()
    return user


def render_bio(bio_markdown: str) -> str:
    """Render a bio to the safe HTML stored beside it."""
    return markdown.render(bio_markdown)
