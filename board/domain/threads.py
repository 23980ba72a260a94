"""Build a sorted comment tree, cut at a depth, from flat rows loaded with one query."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from board.domain.ranking import as_utc, controversy, wilson_lower_bound

# Nesting shown on one page: a comment at relative depth MAX_DEPTH is not rendered and
# its parent links to "Continue this thread" instead; deeper replies continue on their
# own page because narrow screens cannot indent further.
MAX_DEPTH = 8

# A post page shows this many comments (in the order the tree shows them) and links to the
# next as many: 200 covers almost every thread in one page, and bounds the HTML of the rest.
COMMENTS_PER_PAGE = 200


class CommentSort(Enum):
    """Order of sibling comments, applied at every level of the tree."""

    BEST = "best"
    TOP = "top"
    NEW = "new"
    OLD = "old"
    CONTROVERSIAL = "controversial"
    MOST_AGREED = "agreed"
    DISSENT = "dissent"

    @property
    def label(self) -> str:
        """Name the sort as the sort menu does."""
        return _SORT_LABELS.get(self, self.value.capitalize())


_SORT_LABELS = {
    CommentSort.MOST_AGREED: "Most agreed",
    CommentSort.DISSENT: "Strongest dissent",
}


class ThreadRow(Protocol):
    """What the tree reads from a comment; ORM rows and test dataclasses both fit."""

    # Read-only properties, so frozen dataclasses and mapped attributes both satisfy it.
    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def upvotes(self) -> int: ...
    @property
    def downvotes(self) -> int: ...
    @property
    def score(self) -> int: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def agrees(self) -> int: ...
    @property
    def disagrees(self) -> int: ...


T = TypeVar("T", bound=ThreadRow)
# What a node holds; unbounded because a window swaps the tree's light rows for full ones.
R = TypeVar("R")


@dataclass
class ThreadNode(Generic[R]):
    """One shown comment with its shown replies."""

    row: R
    children: list[ThreadNode[R]] = field(default_factory=list)
    # Relative to the top of the tree being shown (0 = top level), not the stored
    # depth, so a permalink page indents its root comment like a top-level one.
    depth: int = 0
    # Descendants cut off by the depth limit; the template shows "Continue this
    # thread (N more replies)" linking to this node's own page.
    hidden_replies: int = 0
    # Its parent is on an earlier page of the thread, so it starts this page out of context.
    continued: bool = False


def _dissent(row: ThreadRow) -> tuple[bool, float]:
    # Strongest dissent: comments most readers disagree with (more disagrees than agrees)
    # come first, best-argued first by the quality votes alone, because a well-made case
    # against the majority is what a reader looking for the other side wants. The rest
    # follow in "best" order.
    return row.disagrees > row.agrees, wilson_lower_bound(row.upvotes, row.downvotes)


# Each sort is (primary key, descending?). Ties fall back to id ascending so the
# order is deterministic whatever order the database returned the rows in.
_SORTS: dict[CommentSort, tuple[Callable[[ThreadRow], Any], bool]] = {
    CommentSort.BEST: (lambda r: wilson_lower_bound(r.upvotes, r.downvotes), True),
    CommentSort.TOP: (lambda r: r.score, True),
    CommentSort.NEW: (lambda r: as_utc(r.created_at), True),
    CommentSort.OLD: (lambda r: as_utc(r.created_at), False),
    CommentSort.CONTROVERSIAL: (lambda r: controversy(r.upvotes, r.downvotes), True),
    # Most agreed: the same confidence bound as "best", on agreement instead of quality, so
    # 40 agree / 3 disagree beats a lone 1 / 0. "Best" never looks at agreement.
    CommentSort.MOST_AGREED: (lambda r: wilson_lower_bound(r.agrees, r.disagrees), True),
    CommentSort.DISSENT: (_dissent, True),
}


def sort_rows(rows: Iterable[T], sort: CommentSort) -> list[T]:
    """Return sibling rows in the order of this sort, ties by id ascending."""
    key, descending = _SORTS[sort]
    ordered = sorted(rows, key=lambda r: r.id)
    # Python's sort is stable even with reverse=True, so the id order survives ties.
    ordered.sort(key=key, reverse=descending)
    return ordered


def _children_by_parent(rows: Iterable[T], sort: CommentSort) -> dict[int | None, list[T]]:
    """Group rows under their parent id, each group sorted; duplicate ids keep the first."""
    seen: set[int] = set()
    groups: dict[int | None, list[T]] = {}
    for row in rows:
        if row.id in seen:
            continue
        seen.add(row.id)
        groups.setdefault(row.parent_id, []).append(row)
    return {parent: sort_rows(group, sort) for parent, group in groups.items()}


def _count_descendants(row_id: int, children: Mapping[int | None, list[T]], seen: set[int]) -> int:
    """Count the rows below this one, iteratively, marking them seen."""
    count = 0
    stack = list(children.get(row_id, ()))
    while stack:
        row = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        count += 1
        stack.extend(children.get(row.id, ()))
    return count


def _grow(
    top: list[T], children: Mapping[int | None, list[T]], max_depth: int
) -> list[ThreadNode[T]]:
    """Build nodes for the top rows and their replies down to max_depth, without recursion."""
    if max_depth < 1:
        raise ValueError("max_depth must be at least 1: the top level is always shown")
    # Iterative so a 10,000-long reply chain cannot hit Python's recursion limit; the
    # seen set keeps corrupt data (cycles, duplicate ids) from looping forever.
    seen: set[int] = set()
    roots: list[ThreadNode[T]] = []
    stack: list[tuple[T, int, list[ThreadNode[T]]]] = [(row, 0, roots) for row in reversed(top)]
    while stack:
        row, depth, siblings = stack.pop()
        if row.id in seen:
            continue
        seen.add(row.id)
        node = ThreadNode(row=row, depth=depth)
        siblings.append(node)
        if depth + 1 >= max_depth:
            node.hidden_replies = _count_descendants(row.id, children, seen)
            continue
        # Pushed in reverse so they pop, and are appended, in sorted order.
        replies = children.get(row.id, [])
        stack.extend((reply, depth + 1, node.children) for reply in reversed(replies))
    return roots


def build_tree(
    rows: Iterable[T],
    sort: CommentSort,
    root_id: int | None = None,
    max_depth: int = MAX_DEPTH,
) -> list[ThreadNode[T]]:
    """Return the sorted replies to root_id (None: the post's top-level comments) as trees."""
    # Rows whose parent is neither root_id nor among the rows are left out: they cannot
    # be placed, and a caller that loads a post's whole thread (or a whole subtree)
    # never has any. Showing them at top level would put replies out of context.
    # Deleted or removed comments are ordinary rows here and keep their place.
    children = _children_by_parent(rows, sort)
    return _grow(children.get(root_id, []), children, max_depth)


def build_subtree(
    rows: Iterable[T],
    root_row_id: int,
    sort: CommentSort,
    max_depth: int = MAX_DEPTH,
) -> list[ThreadNode[T]]:
    """Return [the node for root_row_id] with its sorted replies, for a permalink page."""
    # The comment itself is the single top node at depth 0; an empty list means it
    # is not among the rows.
    materialized = list(rows)
    root = next((row for row in materialized if row.id == root_row_id), None)
    if root is None:
        return []
    children = _children_by_parent(materialized, sort)
    return _grow([root], children, max_depth)


def ancestors(rows_by_id: Mapping[int, T], start_parent_id: int | None) -> list[T]:
    """Return the parent chain, top-level comment first, starting from start_parent_id."""
    # Stops at a missing row (the caller loaded only part of the thread) and at a
    # repeated id, so corrupt parent links cannot loop forever.
    chain: list[T] = []
    seen: set[int] = set()
    current = start_parent_id
    while current is not None and current not in seen:
        row = rows_by_id.get(current)
        if row is None:
            break
        seen.add(current)
        chain.append(row)
        current = row.parent_id
    chain.reverse()
    return chain


def flatten(nodes: Iterable[ThreadNode[T]]) -> Iterator[ThreadNode[T]]:
    """Yield every node in tree (pre-)order."""
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def window(
    roots: Iterable[ThreadNode[T]], start: int, size: int, rows: Mapping[int, R]
) -> list[ThreadNode[R]]:
    """Return the shown nodes at tree-order positions start..start+size-1, with rows swapped in."""
    # The tree is built from light rows; `rows` holds the full rows of this window only. A
    # node whose parent is on an earlier page heads the page and is marked `continued`. A
    # node missing from `rows` is left out and its replies start the page like that.
    page: list[ThreadNode[R]] = []
    copies: dict[int, ThreadNode[R]] = {}
    for position, node in enumerate(flatten(roots)):
        if position >= start + size:
            break
        full = rows.get(node.row.id)
        if position < start or full is None:
            continue
        parent = copies.get(node.row.parent_id) if node.row.parent_id is not None else None
        copy = ThreadNode(
            row=full,
            depth=node.depth,
            hidden_replies=node.hidden_replies,
            continued=parent is None and node.depth > 0,
        )
        copies[node.row.id] = copy
        (parent.children if parent is not None else page).append(copy)
    return page


class LockRow(Protocol):
    """What lock inheritance reads from a comment."""

    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def locked_at(self) -> datetime | None: ...


def locked_ids(rows: Iterable[LockRow]) -> set[int]:
    """Return the ids of comments that are locked or sit anywhere beneath a locked one."""
    by_id = {row.id: row for row in rows}
    known: dict[int, bool] = {}
    for start in by_id:
        path: list[int] = []
        current: int | None = start
        verdict = False
        # Walk up until a row whose answer is known, a lock, or the top; cycle-safe via path.
        while current is not None and current in by_id and current not in known:
            row = by_id[current]
            if row.locked_at is not None:
                verdict = True
                break
            if current in path:
                break
            path.append(current)
            current = row.parent_id
        else:
            verdict = known.get(current, False) if current is not None else False
        if verdict and current is not None:
            known[current] = True
        for row_id in path:
            known[row_id] = verdict
    return {row_id for row_id, locked in known.items() if locked}
