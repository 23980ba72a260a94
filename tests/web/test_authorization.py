"""The authorization matrix: every route, every kind of visitor, the status each one gets.

A route added without a row here fails `test_every_route_has_a_row`, so nobody ships an
endpoint whose permissions were never decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from board.domain.moderation import RemovalReason, ReportReason
from board.domain.permissions import Role
from board.models.base import utcnow
from board.models.notification import Notification
from board.models.tag import Tag
from board.services import appeals, moderation, reports, sanctions
from tests.factories import make_comment, make_post, make_user

ROLES = ("anonymous", "member", "author", "other", "sanctioned", "moderator", "admin")
LOGIN = "login"  # anonymous visitors are sent to sign in


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    url: str
    expected: dict[str, int | str]
    data: dict[str, str] | None = None


def everyone(status: int) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, **exceptions: int) -> dict[str, int | str]:
    """Anonymous visitors go to sign in; every account gets `status` unless named."""
    table: dict[str, int | str] = {role: status for role in ROLES if role != "anonymous"}
    table["anonymous"] = LOGIN
    table.update(exceptions)
    return table


def staff(status: int, **exceptions: int) -> dict[str, int | str]:
    """Moderators and admins get `status`; members 403; anonymous visitors sign in."""
    return signed_in(403, **{"moderator": status, "admin": status, **exceptions})


COMMENT_BODY = {"body_markdown": "A reply with a point."}
POST_FORM = {
    "title": "A new opinion",
    "body_markdown": "Long form *thoughts*.",
    "submit": "Publish",
    "tag_ids": "{tag_id}",  # once a board has tags, a post needs one
}

CASES = [
    # Reading is open to everyone.
    Case("feed.index", "GET", "/", everyone(200)),
    Case("feed.new", "GET", "/new", everyone(200)),
    Case("feed.top", "GET", "/top?period=all", everyone(200)),
    Case("posts.show", "GET", "/p/{post}/{post_slug}", everyone(200)),
    Case("posts.show", "GET", "/p/{post}", everyone(301)),  # to the canonical address
    # A draft is its author's alone, and in no feed.
    Case("posts.show", "GET", "/p/{draft}", {**everyone(404), "author": 200}),
    Case("posts.drafts", "GET", "/drafts", signed_in(200)),
    Case("feed.following", "GET", "/following", signed_in(200)),
    # Tags and follows; only admins curate the tags.
    Case("tags.index", "GET", "/tags", everyone(200)),
    Case("tags.show", "GET", "/t/{tag}?sort=top&period=all", everyone(200)),
    Case("tags.manage", "GET", "/admin/tags", signed_in(403, admin=200)),
    Case("tags.manage", "POST", "/admin/tags", signed_in(403, admin=302),
         {"action": "add", "slug": "new-topic", "name": "New topic", "description": ""}),
    Case("follows.user", "POST", "/u/{author_name}/follow", signed_in(302, author=403),
         {"on": "1"}),
    Case("follows.tag", "POST", "/t/{tag}/follow", signed_in(302), {"on": "1"}),
    # Atom feeds: public, and never a draft's, deleted or removed post's.
    Case("feeds.front_page", "GET", "/feed.atom", everyone(200)),
    Case("feeds.tag", "GET", "/t/{tag}/feed.atom", everyone(200)),
    Case("feeds.user", "GET", "/u/{author_name}/feed.atom", everyone(200)),
    Case("feeds.post_comments", "GET", "/p/{post}/comments.atom", everyone(200)),
    Case("feeds.post_comments", "GET", "/p/{draft}/comments.atom", everyone(404)),
    Case("comments.show", "GET", "/c/{comment}", everyone(200)),
    Case("users.show", "GET", "/u/{author_name}", everyone(200)),
    Case("history.show", "GET", "/history/post/{post}", everyone(200)),
    # Removed text's history is for its author and the moderators only.
    Case("history.show", "GET", "/history/comment/{removed}",
         {**everyone(404), "author": 200, "moderator": 200, "admin": 200}),
    Case("modlog.index", "GET", "/moderation", everyone(200)),
    Case("search.index", "GET", "/search?q=opinion&kind=all", everyone(200)),
    Case("modlog.feed", "GET", "/moderation.atom", everyone(200)),
    Case("modlog.entry", "GET", "/moderation/{appealable}", everyone(200)),
    Case("uploads.show", "GET", "/uploads/none.webp", everyone(404)),
    Case("static", "GET", "/static/css/board.css", everyone(200)),
    # Operations: probes for the load balancer; metrics exist only with a token configured.
    Case("health.healthz", "GET", "/healthz", everyone(200)),
    Case("health.readyz", "GET", "/readyz", everyone(200)),
    Case("observability.metrics", "GET", "/metrics", everyone(404)),
    # Accounts.
    Case("auth.register", "GET", "/register", signed_in(302, anonymous=200)),
    Case("auth.register", "POST", "/register", signed_in(302, anonymous=302),
         {"username": "newbie", "display_name": "New Bie", "password": "long enough pass",
          "confirm": "long enough pass"}),
    Case("auth.login", "GET", "/login", everyone(200)),
    Case("auth.login", "POST", "/login", everyone(200), {"username": "nobody", "password": "x"}),
    Case("auth.logout", "POST", "/logout", everyone(302)),
    Case("auth.change_password", "GET", "/settings/password", signed_in(200)),
    Case("auth.change_password", "POST", "/settings/password", signed_in(200),
         {"current_password": "wrong", "new_password": "x", "confirm": "x"}),
    Case("users.edit_profile", "GET", "/settings/profile", signed_in(200)),
    Case("users.edit_profile", "POST", "/settings/profile", signed_in(302),
         {"display_name": "Renamed", "headline": "", "bio_markdown": ""}),
    Case("notifications.index", "GET", "/notifications", signed_in(200)),
    Case("notifications.read", "POST", "/notifications/{notification}/read", signed_in(302)),
    Case("notifications.read_all", "POST", "/notifications/read-all", signed_in(302)),
    # Writing: any account in good standing; sanctioned members read only.
    Case("posts.new", "GET", "/p/new", signed_in(200, sanctioned=403)),
    Case("posts.new", "POST", "/p/new", signed_in(302, sanctioned=403), POST_FORM),
    Case("posts.edit", "GET", "/p/{post}/edit", signed_in(403, author=200)),
    Case("posts.edit", "POST", "/p/{post}/edit", signed_in(403, author=302), POST_FORM),
    Case("posts.delete", "POST", "/p/{post}/delete", signed_in(403, author=302)),
    Case("comments.create", "POST", "/p/{post}/comments", signed_in(302, sanctioned=403),
         COMMENT_BODY),
    Case("comments.reply", "GET", "/c/{comment}/reply", signed_in(200, sanctioned=403)),
    Case("comments.edit", "GET", "/c/{comment}/edit", signed_in(403, author=200)),
    Case("comments.edit", "POST", "/c/{comment}/edit", signed_in(403, author=302), COMMENT_BODY),
    Case("comments.delete", "POST", "/c/{comment}/delete", signed_in(403, author=302)),
    # Votes: never on your own content, never while sanctioned.
    Case("votes.on_post", "POST", "/p/{post}/vote", signed_in(302, author=403, sanctioned=403),
         {"value": "1"}),
    Case("votes.on_comment", "POST", "/c/{comment}/vote",
         signed_in(302, author=403, sanctioned=403), {"value": "1"}),
    # Debate: agreement like votes; a delta only from the post's author, to someone else.
    Case("agreements.mark", "POST", "/c/{comment}/agree",
         signed_in(302, author=403, sanctioned=403), {"value": "1"}),
    Case("deltas.mark", "POST", "/c/{moderator_comment}/delta", signed_in(403, author=302),
         {"on": "1"}),
    Case("notifications.settings", "GET", "/settings/notifications", signed_in(200)),
    Case("notifications.settings", "POST", "/settings/notifications", signed_in(302),
         {"reply_to_post": "y", "submit": "Save settings"}),
    Case("notifications.mute_thread", "POST", "/p/{post}/mute", signed_in(302), {"on": "1"}),
    # Reports: about someone else's content, once.
    Case("reports.new", "GET", "/report/post/{post}", signed_in(200, author=403, sanctioned=403)),
    # "other" reported this post already: the page says so instead of filing a second report.
    Case("reports.new", "POST", "/report/post/{post}",
         signed_in(302, author=403, sanctioned=403, other=200), {"reason": "spam", "text": ""}),
    # Appeals: the person the action concerns; decided by another moderator.
    Case("appeals.new", "GET", "/moderation/{appealable}/appeal", signed_in(403, author=200)),
    Case("appeals.new", "POST", "/moderation/{appealable}/appeal", signed_in(403, author=302),
         {"text": "The comment was on topic."}),
    Case("appeals.decide", "POST", "/mod/appeals/{appeal}", staff(302, moderator=403),
         {"decision": "reverse", "note": ""}),
    # Slow mode: moderators and the post's author.
    Case("moderation.slow_mode", "GET", "/p/{post}/slow-mode", staff(200, author=200)),
    Case("moderation.slow_mode", "POST", "/p/{post}/slow-mode", staff(302, author=302),
         {"minutes": "5"}),
    # Moderator tools.
    Case("moderation.queue", "GET", "/mod/queue", staff(200)),
    Case("moderation.member", "GET", "/mod/u/{author_name}", staff(200, author=200)),
    Case("moderation.add_note", "POST", "/mod/u/{other_name}/notes", staff(302),
         {"text": "Warned about tone."}),
    Case("moderation.sanction", "POST", "/mod/u/{other_name}/sanction", staff(302),
         {"kind": "suspend", "days": "3", "reason": "Insults."}),
    Case("moderation.lift", "POST", "/mod/u/{sanctioned_name}/lift", staff(302), {"note": ""}),
    Case("moderation.set_role", "POST", "/mod/u/{other_name}/role", staff(302, moderator=403),
         {"role": "moderator"}),
    Case("moderation.remove", "GET", "/mod/comment/{comment}/remove", staff(200)),
    Case("moderation.remove", "POST", "/mod/comment/{comment}/remove", staff(302),
         {"reason": "spam", "note": ""}),
    Case("moderation.restore", "POST", "/mod/comment/{removed}/restore", staff(302)),
    Case("moderation.lock", "GET", "/mod/post/{post}/lock", staff(200)),
    Case("moderation.lock", "POST", "/mod/post/{post}/lock", staff(302), {"reason": "Too hot."}),
    Case("moderation.unlock", "POST", "/mod/post/{post}/unlock", staff(302)),
    Case("moderation.pin", "POST", "/mod/post/{post}/pin", staff(302)),
    Case("moderation.unpin", "POST", "/mod/post/{post}/unpin", staff(302)),
    Case("moderation.dismiss", "POST", "/mod/post/{post}/dismiss", staff(302), {"note": ""}),
    # Only a moderator's own comment can speak for moderation.
    Case("moderation.speak", "POST", "/mod/comment/{moderator_comment}/speak",
         staff(302, admin=403), {"on": "1"}),
]  # fmt: skip


@pytest.fixture
def world(session) -> dict[str, Any]:
    """A small board with one of everything a route can point at."""
    now = utcnow()
    people = {
        "member": make_user(session, "a_member"),
        "author": make_user(session, "the_author"),
        "other": make_user(session, "another"),
        "sanctioned": make_user(session, "suspended"),
        "moderator": make_user(session, "a_moderator", role=Role.MODERATOR),
        "admin": make_user(session, "an_admin", role=Role.ADMIN),
    }
    for person in people.values():
        person.created_at = now - timedelta(days=30)
    post = make_post(session, people["author"])
    comment = make_comment(session, people["author"], post, "My argument.")
    removed = make_comment(session, people["author"], post, "Something removed.")
    appealed = make_comment(session, people["author"], post, "Something else removed.")
    moderator_comment = make_comment(session, people["moderator"], post, "Be civil, please.")
    reports.file_report(session, people["other"], post, ReportReason.SPAM)
    mod = people["moderator"]
    appealable = moderation.remove(session, mod, removed, RemovalReason.OFF_TOPIC)
    decided = moderation.remove(session, mod, appealed, RemovalReason.SPAM)
    appeal = appeals.file_appeal(session, people["author"], decided, "Please look again.")
    sanctions.sanction(session, people["admin"], people["sanctioned"], 7, "Spam links.")
    tag = Tag(slug="careers", name="Careers")
    session.add(tag)
    session.flush()
    draft = make_post(session, people["author"], "Half an idea", "Unfinished.", publish=False)
    session.commit()
    notification = session.query(Notification).filter_by(recipient_id=people["author"].id).first()
    assert notification is not None
    return {
        "people": people,
        "ids": {
            "post": post.id,
            "post_slug": post.slug,
            "draft": draft.id,
            "tag": tag.slug,
            "tag_id": tag.id,
            "comment": comment.id,
            "removed": removed.id,
            "moderator_comment": moderator_comment.id,
            "appealable": appealable.id,
            "appeal": appeal.id,
            "notification": notification.id,
            **{f"{role}_name": user.username for role, user in people.items()},
        },
    }


def _case_id(case: Case) -> str:
    return f"{case.method} {case.url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_each_role_gets_the_expected_status(client, login, world, case: Case, role: str):
    if role != "anonymous":
        login(world["people"][role])
    url = case.url.format(**world["ids"])

    data = {key: value.format(**world["ids"]) for key, value in (case.data or {}).items()}

    response = client.open(url, method=case.method, data=data)

    expected = case.expected[role]
    if expected == LOGIN:
        assert response.status_code == 302, response.get_data(as_text=True)[:400]
        assert response.location.startswith("/login"), response.location
    else:
        assert response.status_code == expected, (role, response.get_data(as_text=True)[:400])


def test_every_route_has_a_row(app):
    covered = {(case.endpoint, case.method) for case in CASES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }
    assert routes - covered == set(), "routes without a row in the authorization matrix"
    assert covered - routes == set(), "rows for routes that no longer exist"


def test_every_row_names_every_role():
    for case in CASES:
        assert set(case.expected) == set(ROLES), case
