"""N+1 guard: a page's SQL statement count stays small and does not grow with its rows."""

from __future__ import annotations

import pytest
from flask import g

from board.models.post import Post
from board.models.user import User
from board.services import votes
from tests.factories import make_comment, make_post, make_user

MAX_STATEMENTS = 8


@pytest.fixture
def measure(client, session, count_queries):
    """Return a function that GETs a page as a fresh request would and returns its SQL."""

    def statements(url: str) -> list[str]:
        # A real request starts with an empty session and no cached user: nothing the test
        # set up may hide a lazy load by already sitting in the identity map.
        session.commit()
        session.remove()
        g.pop("_login_user", None)
        with count_queries() as counted:
            response = client.get(url)
        assert response.status_code == 200
        return counted.statements

    return statements


@pytest.fixture
def viewer(session, login):
    user = make_user(session, "viewer")
    login(user)
    return user


def _posts(session, viewer, count: int) -> None:
    authors = [make_user(session) for _ in range(5)]
    for i in range(count):
        post = make_post(session, authors[i % 5], f"Post {i}")
        make_comment(session, authors[(i + 1) % 5], post)
        if i % 2:
            votes.set_vote(session, viewer, post, 1 if i % 4 == 1 else -1)


@pytest.mark.parametrize("url", ["/", "/new", "/top?period=all"])
def test_the_front_page_reads_a_fixed_number_of_statements(session, viewer, measure, url):
    _posts(session, viewer, 3)
    viewer_id = viewer.id
    few = measure(url)
    # Now a full first page of 25, and 5 on the second.
    _posts(session, session.get(User, viewer_id), 27)
    joiner = "&" if "?" in url else "?"

    full, second = measure(url), measure(f"{url}{joiner}page=2")

    assert len(full) <= MAX_STATEMENTS, "\n\n".join(full)
    assert len(full) == len(few), "\n\n".join(full)
    # Later pages skip only the pinned posts' query, which belongs to the first page.
    assert len(second) <= len(full), "\n\n".join(second)


def _thread(session, viewer, count: int) -> int:
    """Publish a post with a wide, deep thread of `count` comments; return its id."""
    post = make_post(session, make_user(session), f"A debate of {count}")
    votes.set_vote(session, viewer, post, 1)
    people = [make_user(session) for _ in range(6)]
    written = []
    for i in range(count):
        # A chain of 12 (past the depth cut), then every third comment starts a thread and
        # the others reply to earlier ones, so the tree is both deep and wide.
        if i < 12:
            parent = written[-1] if written else None
        else:
            parent = None if i % 3 == 0 else written[i // 2]
        written.append(make_comment(session, people[i % 6], post, f"Comment {i}", parent))
        if i % 4 == 0:
            votes.set_vote(session, viewer, written[-1], 1 if i % 8 == 0 else -1)
    return post.id


@pytest.mark.parametrize("page", ["/p/{}", "/c/{}"])
def test_a_thread_page_reads_a_fixed_number_of_statements(session, viewer, measure, page):
    small, large = _thread(session, viewer, 20), _thread(session, viewer, 200)
    if page == "/c/{}":  # a permalink page: the first comment of each thread
        small, large = (
            make_comment(session, viewer, session.get(Post, p)).id for p in (small, large)
        )

    few, many = measure(page.format(small)), measure(page.format(large))

    assert len(many) <= MAX_STATEMENTS, "\n\n".join(many)
    assert len(many) == len(few), "\n\n".join(many)


def test_a_profile_reads_a_fixed_number_of_statements(session, viewer, measure):
    for name, count in [("quiet", 2), ("prolific", 30)]:
        person = make_user(session, name)
        for i in range(count):
            post = make_post(session, person if i % 2 else make_user(session), f"Post {i}")
            make_comment(session, person, post)

    few, many = measure("/u/quiet"), measure("/u/prolific")

    assert len(many) <= MAX_STATEMENTS, "\n\n".join(many)
    assert len(many) == len(few), "\n\n".join(many)
