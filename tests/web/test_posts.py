"""Writing, previewing, reading, editing and deleting posts through the web."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from board.models.post import Post
from board.services import accounts
from tests.factories import field_errors, make_comment, make_post, make_user, picture, post_path


@pytest.fixture
def author(session, login):
    user = make_user(session, "ada", display_name="Ada Lovelace", headline="Analyst at Babbage")
    accounts.update_profile(
        session,
        user,
        accounts.ProfileChange("Ada Lovelace", "Analyst at Babbage", "I write about *engines*."),
        "/nonexistent",
    )
    session.commit()
    login(user)
    return user


def _publish(client, **fields):
    data = {
        "title": "Remote work is here to stay",
        "body_markdown": "It **is**.",
        "submit": "Publish",
        **fields,
    }
    return client.post("/p/new", data=data, content_type="multipart/form-data")


def _kept_cover(html: str) -> str:
    return re.search(r'name="kept_cover" type="hidden" value="([^"]*)"', html).group(1)


def test_writing_requires_signing_in(client):
    response = client.get("/p/new")

    assert (response.status_code, response.location) == (302, "/login?next=%2Fp%2Fnew")


def test_publish_redirects_to_the_new_post(client, session, author):
    response = _publish(client)

    post = session.scalars(select(Post)).one()
    assert (response.status_code, response.location) == (302, post_path(post))
    assert (post.title, post.author_id) == ("Remote work is here to stay", author.id)


def test_preview_renders_on_the_server_and_saves_nothing(client, session, author):
    response = _publish(
        client,
        submit=None,
        preview="Preview",
        body_markdown="Hiring is **broken**\n\n<script>alert(1)</script>",
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview — not published yet" in html
    assert "<strong>broken</strong>" in html
    assert "<script>alert" not in html
    assert 'value="Remote work is here to stay"' in html  # the typed title stays
    assert "Hiring is **broken**" in html  # the typed Markdown stays in the textarea
    assert session.scalar(select(Post.id)) is None


def test_a_failed_submit_keeps_what_was_typed(client, session, author):
    response = _publish(client, title="x" * 201, body_markdown="My *careful* argument")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "200 characters" in field_errors(html, "title")[0]
    assert "My *careful* argument" in html
    assert "x" * 201 in html
    assert session.scalar(select(Post.id)) is None


def test_an_uploaded_cover_is_shown_on_the_post(client, session, author):
    response = _publish(client, cover=(io.BytesIO(picture("PNG", (800, 450))), "holiday.png"))

    post = session.scalars(select(Post)).one()
    assert response.status_code == 302
    assert post.cover_filename.endswith(".webp")
    page = client.get(post_path(post)).get_data(as_text=True)
    assert f'src="/uploads/{post.cover_filename}"' in page
    assert client.get(f"/uploads/{post.cover_filename}").status_code == 200


def test_a_cover_chosen_before_preview_is_kept_when_publishing(client, session, author):
    preview = _publish(
        client, submit=None, preview="Preview", cover=(io.BytesIO(picture("JPEG")), "photo.jpg")
    )
    kept = _kept_cover(preview.get_data(as_text=True))
    assert kept.endswith(".webp")
    assert f'src="/uploads/{kept}"' in preview.get_data(as_text=True)

    _publish(client, kept_cover=kept)  # no file this time: the hidden field carries it

    assert session.scalars(select(Post)).one().cover_filename == kept


def test_a_bad_cover_is_refused_and_the_text_kept(client, session, author):
    response = _publish(client, cover=(io.BytesIO(b"not a picture"), "fake.jpg"))

    html = response.get_data(as_text=True)
    assert field_errors(html, "cover") == ["Use a JPEG, PNG, WebP or GIF picture."]
    assert 'value="Remote work is here to stay"' in html
    assert session.scalar(select(Post.id)) is None


def test_a_forged_kept_cover_is_refused(client, session, author):
    response = _publish(client, kept_cover="../../board.db")

    assert "The cover photo was lost" in response.get_data(as_text=True)
    assert session.scalar(select(Post.id)) is None


def test_the_post_page_shows_the_post_and_its_author(client, session, author):
    post = make_post(
        session, author, "On engines", "Engines *weave*.", now=datetime(2026, 3, 1, 9, tzinfo=UTC)
    )
    make_comment(session, make_user(session), post)
    make_comment(session, make_user(session), post)
    post.score = 7
    session.commit()

    html = client.get(post_path(post)).get_data(as_text=True)

    for expected in [
        "On engines",
        "<em>weave</em>",
        "Published by",
        "Ada Lovelace",
        "Analyst at Babbage",
        "I write about <em>engines</em>.",
        "1 March 2026",
        '<span class="vote__score" data-score aria-label="Score">7</span>',
        "2 comments",
    ]:
        assert expected in html


def test_raw_html_in_a_post_is_shown_escaped(client, session, author):
    post = make_post(session, author, "Sneaky <b>title</b>", "<script>alert('x')</script>")
    session.commit()

    html = client.get(post_path(post)).get_data(as_text=True)

    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "Sneaky &lt;b&gt;title&lt;/b&gt;" in html


def test_the_author_edits_the_post(client, session, author):
    post = make_post(session, author, "Before", "Old body")
    session.commit()
    form = client.get(f"/p/{post.id}/edit").get_data(as_text=True)
    assert 'value="Before"' in form

    response = client.post(
        f"/p/{post.id}/edit",
        data={"title": "After", "body_markdown": "New body", "submit": "Publish"},
    )

    assert (response.status_code, response.location) == (302, f"/p/{post.id}/after")
    session.expire_all()
    assert session.get(Post, post.id).title == "After"


def test_nobody_else_edits_or_deletes(client, session, login, author):
    post = make_post(session, author, "Mine")
    intruder = make_user(session)
    session.commit()
    login(intruder)

    assert client.get(f"/p/{post.id}/edit").status_code == 403
    assert (
        client.post(
            f"/p/{post.id}/edit",
            data={"title": "Theirs", "body_markdown": "x", "submit": "Publish"},
        ).status_code
        == 403
    )
    assert client.post(f"/p/{post.id}/delete").status_code == 403
    session.expire_all()
    assert (session.get(Post, post.id).title, session.get(Post, post.id).deleted_at) == (
        "Mine",
        None,
    )


def test_a_deleted_post_is_hidden_from_everyone_but_its_author(client, session, login, author):
    post = make_post(session, author, "Regrettable")
    session.commit()

    response = client.post(f"/p/{post.id}/delete")

    assert (response.status_code, response.location) == (302, "/u/ada")
    own = client.get(f"/p/{post.id}")
    assert own.status_code == 200
    assert "You deleted this post" in own.get_data(as_text=True)
    assert "Regrettable" not in client.get("/").get_data(as_text=True)
    login(make_user(session))
    assert client.get(f"/p/{post.id}").status_code == 404
    client.post("/logout")
    assert client.get(f"/p/{post.id}").status_code == 404


def test_delete_is_post_only(client, session, author):
    post = make_post(session, author)
    session.commit()

    assert client.get(f"/p/{post.id}/delete").status_code == 405
