"""Stances through the web: the side on the comment form, the bar, the filter, editing a side."""

from __future__ import annotations

import re

import pytest

from board.domain.stances import Stance
from board.services import comments
from tests.factories import make_comment, make_post, make_user, post_path


@pytest.fixture
def post(session):
    post = make_post(session, make_user(session, "writer"), "Cities should ban cars")
    session.commit()
    return post


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _side(session, post, body: str, stance: Stance | None):
    return comments.add_comment(session, make_user(session), post, body, stance=stance)


def test_a_comment_takes_a_side_from_the_form(client, session, login, post):
    login(make_user(session, "myself"))
    form = _html(client, post_path(post))
    assert 'type="radio" value="disagree"' in form and "Your side (optional)" in form

    client.post(f"/p/{post.id}/comments", data={"body_markdown": "No.", "stance": "disagree"})

    page = _html(client, post_path(post))
    assert '<span class="badge badge--stance badge--disagree"' in page


def test_a_reply_form_offers_no_side(client, session, login, post):
    parent = make_comment(session, make_user(session), post)
    login(make_user(session, "myself"))
    session.commit()

    assert 'name="stance"' not in _html(client, f"/c/{parent.id}/reply")


def test_the_bar_shows_counts_and_shares_without_inline_styles(client, session, post):
    for i, stance in enumerate([Stance.AGREE, Stance.AGREE, Stance.DISAGREE, None]):
        _side(session, post, f"Comment {i}", stance)
    session.commit()

    page = _html(client, post_path(post))

    assert "Agree: 2 (67%)" in page and "Disagree: 1 (33%)" in page and "Neutral: 0 (0%)" in page
    assert "of 3 comments that took a side" in page
    bar = re.search(r'<div class="stance-bar".*?</div>', page, re.S)
    assert bar is not None
    assert "w-65" in bar.group(0) and "w-35" in bar.group(0)
    assert "style=" not in page


def test_the_filter_shows_one_side_with_its_replies(client, session, post):
    yes = _side(session, post, "Yes because.", Stance.AGREE)
    _side(session, post, "No because.", Stance.DISAGREE)
    make_comment(session, make_user(session), post, "A reply to yes.", yes)
    session.commit()

    page = _html(client, f"{post_path(post)}?stance=agree")

    assert "Yes because." in page and "A reply to yes." in page
    assert "No because." not in page
    assert client.get(f"{post_path(post)}?stance=maybe").status_code == 404


def test_editing_a_top_level_comment_changes_its_side(client, session, login, post):
    me = make_user(session, "myself")
    mine = comments.add_comment(session, me, post, "Unsure.", stance=Stance.NEUTRAL)
    session.commit()
    login(me)
    assert '<input checked id="stance-3" name="stance" type="radio" value="neutral">' in _html(
        client, f"/c/{mine.id}/edit"
    )

    client.post(f"/c/{mine.id}/edit", data={"body_markdown": "Unsure.", "stance": "agree"})

    session.refresh(mine)
    assert mine.stance == "agree"
