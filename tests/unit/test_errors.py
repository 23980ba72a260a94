"""Domain errors: hierarchy and readable reasons."""

from __future__ import annotations

import pytest

from board.domain.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied


@pytest.mark.parametrize("error", [PermissionDenied, NotFound, Conflict, InvalidInput])
def test_every_error_is_a_domain_error(error: type[Exception]) -> None:
    assert issubclass(error, DomainError)


def test_invalid_input_keeps_reasons_in_order() -> None:
    error = InvalidInput([("title", "Required."), ("body", "Too long."), ("title", "Too short.")])

    assert error.reasons == [("title", "Required."), ("body", "Too long."), ("title", "Too short.")]
    assert error.messages_for("title") == ["Required.", "Too short."]
    assert error.messages_for("missing") == []


def test_invalid_input_str_names_fields_and_messages() -> None:
    error = InvalidInput([("title", "Required."), ("body", "Too long.")])

    assert str(error) == "title: Required.; body: Too long."
    assert str(InvalidInput([])) == "invalid input"


def test_invalid_input_accepts_any_iterable_and_can_be_raised() -> None:
    with pytest.raises(DomainError) as caught:
        raise InvalidInput(iter([("username", "Taken.")]))

    assert isinstance(caught.value, InvalidInput)
    assert caught.value.reasons == [("username", "Taken.")]
