"""Board: long-form opinion posts and threaded debate."""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Lazy, so importing board.domain for a unit test does not build the whole web app.
    if name == "create_app":
        from board.app import create_app

        return create_app
    raise AttributeError(name)
