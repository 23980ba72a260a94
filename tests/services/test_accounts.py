"""Accounts: registration rules, sign-in, password change and profile edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from board.domain.errors import InvalidInput
from board.services import accounts
from tests.factories import PASSWORD, make_user, picture


def _register(session, username="ada", password=PASSWORD, display_name="Ada Lovelace"):
    return accounts.register(
        session, accounts.Registration(username, display_name, password, "Analyst")
    )


def _reasons(call) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return dict(caught.value.reasons)


def test_register_stores_a_hashed_password(session):
    user = _register(session, username="  Ada  ")

    assert user.id is not None
    assert user.username == "Ada"
    assert user.display_name == "Ada Lovelace"
    assert PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"username": "a b"}, "username", "letters, digits"),
        ({"username": "ab"}, "username", "3 to 30"),
        ({"username": "Admin"}, "username", "reserved"),
        ({"password": "short"}, "password", "at least 10"),
        ({"username": "longusername", "password": "LongUserName"}, "password", "not be your"),
        ({"display_name": "x" * 61}, "display_name", "at most 60"),
        ({"display_name": "   "}, "display_name", "name people will see"),
    ],
)
def test_register_names_the_field_at_fault(session, fields, field, message):
    reasons = _reasons(lambda: _register(session, **fields))

    assert list(reasons) == [field]
    assert message in reasons[field]


def test_a_username_is_taken_in_any_letter_case(session):
    _register(session, username="Ada")

    reasons = _reasons(lambda: _register(session, username="ada"))

    assert reasons == {"username": "That username is taken."}


def test_register_reports_every_problem_at_once(session):
    reasons = _reasons(lambda: _register(session, username="!", password="x", display_name=""))

    assert set(reasons) == {"username", "password", "display_name"}


@pytest.mark.parametrize("typed", ["ada", "ADA", " Ada "])
def test_authenticate_accepts_the_username_in_any_case(session, typed):
    user = _register(session, username="Ada")

    assert accounts.authenticate(session, typed, PASSWORD) is user


@pytest.mark.parametrize(("username", "password"), [("ada", "wrong password"), ("bob", PASSWORD)])
def test_authenticate_refuses_a_wrong_password_or_unknown_user(session, username, password):
    _register(session)

    assert accounts.authenticate(session, username, password) is None


def test_change_password_needs_the_current_one(session):
    user = _register(session)

    new = "a new passphrase"
    reasons = _reasons(lambda: accounts.change_password(session, user, "not it", new))
    assert list(reasons) == ["current_password"]
    reasons = _reasons(lambda: accounts.change_password(session, user, PASSWORD, "short"))
    assert list(reasons) == ["new_password"]

    accounts.change_password(session, user, PASSWORD, "a new passphrase")

    assert accounts.authenticate(session, "ada", "a new passphrase") is user
    assert accounts.authenticate(session, "ada", PASSWORD) is None


def _change(**fields):
    values = {"display_name": "Ada L.", "headline": "Poet", "bio_markdown": "Hi", **fields}
    return accounts.ProfileChange(**values)


def test_update_profile_renders_the_bio_to_sanitized_html(session, tmp_path):
    user = make_user(session)
    bio = "I like **maths**.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>"

    accounts.update_profile(session, user, _change(bio_markdown=bio), tmp_path)

    assert (user.display_name, user.headline, user.bio_markdown) == ("Ada L.", "Poet", bio)
    assert "<strong>maths</strong>" in user.bio_html
    assert "<script" not in user.bio_html
    assert "<img" not in user.bio_html


def test_update_profile_refuses_a_long_bio(session, tmp_path):
    user = make_user(session)

    reasons = _reasons(
        lambda: accounts.update_profile(session, user, _change(bio_markdown="x" * 2001), tmp_path)
    )

    assert list(reasons) == ["bio_markdown"]


def test_an_avatar_is_stored_as_a_256_px_square_webp(session, tmp_path: Path):
    user = make_user(session)
    upload = picture("PNG", (640, 300))

    accounts.update_profile(session, user, _change(avatar=upload), tmp_path)

    stored = tmp_path / user.avatar_filename
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (256, 256))
    assert stored.suffix == ".webp"


def test_an_avatar_can_be_removed(session, tmp_path):
    user = make_user(session)
    accounts.update_profile(session, user, _change(avatar=picture()), tmp_path)

    accounts.update_profile(session, user, _change(remove_avatar=True), tmp_path)

    assert user.avatar_filename is None


def test_a_non_image_avatar_is_refused(session, tmp_path):
    user = make_user(session)

    reasons = _reasons(
        lambda: accounts.update_profile(session, user, _change(avatar=b"just text"), tmp_path)
    )

    assert list(reasons) == ["avatar"]
    assert user.avatar_filename is None
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_the_signed_in_user_is_loaded_by_id_and_a_gone_account_is_none(session):
    ada = make_user(session, "ada")
    make_user(session, "grace")
    session.commit()

    assert accounts.signed_in_user(session, ada.id) is ada
    session.expunge_all()  # as a new request starts
    assert accounts.signed_in_user(session, ada.id).username == "ada"
    assert accounts.signed_in_user(session, ada.id + 1000) is None
