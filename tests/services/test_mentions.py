"""Mentions: @names of existing members become profile links in stored HTML, others stay text."""

from __future__ import annotations

from board.services import comments, mentions, rendering
from tests.factories import make_comment, make_post, make_user


def test_existing_members_are_linked_in_their_own_spelling(session):
    make_user(session, "Ada_L")

    rendered = mentions.render(session, "Ask @ada_l or @nobody_here about `@ada_l`.")

    assert '<a href="/u/Ada_L" rel="nofollow ugc noopener">@ada_l</a>' in rendered.html
    assert "@nobody_here" in rendered.html and "/u/nobody_here" not in rendered.html
    assert "<code>@ada_l</code>" in rendered.html
    assert [user.username for user in rendered.mentioned] == ["Ada_L"]


def test_a_text_without_names_asks_the_database_nothing(session, count_queries):
    with count_queries() as counted:
        rendered = mentions.render(session, "Mail me at ada@example.com.")

    assert counted.count == 0
    assert rendered.mentioned == []


def test_comments_link_mentions_when_written_and_when_edited(session):
    ada, bob = make_user(session, "ada"), make_user(session, "bob")
    post = make_post(session, ada)
    comment = make_comment(session, bob, post, "Right, @ada?")

    assert 'href="/u/ada"' in comment.body_html
    assert comment.body_markdown == "Right, @ada?"  # the text is kept as written

    comments.edit_comment(session, bob, comment, "Right, @ada and @bob?")

    assert 'href="/u/ada"' in comment.body_html and 'href="/u/bob"' in comment.body_html


def test_rerendering_keeps_the_links(session):
    ada = make_user(session, "ada")
    comment = make_comment(session, make_user(session), make_post(session, ada), "Hi @ada")
    linked = comment.body_html

    changed = list(rendering.rerender(session, rendering.RENDERED_TEXTS[1]))

    assert changed == [False]
    assert comment.body_html == linked


def test_posts_link_mentions_too(session):
    make_user(session, "ada")

    post = make_post(session, make_user(session), body="As @ada argued.")

    assert 'href="/u/ada"' in post.body_html
