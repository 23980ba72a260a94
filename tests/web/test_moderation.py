"""Moderator tools through the web: removal, locks, slow mode, pins, the queue, member records."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from board.domain.moderation import PERMANENT, ModActionKind, RemovalReason, ReportReason
from board.domain.permissions import Role
from board.models.moderation import ModAction, ModNote, Report
from board.services import appeals, moderation, reports, sanctions
from tests.factories import field_errors, make_comment, make_post, make_user, post_path


@pytest.fixture
def author(session):
    return make_user(session, "author", display_name="Ada Author")


@pytest.fixture
def post(session, author):
    return make_post(session, author, "A provocative take", "Everyone is **wrong** here.")


@pytest.fixture
def comment(session, author, post):
    return make_comment(session, make_user(session, "critic"), post, "A *sharp* reply.")


@pytest.fixture
def mod(session, login):
    user = make_user(session, "marta", role=Role.MODERATOR, display_name="Marta Mod")
    session.commit()
    login(user)
    return user


@pytest.fixture
def member(session, login):
    user = make_user(session, "someone")
    session.commit()
    login(user)
    return user


def _html(response, status: int = 200) -> str:
    assert response.status_code == status
    return unescape(response.get_data(as_text=True))


def _report(session, target, *reasons: ReportReason, text: str = "") -> None:
    for reason in reasons:
        reports.file_report(session, make_user(session), target, reason, text)


def _endpoints(post, comment, author) -> list[tuple[str, str]]:
    return [
        ("get", f"/mod/post/{post.id}/remove"),
        ("post", f"/mod/comment/{comment.id}/remove"),
        ("post", f"/mod/post/{post.id}/restore"),
        ("get", f"/mod/comment/{comment.id}/lock"),
        ("post", f"/mod/post/{post.id}/lock"),
        ("post", f"/mod/post/{post.id}/unlock"),
        ("get", f"/p/{post.id}/slow-mode"),
        ("post", f"/p/{post.id}/slow-mode"),
        ("post", f"/mod/post/{post.id}/pin"),
        ("post", f"/mod/post/{post.id}/unpin"),
        ("post", f"/mod/comment/{comment.id}/speak"),
        ("get", "/mod/queue"),
        ("post", f"/mod/post/{post.id}/dismiss"),
        ("get", f"/mod/u/{author.username}"),
        ("post", f"/mod/u/{author.username}/notes"),
        ("post", f"/mod/u/{author.username}/sanction"),
        ("post", f"/mod/u/{author.username}/lift"),
        ("post", f"/mod/u/{author.username}/role"),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, session, post, comment, author):
    session.commit()
    for method, url in _endpoints(post, comment, author):
        response = getattr(client, method)(url, data={"reason": "spam", "on": "1"})
        assert response.status_code == 302, url
        assert response.location.startswith("/login"), url


def test_members_get_403_everywhere(client, session, post, comment, member):
    other = make_user(session, "other")
    session.commit()
    data = {
        "reason": "spam",
        "note": "x",
        "on": "1",
        "minutes": "5",
        "text": "note",
        "kind": "ban",
        "role": "admin",
    }
    for method, url in _endpoints(post, comment, other):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 403, url
    assert session.scalar(select(ModAction.id)) is None
    assert post.removed_at is None and post.locked_at is None and post.pinned_at is None


def test_an_unknown_kind_is_not_found(client, session, post, mod):
    assert client.get(f"/mod/user/{post.id}/remove").status_code == 404
    assert client.get("/mod/post/999/remove").status_code == 404


# Removal


def test_the_removal_form_shows_the_item_and_the_reasons(client, session, post, mod):
    html = _html(client.get(f"/mod/post/{post.id}/remove"))

    assert "A provocative take" in html and "Everyone is wrong here." in html
    assert "Ada Author" in html
    assert '<option value="personal_information">Personal information</option>' in html
    assert '<option value="off_topic">Off-topic</option>' in html


def test_removing_a_post_redirects_to_it(client, session, post, author, mod):
    response = client.post(
        f"/mod/post/{post.id}/remove", data={"reason": "spam", "note": "Link farm"}
    )

    assert (response.status_code, response.location) == (302, f"/p/{post.id}")
    session.refresh(post)
    assert (post.removal_reason, post.body_markdown) == ("spam", "Everyone is **wrong** here.")
    action = session.scalars(select(ModAction)).one()
    assert (action.kind, action.note, action.moderator_id) == (
        ModActionKind.REMOVE_POST,
        "Link farm",
        mod.id,
    )


def test_removing_a_comment_returns_to_its_place_or_to_a_safe_next(
    client, session, post, comment, mod
):
    response = client.post(f"/mod/comment/{comment.id}/remove", data={"reason": "incivility"})
    assert response.location == f"{post_path(post)}#c{comment.id}"

    client.post(f"/mod/comment/{comment.id}/restore")
    response = client.post(
        f"/mod/comment/{comment.id}/remove",
        data={"reason": "hate", "next": "https://evil.example/"},
    )
    assert response.location == f"{post_path(post)}#c{comment.id}"

    client.post(f"/mod/comment/{comment.id}/restore")
    response = client.post(
        f"/mod/comment/{comment.id}/remove", data={"reason": "hate", "next": "/mod/queue"}
    )
    assert response.location == "/mod/queue"


def test_the_removal_form_keeps_the_typed_note_on_errors(client, session, post, mod):
    note = "Too long: " + "x" * 500
    html = _html(
        client.post(
            f"/mod/post/{post.id}/remove",
            data={"reason": "spam", "note": note, "next": "/mod/queue"},
        ),
        422,
    )

    assert field_errors(html, "note") == ["Use at most 500 characters."]
    assert note in html
    assert 'name="next" type="hidden" value="/mod/queue"' in html
    assert '<option selected value="spam">' in html

    html = _html(client.post(f"/mod/post/{post.id}/remove", data={"note": "Why"}), 422)
    assert field_errors(html, "reason") == ["Choose a reason."]
    session.refresh(post)
    assert post.removed_at is None


def test_restoring_puts_the_item_back(client, session, post, mod):
    moderation.remove(session, mod, post, RemovalReason.SPAM)
    session.commit()

    response = client.post(f"/mod/post/{post.id}/restore", data={"note": "Not spam after all"})

    assert (response.status_code, response.location) == (302, post_path(post))
    session.refresh(post)
    assert post.removed_at is None
    restored = session.scalar(select(ModAction).where(ModAction.kind == ModActionKind.RESTORE_POST))
    assert restored is not None and restored.note == "Not spam after all"


# Locks


def test_locking_needs_a_reason_and_keeps_the_form(client, session, post, mod):
    html = _html(client.get(f"/mod/post/{post.id}/lock"))
    assert "A provocative take" in html

    html = _html(client.post(f"/mod/post/{post.id}/lock", data={"reason": "   "}), 422)
    assert field_errors(html, "reason") == ["Say why, so readers know what happened."]

    response = client.post(f"/mod/post/{post.id}/lock", data={"reason": "Going in circles"})

    assert response.location == post_path(post)
    session.refresh(post)
    assert (post.is_locked, post.lock_reason) == (True, "Going in circles")

    client.post(f"/mod/post/{post.id}/unlock")
    session.refresh(post)
    assert not post.is_locked


def test_locking_a_comment_locks_its_sub_thread(client, session, post, comment, mod):
    response = client.post(f"/mod/comment/{comment.id}/lock", data={"reason": "Cool down"})

    assert response.location == f"{post_path(post)}#c{comment.id}"
    session.refresh(comment)
    session.refresh(post)
    assert comment.lock_reason == "Cool down" and not post.is_locked
    assert session.scalars(select(ModAction.kind)).all() == [ModActionKind.LOCK_THREAD]

    client.post(f"/mod/comment/{comment.id}/unlock")
    session.refresh(comment)
    assert not comment.is_locked
    # Unlocking what is not locked writes nothing to the log.
    client.post(f"/mod/comment/{comment.id}/unlock")
    assert len(session.scalars(select(ModAction.id)).all()) == 2


# Slow mode, pins, speaking as moderator


def test_the_author_sets_slow_mode_and_others_cannot(client, session, login, post, author):
    login(author)
    html = _html(client.get(f"/p/{post.id}/slow-mode"))
    assert "One comment per person every 10 minutes" in html

    response = client.post(f"/p/{post.id}/slow-mode", data={"minutes": "10"})

    assert response.location == post_path(post)
    session.refresh(post)
    assert post.slow_mode_minutes == 10

    html = _html(client.post(f"/p/{post.id}/slow-mode", data={"minutes": "7"}), 422)
    assert field_errors(html, "minutes") == ["Not a valid choice."]

    login(make_user(session, "stranger"))
    session.commit()
    assert client.post(f"/p/{post.id}/slow-mode", data={"minutes": "0"}).status_code == 403


def test_a_moderator_turns_slow_mode_off(client, session, post, mod):
    post.slow_mode_minutes = 5
    session.commit()

    client.post(f"/p/{post.id}/slow-mode", data={"minutes": "0"})

    session.refresh(post)
    assert post.slow_mode_minutes == 0


def test_a_fourth_pin_is_refused_with_a_message(client, session, author, mod):
    posts = [make_post(session, author, f"Post {n}") for n in range(4)]
    session.commit()
    for p in posts[:3]:
        assert client.post(f"/mod/post/{p.id}/pin").location == post_path(p)

    response = client.post(f"/mod/post/{posts[3].id}/pin", data={"next": "/"})

    assert response.location == "/"
    html = _html(client.get("/"))
    assert "At most 3 posts can be pinned." in html
    session.refresh(posts[3])
    assert posts[3].pinned_at is None

    client.post(f"/mod/post/{posts[0].id}/unpin")
    session.refresh(posts[0])
    assert posts[0].pinned_at is None


def test_speaking_as_moderator_only_on_ones_own_comment(client, session, post, comment, mod):
    own = make_comment(session, mod, post, "Keep it civil, please.")
    session.commit()

    response = client.post(f"/mod/comment/{own.id}/speak", data={"on": "1"})

    assert response.location == f"{post_path(post)}#c{own.id}"
    session.refresh(own)
    assert own.as_moderator
    client.post(f"/mod/comment/{own.id}/speak", data={"on": "0"})
    session.refresh(own)
    assert not own.as_moderator
    assert client.post(f"/mod/comment/{own.id}/speak", data={"on": "yes"}).status_code == 400
    assert client.post(f"/mod/comment/{comment.id}/speak", data={"on": "1"}).status_code == 403


# The queue


def test_an_empty_queue_says_so(client, session, mod):
    assert "The queue is clear." in _html(client.get("/mod/queue"))


def test_the_queue_lists_groups_most_reported_first_with_the_item_in_context(
    client, session, post, comment, mod
):
    quiet = make_post(session, make_user(session, "quiet"), "A quiet post", "Nothing much.")
    _report(session, quiet, ReportReason.OFF_TOPIC)
    _report(session, comment, ReportReason.HARASSMENT, ReportReason.HARASSMENT)
    _report(session, post, ReportReason.SPAM, ReportReason.HATE)
    _report(session, post, ReportReason.OTHER, text="Calls readers idiots")
    session.commit()

    html = _html(client.get("/mod/queue"))

    order = [
        html.index(f'id="report-{key}"')
        for key in (f"post-{post.id}", f"comment-{comment.id}", f"post-{quiet.id}")
    ]
    assert order == sorted(order)
    post_group = html[order[0] : order[1]]
    assert "3 reports on a post" in post_group
    assert "A provocative take" in post_group and "Everyone is wrong here." in post_group
    assert "Ada Author" in post_group and "Calls readers idiots" in post_group
    assert "Spam × 1" in post_group and "Other × 1" in post_group
    assert f'action="/mod/post/{post.id}/dismiss"' in post_group
    assert f'action="/mod/post/{post.id}/remove"' in post_group
    assert 'name="next" value="/mod/queue"' in post_group
    comment_group = html[order[1] : order[2]]
    assert "2 reports on a comment" in comment_group and "Harassment × 2" in comment_group
    assert "<em>sharp</em>" in comment_group
    assert "A comment on" in comment_group and "A provocative take" in comment_group
    assert f'href="{post_path(post)}#c{comment.id}"' in comment_group
    assert "Report history of this comment (2)" in comment_group
    assert "The queue is clear." not in html


def test_dismissing_a_group_resolves_it(client, session, post, mod):
    _report(session, post, ReportReason.SPAM)
    session.commit()

    html = _html(client.post(f"/mod/post/{post.id}/dismiss", data={"note": "y" * 501}), 422)
    assert "y" * 501 in html and "Use at most 500 characters." in html
    assert reports.open_count(session) == 1

    response = client.post(f"/mod/post/{post.id}/dismiss", data={"note": "A real opinion"})

    assert response.location == "/mod/queue"
    assert reports.open_count(session) == 0
    assert "The queue is clear." in _html(client.get("/mod/queue"))
    session.refresh(post)
    assert post.removed_at is None


def test_removing_from_the_queue_comes_back_to_it(client, session, post, mod):
    _report(session, post, ReportReason.SPAM)
    session.commit()

    response = client.post(
        f"/mod/post/{post.id}/remove", data={"reason": "spam", "note": "", "next": "/mod/queue"}
    )

    assert response.location == "/mod/queue"
    report = session.scalars(select(Report)).one()
    assert report.resolution_id is not None
    assert "The queue is clear." in _html(client.get("/mod/queue"))


def test_open_appeals_are_shown_and_decided_by_another_moderator(
    client, session, login, post, author, mod
):
    removal = moderation.remove(session, mod, post, RemovalReason.SPAM, "Link farm")
    appeal = appeals.file_appeal(session, author, removal, "It is a real essay")
    session.commit()

    html = _html(client.get("/mod/queue"))
    assert "It is a real essay" in html and "Ada Author" in html and "Link farm" in html
    assert f'href="/moderation/{removal.id}"' in html
    assert "Another moderator must decide" in html
    assert f'action="/mod/appeals/{appeal.id}"' not in html

    login(make_user(session, "other_mod", role=Role.MODERATOR))
    session.commit()
    html = _html(client.get("/mod/queue"))
    assert f'action="/mod/appeals/{appeal.id}"' in html
    assert 'name="decision" value="reverse"' in html
    assert "Another moderator must decide" not in html


# A member's moderation record


def test_moderators_see_the_record_notes_and_forms(client, session, author, post, mod):
    moderation.remove(session, mod, post, RemovalReason.OFF_TOPIC, "Belongs elsewhere")
    sanctions.sanction(session, mod, author, 3, "Repeated off-topic posts")
    session.add(ModNote(user_id=author.id, author_id=mod.id, text="Warned by message"))
    session.commit()

    html = _html(client.get(f"/mod/u/{author.username}"))

    assert "Moderation record of Ada Author" in html
    assert "Remove post" in html and "off-topic" in html and "Belongs elsewhere" in html
    assert "Suspend user" in html and "Repeated off-topic posts" in html and "in force" in html
    assert "Warned by message" in html
    for action in ("notes", "sanction", "lift"):
        assert f'action="/mod/u/{author.username}/{action}"' in html
    assert f'action="/mod/u/{author.username}/role"' not in html  # admins only
    assert f'href="/moderation/{sanctions.history(session, author)[0].action_id}"' in html


def test_members_see_their_own_record_without_notes(client, session, login, author, post):
    moderator = make_user(session, "marta", role=Role.MODERATOR)
    moderation.remove(session, moderator, post, RemovalReason.SPAM)
    session.add(ModNote(user_id=author.id, author_id=moderator.id, text="Secret note"))
    session.commit()
    login(author)

    html = _html(client.get(f"/mod/u/{author.username}"))

    assert "Your moderation record" in html and "Remove post" in html
    assert "Secret note" not in html and 'action="/mod/u/' not in html
    assert client.get(f"/mod/u/{moderator.username}").status_code == 403
    assert client.get("/mod/u/nobody").status_code == 404


def test_adding_a_note_keeps_the_text_on_errors(client, session, author, mod):
    html = _html(client.post(f"/mod/u/{author.username}/notes", data={"text": "   "}), 422)
    assert field_errors(html, "text") == ["Write the note."]

    response = client.post(f"/mod/u/{author.username}/notes", data={"text": "Seems sincere"})

    assert response.location == f"/mod/u/{author.username}"
    assert session.scalars(select(ModNote.text)).all() == ["Seems sincere"]


def test_suspending_a_member(client, session, author, mod):
    html = _html(
        client.post(
            f"/mod/u/{author.username}/sanction",
            data={"kind": "suspend", "days": "400", "reason": "Spam again"},
        ),
        422,
    )
    assert field_errors(html, "days") == ["A suspension lasts from 1 day to 365 days."]
    assert "Spam again" in html

    html = _html(
        client.post(
            f"/mod/u/{author.username}/sanction",
            data={"kind": "suspend", "days": "", "reason": "Spam"},
        ),
        422,
    )
    assert field_errors(html, "days") == ["Give the length in days, from 1 to 365."]

    response = client.post(
        f"/mod/u/{author.username}/sanction",
        data={"kind": "suspend", "days": "7", "reason": "Spam again"},
    )

    assert response.location == f"/mod/u/{author.username}"
    session.refresh(author)
    given = sanctions.active(session, author)
    assert given is not None and given.reason == "Spam again"
    assert (given.ends_at - given.starts_at).days == 7

    client.post(f"/mod/u/{author.username}/lift", data={"note": "Apologised"})
    session.refresh(author)
    assert author.restricted_until is None
    response = client.post(f"/mod/u/{author.username}/lift", data={"note": ""})
    assert response.location == f"/mod/u/{author.username}"
    assert "This member has no sanction in force." in _html(client.get(response.location))


def test_a_ban_ignores_the_days_box(client, session, author, mod):
    client.post(
        f"/mod/u/{author.username}/sanction", data={"kind": "ban", "days": "", "reason": "Spam bot"}
    )

    session.refresh(author)
    assert author.restricted_until == PERMANENT


def test_moderators_cannot_sanction_each_other_but_admins_can(client, session, login, mod):
    other = make_user(session, "other_mod", role=Role.MODERATOR)
    session.commit()
    data = {"kind": "suspend", "days": "1", "reason": "Dispute"}
    assert client.post(f"/mod/u/{other.username}/sanction", data=data).status_code == 403
    assert 'action="/mod/u/other_mod/sanction"' not in _html(client.get("/mod/u/other_mod"))

    login(make_user(session, "ada", role=Role.ADMIN))
    session.commit()
    assert client.post(f"/mod/u/{other.username}/sanction", data=data).status_code == 302
    session.refresh(other)
    assert other.restricted_until is not None


def test_admins_appoint_moderators(client, session, login, author, mod):
    assert (
        client.post(f"/mod/u/{author.username}/role", data={"role": "moderator"}).status_code == 403
    )
    admin = make_user(session, "ada", role=Role.ADMIN)
    session.commit()
    login(admin)
    assert 'action="/mod/u/author/role"' in _html(client.get("/mod/u/author"))

    response = client.post(f"/mod/u/{author.username}/role", data={"role": "moderator"})

    assert response.location == f"/mod/u/{author.username}"
    session.refresh(author)
    assert author.role is Role.MODERATOR
    html = _html(client.post(f"/mod/u/{author.username}/role", data={"role": "moderator"}), 422)
    assert field_errors(html, "role") == ["author is already a moderator."]


def test_the_queue_costs_the_same_queries_for_one_group_or_many(
    client, session, author, post, mod, count_queries
):
    def queue_queries() -> int:
        with count_queries() as counted:
            assert client.get("/mod/queue").status_code == 200
        return counted.count

    _report(session, post, ReportReason.SPAM)
    session.commit()
    one = queue_queries()
    for n in range(3):
        target = make_comment(session, make_user(session), post, f"Comment {n}")
        _report(session, target, ReportReason.HATE, ReportReason.SPAM)
        _report(session, make_post(session, author, f"Post {n}"), ReportReason.OFF_TOPIC)
    session.commit()

    assert queue_queries() == one
