"""`flask board create-admin` and `set-role`: roles from the command line, on the public log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from board.domain.moderation import ModActionKind
from board.domain.permissions import Role
from board.models.moderation import ModAction
from board.models.user import User
from board.services import accounts, counters
from tests.factories import PASSWORD, make_user


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(args=["board", *args], input=stdin)

    return invoke


def _user(session, username: str) -> User:
    session.expire_all()  # the command committed through its own session
    return session.scalars(select(User).where(User.username == username)).one()


def _log(session) -> list[tuple[int | None, int | None, str]]:
    session.expire_all()
    actions = list(session.scalars(select(ModAction).order_by(ModAction.id)))
    assert {a.kind for a in actions} <= {ModActionKind.SET_ROLE}
    return [(a.moderator_id, a.subject_id, a.detail) for a in actions]


def test_create_admin_creates_the_account_and_logs_it(run, session):
    result = run("create-admin", "ada", "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    ada = _user(session, "ada")
    assert ada.role is Role.ADMIN
    assert accounts.authenticate(session, "ada", PASSWORD) is not None
    # Actor None: the command line acted, not a signed-in moderator.
    assert _log(session) == [(None, ada.id, "member → admin")]
    assert "ada is now an admin" in result.output


def test_create_admin_asks_for_the_password_twice_without_echoing_it(run, session):
    result = run("create-admin", "ada", stdin=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert "Repeat for confirmation" in result.output
    assert accounts.authenticate(session, "ada", PASSWORD) is not None


def test_create_admin_refuses_a_weak_password(run, session):
    result = run("create-admin", "ada", "--password", "short")

    assert result.exit_code == 1
    assert "Use at least" in result.output
    assert session.scalar(select(User.id)) is None
    assert _log(session) == []


def test_create_admin_promotes_an_existing_member_without_a_password(run, session):
    grace = make_user(session, "grace")
    session.commit()

    result = run("create-admin", "Grace")

    assert result.exit_code == 0, result.output
    assert _user(session, "grace").role is Role.ADMIN
    assert _log(session) == [(None, grace.id, "member → admin")]


def test_create_admin_twice_changes_nothing(run, session):
    make_user(session, "grace", role=Role.ADMIN)
    session.commit()

    result = run("create-admin", "grace")

    assert result.exit_code == 0
    assert "already an admin" in result.output
    assert _log(session) == []


def test_set_role_appoints_and_dismisses_on_the_log(run, session):
    grace = make_user(session, "grace")
    session.commit()

    assert run("set-role", "grace", "moderator").exit_code == 0
    assert _user(session, "grace").role is Role.MODERATOR
    result = run("set-role", "GRACE", "Member")

    assert result.exit_code == 0, result.output
    assert _user(session, "grace").role is Role.MEMBER
    assert _log(session) == [
        (None, grace.id, "member → moderator"),
        (None, grace.id, "moderator → member"),
    ]


def test_set_role_to_the_same_role_logs_nothing(run, session):
    make_user(session, "grace", role=Role.MODERATOR)
    session.commit()

    result = run("set-role", "grace", "moderator")

    assert result.exit_code == 0
    assert "already a moderator" in result.output
    assert _log(session) == []


def test_set_role_names_an_unknown_user(run, session):
    result = run("set-role", "nobody", "admin")

    assert result.exit_code == 1
    assert "No user named 'nobody'." in result.output
    assert _log(session) == []


def test_set_role_names_an_unknown_role(run, session):
    make_user(session, "grace")
    session.commit()

    result = run("set-role", "grace", "overlord")

    assert result.exit_code == 1
    assert "Unknown role 'overlord': use member, moderator or admin." in result.output
    assert _user(session, "grace").role is Role.MEMBER
    assert _log(session) == []


def test_a_role_change_retires_cached_pages(run, session):
    make_user(session, "grace")
    session.commit()
    before, _ = counters.content_version(session)

    run("set-role", "grace", "moderator")
    session.expire_all()
    after_change, _ = counters.content_version(session)
    run("set-role", "grace", "moderator")  # nothing changes: nothing to retire
    session.expire_all()

    assert after_change == before + 1
    assert counters.content_version(session)[0] == after_change
