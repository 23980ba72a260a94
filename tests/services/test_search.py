"""Search: ranking, snippets, filters, pages, visibility, keeping in step, nasty input, rebuild."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from board.domain.errors import InvalidInput
from board.domain.moderation import RemovalReason
from board.domain.permissions import Role
from board.models.search import SearchDocument
from board.models.tag import Tag, post_tags
from board.models.user import User
from board.services import comments, moderation, posts, search
from board.services.search import SearchKind, SearchQuery
from tests.factories import make_comment, make_post, make_user

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
NOWHERE = Path("/nonexistent")


def found(session, words: str, **filters) -> list[tuple[str, int]]:
    """Return the (kind, id) of every hit on the first page, best first."""
    page = search.search(session, SearchQuery(words, **filters))
    return [(hit.kind, hit.item_id) for hit in page.items]


def post_hit(post) -> tuple[str, int]:
    return ("post", post.id)


def comment_hit(comment) -> tuple[str, int]:
    return ("comment", comment.id)


@pytest.fixture
def ada(session):
    return make_user(session, "ada")


@pytest.fixture
def bob(session):
    return make_user(session, "bob")


@pytest.fixture
def moderator(session):
    return make_user(session, "mona", role=Role.MODERATOR)


def test_a_title_match_ranks_above_a_body_that_repeats_the_word(session, ada, bob):
    other = make_post(session, ada, "Gardening notes", "Tomatoes need sun.")
    chatty = make_comment(session, bob, other, "Glaciers, glaciers, glaciers: they melt.")
    titled = make_post(session, bob, "Glaciers are retreating", "The ice sheet thins each year.")
    session.commit()

    assert found(session, "glaciers") == [post_hit(titled), comment_hit(chatty)]


def test_words_match_by_their_stem(session, ada):
    post = make_post(session, ada, "On taxation", "Carbon taxes change behaviour.")
    session.commit()

    assert found(session, "tax") == [post_hit(post)]


def test_a_hit_carries_the_post_title_author_and_date(session, ada, bob):
    post = make_post(session, ada, "Public transport", "Buses first.", now=NOW)
    comment = make_comment(session, bob, post, "Trams are quieter than buses.", now=NOW)
    session.commit()

    hit = search.search(session, SearchQuery("trams")).items[0]

    assert (hit.kind, hit.item_id, hit.post_id) == ("comment", comment.id, post.id)
    assert hit.title == "Public transport"
    assert hit.post.id == post.id
    assert hit.author.username == "bob"
    assert hit.created_at == NOW


def test_snippets_mark_the_matches(session, ada):
    make_post(session, ada, "Energy", "Nuclear power is the safest source per terawatt hour.")
    session.commit()

    (hit,) = search.search(session, SearchQuery("nuclear")).items

    assert "<mark>Nuclear</mark>" in hit.snippet_html


def test_snippets_escape_what_people_wrote(session, ada, bob):
    post = make_post(session, ada, "Energy", "Plain body.")
    make_comment(session, bob, post, "Reactor <script>alert(1)</script> & <b>bold</b> claims.")
    session.commit()

    (hit,) = search.search(session, SearchQuery("reactor")).items

    assert "<mark>Reactor</mark>" in hit.snippet_html
    assert "<" not in hit.snippet_html.replace("<mark>", "").replace("</mark>", "")
    assert "&amp;" in hit.snippet_html
    if session.get_bind().dialect.name == "sqlite":  # PostgreSQL's headline drops tag-like text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet_html


def test_marker_characters_in_text_never_become_markup(session, ada):
    make_post(session, ada, "Odd", "Before \x02 middle \x03 after volcano.")
    session.commit()

    (hit,) = search.search(session, SearchQuery("volcano")).items

    assert hit.snippet_html.count("<mark>") == hit.snippet_html.count("</mark>") == 1


@pytest.fixture
def mixed(session, ada, bob):
    """A post and a comment by each of ada and bob, all about rivers, on different days."""
    ada_post = make_post(
        session, ada, "Rivers of Europe", "The Danube.", now=NOW - timedelta(days=10)
    )
    bob_post = make_post(
        session, bob, "Rivers in cities", "Paved over.", now=NOW - timedelta(days=5)
    )
    bob_comment = make_comment(session, bob, ada_post, "Rivers flood.", now=NOW - timedelta(days=3))
    ada_comment = make_comment(session, ada, bob_post, "Rivers heal.", now=NOW - timedelta(days=1))
    session.commit()
    return {"ada_post": ada_post, "bob_post": bob_post, "bob_c": bob_comment, "ada_c": ada_comment}


def test_kind_filter(session, mixed):
    assert set(found(session, "rivers", kind=SearchKind.POSTS)) == {
        post_hit(mixed["ada_post"]),
        post_hit(mixed["bob_post"]),
    }
    assert set(found(session, "rivers", kind=SearchKind.COMMENTS)) == {
        comment_hit(mixed["bob_c"]),
        comment_hit(mixed["ada_c"]),
    }
    assert len(found(session, "rivers", kind=SearchKind.ALL)) == 4


def test_author_filter_takes_a_username_in_any_case(session, mixed):
    assert set(found(session, "rivers", author="ADA")) == {
        post_hit(mixed["ada_post"]),
        comment_hit(mixed["ada_c"]),
    }
    assert set(found(session, "rivers", author="@bob")) == {
        post_hit(mixed["bob_post"]),
        comment_hit(mixed["bob_c"]),
    }


def test_tag_filter_finds_tagged_posts_and_the_comments_on_them(session, mixed):
    tag = Tag(slug="geography", name="Geography")
    session.add(tag)
    session.flush()
    session.execute(post_tags.insert().values(post_id=mixed["ada_post"].id, tag_id=tag.id))
    session.commit()

    assert set(found(session, "rivers", tag="geography")) == {
        post_hit(mixed["ada_post"]),
        comment_hit(mixed["bob_c"]),
    }


def test_date_range_includes_both_ends(session, mixed):
    day = (NOW - timedelta(days=5)).date()

    assert set(found(session, "rivers", since=day)) == {
        post_hit(mixed["bob_post"]),
        comment_hit(mixed["bob_c"]),
        comment_hit(mixed["ada_c"]),
    }
    assert set(found(session, "rivers", until=day)) == {
        post_hit(mixed["ada_post"]),
        post_hit(mixed["bob_post"]),
    }
    assert found(session, "rivers", since=day, until=day) == [post_hit(mixed["bob_post"])]
    assert found(session, "rivers", until=date.max) != []


def test_filters_combine(session, mixed):
    since = (NOW - timedelta(days=4)).date()

    assert found(session, "rivers", author="ada", kind=SearchKind.COMMENTS, since=since) == [
        comment_hit(mixed["ada_c"])
    ]


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"author": "nobody"}, "author"),
        ({"tag": "no-such-tag"}, "tag"),
        ({"since": date(2026, 3, 2), "until": date(2026, 3, 1)}, "until"),
    ],
)
def test_bad_filters_are_named(session, ada, filters, field):
    with pytest.raises(InvalidInput) as error:
        search.search(session, SearchQuery("anything", **filters))

    assert error.value.messages_for(field)


def test_results_come_in_pages_of_twenty(session, ada):
    for i in range(25):
        make_post(session, ada, f"Bicycles {i}", "Two wheels.")
    session.commit()

    first = search.search(session, SearchQuery("bicycles"))
    second = search.search(session, SearchQuery("bicycles", page=2))

    assert (len(first.items), first.has_next) == (20, True)
    assert (len(second.items), second.has_next, second.has_previous) == (5, False, True)
    assert not {h.item_id for h in first.items} & {h.item_id for h in second.items}


def test_only_the_newest_matches_are_ranked(session, ada, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MAX", 3)
    old_title_match = make_post(session, ada, "Kayaks", "Boats.")
    newer = [make_post(session, ada, f"Note {i}", "Kayaks, said in passing.") for i in range(3)]
    newest_title_match = make_post(session, ada, "Kayaks again", "Boats.")
    session.commit()

    page = search.search(session, SearchQuery("kayaks"))

    # The old title match would rank first but is past the cut-off; within it, a title wins.
    assert page.items[0].item_id == newest_title_match.id
    assert {hit.item_id for hit in page.items} == {newest_title_match.id, newer[2].id, newer[1].id}
    assert old_title_match.id not in {hit.item_id for hit in page.items}
    assert not page.has_next


def test_hidden_matches_never_show_even_among_the_candidates(session, ada):
    shown = make_post(session, ada, "Canoes", "Paddles.")
    hidden = make_post(session, ada, "Canoes too", "Paddles.")
    session.commit()
    # Hidden behind the index's back: the live rows decide what is shown.
    hidden.deleted_at = NOW
    session.commit()

    assert found(session, "canoes") == [post_hit(shown)]


def test_empty_words_find_nothing_without_querying(session, ada, count_queries):
    make_post(session, ada, "Anything", "At all.")
    session.commit()

    with count_queries() as counted:
        page = search.search(session, SearchQuery("   "))

    assert (page.items, page.has_next, counted.count) == ([], False, 0)


NASTY = [
    '"',
    '""',
    "*",
    "a*",
    "NEAR(",
    "NEAR(a b)",
    "a:b",
    "title:secret",
    "'; DROP TABLE posts; --",
    "a AND OR NOT b",
    "(((",
    "^start",
    "-minus +plus",
    "!@#$%^&*()_+{}|:<>?",
    "\x00\x01 nul",
    "",
    "word " * 500,
    "x" * 5000,
    "é ß 漢字 🙂",
]


@pytest.mark.parametrize("words", NASTY)
def test_nasty_input_never_errors(session, ada, words):
    make_post(session, ada, "Secret title", "A body with a word and NEAR and plus.")
    session.commit()

    page = search.search(session, SearchQuery(words))

    assert isinstance(page.items, list)


def test_operators_are_searched_as_words(session, ada):
    post = make_post(session, ada, "The title secret", "Nothing here.")
    session.commit()

    # Quoted, "title:secret" is the two words, not FTS5's filter on the title column.
    assert found(session, "title:secret") == [post_hit(post)]


def test_fts5_query_quotes_every_term():
    assert search.fts5_query('a"b NEAR( x*') == '"a""b" "NEAR(" "x*"'


# --- visibility -------------------------------------------------------------------------------


@pytest.fixture
def thread(session, ada, bob):
    post = make_post(session, ada, "Volcanoes", "Volcanoes erupt.")
    comment = make_comment(session, bob, post, "Volcanoes sleep for centuries.")
    session.commit()
    return post, comment


def test_deleting_a_comment_takes_it_out(session, bob, thread):
    post, comment = thread
    comments.delete_comment(session, bob, comment)
    session.commit()

    assert found(session, "volcanoes") == [post_hit(post)]
    assert session.scalar(select(func.count()).select_from(SearchDocument)) == 1


def test_deleting_a_post_takes_its_comments_out_too(session, ada, thread):
    post, _ = thread
    posts.delete_post(session, ada, post)
    session.commit()

    assert found(session, "volcanoes") == []
    assert session.scalar(select(func.count()).select_from(SearchDocument)) == 0


def test_removing_a_post_hides_its_thread_and_restoring_brings_it_back(session, moderator, thread):
    post, comment = thread
    moderation.remove(session, moderator, post, RemovalReason.SPAM)
    session.commit()
    assert found(session, "volcanoes") == []

    moderation.restore(session, moderator, post)
    session.commit()
    assert set(found(session, "volcanoes")) == {post_hit(post), comment_hit(comment)}


def test_restoring_a_post_keeps_its_removed_comments_out(session, moderator, bob, thread):
    post, comment = thread
    other = make_comment(session, bob, post, "Volcanoes again.")
    moderation.remove(session, moderator, other, RemovalReason.SPAM)
    moderation.remove(session, moderator, post, RemovalReason.SPAM)
    moderation.restore(session, moderator, post)
    session.commit()

    assert set(found(session, "volcanoes")) == {post_hit(post), comment_hit(comment)}


def test_removing_and_restoring_a_comment(session, moderator, thread):
    post, comment = thread
    moderation.remove(session, moderator, comment, RemovalReason.SPAM)
    session.commit()
    assert found(session, "volcanoes") == [post_hit(post)]

    moderation.restore(session, moderator, comment)
    session.commit()
    assert set(found(session, "volcanoes")) == {post_hit(post), comment_hit(comment)}


def test_restoring_a_comment_under_a_removed_post_keeps_it_out(session, moderator, thread):
    post, comment = thread
    moderation.remove(session, moderator, comment, RemovalReason.SPAM)
    moderation.remove(session, moderator, post, RemovalReason.SPAM)
    moderation.restore(session, moderator, comment)
    session.commit()

    assert found(session, "volcanoes") == []


def test_drafts_are_never_indexed(session, ada, bob, thread):
    post, comment = thread
    post.published_at = None
    search.index_post(session, post)
    search.index_comment(session, comment)
    session.commit()

    assert found(session, "volcanoes") == []


def test_hidden_content_never_shows_even_if_the_index_was_not_told(session, thread):
    post, comment = thread
    comment.removed_at = NOW
    session.commit()
    assert found(session, "volcanoes") == [post_hit(post)]

    comment.removed_at = None
    post.deleted_at = NOW
    session.commit()
    assert found(session, "volcanoes") == []

    post.deleted_at = None
    post.published_at = None
    session.commit()
    assert found(session, "volcanoes") == []


# --- keeping in step with edits ---------------------------------------------------------------


def test_editing_a_post_updates_its_document(session, ada, thread):
    post, _ = thread
    draft = posts.PostDraft("Earthquakes", "Faults slip.")
    posts.edit_post(session, ada, post, draft, NOWHERE)
    session.commit()

    assert post_hit(post) not in found(session, "volcanoes")
    assert found(session, "earthquakes") == [post_hit(post)]
    assert found(session, "faults") == [post_hit(post)]
    assert session.scalar(select(func.count()).select_from(SearchDocument)) == 2


def test_editing_a_comment_updates_its_document(session, bob, thread):
    post, comment = thread
    comments.edit_comment(session, bob, comment, "Geysers, actually.")
    session.commit()

    assert found(session, "volcanoes") == [post_hit(post)]
    assert found(session, "geysers") == [comment_hit(comment)]


def test_documents_hold_plain_text_not_markup(session, ada):
    post = make_post(session, ada, "Markup", "Some **bold** [link](https://example.com) text.")
    session.commit()

    body = session.scalar(select(SearchDocument.body).where(SearchDocument.item_id == post.id))

    assert body == "Some bold link text."


# --- rebuilding -------------------------------------------------------------------------------


def _wreck_index(session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM search_fts"))
    session.execute(SearchDocument.__table__.delete())
    session.commit()


def test_reindex_rebuilds_every_visible_document(app, session, moderator, bob, thread):
    post, comment = thread
    hidden = make_comment(session, bob, post, "Volcanoes, removed.")
    moderation.remove(session, moderator, hidden, RemovalReason.SPAM)
    session.commit()
    _wreck_index(session)
    assert found(session, "volcanoes") == []

    result = app.test_cli_runner().invoke(args=["board", "reindex"])

    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output
    assert set(found(session, "volcanoes")) == {post_hit(post), comment_hit(comment)}


def test_reindex_can_run_twice(session, thread):
    assert sum(search.reindex(session)) == 2
    assert sum(search.reindex(session)) == 2
    session.commit()
    assert len(found(session, "volcanoes")) == 2


# --- cost -------------------------------------------------------------------------------------


def test_a_page_costs_the_same_statements_for_3_or_20_hits(session, count_queries):
    authors = [make_user(session) for _ in range(5)]
    author_ids = [author.id for author in authors]
    for i in range(3):
        make_post(session, authors[i], f"Lighthouse {i}", "Keepers.")
    session.commit()
    session.expunge_all()
    with count_queries() as few:
        assert len(search.search(session, SearchQuery("lighthouse", author=None)).items) == 3

    authors = [session.get(User, author_id) for author_id in author_ids]
    for i in range(30):
        post = make_post(session, authors[i % 5], "Harbour", "Boats.")
        make_comment(session, authors[(i + 1) % 5], post, "A lighthouse nearby.")
    session.commit()
    session.expunge_all()
    with count_queries() as many:
        assert len(search.search(session, SearchQuery("lighthouse")).items) == 20

    assert few.count == many.count == 4  # hits, their snippets, their authors, their posts


def test_filters_are_looked_up_once_per_search(session, count_queries):
    author = make_user(session, "harbourmaster")
    make_post(session, author, "Lighthouse", "Keepers.")
    session.commit()
    session.expunge_all()

    with count_queries() as counted:
        found_hits = search.search(session, SearchQuery("lighthouse", author="harbourmaster"))

    assert len(found_hits.items) == 1
    assert counted.count == 5  # the author, then hits, snippets, authors, posts


def test_postgresql_uses_the_full_text_index(session, ada):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    make_post(session, ada, "Indexes", "Generalized inverted.")
    session.commit()
    statement = select(SearchDocument.id).where(search.postgres_match("inverted"))
    sql = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})

    session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(session.scalars(text(f"EXPLAIN {sql}")))

    assert "ix_search_documents_fulltext" in plan
