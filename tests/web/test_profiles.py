"""Profiles: the public page, its canonical address, and the settings form."""

from __future__ import annotations

import io

import pytest

from board.services import accounts, posts
from tests.factories import field_errors, make_comment, make_post, make_user, picture, post_path


@pytest.fixture
def ada(session):
    user = make_user(session, "Ada", display_name="Ada Lovelace", headline="First programmer")
    accounts.update_profile(
        session,
        user,
        accounts.ProfileChange(
            "Ada Lovelace", "First programmer", "Notes on the *Analytical Engine*."
        ),
        "/nonexistent",
    )
    session.commit()
    return user


def test_a_profile_shows_the_byline_posts_and_comments(client, session, ada):
    post = make_post(session, ada, "On engines", "Body")
    other = make_post(session, make_user(session), "Someone else's post")
    make_comment(session, ada, other, "A sharp **remark**")
    posts.delete_post(session, ada, make_post(session, ada, "Withdrawn essay"))
    session.commit()

    response = client.get("/u/Ada")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for expected in [
        "Ada Lovelace",
        "@Ada",
        "First programmer",
        "Notes on the <em>Analytical Engine</em>.",
        "On engines",
        f'href="{post_path(post)}"',
        "A sharp <strong>remark</strong>",
        f'On <a href="{post_path(other)}">Someone else&#39;s post</a>',
    ]:
        assert expected in html
    assert "Withdrawn essay" not in html


def test_the_owner_sees_their_deleted_posts_marked(client, session, login, ada):
    posts.delete_post(session, ada, make_post(session, ada, "Withdrawn essay"))
    session.commit()
    login(ada)

    html = client.get("/u/Ada").get_data(as_text=True)

    assert "Withdrawn essay" in html
    assert '<span class="badge">deleted</span>' in html


@pytest.mark.parametrize("typed", ["ada", "ADA", "aDa"])
def test_any_case_redirects_to_the_canonical_name(client, ada, typed):
    response = client.get(f"/u/{typed}")

    assert (response.status_code, response.location) == (301, "/u/Ada")


def test_an_unknown_person_is_not_found(client):
    assert client.get("/u/nobody-here").status_code == 404


def test_initials_stand_in_for_a_missing_photo(client, ada):
    html = client.get("/u/Ada").get_data(as_text=True)

    assert "avatar--initials" in html
    assert ">AL</span>" in html


def test_an_uploaded_photo_replaces_the_initials(client, session, login, ada):
    login(ada)

    response = client.post(
        "/settings/profile",
        data={
            "display_name": "Ada Lovelace",
            "headline": "First programmer",
            "bio_markdown": "Hi",
            "avatar": (io.BytesIO(picture("PNG", (300, 300))), "me.png"),
        },
        content_type="multipart/form-data",
    )

    assert (response.status_code, response.location) == (302, "/u/Ada")
    session.refresh(ada)
    html = client.get("/u/Ada").get_data(as_text=True)
    assert f'src="/uploads/{ada.avatar_filename}"' in html
    assert ">AL</span>" not in html


def test_profile_edit_saves(client, session, login, ada):
    login(ada)

    client.post(
        "/settings/profile",
        data={
            "display_name": "Augusta Ada King",
            "headline": "Countess",
            "bio_markdown": "New **bio**",
        },
    )

    session.refresh(ada)
    assert (ada.display_name, ada.headline) == ("Augusta Ada King", "Countess")
    assert "<strong>bio</strong>" in ada.bio_html


@pytest.mark.parametrize(
    ("field", "fields"),
    [
        ("bio_markdown", {"bio_markdown": "b" * 2001}),
        ("display_name", {"display_name": ""}),
        ("avatar", {"avatar": b"not a picture"}),
    ],
)
def test_profile_edit_keeps_the_typed_text_on_error(client, session, login, ada, field, fields):
    login(ada)
    data = {
        "display_name": "Typed Name",
        "headline": "Typed headline",
        "bio_markdown": "Typed bio",
        **fields,
    }
    if "avatar" in data:
        data["avatar"] = (io.BytesIO(data["avatar"]), "me.png")

    response = client.post("/settings/profile", data=data, content_type="multipart/form-data")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_errors(html, field)
    assert 'value="Typed headline"' in html
    assert ("b" * 2001 if field == "bio_markdown" else "Typed bio") in html
    session.refresh(ada)
    assert (ada.headline, ada.avatar_filename) == ("First programmer", None)


def test_settings_require_signing_in(client):
    response = client.get("/settings/profile")

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
