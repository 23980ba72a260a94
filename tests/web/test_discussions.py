"""A post's discussion on its page: new since the last visit, and long threads page by page."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from board.domain import threads
from board.models.base import utcnow
from board.models.visit import PostVisit
from tests.factories import make_comment, make_post, make_user, post_path


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_comments_since_the_last_visit_are_marked_with_a_jump_link(client, session, login):
    reader, critic = make_user(session, "reader"), make_user(session, "critic")
    post = make_post(session, make_user(session, "writer"))
    old = make_comment(session, critic, post, "Old news.", now=utcnow() - timedelta(days=2))
    session.commit()
    login(reader)

    first = _html(client, post_path(post))  # the first visit: nothing is new yet
    assert "since your last visit" not in first
    assert session.scalar(select(PostVisit.last_seen_at)) is not None  # committed by the page
    # Back-date the visit, so what follows happened after it and before now.
    session.execute(update(PostVisit).values(last_seen_at=utcnow() - timedelta(hours=1)))
    new = make_comment(session, critic, post, "Fresh point.", now=utcnow() - timedelta(minutes=9))
    make_comment(session, reader, post, "My own.", now=utcnow() - timedelta(minutes=8))
    session.commit()
    second = _html(client, post_path(post))

    assert (
        f'1 new comment since your last visit. <a href="#c{new.id}">Jump to the first</a>' in second
    )
    assert re.search(rf'<li class="comment depth-0 comment--new" id="c{new.id}"', second)
    assert f'<li class="comment depth-0" id="c{old.id}"' in second
    assert "since your last visit" not in _html(client, post_path(post))


def test_a_long_thread_shows_a_page_of_comments_and_loads_more(client, session, monkeypatch):
    monkeypatch.setattr(threads, "COMMENTS_PER_PAGE", 3)
    post = make_post(session, make_user(session, "writer"))
    people = [make_user(session) for _ in range(2)]
    start = utcnow() - timedelta(hours=1)
    top = [
        make_comment(session, people[i % 2], post, f"Top {i}", now=start + timedelta(minutes=i))
        for i in range(4)
    ]
    reply = make_comment(session, people[0], post, "Reply to top 1", top[1], now=start)
    session.commit()

    first = _html(client, f"{post_path(post)}?sort=old")
    more = re.search(r'<a class="button button--primary" rel="next" href="([^"]+)"', first)

    assert more is not None and "Load more comments (2 more)" in first
    assert [f"Top {i}" in first for i in range(4)] == [True, True, False, False]
    assert "Reply to top 1" in first
    second = _html(client, more.group(1).replace("&amp;", "&"))
    assert "Top 2" in second and "Top 3" in second and "Top 0" not in second
    assert "Load more comments" not in second and "Earlier comments" in second
    assert f'id="c{reply.id}"' not in second


def test_pages_past_the_end_and_bad_filters_are_not_found(client, session):
    post = make_post(session, make_user(session, "writer"))
    make_comment(session, make_user(session), post)
    session.commit()

    assert client.get(f"{post_path(post)}?page=2").status_code == 404
    assert client.get(f"{post_path(post)}?since=yesterday").status_code == 200
