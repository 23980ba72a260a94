"""Feeds: the front page's orders, periods and pages, and a person's posts and comments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from board.domain.ranking import TopPeriod
from board.services import comments, feeds, posts, votes
from board.services.feeds import FeedSort
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _titles(page) -> list[str]:
    return [post.title for post in page.items]


def _upvote(session, post, times: int) -> None:
    for _ in range(times):
        votes.set_vote(session, make_user(session), post, 1)


@pytest.fixture
def three_posts(session):
    author = make_user(session)
    old = make_post(session, author, "old", now=NOW - timedelta(days=2))
    mid = make_post(session, author, "mid", now=NOW - timedelta(hours=1))
    make_post(session, author, "new", now=NOW)
    _upvote(session, old, 2)
    _upvote(session, mid, 5)
    session.commit()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (FeedSort.HOT, ["mid", "new", "old"]),  # votes lift, age sinks
        (FeedSort.NEW, ["new", "mid", "old"]),
        (FeedSort.TOP, ["mid", "old", "new"]),
    ],
)
def test_front_page_orders(session, three_posts, sort, expected):
    assert _titles(feeds.front_page(session, sort, now=NOW)) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (TopPeriod.DAY, ["day"]),
        (TopPeriod.WEEK, ["week", "day"]),
        (TopPeriod.MONTH, ["month", "week", "day"]),
        (TopPeriod.YEAR, ["year", "month", "week", "day"]),
        (TopPeriod.ALL, ["ancient", "year", "month", "week", "day"]),
    ],
)
def test_top_periods_leave_out_older_posts(session, period, expected):
    author = make_user(session)
    ages = {"day": 2, "week": 24 * 3, "month": 24 * 20, "year": 24 * 200, "ancient": 24 * 800}
    for score, (title, hours) in enumerate(ages.items(), start=1):
        _upvote(session, make_post(session, author, title, now=NOW - timedelta(hours=hours)), score)

    page = feeds.front_page(session, FeedSort.TOP, period=period, now=NOW)

    assert _titles(page) == expected


def test_pages_hold_25_and_know_of_a_next_page_without_counting(session, count_queries):
    author = make_user(session)
    for i in range(26):
        make_post(session, author, f"post {i:02}", now=NOW + timedelta(minutes=i))

    with count_queries() as counted:
        first = feeds.front_page(session, FeedSort.NEW, 1)
        second = feeds.front_page(session, FeedSort.NEW, 2)

    assert (len(first.items), first.has_next, first.has_previous) == (25, True, False)
    assert _titles(first)[0] == "post 25"
    assert (_titles(second), second.has_next, second.has_previous) == (["post 00"], False, True)
    assert counted.count == 4  # per page: its posts, then all their tags in one more query
    assert not any("count(" in sql.lower() for sql in counted.statements)


def test_a_full_last_page_has_no_next(session):
    author = make_user(session)
    for _ in range(25):
        make_post(session, author)

    page = feeds.front_page(session, FeedSort.HOT)

    assert (len(page.items), page.has_next) == (25, False)


@pytest.mark.parametrize("sort", list(FeedSort))
def test_deleted_posts_are_left_out(session, sort):
    author = make_user(session)
    make_post(session, author, "kept", now=NOW)
    posts.delete_post(session, author, make_post(session, author, "gone", now=NOW))

    assert _titles(feeds.front_page(session, sort, period=TopPeriod.ALL, now=NOW)) == ["kept"]


def test_profile_posts_newest_first_with_deleted_ones_for_the_author_only(session):
    author, reader = make_user(session), make_user(session)
    make_post(session, author, "first", now=NOW - timedelta(days=1))
    posts.delete_post(session, author, make_post(session, author, "deleted", now=NOW))
    make_post(session, reader, "not theirs")

    assert _titles(feeds.posts_by(session, author, author)) == ["deleted", "first"]
    assert _titles(feeds.posts_by(session, author, reader)) == ["first"]
    assert _titles(feeds.posts_by(session, author, None)) == ["first"]


def test_profile_comments_leave_out_deleted_comments_and_posts(session, count_queries):
    author, commenter = make_user(session), make_user(session)
    live, doomed = make_post(session, author, "live"), make_post(session, author, "doomed")
    make_comment(session, commenter, live, "older", now=NOW - timedelta(hours=1))
    make_comment(session, commenter, live, "newer", now=NOW)
    comments.delete_comment(session, commenter, make_comment(session, commenter, live, "deleted"))
    make_comment(session, commenter, doomed, "on a deleted post")
    posts.delete_post(session, author, doomed)
    session.commit()
    session.expire_all()
    session.refresh(commenter)

    with count_queries() as counted:
        page = feeds.comments_by(session, commenter)
        seen = [(c.body_markdown, c.post.title) for c in page.items]

    assert seen == [("newer", "live"), ("older", "live")]
    assert counted.count == 1  # the posts come joined
