"""Appeals through the web: from a removal receipt to another moderator's decision."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from board.domain.moderation import APPEAL_TEXT_MAX, AppealState, RemovalReason
from board.domain.permissions import Role
from board.models.comment import Comment
from board.models.moderation import Appeal
from board.models.user import User
from board.services import moderation, sanctions
from tests.factories import field_errors, make_comment, make_post, make_user


@pytest.fixture
def cast(session):
    ada = make_user(session, "ada", display_name="Ada Lovelace")
    return {
        "ada": ada,
        "mod": make_user(session, "moira", role=Role.MODERATOR, display_name="Moira Keen"),
        "other": make_user(session, "otto", role=Role.MODERATOR, display_name="Otto Fair"),
        "post": make_post(session, ada, "On bridges"),
    }


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_an_appeal_from_removal_to_reversal(client, session, login, cast):
    ada, mod, other = cast["ada"], cast["mod"], cast["other"]
    comment = make_comment(session, ada, cast["post"], "Bridges are overrated.")
    session.commit()
    # A moderator removes the comment (the moderation pages call this same service).
    login(mod)
    action = moderation.remove(session, mod, comment, RemovalReason.INCIVILITY, "Name-calling")
    session.commit()
    action_id, comment_id = action.id, comment.id

    # The author sees the receipt: the reason, the log entry and the way to appeal.
    login(ada)
    inbox = _html(client, "/notifications")
    assert "A moderator removed your comment:" in inbox
    assert "<strong>incivility</strong>" in inbox and "Name-calling" in inbox
    assert f'href="/moderation/{action_id}"' in inbox
    assert f'href="/moderation/{action_id}/appeal"' in inbox

    # The author appeals once...
    form = _html(client, f"/moderation/{action_id}/appeal")
    assert "Appeal this decision" in form and 'name="text"' in form
    response = client.post(f"/moderation/{action_id}/appeal", data={"text": "It was a joke."})
    assert (response.status_code, response.location) == (302, f"/moderation/{action_id}")
    entry = _html(client, f"/moderation/{action_id}")
    assert "Your appeal is open." in entry and "It was a joke." in entry
    assert f'href="/moderation/{action_id}/appeal"' not in entry
    # ...and only once.
    second = client.post(f"/moderation/{action_id}/appeal", data={"text": "Again!"})
    assert second.status_code == 403
    assert client.get(f"/moderation/{action_id}/appeal").status_code == 403
    appeal = session.scalars(select(Appeal)).one()
    assert (appeal.text, appeal.state) == ("It was a joke.", AppealState.OPEN)
    appeal_id = appeal.id

    # The moderator who removed it cannot judge the appeal against themselves.
    login(session.get(User, mod.id))
    assert "appeals/" not in _html(client, f"/moderation/{action_id}")
    refused = client.post(f"/mod/appeals/{appeal_id}", data={"decision": "reverse"})
    assert refused.status_code == 403
    session.expire_all()
    assert session.get(Appeal, appeal_id).state is AppealState.OPEN

    # Another moderator sees the appeal on the entry page and reverses it.
    login(session.get(User, other.id))
    assert f'action="/mod/appeals/{appeal_id}"' in _html(client, f"/moderation/{action_id}")
    response = client.post(f"/mod/appeals/{appeal_id}",
                           data={"decision": "reverse", "note": "A joke, badly told."})  # fmt: skip
    assert (response.status_code, response.location) == (302, "/mod/queue")
    session.expire_all()
    assert session.get(Comment, comment_id).removed_at is None
    assert session.get(Appeal, appeal_id).state is AppealState.REVERSED

    # The log shows the restoration and the reversal, and the author is told.
    log = _html(client, "/moderation")
    assert "restore comment" in log and "reverse appeal" in log and "A joke, badly told." in log
    login(session.get(User, ada.id))
    inbox = _html(client, "/notifications")
    assert "Your appeal succeeded" in inbox and "<strong>reversed</strong>" in inbox
    assert "A moderator restored your comment" in inbox
    entry = _html(client, f"/moderation/{action_id}")
    assert "reversed" in entry and "Your appeal was decided" in entry
    decision_id = session.get(Appeal, appeal_id).decision_id
    decision = _html(client, f"/moderation/{decision_id}")
    assert "This decides the appeal against" in decision
    assert f'<a href="/moderation/{action_id}">log entry #{action_id}</a>' in decision
    # The appeal is between its author and the moderators: others see only the log entry.
    login(make_user(session, "bystander"))
    session.commit()
    assert "It was a joke." not in _html(client, f"/moderation/{action_id}")
    # A decided appeal is not decided twice.
    login(session.get(User, other.id))
    again = client.post(f"/mod/appeals/{appeal_id}", data={"decision": "uphold"})
    assert again.status_code == 302
    session.expire_all()
    assert session.get(Appeal, appeal_id).state is AppealState.REVERSED


def test_upholding_leaves_the_removal_in_place(client, session, login, cast):
    ada, mod, other = cast["ada"], cast["mod"], cast["other"]
    action = moderation.remove(session, mod, cast["post"], RemovalReason.SPAM)
    session.commit()
    login(ada)
    client.post(f"/moderation/{action.id}/appeal", data={"text": "Not spam."})
    appeal_id = session.scalars(select(Appeal.id)).one()

    login(session.get(User, other.id))
    response = client.post(f"/mod/appeals/{appeal_id}", data={"decision": "uphold"})

    assert response.status_code == 302
    session.expire_all()
    assert cast["post"].removed_at is not None
    assert session.get(Appeal, appeal_id).state is AppealState.UPHELD
    login(session.get(User, ada.id))
    assert "<strong>upheld</strong>" in _html(client, "/notifications")
    assert "upheld" in _html(client, f"/moderation/{action.id}")


def test_a_banned_member_appeals_and_a_reversal_lifts_the_ban(client, session, login, cast):
    ada, mod, other = cast["ada"], cast["mod"], cast["other"]
    given = sanctions.sanction(session, mod, ada, None, "Spamming links")
    session.commit()

    login(ada)
    inbox = _html(client, "/notifications")
    assert "banned your account" in inbox and "permanently" in inbox and "Spamming links" in inbox
    response = client.post(f"/moderation/{given.action_id}/appeal", data={"text": "Hacked."})
    assert response.status_code == 302
    appeal_id = session.scalars(select(Appeal.id)).one()
    login(session.get(User, other.id))
    client.post(f"/mod/appeals/{appeal_id}", data={"decision": "reverse"})

    session.expire_all()
    assert session.get(User, ada.id).restricted_until is None


def test_the_appeal_form_keeps_the_text_and_explains_errors(client, session, login, cast):
    action = moderation.remove(session, cast["mod"], cast["post"], RemovalReason.SPAM)
    session.commit()
    login(cast["ada"])
    too_long = "x" * (APPEAL_TEXT_MAX + 1)

    empty = client.post(f"/moderation/{action.id}/appeal", data={"text": "   "})
    long = client.post(f"/moderation/{action.id}/appeal", data={"text": too_long})

    assert field_errors(empty.get_data(as_text=True), "text") == [
        "Say why the decision should change."
    ]
    html = long.get_data(as_text=True)
    assert field_errors(html, "text") == [f"Use at most {APPEAL_TEXT_MAX:,} characters."]
    assert too_long in html
    assert session.scalar(select(Appeal.id)) is None


def test_only_the_subject_appeals_and_only_appealable_actions(client, session, login, cast):
    ada, mod = cast["ada"], cast["mod"]
    removal = moderation.remove(session, mod, cast["post"], RemovalReason.SPAM)
    lock = moderation.set_lock(session, mod, make_post(session, ada), True, "Calm down")
    bob = make_user(session, "bob")
    session.commit()

    login(bob)
    assert client.post(f"/moderation/{removal.id}/appeal", data={"text": "Me!"}).status_code == 403
    login(session.get(User, ada.id))
    assert client.post(f"/moderation/{lock.id}/appeal", data={"text": "Why?"}).status_code == 403
    assert client.get(f"/moderation/{lock.id + 100}/appeal").status_code == 404
    assert session.scalar(select(Appeal.id)) is None


def test_members_cannot_decide(client, session, login, cast):
    action = moderation.remove(session, cast["mod"], cast["post"], RemovalReason.SPAM)
    session.commit()
    login(cast["ada"])
    client.post(f"/moderation/{action.id}/appeal", data={"text": "Not spam."})
    appeal_id = session.scalars(select(Appeal.id)).one()

    # The appellant is a member: members do not judge appeals, least of all their own.
    mine = client.post(f"/mod/appeals/{appeal_id}", data={"decision": "reverse"})
    missing = client.post(f"/mod/appeals/{appeal_id + 1}", data={"decision": "reverse"})

    assert (mine.status_code, missing.status_code) == (403, 404)
    session.expire_all()
    assert session.get(Appeal, appeal_id).state is AppealState.OPEN


def test_anonymous_visitors_are_asked_to_sign_in(client, session, cast):
    action = moderation.remove(session, cast["mod"], cast["post"], RemovalReason.SPAM)
    session.commit()

    for response in (
        client.get(f"/moderation/{action.id}/appeal"),
        client.post(f"/moderation/{action.id}/appeal", data={"text": "Me"}),
        client.post("/mod/appeals/1", data={"decision": "reverse"}),
    ):
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")
    assert session.scalar(select(Appeal.id)) is None


def test_a_decision_without_a_choice_is_refused(client, session, login, cast):
    action = moderation.remove(session, cast["mod"], cast["post"], RemovalReason.SPAM)
    session.commit()
    login(cast["ada"])
    client.post(f"/moderation/{action.id}/appeal", data={"text": "Not spam."})
    appeal_id = session.scalars(select(Appeal.id)).one()
    login(session.get(User, cast["other"].id))

    response = client.post(f"/mod/appeals/{appeal_id}", data={"decision": "maybe"})

    assert response.status_code == 302
    session.expire_all()
    assert session.get(Appeal, appeal_id).state is AppealState.OPEN
