"""An item's edit history: every version, with a word diff between neighbours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, abort, render_template

from board.domain import permissions
from board.domain.moderation import word_diff
from board.extensions import current_session
from board.models.post import Post
from board.models.revision import Revision
from board.services import modlog
from board.services.moderation import Target
from board.web.guards import viewer
from board.web.items import item_url, load_item

bp = Blueprint("history", __name__)

Runs = list[tuple[str, str]]


@dataclass(frozen=True)
class Version:
    """One version of an item as the history page shows it."""

    number: int
    written_at: datetime
    title: Runs | None  # None for comments; a diff against the previous title otherwise
    body: Runs
    replies_before: int  # replies the previous version had when this one replaced it


def versions(revisions: Sequence[Revision], item: Target) -> list[Version]:
    """Return every version from the first to the current, each diffed against the one before."""
    is_post = isinstance(item, Post)
    texts = [(r.title or "", r.body_markdown, r.written_at) for r in revisions]
    current_title = item.title if isinstance(item, Post) else ""
    texts.append((current_title, item.body_markdown, item.edited_at or item.created_at))
    result = []
    for number, (title, body, written_at) in enumerate(texts, start=1):
        before = texts[number - 2] if number > 1 else (title, body, written_at)
        result.append(
            Version(
                number=number,
                written_at=written_at,
                title=word_diff(before[0], title) if is_post else None,
                body=word_diff(before[1], body),
                replies_before=revisions[number - 2].replies_before if number > 1 else 0,
            )
        )
    return result


@bp.get("/history/<kind>/<int:item_id>")
def show(kind: str, item_id: int) -> str:
    item = load_item(kind, item_id, viewer())
    if not permissions.can_view_history(viewer(), item):
        abort(404)
    revisions = modlog.revisions(current_session(), item)
    return render_template(
        "history/show.html",
        kind=kind,
        item=item,
        item_url=item_url(item),
        versions=versions(revisions, item) if revisions else [],
    )
