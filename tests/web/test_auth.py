"""Sign up, sign in (with a safe `next`), remember me, sign out and change password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from board.models.user import User
from board.services import accounts
from tests.factories import PASSWORD, field_errors, make_user


def _signed_in_id(client) -> str | None:
    with client.session_transaction() as flask_session:
        return flask_session.get("_user_id")


def _register(client, **fields):
    data = {
        "username": "ada",
        "display_name": "Ada Lovelace",
        "headline": "Analyst",
        "password": PASSWORD,
        "confirm": PASSWORD,
        **fields,
    }
    return client.post("/register", data=data)


def test_register_creates_the_account_and_signs_in(client, session):
    response = _register(client)

    assert response.status_code == 302
    assert response.location == "/settings/profile"
    user = session.scalars(select(User)).one()
    assert (user.username, user.display_name, user.headline) == ("ada", "Ada Lovelace", "Analyst")
    assert _signed_in_id(client) == str(user.id)


def test_register_errors_sit_beside_their_fields_and_keep_what_was_typed(client, session):
    make_user(session, "ada")
    session.commit()

    response = _register(
        client, username="Ada", display_name="Ada <King>", password="short", confirm="short"
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_errors(html, "username") == ["That username is taken."]
    assert field_errors(html, "password") == ["Use at least 10 characters."]
    assert field_errors(html, "display_name") == []
    assert 'value="Ada"' in html
    assert 'value="Ada &lt;King&gt;"' in html
    assert _signed_in_id(client) is None
    assert len(session.scalars(select(User)).all()) == 1


def test_register_checks_the_repeated_password(client, session):
    response = _register(client, confirm="something else entirely")

    assert field_errors(response.get_data(as_text=True), "confirm") == ["The two passwords differ."]
    assert session.scalar(select(User.id)) is None


@pytest.fixture
def ada(session):
    user = make_user(session, "Ada")
    session.commit()
    return user


def _login(client, **fields):
    return client.post("/login", data={"username": "ada", "password": PASSWORD, **fields})


def test_login_accepts_any_case_and_goes_to_the_front_page(client, ada):
    response = _login(client, username="ADA")

    assert (response.status_code, response.location) == (302, "/")
    assert _signed_in_id(client) == str(ada.id)


def test_a_wrong_password_is_explained_beside_the_password(client, ada):
    response = _login(client, password="not the password")

    html = response.get_data(as_text=True)
    assert field_errors(html, "password") == ["That username and password do not match."]
    assert _signed_in_id(client) is None


def test_the_login_form_carries_next_along(client):
    html = client.get("/login?next=/p/7%3Fsort%3Dnew").get_data(as_text=True)

    assert 'name="next" type="hidden" value="/p/7?sort=new"' in html


def test_login_follows_a_local_next(client, ada):
    assert _login(client, next="/p/7?sort=new").location == "/p/7?sort=new"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.com",
        "//evil.com",
        "/\\evil.com",
        "javascript:alert(1)",
        "evil.com/x",
        " //evil.com",
        "/\t/evil.com",
    ],
)
def test_login_never_follows_next_off_the_site(client, ada, target):
    response = _login(client, next=target)

    assert (response.status_code, response.location) == (302, "/")


def test_remember_me_sets_a_remember_cookie(client, ada):
    assert "remember_token=" not in str(_login(client).headers.getlist("Set-Cookie"))
    client.post("/logout")

    cookies = _login(client, remember="y").headers.getlist("Set-Cookie")

    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember
    assert "SameSite=Lax" in remember


def test_logout_is_post_only(client, login, ada):
    login(ada)

    assert client.get("/logout").status_code == 405
    assert _signed_in_id(client) == str(ada.id)

    response = client.post("/logout")
    assert (response.status_code, response.location) == (302, "/")
    assert _signed_in_id(client) is None


def test_change_password(client, login, session, ada):
    login(ada)
    new = "a brand new passphrase"

    wrong = client.post(
        "/settings/password", data={"current_password": "nope", "new_password": new, "confirm": new}
    )
    assert field_errors(wrong.get_data(as_text=True), "current_password") == [
        "That is not your current password."
    ]

    response = client.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": new},
    )

    assert response.status_code == 302
    session.expire_all()
    assert accounts.authenticate(session, "ada", new) is not None
    assert accounts.authenticate(session, "ada", PASSWORD) is None


def test_change_password_requires_signing_in(client):
    response = client.get("/settings/password")

    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
