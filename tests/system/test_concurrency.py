"""Concurrency under four gunicorn workers on PostgreSQL: counts stay exact, nothing fails.

Requests are released together by a barrier so they really overlap. Every answer must be the
one a calm server would give (200 for the voting script's JSON, 302 for a form): a lost race
is retried or answered cleanly, never a 500 (nor a 503 from a deadlock). The database is
checked afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from board.models.agreement import Agreement
from board.models.comment import Comment
from board.models.post import Post
from board.models.vote import Vote
from tests.system.conftest import VOTERS, Answer, Browser, Seed, Server, burst, describe

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _no_tracebacks(board: Server) -> Iterator[None]:
    """Fail a test whose requests made a worker log a traceback, whatever it answered."""
    before = len(board.log_text())
    yield
    logged = board.log_text()[before:]
    assert "Traceback" not in logged, f"a worker logged an error:\n{logged[-3000:]}"


def expect(answers: list[Answer], statuses: list[int], board: Server) -> None:
    assert [a.status for a in answers] == statuses, describe(answers, board)


def counters(database: Engine, model: type[Post] | type[Comment], row_id: int) -> tuple[int, ...]:
    """Return the (score, upvotes, downvotes) the database holds for a post or comment."""
    query = select(model.score, model.upvotes, model.downvotes).where(model.id == row_id)
    with database.connect() as db:
        return tuple(db.execute(query).one())


def count(database: Engine, model: type[Any], *where: Any) -> int:
    with database.connect() as db:
        return int(db.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_two_hundred_people_voting_at_once_count_exactly(
    board: Server, voters: list[Browser], seed: Seed, database: Engine
) -> None:
    post_id = seed.posts["crowd"]
    vote = partial(Browser.post, path=f"/p/{post_id}/vote", form={"value": "1"}, json_wanted=True)

    answers = burst([partial(vote, voter) for voter in voters])

    expect(answers, [200] * VOTERS, board)
    # Each vote moved the score under the row's lock, so each saw a different total.
    assert sorted(a.json()["score"] for a in answers) == list(range(1, VOTERS + 1))
    assert counters(database, Post, post_id) == (VOTERS, VOTERS, 0)
    assert count(database, Vote, Vote.post_id == post_id) == VOTERS


def test_fifty_identical_votes_at_once_leave_one_vote(
    board: Server, voters: list[Browser], seed: Seed, database: Engine
) -> None:
    post_id, voter = seed.posts["same"], voters[0]
    path = f"/p/{post_id}/vote"
    # Half come from the voting script (JSON), half from the plain form (a redirect).
    calls = [
        partial(voter.post, path, {"value": "1"}, json_wanted=number % 2 == 0)
        for number in range(50)
    ]

    answers = burst(calls)

    expect(answers, [200, 302] * 25, board)
    # Whoever lost the race to insert is told the state the winner made, not a stale one.
    states = {tuple(sorted(a.json().items())) for a in answers[::2]}
    assert states == {(("downvotes", 0), ("my_vote", 1), ("score", 1), ("upvotes", 1))}
    assert counters(database, Post, post_id) == (1, 1, 0)
    assert count(database, Vote, Vote.post_id == post_id) == 1


def test_a_hundred_replies_at_once_keep_the_comment_count_exact(
    board: Server, voters: list[Browser], seed: Seed, database: Engine
) -> None:
    post_id, root = seed.posts["replies"], seed.comments["thread_root"]
    calls = []
    for number, voter in enumerate(voters[:100]):
        form = {"body_markdown": f"Reply **{number}**, sent with ninety-nine others."}
        # Half answer the post itself, half answer the comment already there.
        form |= {"parent_id": str(root)} if number % 2 else {"stance": ""}
        calls.append(partial(voter.post, f"/p/{post_id}/comments", form))

    answers = burst(calls)

    expect(answers, [302] * 100, board)
    with database.connect() as db:
        counted = db.scalar(select(Post.comment_count).where(Post.id == post_id))
    assert counted == 101 == count(database, Comment, Comment.post_id == post_id)
    assert count(database, Comment, Comment.parent_id == root) == 50


def test_minds_changed_at_once_keep_counters_equal_to_the_rows(
    board: Server, voters: list[Browser], seed: Seed, database: Engine
) -> None:
    """Each person sends several different votes and marks at once: up, down, none."""
    post_id, comment_id = seed.posts["changes"], seed.comments["changed"]
    targets = [f"/p/{post_id}/vote", f"/c/{comment_id}/vote", f"/c/{comment_id}/agree"]
    chance = random.Random(7)
    calls, kinds = [], []
    for voter in voters[100:140]:
        for _ in range(5):
            as_json = chance.random() < 0.5
            value = chance.choice(["1", "-1", "0"])
            calls.append(
                partial(voter.post, chance.choice(targets), {"value": value}, json_wanted=as_json)
            )
            kinds.append(200 if as_json else 302)

    for _ in range(2):  # a second round starts from the rows the first one left
        answers = burst(calls)
        expect(answers, kinds, board)

    for model, row_id, where in (
        (Post, post_id, Vote.post_id == post_id),
        (Comment, comment_id, Vote.comment_id == comment_id),
    ):
        up = count(database, Vote, where, Vote.value == 1)
        down = count(database, Vote, where, Vote.value == -1)
        assert counters(database, model, row_id) == (up - down, up, down), model.__name__
    on_comment = Agreement.comment_id == comment_id
    agrees = count(database, Agreement, on_comment, Agreement.value == 1)
    disagrees = count(database, Agreement, on_comment, Agreement.value == -1)
    with database.connect() as db:
        marks = db.execute(
            select(Comment.agrees, Comment.disagrees).where(Comment.id == comment_id)
        )
        assert tuple(marks.one()) == (agrees, disagrees)
