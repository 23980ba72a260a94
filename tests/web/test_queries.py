"""N+1 guard: a page's SQL statement count stays small and does not grow with its rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from board.domain import threads
from board.models.agreement import Agreement
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.user import User
from board.models.visit import PostVisit
from board.models.vote import Vote
from board.services import votes
from tests.factories import make_comment, make_post, make_user, post_path

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
    else:  # the post's canonical address (a bare /p/<id> answers with a redirect)
        page, (small, large) = "{}", (post_path(session.get(Post, p)) for p in (small, large))

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


def _bulk_thread(session, viewer, count: int, first_id: int) -> Post:
    """Insert a post with `count` comments straight into the database (the services are slow
    for 2,000), shaped like _thread's, with stances, agreement, the viewer's marks and a visit."""
    post = make_post(session, make_user(session), f"A debate of {count}")
    people = [make_user(session) for _ in range(6)]
    start = utcnow() - timedelta(days=1)
    depth: dict[int, int] = {}
    rows = []
    for i in range(count):
        if i < 12:
            parent = first_id + i - 1 if i else None
        else:
            parent = None if i % 3 == 0 else first_id + i // 2
        depth[first_id + i] = depth[parent] + 1 if parent is not None else 0
        rows.append(
            Comment(
                id=first_id + i,
                post_id=post.id,
                author_id=people[i % 6].id,
                parent_id=parent,
                depth=depth[first_id + i],
                body_markdown=f"Comment {i}",
                body_html=f"<p>Comment {i}</p>",
                created_at=start + timedelta(seconds=i),
                upvotes=i % 7,
                downvotes=i % 4,
                score=i % 7 - i % 4,
                stance=("agree", "disagree", "neutral", "")[i % 4] if parent is None else "",
                agrees=i % 5,
                disagrees=i % 3,
            )
        )
    session.add_all(rows)
    session.flush()
    session.add_all(
        Vote(user_id=viewer.id, comment_id=first_id + i, value=1) for i in range(0, count, 9)
    )
    session.add_all(
        Agreement(user_id=viewer.id, comment_id=first_id + i, value=-1) for i in range(0, count, 11)
    )
    # A visit halfway through, so half the thread is new to the viewer.
    session.add(
        PostVisit(
            user_id=viewer.id, post_id=post.id, last_seen_at=start + timedelta(seconds=count // 2)
        )
    )
    post.comment_count = count
    session.flush()
    return post


def test_a_thread_of_2000_reads_as_many_statements_as_one_of_20(session, viewer, measure):
    small = post_path(_bulk_thread(session, viewer, 20, 100_000))
    large = post_path(_bulk_thread(session, viewer, 2_000, 200_000))

    few, many, later = measure(small), measure(large), measure(f"{large}?page=3")

    assert len(many) <= MAX_STATEMENTS, "\n\n".join(many)
    assert len(many) == len(few) == len(later), "\n\n".join(many)


def test_a_thread_of_2000_shows_200_comments_and_links_to_the_rest(client, session, viewer):
    post = _bulk_thread(session, viewer, 2_000, 300_000)
    session.commit()

    html = client.get(post_path(post)).get_data(as_text=True)

    assert html.count('<li class="comment ') == threads.COMMENTS_PER_PAGE
    assert "Load more comments" in html and "page=2" in html


def test_the_busiest_writes_run_only_statements_compiled_once(
    client, session, viewer, count_queries
):
    """SQLAlchemy caches a statement's compiled SQL by its key; one it cannot key (a multi-row
    INSERT, say) is compiled again on every request, a tenth of a millisecond each time."""
    post = make_post(session, make_user(session, "host"), "Hot thread")
    comment = make_comment(session, make_user(session, "speaker"), post, "An opening line.")
    session.commit()
    writes = {
        "a comment": (f"/p/{post.id}/comments", {"body_markdown": "I **agree**."}),
        "a reply": (
            f"/p/{post.id}/comments",
            {"body_markdown": "Why?", "parent_id": str(comment.id)},
        ),
        "a vote on a comment": (f"/c/{comment.id}/vote", {"value": "1"}),
        "a vote on a post": (f"/p/{post.id}/vote", {"value": "1"}),
        "an agreement": (f"/c/{comment.id}/agree", {"value": "1"}),
    }
    for name, (url, form) in writes.items():
        with count_queries() as counted:
            response = client.post(url, data=form)
        assert response.status_code == 302, name
        assert any(not sql.startswith("SELECT") for sql in counted.statements), name  # it wrote
        assert counted.compiled_every_time == [], name
