"""Agreement through the web: buttons beside the vote, a plain form or JSON, and two new sorts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from board.models.agreement import Agreement
from board.services import agreements, votes
from tests.factories import make_comment, make_post, make_user, post_path

JSON = {"Accept": "application/json"}


@pytest.fixture
def post(session):
    return make_post(session, make_user(session, "writer"))


@pytest.fixture
def comment(session, post):
    comment = make_comment(session, make_user(session, "critic"), post, "A claim.")
    session.commit()
    return comment


@pytest.fixture
def reader(session, login):
    user = make_user(session, "reader")
    session.commit()
    login(user)
    return user


def _marks(session) -> list[int]:
    return list(session.scalars(select(Agreement.value)))


def test_a_mark_redirects_back_to_the_comment(client, session, post, comment, reader):
    response = client.post(
        f"/c/{comment.id}/agree", data={"value": "-1", "next": f"{post_path(post)}?sort=new#x"}
    )

    assert response.location == f"{post_path(post)}?sort=new#c{comment.id}"
    assert _marks(session) == [-1]


def test_the_script_gets_the_counts_as_json(client, session, comment, reader):
    response = client.post(f"/c/{comment.id}/agree", data={"value": "1"}, headers=JSON)

    assert response.status_code == 200
    assert response.get_json() == {"agrees": 1, "disagrees": 0, "my_agreement": 1}


@pytest.mark.parametrize("value", ["2", "", "agree"])
def test_a_bad_value_is_a_bad_request(client, session, comment, reader, value):
    assert client.post(f"/c/{comment.id}/agree", data={"value": value}).status_code == 400
    assert _marks(session) == []


def test_both_counts_show_and_the_readers_mark_is_pressed(client, session, post, comment, reader):
    other = make_user(session, "other")
    agreements.set_agreement(session, other, comment, -1)
    agreements.set_agreement(session, reader, comment, 1)
    session.commit()

    html = client.get(post_path(post)).get_data(as_text=True)

    agree = re.search(r"<button [^>]*agreement__button--agree[^>]*>Agree <span[^>]*>(\d+)", html)
    disagree = re.search(
        r"<button [^>]*agreement__button--disagree[^>]*>Disagree <span[^>]*>(\d+)", html
    )
    assert agree and disagree
    assert (agree.group(1), disagree.group(1)) == ("1", "1")
    assert "is-active" in agree.group(0) and 'aria-pressed="true"' in agree.group(0)
    assert 'value="0"' in agree.group(0)  # pressing it again takes the mark back
    assert "is-active" not in disagree.group(0)


def test_most_agreed_and_strongest_dissent_order_the_thread(client, session, post):
    people = [make_user(session) for _ in range(6)]
    agreed = make_comment(session, people[0], post, "Agreed by all.")
    dissent = make_comment(session, people[1], post, "Well-argued dissent.")
    weak = make_comment(session, people[2], post, "Weak dissent.")
    for person in people[3:]:
        agreements.set_agreement(session, person, agreed, 1)
        agreements.set_agreement(session, person, dissent, -1)
        agreements.set_agreement(session, person, weak, -1)
        votes.set_vote(session, person, dissent, 1)
        votes.set_vote(session, person, weak, -1)
    session.commit()

    def order(sort: str) -> list[int]:
        html = client.get(f"{post_path(post)}?sort={sort}").get_data(as_text=True)
        ids = (agreed.id, dissent.id, weak.id)
        return sorted(ids, key=lambda i: html.index(f'id="c{i}"'))

    assert order("agreed")[0] == agreed.id
    assert order("dissent") == [dissent.id, weak.id, agreed.id]
    assert order("best")[0] == dissent.id  # quality only
    html = client.get(post_path(post)).get_data(as_text=True)
    assert '<option value="dissent" >Strongest dissent</option>' in html
