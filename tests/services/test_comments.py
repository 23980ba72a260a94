"""Comments: replies, the post's count, edits with revisions, soft delete, thread loading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.domain.excerpts import shorten
from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.domain.stances import Stance
from board.models.comment import Comment
from board.models.notification import Notification
from board.models.post import Post
from board.models.revision import Revision
from board.models.search import SearchDocument
from board.services import comments, counters, moderation, search, statements
from board.services.notifications import SUMMARY_LENGTH
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def post(session):
    return make_post(session, make_user(session, "author"))


def test_top_level_comments_and_replies_are_placed_in_the_tree(session, post):
    alice, bob = make_user(session), make_user(session)

    top = make_comment(session, alice, post, "Top")
    reply = make_comment(session, bob, post, "Reply", parent=top)
    deeper = make_comment(session, alice, post, "Deeper", parent=reply)

    assert (top.parent_id, top.depth) == (None, 0)
    assert (reply.parent_id, reply.depth) == (top.id, 1)
    assert (deeper.parent_id, deeper.depth) == (reply.id, 2)
    assert "<p>Deeper</p>" in deeper.body_html
    assert post.comment_count == 3


def test_the_count_is_incremented_in_sql_not_from_a_stale_copy(session, post, count_queries):
    # Another request counted 5 comments meanwhile; this session's copy still says 0.
    session.execute(
        update(Post)
        .where(Post.id == post.id)
        .values(comment_count=5)
        .execution_options(synchronize_session=False)
    )
    assert post.comment_count == 0

    with count_queries() as counted:
        make_comment(session, make_user(session), post)

    assert post.comment_count == 6
    assert any("comment_count + " in sql for sql in counted.statements)


def test_a_new_comment_is_one_insert_and_reads_back_without_sql(session, post, count_queries):
    author = make_user(session)

    with count_queries() as counted:
        comment = make_comment(session, author, post, "Fresh **words**.")
    inserts = [sql for sql in counted.statements if "INSERT INTO comments" in sql]
    with count_queries() as reading:
        seen = (
            comment.score,
            comment.upvotes,
            comment.agrees,
            comment.stance,
            comment.edited_at,
            comment.removal_reason,
            comment.as_moderator,
            comment.post,
            comment.depth,
        )

    assert len(inserts) == 1
    assert reading.count == 0
    assert seen == (0, 0, 0, "", None, "", False, post, 0)
    assert comment in session and comment not in session.new
    assert session.get(Comment, comment.id) is comment
    session.expire_all()
    stored = session.get(Comment, comment.id)
    assert (stored.body_html, stored.author_id, stored.score) == (
        "<p>Fresh <strong>words</strong>.</p>\n",
        author.id,
        0,
    )


def test_a_new_comment_writes_its_document_notifications_and_count_together(
    session, post, count_queries
):
    critic, mentioned = make_user(session, "critic"), make_user(session, "mentioned")
    before = counters.content_version(session)[0]

    with count_queries() as counted:
        comment = make_comment(session, critic, post, "I **disagree**, @mentioned.", now=NOW)
    writes = [sql for sql in counted.statements if not sql.startswith("SELECT")]
    session.expire_all()

    document = session.scalars(
        select(SearchDocument).where(
            SearchDocument.kind == search.COMMENT, SearchDocument.item_id == comment.id
        )
    ).one()
    assert (document.kind, document.post_id, document.author_id, document.body) == (
        search.COMMENT,
        post.id,
        critic.id,
        "I disagree, @mentioned.",
    )
    told = session.execute(
        select(Notification.recipient_id, Notification.kind, Notification.comment_id).order_by(
            Notification.id
        )
    ).all()
    assert [(who, kind.value, about) for who, kind, about in told] == [
        (post.author_id, "reply_to_post", comment.id),
        (mentioned.id, "mention", comment.id),
    ]
    assert session.get(Post, post.id).comment_count == 1
    if statements.dialect_of(session) == "postgresql":
        # One round trip writes it all, the content generation included (pages retire at
        # the commit); the commit then leaves the generation alone.
        assert len(writes) == 1 and writes[0].startswith("WITH new_comment AS")
        assert counters.moved(session, counters.CONTENT)
        assert counters.content_version(session)[0] == before + 1
    else:
        assert len(writes) >= 4  # the comment, its document, its notifications, its count


def test_a_reply_given_its_post_as_a_light_row_reads_the_post_no_more(session, post, count_queries):
    """The reply view hands over the post as `PostState`: writing the comment, its search
    document included, must not load the whole post again."""
    critic = make_user(session, "critic")
    post_id = post.id
    session.flush()
    session.expunge(post)  # as in a request: the session holds no ORM copy of the post
    state = comments.get_post_state(session, post_id, critic)

    with count_queries() as counted:
        comment = comments.add_comment(session, critic, state, "Searchable *words*.")

    assert not [sql for sql in counted.statements if sql.startswith("SELECT") and "posts" in sql]
    body = session.scalar(
        select(SearchDocument.body).where(
            SearchDocument.kind == search.COMMENT, SearchDocument.item_id == comment.id
        )
    )
    assert body == "Searchable words."
    found = search.search(session, search.SearchQuery("searchable")).items
    assert [(hit.kind, hit.item_id) for hit in found] == [(search.COMMENT, comment.id)]


def test_only_comments_on_visible_posts_have_searchable_text(session, post):
    assert search.new_comment_body(post, "Plain words.") == "Plain words."
    post.removed_at = NOW

    assert search.new_comment_body(post, "Plain words.") is None


def test_writing_at_once_refuses_to_guess_a_computed_default(session, post):
    # created_at defaults to the clock, which a flush would read; add_at_once wants it given.
    undated = Comment(post_id=post.id, author_id=post.author_id, body_markdown="x", body_html="x")

    with pytest.raises(ValueError, match="created_at"):
        statements.add_at_once(session, undated, comments._INSERT)
    assert undated not in session


def test_an_empty_or_overlong_comment_is_refused(session, post):
    user = make_user(session)
    for body in ["  \n", "x" * 10_001]:
        with pytest.raises(InvalidInput) as caught:
            make_comment(session, user, post, body)
        assert [field for field, _ in caught.value.reasons] == ["body_markdown"]
    assert post.comment_count == 0


def test_a_reply_must_stay_in_its_parents_post(session, post):
    user = make_user(session)
    parent = make_comment(session, user, post)
    elsewhere = make_post(session, user)

    with pytest.raises(NotFound):
        make_comment(session, user, elsewhere, "Crossing threads", parent=parent)
    assert elsewhere.comment_count == 0


def test_edit_keeps_the_old_text_as_a_revision(session, post):
    author = make_user(session)
    comment = make_comment(session, author, post, "First thought", now=NOW)
    later = NOW + timedelta(minutes=5)

    comments.edit_comment(session, author, comment, "Second thought", later)

    revision = session.scalars(select(Revision).where(Revision.comment_id == comment.id)).one()
    assert (revision.body_markdown, revision.written_at, revision.replaced_at) == (
        "First thought",
        NOW,
        later,
    )
    assert (comment.body_markdown, comment.edited_at) == ("Second thought", later)
    assert "Second thought" in comment.body_html


def test_only_the_author_edits_or_deletes(session, post):
    comment = make_comment(session, make_user(session), post, "Mine")
    other = make_user(session)

    with pytest.raises(PermissionDenied):
        comments.edit_comment(session, other, comment, "Not yours")
    with pytest.raises(PermissionDenied):
        comments.delete_comment(session, other, comment)
    assert (comment.body_markdown, comment.deleted_at) == ("Mine", None)


def test_delete_keeps_the_text_and_the_replies(session, post):
    author, replier = make_user(session), make_user(session)
    comment = make_comment(session, author, post, "Hot take")
    reply = make_comment(session, replier, post, "Existing reply", parent=comment)

    comments.delete_comment(session, author, comment, NOW)
    session.commit()
    session.expire_all()

    row = session.get(Comment, comment.id)
    assert (row.body_markdown, row.deleted_at) == ("Hot take", NOW)
    assert [c.id for c in comments.load_thread(session, post.id)] == [comment.id, reply.id]
    with pytest.raises(PermissionDenied):
        make_comment(session, replier, post, "Too late", parent=row)


def test_load_thread_loads_every_author_in_one_query(session, post, count_queries):
    people = [make_user(session, f"person{i}") for i in range(3)]
    parent = None
    for i in range(6):
        parent = make_comment(
            session,
            people[i % 3],
            post,
            f"Comment {i}",
            parent=parent,
            now=NOW + timedelta(minutes=i),
        )
    post_id = post.id
    session.commit()
    session.expire_all()

    with count_queries() as counted:
        thread = comments.load_thread(session, post_id)
        names = [c.author.username for c in thread]

    assert counted.count == 1
    assert names == [f"person{i % 3}" for i in range(6)]


# Stances: a top-level comment may take a side on the post; replies take none.


def test_a_top_level_comment_takes_a_side_and_a_reply_cannot(session, post):
    alice, bob = make_user(session), make_user(session)

    top = comments.add_comment(session, alice, post, "No.", stance=Stance.DISAGREE)
    plain = comments.add_comment(session, bob, post, "Hmm.")

    assert (top.stance, plain.stance) == ("disagree", "")
    with pytest.raises(InvalidInput) as error:
        comments.add_comment(session, bob, post, "Yes!", top, stance=Stance.AGREE)
    assert error.value.messages_for("stance")
    assert comments.add_comment(session, bob, post, "Fine.", top, stance=Stance.NONE).stance == ""


def test_editing_changes_the_side_without_a_revision(session, post):
    alice = make_user(session)
    top = comments.add_comment(session, alice, post, "No.", stance=Stance.DISAGREE)

    comments.edit_comment(session, alice, top, "No.", stance=Stance.AGREE)
    assert top.stance == "agree"
    comments.edit_comment(session, alice, top, "Actually, no.")  # None: side unchanged
    assert top.stance == "agree"
    comments.edit_comment(session, alice, top, "Actually, no.", stance=Stance.NONE)

    assert top.stance == ""
    assert session.scalars(select(Revision).where(Revision.comment_id == top.id)).all() != []
    assert len(session.scalars(select(Revision)).all()) == 1  # only the text change


def test_a_reply_keeps_no_side_when_edited(session, post):
    alice = make_user(session)
    reply = make_comment(session, alice, post, "Reply", make_comment(session, alice, post))

    with pytest.raises(InvalidInput):
        comments.edit_comment(session, alice, reply, "Reply", stance=Stance.AGREE)
    assert reply.stance == ""


def test_a_comment_read_for_marking_carries_its_state_and_its_posts(session, post):
    author = make_user(session)
    comment = make_comment(session, author, post)
    reply = make_comment(session, author, post, parent=comment)
    moderator = make_user(session, role=Role.MODERATOR)
    moderation.remove(session, moderator, reply, RemovalReason.OFF_TOPIC)
    session.commit()

    marked = comments.get_marked_comment(session, reply.id)

    assert (marked.id, marked.post_id, marked.author_id, marked.depth) == (
        reply.id, post.id, author.id, 1,
    )  # fmt: skip
    assert marked.removed_at is not None and marked.deleted_at is None
    assert marked.post == comments.PostState(
        post.id, post.slug, post.author_id, None, None, None, post.published_at, 0
    )


def test_a_post_read_for_a_reply_carries_its_state(session, post):
    post.slow_mode_minutes = 5
    session.commit()

    state = comments.get_post_state(session, post.id, None)

    assert state == comments.PostState(
        post.id, post.slug, post.author_id, None, None, None, post.published_at, 5
    )


def test_a_post_read_for_a_reply_is_not_found_when_missing_or_hidden(session):
    writer = make_user(session)
    draft = make_post(session, writer, "Still a draft", publish=False)
    session.commit()

    with pytest.raises(NotFound):
        comments.get_post_state(session, draft.id + 1000, None)
    with pytest.raises(NotFound):
        comments.get_post_state(session, draft.id, make_user(session))  # not its author
    assert comments.get_post_state(session, draft.id, writer).id == draft.id


def test_marking_a_missing_comment_is_not_found(session):
    with pytest.raises(NotFound):
        comments.get_marked_comment(session, 999_999)


def test_a_new_comment_is_read_as_text_once_for_search_and_its_notification(
    session, post, monkeypatch
):
    """Reading HTML as text is the slowest step after rendering (about 0.7 ms for a long
    comment): the search document and the author's notification share one reading."""
    readings = []
    real = comments.plain_text
    monkeypatch.setattr(comments, "plain_text", lambda html: readings.append(html) or real(html))
    monkeypatch.setattr(search, "plain_text", lambda html: pytest.fail("read a second time"))
    body = "A **long** reply. " * 40

    comment = comments.add_comment(session, make_user(session, "replier"), post, body)
    session.flush()

    assert len(readings) == 1
    document = session.scalar(
        select(SearchDocument).where(
            SearchDocument.kind == search.COMMENT, SearchDocument.item_id == comment.id
        )
    )
    assert document.body.startswith("A long reply. A long reply.")
    to_author = select(Notification.summary).where(Notification.recipient_id == post.author_id)
    summary = session.scalar(to_author)
    assert summary == shorten(document.body, SUMMARY_LENGTH) and summary.endswith("…")
