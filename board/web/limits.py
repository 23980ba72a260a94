"""Anti-abuse rate limits: named, documented, configurable; lower for brand-new accounts."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from board.extensions import limiter
from board.models.base import utcnow

# Spam and sock-puppet accounts do their damage in their first hours; a day of lower limits
# costs a real newcomer little (few write ten posts on day one) and a spammer a lot.
NEWCOMER_AGE = timedelta(days=1)


@dataclass(frozen=True)
class Rule:
    """One limit: for established accounts, for newcomers, and what it counts by."""

    regular: str
    newcomer: str
    by: str  # "ip" before sign-in (nobody to count by yet), "user" after


LIMITS: dict[str, Rule] = {
    # Password guessing: a person mistypes a few times a minute; a script tries thousands.
    "sign_in": Rule("10 per minute; 50 per hour", "10 per minute; 50 per hour", "ip"),
    # Account farms register many accounts from one address; a household needs a few.
    "register": Rule("5 per hour", "5 per hour", "ip"),
    # Long-form posts take time to write; ten an hour is already a flood.
    "post": Rule("10 per hour", "2 per hour", "user"),
    # A lively debate is a comment every minute or two, not several a second.
    "comment": Rule("60 per hour", "15 per hour", "user"),
    # Reading a long thread and voting on it is quick, so votes get the most room.
    "vote": Rule("300 per hour", "60 per hour", "user"),
    # Reports cost a moderator's time each; twenty an hour is a lot of bad content.
    "report": Rule("20 per hour", "5 per hour", "user"),
}

F = TypeVar("F", bound=Callable[..., Any])


def configured(name: str) -> Rule:
    """Return the rule in force: RATE_LIMITS in the app config or BOARD_LIMIT_<NAME> win."""
    rule = current_app.config.get("RATE_LIMITS", {}).get(name) or LIMITS[name]
    override = os.environ.get(f"BOARD_LIMIT_{name.upper()}")
    if override:
        return Rule(override, override, rule.by)
    return rule


def _is_newcomer() -> bool:
    if not current_user.is_authenticated:
        return False
    return bool(utcnow() - current_user.created_at < NEWCOMER_AGE)


def _user_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def _succeeded(response: Response) -> bool:
    # Only what got through counts: a rejected form or a preview must not eat the allowance.
    return response.status_code < 400 and not request.form.get("preview")


def limited(name: str) -> Callable[[F], F]:
    """Limit a view's POSTs by the named rule."""

    def value() -> str:
        rule = configured(name)
        return rule.newcomer if _is_newcomer() else rule.regular

    def key() -> str:
        return f"ip:{get_remote_address()}" if configured(name).by == "ip" else _user_key()

    decorator = limiter.limit(
        value, key_func=key, methods=["POST"], scope=name, deduct_when=_succeeded
    )
    return decorator  # type: ignore[return-value]
