"""Comment trees: shape, sorts, depth cut, subtrees, ancestors and long chains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.domain.threads import (
    MAX_DEPTH,
    CommentSort,
    ThreadNode,
    ancestors,
    build_subtree,
    build_tree,
    flatten,
    sort_rows,
    window,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    """A comment row as the tree sees it; the deleted flag is ignored by design."""

    id: int
    parent_id: int | None = None
    upvotes: int = 0
    downvotes: int = 0
    created_at: datetime = T0
    deleted: bool = False
    agrees: int = 0
    disagrees: int = 0

    @property
    def score(self) -> int:
        return self.upvotes - self.downvotes


def row(id: int, parent_id: int | None = None, **kwargs: object) -> Row:
    """Return a row created id minutes after T0 unless told otherwise."""
    kwargs.setdefault("created_at", T0 + timedelta(minutes=id))
    return Row(id, parent_id, **kwargs)  # type: ignore[arg-type]


def shape(nodes: Iterable[ThreadNode[Row]]) -> list[object]:
    """Return the tree as nested (id, children) pairs (recursive: only for small test trees)."""
    return [(node.row.id, shape(node.children)) for node in nodes]


def ids(nodes: Iterable[ThreadNode[Row]]) -> list[int]:
    return [node.row.id for node in nodes]


def chain(length: int) -> list[Row]:
    """Return a reply chain 1 <- 2 <- ... <- length."""
    return [Row(i, i - 1 if i > 1 else None, created_at=T0) for i in range(1, length + 1)]


SAMPLE = [
    row(1),
    row(2),
    row(3, 1),
    row(4, 3),
    row(5, 1),
    row(6, 2),
]


class TestShape:
    def test_nests_replies_under_parents(self) -> None:
        tree = build_tree(SAMPLE, CommentSort.OLD)

        assert shape(tree) == [
            (1, [(3, [(4, [])]), (5, [])]),
            (2, [(6, [])]),
        ]

    def test_depth_is_relative_to_the_top(self) -> None:
        tree = build_tree(SAMPLE, CommentSort.OLD)

        assert [(n.row.id, n.depth) for n in flatten(tree)] == [
            (1, 0), (3, 1), (4, 2), (5, 1), (2, 0), (6, 1),
        ]  # fmt: skip

    def test_input_order_does_not_matter(self) -> None:
        forward = build_tree(SAMPLE, CommentSort.OLD)
        backward = build_tree(reversed(SAMPLE), CommentSort.OLD)

        assert shape(forward) == shape(backward)

    def test_accepts_a_generator(self) -> None:
        tree = build_tree((r for r in SAMPLE), CommentSort.OLD)

        assert len(list(flatten(tree))) == len(SAMPLE)

    def test_empty_input(self) -> None:
        assert build_tree([], CommentSort.BEST) == []

    def test_deleted_comments_keep_their_place_and_replies(self) -> None:
        rows = [row(1), row(2, 1, deleted=True), row(3, 2), row(4, 3)]

        tree = build_tree(rows, CommentSort.OLD)

        assert shape(tree) == [(1, [(2, [(3, [(4, [])])])])]
        assert tree[0].children[0].row.deleted

    def test_orphans_are_left_out(self) -> None:
        rows = [row(1), row(2, 99), row(3, 2)]

        tree = build_tree(rows, CommentSort.OLD)

        assert ids(flatten(tree)) == [1]

    def test_duplicate_ids_appear_once(self) -> None:
        rows = [row(1), row(2, 1), row(2, 1)]

        tree = build_tree(rows, CommentSort.OLD)

        assert ids(flatten(tree)) == [1, 2]

    def test_cycles_do_not_loop(self) -> None:
        rows = [row(1), row(2, 3), row(3, 2), row(4, 4)]

        tree = build_tree(rows, CommentSort.OLD)

        assert ids(flatten(tree)) == [1]

    def test_nodes_start_with_nothing_hidden(self) -> None:
        assert all(n.hidden_replies == 0 for n in flatten(build_tree(SAMPLE, CommentSort.NEW)))


class TestSorts:
    # Top-level siblings with distinct orders under every sort.
    SIBLINGS = (
        row(1, upvotes=2, downvotes=0),  # unanimous but thin: second best, third top
        row(2, upvotes=30, downvotes=1),  # best and top
        row(3, upvotes=16, downvotes=12),  # controversial; second top, third best
        row(4, upvotes=0, downvotes=3),  # newest, worst
    )

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            (CommentSort.BEST, [2, 1, 3, 4]),
            (CommentSort.TOP, [2, 3, 1, 4]),
            (CommentSort.NEW, [4, 3, 2, 1]),
            (CommentSort.OLD, [1, 2, 3, 4]),
            (CommentSort.CONTROVERSIAL, [3, 2, 1, 4]),
        ],
    )
    def test_top_level_order(self, sort: CommentSort, expected: list[int]) -> None:
        assert ids(build_tree(self.SIBLINGS, sort)) == expected

    @pytest.mark.parametrize("sort", list(CommentSort))
    def test_ties_break_by_id_ascending(self, sort: CommentSort) -> None:
        rows = [Row(i, None, upvotes=2, downvotes=1, created_at=T0) for i in (5, 3, 9, 1)]

        assert ids(build_tree(rows, sort)) == [1, 3, 5, 9]

    def test_sort_applies_at_every_level(self) -> None:
        rows = [
            row(1, upvotes=1),
            row(2, upvotes=5),
            row(10, 2, upvotes=1),
            row(11, 2, upvotes=9),
            row(20, 11, upvotes=0),
            row(21, 11, upvotes=4),
        ]

        tree = build_tree(rows, CommentSort.TOP)

        assert shape(tree) == [
            (2, [(11, [(21, []), (20, [])]), (10, [])]),
            (1, []),
        ]

    def test_new_compares_naive_and_aware_times_as_utc(self) -> None:
        rows = [
            Row(1, created_at=T0.replace(tzinfo=None)),
            Row(2, created_at=T0 + timedelta(seconds=1)),
        ]

        assert ids(build_tree(rows, CommentSort.NEW)) == [2, 1]

    def test_values_parse_from_query_strings(self) -> None:
        assert [s.value for s in CommentSort] == [
            "best", "top", "new", "old", "controversial", "agreed", "dissent",
        ]  # fmt: skip
        assert CommentSort("controversial") is CommentSort.CONTROVERSIAL

    def test_sort_rows_sorts_a_flat_list(self) -> None:
        assert ids_of(sort_rows(self.SIBLINGS, CommentSort.NEW)) == [4, 3, 2, 1]


def ids_of(rows: Iterable[Row]) -> list[int]:
    return [r.id for r in rows]


class TestDepthCut:
    def test_default_max_depth(self) -> None:
        assert MAX_DEPTH == 8

    def test_chain_is_cut_at_max_depth(self) -> None:
        tree = build_tree(chain(12), CommentSort.OLD)
        nodes = list(flatten(tree))

        assert ids(nodes) == [1, 2, 3, 4, 5, 6, 7, 8]
        assert [n.depth for n in nodes] == list(range(MAX_DEPTH))
        last = nodes[-1]
        assert last.children == []
        # Rows 9..12 sit at depths 8..11 and are not rendered.
        assert last.hidden_replies == 4
        assert all(n.hidden_replies == 0 for n in nodes[:-1])

    def test_exactly_max_depth_levels_hides_nothing(self) -> None:
        nodes = list(flatten(build_tree(chain(MAX_DEPTH), CommentSort.OLD)))

        assert len(nodes) == MAX_DEPTH
        assert all(n.hidden_replies == 0 for n in nodes)

    def test_hidden_replies_count_whole_branches(self) -> None:
        rows = [*chain(3), row(10, 3), row(11, 3), row(12, 11), row(13, 12), row(4, 2)]

        tree = build_tree(rows, CommentSort.OLD, max_depth=3)
        by_id = {n.row.id: n for n in flatten(tree)}

        assert sorted(by_id) == [1, 2, 3, 4]
        assert by_id[3].hidden_replies == 4  # 10, 11, 12, 13
        assert by_id[4].hidden_replies == 0

    def test_max_depth_one_shows_only_top_level(self) -> None:
        tree = build_tree(SAMPLE, CommentSort.OLD, max_depth=1)

        assert shape(tree) == [(1, []), (2, [])]
        assert [n.hidden_replies for n in tree] == [3, 1]

    def test_max_depth_below_one_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="max_depth"):
            build_tree(SAMPLE, CommentSort.OLD, max_depth=0)


class TestSubtrees:
    def test_build_tree_under_a_root_id(self) -> None:
        tree = build_tree(SAMPLE, CommentSort.OLD, root_id=1)

        assert shape(tree) == [(3, [(4, [])]), (5, [])]
        assert [n.depth for n in tree] == [0, 0]

    def test_build_subtree_makes_the_comment_the_single_top_node(self) -> None:
        tree = build_subtree(SAMPLE, 3, CommentSort.OLD)

        assert shape(tree) == [(3, [(4, [])])]
        assert tree[0].depth == 0
        assert tree[0].children[0].depth == 1

    def test_build_subtree_of_a_missing_comment_is_empty(self) -> None:
        assert build_subtree(SAMPLE, 99, CommentSort.OLD) == []

    def test_build_subtree_continues_a_cut_thread(self) -> None:
        rows = chain(12)
        first = list(flatten(build_tree(rows, CommentSort.OLD)))[-1]

        continued = list(flatten(build_subtree(rows, first.row.id, CommentSort.OLD)))

        assert ids(continued) == [8, 9, 10, 11, 12]
        assert [n.depth for n in continued] == [0, 1, 2, 3, 4]

    def test_build_subtree_accepts_a_generator(self) -> None:
        tree = build_subtree((r for r in SAMPLE), 1, CommentSort.OLD)

        assert shape(tree) == [(1, [(3, [(4, [])]), (5, [])])]


SAMPLE_BY_ID = {r.id: r for r in SAMPLE}


class TestAncestors:
    def test_chain_from_the_top_level_down(self) -> None:
        assert ids_of(ancestors(SAMPLE_BY_ID, SAMPLE_BY_ID[4].parent_id)) == [1, 3]

    def test_top_level_comment_has_none(self) -> None:
        assert ancestors(SAMPLE_BY_ID, None) == []

    def test_stops_at_a_missing_row(self) -> None:
        by_id = {3: row(3, 1), 4: row(4, 3)}

        assert ids_of(ancestors(by_id, 4)) == [3, 4]

    def test_is_cycle_safe(self) -> None:
        by_id = {1: row(1, 2), 2: row(2, 1)}

        assert ids_of(ancestors(by_id, 1)) == [2, 1]


class TestLongChains:
    LENGTH = 10_000

    def test_cut_chain_hides_the_rest(self) -> None:
        tree = build_tree(chain(self.LENGTH), CommentSort.BEST)
        nodes = list(flatten(tree))

        assert len(nodes) == MAX_DEPTH
        assert nodes[-1].hidden_replies == self.LENGTH - MAX_DEPTH

    def test_uncut_chain_builds_and_flattens_without_recursion(self) -> None:
        tree = build_tree(chain(self.LENGTH), CommentSort.NEW, max_depth=self.LENGTH + 1)
        nodes = list(flatten(tree))

        assert len(nodes) == self.LENGTH
        assert nodes[-1].depth == self.LENGTH - 1

    def test_subtree_deep_in_a_chain(self) -> None:
        tree = build_subtree(chain(self.LENGTH), 5_000, CommentSort.OLD)

        assert tree[0].row.id == 5_000
        assert list(flatten(tree))[-1].hidden_replies == self.LENGTH - 5_000 - (MAX_DEPTH - 1)

    def test_ancestors_of_the_last_reply(self) -> None:
        rows = chain(self.LENGTH)
        by_id = {r.id: r for r in rows}

        chain_up = ancestors(by_id, rows[-1].parent_id)

        assert ids_of(chain_up) == list(range(1, self.LENGTH))


@st.composite
def forests(draw: st.DrawFn) -> list[Row]:
    """Draw a comment forest: each row replies to nothing or to an earlier row."""
    size = draw(st.integers(min_value=0, max_value=60))
    rows = []
    for i in range(1, size + 1):
        parent = None
        if i > 1:
            parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=i - 1)))
        ups = draw(st.integers(min_value=0, max_value=5))
        downs = draw(st.integers(min_value=0, max_value=5))
        minute = draw(st.integers(min_value=0, max_value=10))
        rows.append(Row(i, parent, ups, downs, T0 + timedelta(minutes=minute)))
    return rows


@given(forests(), st.sampled_from(list(CommentSort)), st.integers(min_value=1, max_value=6))
def test_every_row_is_shown_or_counted_once(
    rows: list[Row], sort: CommentSort, max_depth: int
) -> None:
    nodes = list(flatten(build_tree(rows, sort, max_depth=max_depth)))

    assert len({n.row.id for n in nodes}) == len(nodes)
    assert len(nodes) + sum(n.hidden_replies for n in nodes) == len(rows)
    assert all(n.depth < max_depth for n in nodes)
    for node in nodes:
        assert all(child.row.parent_id == node.row.id for child in node.children)
        assert all(child.depth == node.depth + 1 for child in node.children)


class TestAgreementSorts:
    # Quality (up/down) and agreement (agrees/disagrees) pull in different directions here.
    ROWS = (
        row(1, upvotes=20, downvotes=2, agrees=30, disagrees=2),  # good, widely agreed
        row(2, upvotes=25, downvotes=1, agrees=3, disagrees=40),  # excellent dissent
        row(3, upvotes=2, downvotes=9, agrees=1, disagrees=6),  # poor dissent
        row(4, upvotes=1, downvotes=0, agrees=1, disagrees=0),  # thin, but unanimous
        row(5, upvotes=9, downvotes=9, agrees=50, disagrees=5),  # agreed, middling quality
    )

    def test_most_agreed_ranks_by_confidence_in_agreement_not_its_ratio(self) -> None:
        assert ids(build_tree(self.ROWS, CommentSort.MOST_AGREED)) == [1, 5, 4, 3, 2]

    def test_strongest_dissent_puts_the_best_argued_dissent_first(self) -> None:
        # 2 and 3 have more disagrees than agrees: the better argued (2) leads; the rest
        # follow in "best" order.
        assert ids(build_tree(self.ROWS, CommentSort.DISSENT)) == [2, 3, 1, 4, 5]

    def test_best_ignores_agreement(self) -> None:
        agreed = [replace(r, agrees=0, disagrees=0) for r in self.ROWS]

        assert ids(build_tree(self.ROWS, CommentSort.BEST)) == ids(
            build_tree(agreed, CommentSort.BEST)
        )

    def test_labels_name_the_new_sorts(self) -> None:
        assert CommentSort.MOST_AGREED.label == "Most agreed"
        assert CommentSort.DISSENT.label == "Strongest dissent"
        assert CommentSort.BEST.label == "Best"


class TestWindow:
    # 1 [3 [4], 5], 2 [6] in tree order: 1, 3, 4, 5, 2, 6.
    TREE = build_tree(SAMPLE, CommentSort.OLD)
    FULL: ClassVar[dict[int, str]] = {r.id: f"full {r.id}" for r in SAMPLE}

    def test_the_first_page_keeps_the_shape(self) -> None:
        page = window(self.TREE, 0, 3, self.FULL)

        assert [(n.row, [c.row for c in n.children]) for n in page] == [("full 1", ["full 3"])]
        assert page[0].children[0].children[0].row == "full 4"
        assert not any(n.continued for n in flatten(page))

    def test_a_later_page_starts_with_replies_whose_parents_came_before(self) -> None:
        page = window(self.TREE, 3, 3, self.FULL)

        assert [(n.row, n.depth, n.continued) for n in page] == [
            ("full 5", 1, True),
            ("full 2", 0, False),
        ]
        assert [c.row for c in page[1].children] == ["full 6"]

    def test_pages_cover_every_shown_node_once(self) -> None:
        pages = [window(self.TREE, start, 2, self.FULL) for start in (0, 2, 4, 6)]

        shown = [n.row for page in pages for n in flatten(page)]
        assert shown == [f"full {i}" for i in (1, 3, 4, 5, 2, 6)]
        assert pages[-1] == []

    def test_keeps_hidden_reply_counts(self) -> None:
        tree = build_tree(chain(5), CommentSort.OLD, max_depth=2)

        page = window(tree, 0, 10, {i: i for i in range(1, 6)})

        assert page[0].children[0].hidden_replies == 3

    def test_rows_missing_from_the_page_are_left_out(self) -> None:
        page = window(self.TREE, 0, 6, {k: v for k, v in self.FULL.items() if k != 1})

        assert [n.row for n in page] == ["full 3", "full 5", "full 2"]
        assert page[0].continued
