"""Account rules: usernames, passwords, profile limits and the initials avatar."""

from __future__ import annotations

import functools
import hashlib
import re

# Usernames appear in URLs (/u/<name>) and @mentions, so they are limited to ASCII
# characters that need no escaping and cannot impersonate each other with look-alike
# Unicode. 3 is short enough for real handles; 30 keeps them on one line on a phone.
USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 30
USERNAME_PATTERN = re.compile(
    rf"[A-Za-z0-9_-]{{{USERNAME_MIN_LENGTH},{USERNAME_MAX_LENGTH}}}", re.ASCII
)
USERNAME_RULE = f"Use {USERNAME_MIN_LENGTH} to {USERNAME_MAX_LENGTH} letters, digits, _ or -."

# Names that would collide with a route, or could pass for the staff or the system
# speaking (e.g. "deleted" is what the board shows for a deleted author).
RESERVED_USERNAMES = frozenset(
    {
        "about", "account", "admin", "administrator", "anonymous", "api", "auth",
        "board", "c", "comment", "comments", "deleted", "feed", "help", "login",
        "logout", "me", "mod", "moderator", "moderators", "new", "null", "owner",
        "p", "post", "posts", "register", "removed", "root", "search", "security",
        "settings", "signin", "signup", "staff", "static", "support", "system",
        "u", "uploads", "user", "users", "vote", "votes", "www",
    }
)  # fmt: skip

# NIST SP 800-63B: length is what makes a memorized secret strong, so require a
# passphrase-friendly minimum and no composition rules.
PASSWORD_MIN_LENGTH = 10
# Generous for passphrases and password managers, while bounding the work a single
# login request can make the password hasher do.
PASSWORD_MAX_LENGTH = 256

# A full name fits on a byline and in a narrow sidebar card without truncation.
DISPLAY_NAME_MAX = 60
# The one line under a name on posts and profiles ("Staff engineer at ..."): one
# line on a desktop card, two on a phone.
HEADLINE_MAX = 120
# A few paragraphs about yourself; a profile is not a place for an article.
BIO_MAX = 2000

# Word pieces for initials: letters and digits, without the underscore \w includes.
_WORD = re.compile(r"[^\W_]+")
# Hues on a colour wheel.
_HUES = 360


def normalize_username(name: str) -> str:
    """Return the case-insensitive key that makes usernames unique."""
    # "Ada" and "ada" are one account: the key is what the unique index holds.
    return name.casefold()


def username_problem(name: str) -> str | None:
    """Return what is wrong with this username, or None if it is acceptable."""
    # The caller strips surrounding whitespace; anything left must match exactly.
    if USERNAME_PATTERN.fullmatch(name) is None:
        return USERNAME_RULE
    if normalize_username(name) in RESERVED_USERNAMES:
        return "That username is reserved. Please choose another."
    return None


def password_problem(password: str, username: str) -> str | None:
    """Return what is wrong with this password, or None if it is acceptable."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    # The username is public, so a password equal to it is guessed first.
    if password.casefold() == normalize_username(username):
        return "Your password must not be your username."
    return None


# Cached: a long thread shows the same few people's avatars hundreds of times per page.
@functools.lru_cache(maxsize=4096)
def initials(display_name: str, username: str) -> str:
    """Return up to two uppercase letters for the initials avatar."""
    # First and last word of the display name ("Ada King Lovelace" -> "AL"); the
    # username ("ada_lovelace" -> "AL") when the display name has no letters.
    words = _WORD.findall(display_name) or _WORD.findall(username)
    if not words:
        return "?"
    picked = [words[0], words[-1]] if len(words) > 1 else [words[0]]
    # [:1] after upper() because some letters uppercase to two ("ß" -> "SS").
    return "".join(word[0].upper()[:1] for word in picked)


@functools.lru_cache(maxsize=4096)
def avatar_hue(username: str) -> int:
    """Return a stable hue (0-359) for the initials avatar's background."""
    # hashlib, not hash(): str hashes are salted per process, and the colour must be
    # the same on every page and every server. Normalized so renaming "ada" to "Ada"
    # keeps the colour.
    digest = hashlib.sha256(normalize_username(username).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % _HUES
