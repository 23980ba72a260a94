"""Voting through the web: plain forms that redirect back, and JSON for the script."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.models.vote import Vote
from board.services import statements
from tests.factories import make_comment, make_post, make_user, post_path

JSON = {"Accept": "application/json"}


@pytest.fixture
def author(session):
    return make_user(session, "author")


@pytest.fixture
def post(session, author):
    return make_post(session, author)


@pytest.fixture
def comment(session, author, post):
    comment = make_comment(session, author, post)
    session.commit()
    return comment


@pytest.fixture
def voter(session, login):
    user = make_user(session, "voter")
    session.commit()
    login(user)
    return user


def _votes(session) -> list[int]:
    return list(session.scalars(select(Vote.value)))


def test_a_post_vote_redirects_back_to_the_card(client, session, post, voter):
    response = client.post(f"/p/{post.id}/vote", data={"value": "1", "next": "/new?page=2"})

    assert (response.status_code, response.location) == (302, f"/new?page=2#p{post.id}")
    assert _votes(session) == [1]


def test_a_comment_vote_redirects_back_to_the_comment(client, session, post, comment, voter):
    response = client.post(
        f"/c/{comment.id}/vote", data={"value": "-1", "next": f"/p/{post.id}?sort=new#old-anchor"}
    )

    assert response.location == f"/p/{post.id}?sort=new#c{comment.id}"
    assert _votes(session) == [-1]


@pytest.mark.parametrize("target", ["https://evil.com/", "//evil.com", ""])
def test_a_foreign_or_missing_next_falls_back_to_the_post(client, post, voter, target):
    response = client.post(f"/p/{post.id}/vote", data={"value": "1", "next": target})

    assert response.location == f"{post_path(post)}#p{post.id}"


def test_json_votes_answer_with_the_new_state(client, session, post, voter):
    up = client.post(f"/p/{post.id}/vote", data={"value": "1"}, headers=JSON)
    assert up.status_code == 200
    assert up.json == {"score": 1, "upvotes": 1, "downvotes": 0, "my_vote": 1}

    down = client.post(f"/p/{post.id}/vote", data={"value": "-1"}, headers=JSON)
    assert down.json == {"score": -1, "upvotes": 0, "downvotes": 1, "my_vote": -1}

    retract = client.post(f"/p/{post.id}/vote", data={"value": "0"}, headers=JSON)
    assert retract.json == {"score": 0, "upvotes": 0, "downvotes": 0, "my_vote": 0}
    assert _votes(session) == []


def test_json_comment_votes(client, session, comment, voter):
    response = client.post(f"/c/{comment.id}/vote", data={"value": "1"}, headers=JSON)

    assert response.json["score"] == 1
    assert response.json["my_vote"] == 1


@pytest.mark.parametrize("kind", ["p", "c"])
def test_nobody_votes_on_their_own_content(client, session, login, author, post, comment, kind):
    login(author)
    target = post.id if kind == "p" else comment.id

    assert client.post(f"/{kind}/{target}/vote", data={"value": "1"}).status_code == 403
    assert (
        client.post(f"/{kind}/{target}/vote", data={"value": "1"}, headers=JSON).json["status"]
        == 403
    )
    assert _votes(session) == []


def test_anonymous_voters_are_sent_to_sign_in(client, session, post):
    response = client.post(f"/p/{post.id}/vote", data={"value": "1"})

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    assert _votes(session) == []


@pytest.mark.parametrize("value", ["2", "up", "", "1.0"])
def test_a_bad_value_is_a_bad_request(client, session, post, voter, value):
    assert client.post(f"/p/{post.id}/vote", data={"value": value}).status_code == 400
    assert _votes(session) == []


def test_voting_on_a_missing_post_is_not_found(client, voter):
    assert client.post("/p/999/vote", data={"value": "1"}).status_code == 404


def _button(html: str, direction: str, kind: str, target: int) -> str:
    form = re.search(
        rf'<form class="vote" method="post" action="/{kind}/{target}/vote".*?</form>', html, re.S
    ).group(0)
    return re.search(
        rf'<button class="vote__button vote__button--{direction}.*?>', form, re.S
    ).group(0)


def test_the_pressed_button_retracts_the_vote(client, post, comment, voter):
    client.post(f"/p/{post.id}/vote", data={"value": "1"})
    client.post(f"/c/{comment.id}/vote", data={"value": "-1"})

    html = client.get(post_path(post)).get_data(as_text=True)

    up, down = _button(html, "up", "p", post.id), _button(html, "down", "p", post.id)
    assert 'value="0"' in up and 'aria-pressed="true"' in up
    assert 'value="-1"' in down and 'aria-pressed="false"' in down
    up, down = _button(html, "up", "c", comment.id), _button(html, "down", "c", comment.id)
    assert 'value="1"' in up and 'aria-pressed="false"' in up
    assert 'value="0"' in down and 'aria-pressed="true"' in down


def test_the_front_page_shows_the_viewers_vote(client, post, voter):
    client.post(f"/p/{post.id}/vote", data={"value": "1"})

    html = client.get("/").get_data(as_text=True)

    assert 'value="0"' in _button(html, "up", "p", post.id)


def test_an_anonymous_json_vote_gets_a_401_the_script_can_act_on(client, session, post):
    session.commit()
    response = client.post(f"/p/{post.id}/vote", data={"value": "1"}, headers=JSON)
    assert response.status_code == 401
    assert response.get_json()["error"] == "Sign in to do that."


def test_a_json_comment_vote_costs_three_statements_or_six(
    client, session, comment, voter, count_queries
):
    """The reader, the comment, then on PostgreSQL one statement for the rest; elsewhere, no
    vote to flip so one inserted, the counters, and the marks' and the thread's generations
    moved together (made, the first time)."""
    url = f"/c/{comment.id}/vote"
    session.commit()  # as a request starts: nothing loaded yet
    with count_queries() as counted:
        response = client.post(url, data={"value": "1"}, headers=JSON)

    assert response.status_code == 200
    kinds = [statement.split()[0] for statement in counted.statements]
    if statements.dialect_of(session) == "postgresql":
        assert kinds == ["SELECT", "SELECT", "WITH"]
    else:
        assert kinds == ["SELECT", "SELECT", "UPDATE", "INSERT", "UPDATE", "INSERT"]
    assert "INTO counters" in counted.statements[-1]
