"""Following on the web: buttons on profiles and tag pages, counts, the Following feed."""

from __future__ import annotations

import re

import pytest
from flask import g

from board.models.follow import TagFollow, UserFollow
from board.models.user import User
from board.services import follows
from tests.factories import make_post, make_tag, make_user


@pytest.fixture
def reader(session, login):
    user = make_user(session, "reader")
    session.commit()
    login(user)
    return user


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_follow_and_unfollow_a_person_from_the_profile(client, session, reader):
    writer = make_user(session, "writer", display_name="Wanda Writer")
    session.commit()
    assert "0 followers" in _html(client, "/u/writer")

    response = client.post("/u/writer/follow", data={"on": "1", "next": "/tags"})

    assert (response.status_code, response.location) == (302, "/tags")
    assert session.get(UserFollow, (reader.id, writer.id)) is not None
    html = _html(client, "/u/writer")
    assert "1 follower<" in html and 'aria-pressed="true">Following' in html
    assert "1 following" in _html(client, "/u/reader")

    client.post("/u/writer/follow", data={"on": "0"})
    assert session.get(UserFollow, (reader.id, writer.id)) is None


def test_no_follow_button_on_ones_own_profile_and_no_self_follow(client, session, reader):
    assert "follows/" not in _html(client, "/u/reader")
    assert 'action="/u/reader/follow"' not in _html(client, "/u/reader")
    assert client.post("/u/reader/follow", data={"on": "1"}).status_code == 403


@pytest.mark.parametrize("on", ["", "2", "yes"])
def test_a_malformed_follow_is_refused(client, session, reader, on):
    make_user(session, "writer")
    session.commit()
    assert client.post("/u/writer/follow", data={"on": on}).status_code == 400
    assert client.post("/u/nobody/follow", data={"on": "1"}).status_code == 404


def test_follow_a_tag_from_its_page(client, session, reader):
    tag = make_tag(session, "hiring", "Hiring")
    session.commit()

    response = client.post("/t/hiring/follow", data={"on": "1"})

    assert response.location == "/t/hiring"
    assert session.get(TagFollow, (reader.id, tag.id)) is not None
    assert "1 follower<" in _html(client, "/t/hiring")
    assert 'aria-pressed="true">Following' in _html(client, "/tags")


def test_anonymous_readers_see_counts_but_no_buttons(client, session):
    make_user(session, "writer")
    make_tag(session, "hiring")
    session.commit()

    assert 'action="/u/writer/follow"' not in _html(client, "/u/writer")
    assert 'action="/t/hiring/follow"' not in _html(client, "/t/hiring")
    assert "Following" not in _html(client, "/")


def test_the_following_feed(client, session, reader):
    html = _html(client, "/following")
    assert "You do not follow anyone yet" in html
    assert re.search(r"Press <strong>Follow</strong> on a person", html)

    friend = make_user(session, "friend")
    follows.follow_user(session, session.get(User, reader.id), friend)
    session.commit()
    assert "Nothing new from them yet" in _html(client, "/following")

    make_post(session, friend, "Friend's essay")
    make_post(session, make_user(session), "A stranger's essay")
    session.commit()
    html = _html(client, "/following")
    assert "Friend&#39;s essay" in html and "A stranger&#39;s essay" not in html
    assert 'href="/following" aria-current="page">Following</a>' in html


def test_the_following_feed_reads_a_fixed_number_of_statements(
    client, session, reader, count_queries
):
    friend = make_user(session, "friend")
    tag = make_tag(session, "hiring")
    follows.follow_user(session, reader, friend)
    make_post(session, friend, tags=[tag])

    def measure() -> int:
        session.commit()
        session.remove()
        g.pop("_login_user", None)
        with count_queries() as counted:
            assert client.get("/following").status_code == 200
        return counted.count

    few = measure()
    friend, tag = session.merge(friend), session.merge(tag)
    for n in range(30):
        make_post(session, friend, f"Post {n}", tags=[tag])

    assert measure() == few <= 8
