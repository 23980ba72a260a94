"""Errors raised by domain rules and services; the web layer maps each to a response."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """Signal that a use case cannot proceed for a reason the user can be told."""


class PermissionDenied(DomainError):
    """Signal that the actor may not do this (the web layer answers 403)."""


class NotFound(DomainError):
    """Signal that the target does not exist or is hidden from the actor (404)."""


class Conflict(DomainError):
    """Signal that the request clashes with current state, e.g. a taken username (409)."""


class InvalidInput(DomainError):
    """Signal that some input fields are invalid, each with a message to show beside it."""

    # Reasons are (field, message) pairs rather than a dict so one field can carry
    # several messages and the order the form shows them in is kept.
    reasons: list[tuple[str, str]]

    def __init__(self, reasons: Iterable[tuple[str, str]]) -> None:
        """Keep the (field, message) pairs the view will put beside the fields."""
        self.reasons = list(reasons)
        super().__init__(self.reasons)

    def messages_for(self, field: str) -> list[str]:
        """Return the messages for one field, in order."""
        return [message for name, message in self.reasons if name == field]

    def __str__(self) -> str:
        """Render the reasons as 'field: message; field: message'."""
        if not self.reasons:
            return "invalid input"
        return "; ".join(f"{field}: {message}" for field, message in self.reasons)
