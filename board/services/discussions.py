"""A post's discussion as its page shows it: one window of the tree, stances, what is new."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, null, select
from sqlalchemy.orm import Session, joinedload

from board.domain import threads
from board.domain.errors import NotFound
from board.domain.stances import Stance, StanceTally, tally
from board.models.agreement import Agreement
from board.models.comment import Comment
from board.models.notification import ThreadMute
from board.models.post import Post
from board.models.user import User
from board.models.visit import PostVisit
from board.models.vote import Vote
from board.services import visits


@dataclass(frozen=True, slots=True)
class Outline:
    """What the tree needs of one comment, read for the whole thread at once: no text, no author."""

    id: int
    parent_id: int | None
    author_id: int
    created_at: datetime
    score: int
    upvotes: int
    downvotes: int
    stance: str
    agrees: int
    disagrees: int
    locked_at: datetime | None
    gone: bool  # deleted or removed: kept in the tree, left out of the stance bar
    my_vote: int  # the reader's quality vote, 0 for none or for an anonymous reader
    my_agreement: int  # the reader's agree (+1) or disagree (-1), 0 for none


@dataclass(frozen=True)
class DiscussionQuery:
    """Which part of the discussion to show, from the page's query string."""

    sort: threads.CommentSort = threads.CommentSort.BEST
    stance: Stance | None = None  # only top-level comments taking this side, with their replies
    page: int = 1
    # The previous visit as the first page saw it, carried by "Load more" so later pages
    # highlight the same comments even though opening the first page recorded a new visit.
    since: datetime | None = None


@dataclass(frozen=True)
class ReaderState:
    """The signed-in reader's own relation to a post, read in one query."""

    last_seen_at: datetime | None = None
    thread_muted: bool = False
    post_vote: int = 0


@dataclass(frozen=True)
class DiscussionPage:
    """One page of a post's discussion with everything its template asks about."""

    tree: list[threads.ThreadNode[Comment]]
    number: int
    has_next: bool
    shown: int  # comments in the whole (filtered) tree, on every page
    remaining: int  # shown on the pages after this one
    locked: set[int]
    stances: StanceTally
    my_votes: dict[str, int]  # "p<id>" / "c<id>" -> +1 or -1, as the vote buttons read it
    my_agreements: dict[int, int]
    reader: ReaderState = field(default_factory=ReaderState)
    previous_visit: datetime | None = None
    new_ids: set[int] = field(default_factory=set)  # new on this page
    new_count: int = 0  # new in the whole (filtered) tree
    first_new: tuple[int, int] | None = None  # (comment id, page number) of the first new one


def reader_state(session: Session, user: User, post_id: int) -> ReaderState:
    """Return the reader's last visit, thread mute and vote on the post, in one query."""
    row = session.execute(
        select(
            select(PostVisit.last_seen_at)
            .where(PostVisit.user_id == user.id, PostVisit.post_id == post_id)
            .scalar_subquery(),
            exists().where(ThreadMute.user_id == user.id, ThreadMute.post_id == post_id),
            select(Vote.value)
            .where(Vote.user_id == user.id, Vote.post_id == post_id)
            .scalar_subquery(),
        )
    ).one()
    return ReaderState(last_seen_at=row[0], thread_muted=bool(row[1]), post_vote=row[2] or 0)


def outline(session: Session, post_id: int, reader: User | None) -> list[Outline]:
    """Return every comment of the post as an Outline, with the reader's marks, in one query."""
    query = select(
        Comment.id,
        Comment.parent_id,
        Comment.author_id,
        Comment.created_at,
        Comment.score,
        Comment.upvotes,
        Comment.downvotes,
        Comment.stance,
        Comment.agrees,
        Comment.disagrees,
        Comment.locked_at,
        (Comment.deleted_at.is_not(None) | Comment.removed_at.is_not(None)).label("gone"),
    ).where(Comment.post_id == post_id)
    if reader is None:
        query = query.add_columns(null().label("my_vote"), null().label("my_agreement"))
    else:
        # Each is unique per (user, comment), so the outer joins never repeat a comment.
        query = (
            query.add_columns(Vote.value.label("my_vote"), Agreement.value.label("my_agreement"))
            .outerjoin(Vote, and_(Vote.comment_id == Comment.id, Vote.user_id == reader.id))
            .outerjoin(
                Agreement, and_(Agreement.comment_id == Comment.id, Agreement.user_id == reader.id)
            )
        )
    return [
        Outline(
            id=row.id,
            parent_id=row.parent_id,
            author_id=row.author_id,
            created_at=row.created_at,
            score=row.score,
            upvotes=row.upvotes,
            downvotes=row.downvotes,
            stance=row.stance,
            agrees=row.agrees,
            disagrees=row.disagrees,
            locked_at=row.locked_at,
            gone=bool(row.gone),
            my_vote=row.my_vote or 0,
            my_agreement=row.my_agreement or 0,
        )
        for row in session.execute(query)
    ]


def _full_rows(session: Session, ids: list[int]) -> dict[int, Comment]:
    """Load the comments of one page with their authors, in one query."""
    if not ids:
        return {}
    rows = session.scalars(
        select(Comment).options(joinedload(Comment.author)).where(Comment.id.in_(ids))
    )
    return {row.id: row for row in rows}


def open_discussion(
    session: Session, post: Post, reader: User | None, query: DiscussionQuery, now: datetime
) -> DiscussionPage:
    """Return one page of the post's discussion, and record the signed-in reader's visit."""
    state = reader_state(session, reader, post.id) if reader is not None else ReaderState()
    rows = outline(session, post.id, reader)
    stances = tally(r.stance for r in rows if r.parent_id is None and not r.gone)
    if query.stance is not None:
        # Replies of the other top-level comments cannot be placed, so build_tree drops them.
        rows_shown = [r for r in rows if r.parent_id is not None or r.stance == query.stance.value]
    else:
        rows_shown = rows
    tree = threads.build_tree(rows_shown, query.sort)
    order = [node.row for node in threads.flatten(tree)]
    per_page = threads.COMMENTS_PER_PAGE
    start = (query.page - 1) * per_page
    if query.page > 1 and start >= len(order):
        raise NotFound("This thread has no more comments.")
    window = {row.id for row in order[start : start + per_page]}
    full = _full_rows(session, [row.id for row in order[start : start + per_page]])
    previous = query.since or state.last_seen_at
    new = [
        position
        for position, row in enumerate(order)
        if reader is not None
        and previous is not None
        and row.created_at > previous
        and row.author_id != reader.id
    ]
    first_new = (order[new[0]].id, new[0] // per_page + 1) if new else None
    my_votes = {f"c{r.id}": r.my_vote for r in rows if r.my_vote}
    if state.post_vote:
        my_votes[f"p{post.id}"] = state.post_vote
    if reader is not None:
        visits.record_visit(session, reader.id, post.id, now)
    return DiscussionPage(
        tree=threads.window(tree, start, per_page, full),
        number=query.page,
        has_next=start + per_page < len(order),
        shown=len(order),
        remaining=max(0, len(order) - (start + per_page)),
        locked=threads.locked_ids(rows),
        stances=stances,
        my_votes=my_votes,
        my_agreements={r.id: r.my_agreement for r in rows if r.my_agreement},
        reader=state,
        previous_visit=previous,
        new_ids={order[position].id for position in new} & window,
        new_count=len(new),
        first_new=first_new,
    )
