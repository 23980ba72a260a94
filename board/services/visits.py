"""Visits: remember when a signed-in reader last opened a post, to show what is new since."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from board.models.visit import PostVisit
from board.services.statements import insert_for


def record_visit(session: Session, user_id: int, post_id: int, now: datetime) -> None:
    """Set the reader's last visit to the post to `now`, in one statement that cannot race."""
    # INSERT ... ON CONFLICT DO UPDATE: two tabs opening the post at once both succeed, and
    # the WHERE keeps a slower request from moving the time back.
    statement = insert_for(session, PostVisit).values(
        user_id=user_id, post_id=post_id, last_seen_at=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[PostVisit.user_id, PostVisit.post_id],
            set_={"last_seen_at": statement.excluded.last_seen_at},
            where=PostVisit.last_seen_at < statement.excluded.last_seen_at,
        ).execution_options(synchronize_session=False)
    )
