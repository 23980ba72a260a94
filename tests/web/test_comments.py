"""Commenting through the web: replies, nesting, depth cut, permalinks, sorts, edits, deletes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from board.domain.threads import MAX_DEPTH
from board.models.comment import Comment
from board.services import comments, votes
from tests.factories import field_errors, make_comment, make_post, make_user, post_path

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def post(session):
    return make_post(session, make_user(session, "author"), "The debate")


@pytest.fixture
def me(session, login):
    user = make_user(session, "myself")
    session.commit()
    login(user)
    return user


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _order(html: str, ids: list[int]) -> list[int]:
    return sorted(ids, key=lambda i: html.index(f'id="c{i}"'))


def test_comment_on_the_post_and_reply_to_a_comment(client, session, post, me):
    response = client.post(f"/p/{post.id}/comments", data={"body_markdown": "First **point**"})

    top = session.scalars(select(Comment)).one()
    assert (response.status_code, response.location) == (302, f"{post_path(post)}#c{top.id}")

    response = client.post(
        f"/p/{post.id}/comments", data={"body_markdown": "A reply", "parent_id": str(top.id)}
    )

    reply = session.scalars(select(Comment).where(Comment.parent_id == top.id)).one()
    assert (reply.depth, response.location) == (1, f"{post_path(post)}#c{reply.id}")
    html = _html(client, post_path(post))
    assert "<strong>point</strong>" in html
    assert "2 comments" in html
    # The reply is rendered inside its parent's <details>, in a nested list.
    parent_block = html[html.index(f'id="c{top.id}"') :]
    assert parent_block.index("<details") < parent_block.index(f'id="c{reply.id}"')
    assert parent_block.index('<ol class="comments">') < parent_block.index(f'id="c{reply.id}"')


def test_a_reply_to_a_comment_of_another_post_is_refused(client, session, post, me):
    elsewhere = make_comment(session, me, make_post(session, me))
    session.commit()

    response = client.post(
        f"/p/{post.id}/comments", data={"body_markdown": "Hijack", "parent_id": str(elsewhere.id)}
    )

    assert response.status_code == 404
    assert session.scalar(select(Comment.id).where(Comment.post_id == post.id)) is None


def test_an_empty_comment_gets_the_form_back(client, session, post, me):
    response = client.post(f"/p/{post.id}/comments", data={"body_markdown": "   "})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_errors(html, "body_markdown") == ["Write something before posting."]
    assert f'action="/p/{post.id}/comments"' in html
    assert f"<title>Comment on {post.title}" in html  # the post is loaded whole for the form
    assert session.scalar(select(Comment.id)) is None


def test_commenting_requires_signing_in(client, post):
    response = client.post(f"/p/{post.id}/comments", data={"body_markdown": "Hi"})

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def _chain(session, post, length: int) -> list[Comment]:
    people = [make_user(session), make_user(session)]
    chain: list[Comment] = []
    for i in range(length):
        chain.append(
            make_comment(
                session,
                people[i % 2],
                post,
                f"Link number {i}",
                parent=chain[-1] if chain else None,
            )
        )
    session.commit()
    return chain


def test_a_deep_chain_continues_on_its_own_page(client, session, post):
    chain = _chain(session, post, 12)
    last_shown = chain[MAX_DEPTH - 1]

    html = _html(client, post_path(post))

    assert "Link number 7" in html
    assert "Link number 8" not in html
    assert f'href="/c/{last_shown.id}">Continue this thread (4 more replies)' in html
    rest = _html(client, f"/c/{last_shown.id}")
    for i in range(MAX_DEPTH - 1, 12):
        assert f"Link number {i}" in rest


def test_a_permalink_shows_the_parent_chain(client, session, post):
    chain = _chain(session, post, 5)

    html = _html(client, f"/c/{chain[3].id}")

    earlier = html[html.index('<ol class="chain"') : html.index("</ol>")]
    assert [f"Link number {i}" in earlier for i in range(5)] == [True, True, True, False, False]
    assert "Link number 3" in html and "Link number 4" in html


@pytest.fixture
def sortable(session, post):
    """Three comments whose order differs under every sort."""
    writer = make_user(session)
    first, second, third = (
        make_comment(session, writer, post, name, now=NOW + timedelta(minutes=i))
        for i, name in enumerate(["A", "B", "C"])
    )
    voters = [make_user(session) for _ in range(6)]
    for target, ups, downs in [(first, 4, 1), (second, 3, 3), (third, 2, 0)]:
        for voter in voters[:ups]:
            votes.set_vote(session, voter, target, 1)
        for voter in voters[ups : ups + downs]:
            votes.set_vote(session, voter, target, -1)
    session.commit()
    return {"A": first.id, "B": second.id, "C": third.id}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("best", "CAB"), ("top", "ACB"), ("new", "CBA"), ("old", "ABC"), ("controversial", "BAC")],
)
@pytest.mark.parametrize("page", ["post", "permalink"])
def test_each_sort_orders_the_comments(client, session, post, sortable, sort, expected, page):
    if page == "permalink":  # the same three, as replies under one comment
        root = make_comment(session, make_user(session), post, "Root", now=NOW - timedelta(days=1))
        session.execute(
            Comment.__table__.update()
            .where(Comment.id.in_(sortable.values()))
            .values(parent_id=root.id, depth=1)
        )
        session.commit()
        url = f"/c/{root.id}?sort={sort}"
    else:
        url = f"{post_path(post)}?sort={sort}"

    html = _html(client, url)

    names = {v: k for k, v in sortable.items()}
    assert "".join(names[i] for i in _order(html, list(sortable.values()))) == expected
    assert f'<option value="{sort}" selected>' in html


@pytest.mark.parametrize("url", ["/p/{post}/{slug}?sort=random", "/c/{comment}?sort=hot"])
def test_an_unknown_sort_is_not_found(client, session, post, url):
    comment = make_comment(session, make_user(session), post)
    session.commit()

    found = client.get(url.format(post=post.id, slug=post.slug, comment=comment.id))
    assert found.status_code == 404


def test_a_deleted_comment_shows_deleted_but_its_replies_stay(client, session, login, post):
    writer, replier = make_user(session), make_user(session)
    doomed = make_comment(session, writer, post, "Original hot take")
    make_comment(session, replier, post, "A reply that stays", parent=doomed)
    comments.delete_comment(session, writer, doomed)
    session.commit()

    html = _html(client, post_path(post))
    assert "[deleted]" in html
    assert "Original hot take" not in html
    assert "A reply that stays" in html
    assert f'href="/c/{doomed.id}/reply"' not in html

    login(writer)
    own = _html(client, post_path(post))
    assert "You deleted this comment" in own
    assert "Original hot take" in own


def test_the_author_edits_and_deletes_a_comment(client, session, post, me):
    comment = make_comment(session, me, post, "Draft thought")
    session.commit()
    assert "Draft thought" in _html(client, f"/c/{comment.id}/edit")

    response = client.post(f"/c/{comment.id}/edit", data={"body_markdown": "Better thought"})

    assert (response.status_code, response.location) == (302, f"{post_path(post)}#c{comment.id}")
    html = _html(client, post_path(post))
    assert "Better thought" in html
    assert 'class="edited"' in html

    response = client.post(f"/c/{comment.id}/delete")

    assert response.status_code == 302
    session.expire_all()
    row = session.get(Comment, comment.id)
    assert (row.body_markdown, row.deleted_at is not None) == ("Better thought", True)


def test_others_cannot_edit_or_delete(client, session, post, me):
    comment = make_comment(session, make_user(session), post, "Not yours")
    session.commit()

    assert client.get(f"/c/{comment.id}/edit").status_code == 403
    assert (
        client.post(f"/c/{comment.id}/edit", data={"body_markdown": "Mine now"}).status_code == 403
    )
    assert client.post(f"/c/{comment.id}/delete").status_code == 403
    session.expire_all()
    row = session.get(Comment, comment.id)
    assert (row.body_markdown, row.deleted_at) == ("Not yours", None)


def test_quote_prefills_a_blockquote(client, session, post, me):
    parent = make_comment(session, make_user(session), post, "Line one\nLine <two>")
    session.commit()

    html = _html(client, f"/c/{parent.id}/reply?quote=1")

    assert "&gt; Line one\n&gt; Line &lt;two&gt;\n</textarea>" in html
    assert f'name="parent_id" type="hidden" value="{parent.id}"' in html
    assert "&gt; Line one" not in _html(client, f"/c/{parent.id}/reply")


def test_quote_with_a_selection_quotes_only_that_text(client, session, post, me):
    parent = make_comment(session, make_user(session), post, "First point.\n\nSecond point.")
    session.commit()

    html = _html(client, f"/c/{parent.id}/reply?quote=1&text=Second%20%3Cpoint%3E%0Aagain")
    assert "&gt; Second &lt;point&gt;\n&gt; again\n</textarea>" in html
    assert "First point" not in html.split("<textarea", 1)[1]

    long = _html(client, f"/c/{parent.id}/reply?quote=1&text=" + "a" * 3000)
    assert "&gt; " + "a" * 2000 + "\n</textarea>" in long
    blank = _html(client, f"/c/{parent.id}/reply?quote=1&text=%20%20")
    assert "&gt; First point.\n" in blank  # nothing selected: the whole comment
