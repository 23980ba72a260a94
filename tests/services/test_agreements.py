"""Agreement: one mark per reader and comment, counters in step, the same limits as votes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from board.domain.errors import InvalidInput, PermissionDenied
from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.agreement import Agreement
from board.models.post import Post
from board.services import agreements, comments, moderation, sanctions, votes
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def people(session):
    return {name: make_user(session, name) for name in ("writer", "reader", "third")}


@pytest.fixture
def comment(session, people):
    post = make_post(session, people["writer"], now=NOW)
    return make_comment(session, people["writer"], post, "A claim.", now=NOW)


def _marks(session) -> list[tuple[int, int]]:
    return list(session.execute(select(Agreement.user_id, Agreement.value)))


def test_agree_change_and_retract_keep_the_counters_in_step(session, people, comment):
    reader, third = people["reader"], people["third"]

    first = agreements.set_agreement(session, reader, comment, 1)
    agreements.set_agreement(session, third, comment, -1)
    changed = agreements.set_agreement(session, reader, comment, -1)

    assert (first.agrees, first.disagrees, first.my_agreement) == (1, 0, 1)
    assert (changed.agrees, changed.disagrees, changed.my_agreement) == (0, 2, -1)
    assert sorted(_marks(session)) == sorted([(reader.id, -1), (third.id, -1)])

    gone = agreements.set_agreement(session, reader, comment, 0)

    assert (gone.agrees, gone.disagrees, gone.my_agreement) == (0, 1, 0)
    assert (comment.agrees, comment.disagrees) == (0, 1)
    assert _marks(session) == [(third.id, -1)]


def test_marking_twice_is_idempotent(session, people, comment):
    agreements.set_agreement(session, people["reader"], comment, 1)
    again = agreements.set_agreement(session, people["reader"], comment, 1)
    none = agreements.set_agreement(session, people["third"], comment, 0)

    assert (again.agrees, again.disagrees) == (1, 0)
    assert (none.agrees, none.my_agreement) == (1, 0)
    assert len(_marks(session)) == 1


def test_agreement_is_apart_from_the_quality_vote(session, people, comment):
    votes.set_vote(session, people["reader"], comment, -1)
    agreements.set_agreement(session, people["reader"], comment, 1)
    session.refresh(comment)

    assert (comment.score, comment.agrees, comment.disagrees) == (-1, 1, 0)


def test_a_value_other_than_agree_disagree_or_none_is_refused(session, people, comment):
    with pytest.raises(InvalidInput):
        agreements.set_agreement(session, people["reader"], comment, 2)


def test_nobody_agrees_with_themselves(session, people, comment):
    with pytest.raises(PermissionDenied):
        agreements.set_agreement(session, people["writer"], comment, 1)


def test_no_agreement_on_removed_comments_locked_posts_or_while_sanctioned(
    session, people, comment
):
    mod = make_user(session, "marta", role=Role.MODERATOR)
    post = session.get(Post, comment.post_id)
    other = make_comment(session, people["third"], post, "Spam.")
    moderation.remove(session, mod, other, RemovalReason.SPAM)
    with pytest.raises(PermissionDenied):
        agreements.set_agreement(session, people["reader"], other, 1)

    sanctions.sanction(session, mod, people["reader"], 3, "Cooling off.", now=NOW)
    with pytest.raises(PermissionDenied):
        agreements.set_agreement(session, people["reader"], comment, 1, NOW + timedelta(days=1))

    moderation.set_lock(session, mod, post, True, "Too hot.")
    with pytest.raises(PermissionDenied):
        agreements.set_agreement(session, people["third"], comment, 1)
    assert _marks(session) == []


def test_the_readers_marks_on_a_page(session, people, comment):
    elsewhere = make_comment(session, people["writer"], make_post(session, people["writer"]))
    agreements.set_agreement(session, people["reader"], comment, -1)
    agreements.set_agreement(session, people["reader"], elsewhere, 1)

    assert agreements.agreements_on_post_page(session, people["reader"], comment.post_id) == {
        comment.id: -1
    }
    assert agreements.agreements_on_post_page(session, None, comment.post_id) == {}


def test_a_comment_read_for_marking_takes_agreement_like_the_comment_itself(
    session, people, comment
):
    reader, third = people["reader"], people["third"]
    marked = comments.get_marked_comment(session, comment.id)

    assert agreements.set_agreement(session, reader, marked, 1) == (
        agreements.AgreementState(1, 0, 1)
    )
    agreements.set_agreement(session, third, marked, -1)
    again = agreements.set_agreement(session, reader, marked, 1)  # unchanged: counts as now

    assert again == agreements.AgreementState(1, 1, 1)
    session.expire_all()
    assert (comment.agrees, comment.disagrees) == (1, 1)
    with pytest.raises(PermissionDenied):
        agreements.set_agreement(session, people["writer"], marked, 1)
