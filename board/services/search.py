"""Full-text search over visible posts and comments: one interface, one backend per database.

The services keep `search_documents` in step with the posts and comments (explicit calls in the
same transaction as the change); SQLite searches it through the FTS5 table `search_fts`
(rowid = document id), PostgreSQL through the GIN index over POSTGRES_DOCUMENT.
Both made by migration 0003.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup, escape
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    column,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from board.domain.errors import InvalidInput
from board.domain.excerpts import plain_text
from board.models.comment import Comment
from board.models.post import Post
from board.models.search import SearchDocument
from board.models.tag import Tag, post_tags
from board.models.user import User
from board.services import accounts, statements
from board.services.feeds import Page

if TYPE_CHECKING:
    from board.services.comments import PostState

PER_PAGE = 20  # a results page: enough to scan for the right thread without scrolling forever
QUERY_MAX = 200  # a search box holds a phrase or two; longer input is cut, not refused
TERMS_MAX = 12  # each term is one more index lookup on SQLite; nobody searches with more
BATCH = 500  # documents written at once while rebuilding the index
# Matches ranked per search: the newest this many. Enough for 50 pages of results, and it keeps
# a search for a word that half the board uses as cheap as one for a rare word.
RANKED_MAX = 1_000

POST = "post"
COMMENT = "comment"

# Must be EXACTLY the expression of PostgreSQL's index ix_search_documents_fulltext (see
# POSTGRES_DOCUMENT in migrations/versions/0003_debate.py), or the planner cannot use the index.
# Title weighs more than body: a match in the headline is what the searcher usually means.
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')"
)
# SQLite: bm25 weights per FTS5 column (title, body); 10x puts a title match above a body that
# repeats the word a few times.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
SNIPPET_TOKENS = 16  # about a line of text around the match
HEADLINE_OPTIONS = "StartSel=\x02, StopSel=\x03, MaxFragments=2, MaxWords=30, MinWords=10"
# The highlighters mark matches with these control characters; the snippet is HTML-escaped
# first and only then are they turned into <mark>, so no user text ever becomes markup.
START, STOP = "\x02", "\x03"
_MARKERS = str.maketrans("", "", START + STOP)

M = TypeVar("M", User, Post)

_DOCS = SearchDocument.__table__
_FTS = table("search_fts", column("rowid"))
_ENGLISH: ColumnElement[Any] = literal_column(
    "'english'"
)  # a constant, so it is read as the regconfig


class SearchKind(StrEnum):
    ALL = "all"
    POSTS = "posts"
    COMMENTS = "comments"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    kind: SearchKind = SearchKind.ALL
    author: str | None = None  # a username
    tag: str | None = None  # a tag slug: posts with the tag, and the comments on them
    since: date | None = None
    until: date | None = None  # inclusive
    page: int = 1


@dataclass(frozen=True)
class Hit:
    kind: str  # POST or COMMENT
    item_id: int
    post_id: int
    title: str  # the post's title, for comments too
    snippet_html: Markup
    author: User
    created_at: datetime
    post: Post  # the post, or the comment's post: links are built from it
    url: str = ""  # filled in by the web layer, which knows the routes


# --- keeping the index in step ----------------------------------------------------------------


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _post_visible(post: Post | PostState) -> bool:
    return post.deleted_at is None and post.removed_at is None and post.published_at is not None


def _clean(text_: str) -> str:
    # Stored text never carries the highlighters' markers, so every marker in a snippet is theirs.
    return text_.translate(_MARKERS)


def _post_values(post: Any) -> dict[str, Any]:  # a Post, or a row of _POST_COLUMNS
    return {
        "kind": POST,
        "item_id": post.id,
        "post_id": post.id,
        "author_id": post.author_id,
        "title": _clean(post.title),
        "body": _clean(plain_text(post.body_html)),
        "created_at": post.published_at or post.created_at,
    }


_DOCUMENT_COLUMNS = ("kind", "item_id", "post_id", "author_id", "title", "body", "created_at")


def _comment_values(
    comment_id: int,
    post_id: int,
    author_id: int,
    body_html: str,
    created_at: datetime,
    body: str | None = None,
) -> dict[str, Any]:
    """`body` is the searchable text when the caller has made it already (new_comment_body)."""
    return {
        "kind": COMMENT,
        "item_id": comment_id,
        "post_id": post_id,
        "author_id": author_id,
        "title": "",
        "body": _clean(plain_text(body_html)) if body is None else body,
        "created_at": created_at,
    }


# A new comment's document: every reply writes one, so the statements are built once.
_NEW_DOCUMENT = (
    insert(SearchDocument)
    .values({name: bindparam(name) for name in _DOCUMENT_COLUMNS})
    .returning(SearchDocument.id)
)
_FTS_INSERT = text("INSERT INTO search_fts (rowid, title, body) VALUES (:id, :title, :body)")


def _insert_new(session: Session, values: dict[str, Any]) -> None:
    document_id = statements.run(session, _NEW_DOCUMENT, values).scalar_one()
    if _is_sqlite(session):
        params = {"id": document_id, "title": values["title"], "body": values["body"]}
        statements.run(session, _FTS_INSERT, params)


def _upsert(session: Session, values: dict[str, Any]) -> None:
    """Write a document, replacing the one the item had."""
    document = session.scalar(
        select(SearchDocument).where(
            SearchDocument.kind == values["kind"], SearchDocument.item_id == values["item_id"]
        )
    )
    if document is None:
        document = SearchDocument(**values)
        session.add(document)
    else:
        for name, value in values.items():
            setattr(document, name, value)
    session.flush()
    if _is_sqlite(session):
        params = {"id": document.id, "title": document.title, "body": document.body}
        session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), params)
        session.execute(_FTS_INSERT, params)


def _remove_documents(session: Session, where: ColumnElement[bool]) -> None:
    if _is_sqlite(session):
        ids = select(SearchDocument.id).where(where)
        session.execute(delete(_FTS).where(_FTS.c.rowid.in_(ids)))
    session.execute(delete(SearchDocument).where(where))


def index_post(session: Session, post: Post) -> None:
    """Write a post's searchable text, or take it out of the index if nobody may see it."""
    if not _post_visible(post):
        unindex_post_tree(session, post)
        return
    _upsert(session, _post_values(post))


def index_comment(session: Session, comment: Comment) -> None:
    """Write a comment's searchable text anew, or take it out if it or its post is hidden."""
    post = session.get(Post, comment.post_id)
    if comment.is_deleted or comment.is_removed or post is None or not _post_visible(post):
        unindex(session, COMMENT, comment.id)
        return
    values = _comment_values(
        comment.id, comment.post_id, comment.author_id, comment.body_html, comment.created_at
    )
    _upsert(session, values)


def index_new_comment(session: Session, comment: Comment, body: str) -> None:
    """Write the document of a comment just added, its searchable `body` given by
    `new_comment_body`: the post is already known and no document can exist yet, so
    nothing is read here."""
    values = _comment_values(
        comment.id, comment.post_id, comment.author_id, comment.body_html, comment.created_at, body
    )
    _insert_new(session, values)


def new_comment_body(post: Post | PostState, text: str) -> str | None:
    """Return the searchable text of a new comment on the post, given its plain text; None
    when the post is hidden, and nothing on it is indexed."""
    return _clean(text) if _post_visible(post) else None


def unindex(session: Session, kind: str, item_id: int) -> None:
    """Take one post's or comment's document out of the index (a post's comments stay)."""
    _remove_documents(session, and_(SearchDocument.kind == kind, SearchDocument.item_id == item_id))


def unindex_post_tree(session: Session, post: Post) -> None:
    """Take a post and every comment on it out of the index."""
    _remove_documents(session, SearchDocument.post_id == post.id)


def _visible_comment_rows(
    session: Session, post_ids: Select[Any]
) -> Iterator[list[dict[str, Any]]]:
    query = (
        select(
            Comment.id, Comment.post_id, Comment.author_id, Comment.body_html, Comment.created_at
        )
        .where(
            Comment.post_id.in_(post_ids),
            Comment.deleted_at.is_(None),
            Comment.removed_at.is_(None),
        )
        .order_by(Comment.id)
        .execution_options(yield_per=BATCH)
    )
    for rows in session.execute(query).partitions():
        yield [_comment_values(*row) for row in rows]


def _insert_documents(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(SearchDocument), rows)


def index_post_tree(session: Session, post: Post) -> None:
    """Index a post and its visible comments again (a restored post brings its thread back)."""
    if not _post_visible(post):
        unindex_post_tree(session, post)
        return
    _upsert(session, _post_values(post))
    comment_docs = and_(SearchDocument.post_id == post.id, SearchDocument.kind == COMMENT)
    _remove_documents(session, comment_docs)
    for rows in _visible_comment_rows(session, select(Post.id).where(Post.id == post.id)):
        _insert_documents(session, rows)
    if _is_sqlite(session):
        session.execute(
            text(
                "INSERT INTO search_fts (rowid, title, body) SELECT id, title, body "
                "FROM search_documents WHERE post_id = :post_id AND kind = :kind"
            ),
            {"post_id": post.id, "kind": COMMENT},
        )


def sync(session: Session, target: Post | Comment) -> None:
    """Bring the index in line with a post (and its thread) or comment just hidden or shown."""
    if isinstance(target, Post):
        index_post_tree(session, target)
    else:
        index_comment(session, target)


# --- rebuilding -------------------------------------------------------------------------------

# Plain columns, not ORM objects, so a rebuild of a large board holds one batch in memory.
_POST_COLUMNS = (
    Post.id,
    Post.author_id,
    Post.title,
    Post.body_html,
    Post.published_at,
    Post.created_at,
)
_LIVE_POST = (Post.deleted_at.is_(None), Post.removed_at.is_(None), Post.published_at.is_not(None))


def _live_post_ids() -> Select[Any]:
    return select(Post.id).where(*_LIVE_POST)


def count_indexable(session: Session) -> int:
    """Return how many posts and comments are visible, i.e. belong in the index."""
    posts = session.scalar(select(func.count()).select_from(Post).where(*_LIVE_POST)) or 0
    comments = session.scalar(
        select(func.count())
        .select_from(Comment)
        .where(
            Comment.post_id.in_(_live_post_ids()),
            Comment.deleted_at.is_(None),
            Comment.removed_at.is_(None),
        )
    )
    return posts + (comments or 0)


def reindex(session: Session) -> Iterator[int]:
    """Rebuild every document from the live rows; yield how many were written per batch."""
    sqlite = _is_sqlite(session)
    if sqlite:
        session.execute(text("DELETE FROM search_fts"))
    session.execute(delete(SearchDocument))
    posts = (
        select(*_POST_COLUMNS)
        .where(*_LIVE_POST)
        .order_by(Post.id)
        .execution_options(yield_per=BATCH)
    )
    for batch in session.execute(posts).partitions():
        _insert_documents(session, [_post_values(row) for row in batch])
        yield len(batch)
    for rows in _visible_comment_rows(session, _live_post_ids()):
        _insert_documents(session, rows)
        yield len(rows)
    if sqlite:
        session.execute(
            text(
                "INSERT INTO search_fts (rowid, title, body) "
                "SELECT id, title, body FROM search_documents"
            )
        )
        session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
    session.flush()


# --- searching --------------------------------------------------------------------------------


def _terms(raw: str) -> list[str]:
    # Control characters (NUL above all, which PostgreSQL refuses in text) only separate words.
    printable = "".join(ch if ch.isprintable() else " " for ch in raw[:QUERY_MAX])
    return printable.split()[:TERMS_MAX]


def _query_text(raw: str) -> str:
    return " ".join(_terms(raw))


def fts5_query(raw: str) -> str:
    """Turn what someone typed into a safe FTS5 query: every term a quoted string, all required."""
    # Quoting makes FTS5 read each term as plain text: ", *, NEAR, :, ^, ( and AND/OR/NOT
    # lose their meaning, so no input can cause a syntax error or change the query's shape.
    return " ".join('"' + term.replace('"', '""') + '"' for term in _terms(raw))


def highlight(snippet: str) -> Markup:
    """Escape a snippet's text and turn the highlighter's markers into <mark> elements."""
    # escape() returns Markup, whose replace() escapes any argument that is not Markup itself.
    return escape(snippet).replace(START, Markup("<mark>")).replace(STOP, Markup("</mark>"))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filters(session: Session, query: SearchQuery) -> list[ColumnElement[bool]]:
    """Return the conditions the filters add, or raise InvalidInput naming a bad filter."""
    conditions: list[ColumnElement[bool]] = []
    reasons = []
    if query.author:
        user = accounts.find_by_username(session, query.author.strip().lstrip("@"))
        if user is None:
            reasons.append(("author", f"Nobody here has the username {query.author!r}."))
        else:
            conditions.append(_DOCS.c.author_id == user.id)
    if query.tag:
        tag = session.scalar(select(Tag).where(Tag.slug == query.tag.strip().lower()))
        if tag is None:
            reasons.append(("tag", f"There is no tag {query.tag!r}."))
        else:
            tagged = select(post_tags.c.post_id).where(post_tags.c.tag_id == tag.id)
            conditions.append(_DOCS.c.post_id.in_(tagged))
    if query.since and query.until and query.until < query.since:
        reasons.append(("until", "The end date is before the start date."))
    if reasons:
        raise InvalidInput(reasons)
    if query.kind is SearchKind.POSTS:
        conditions.append(_DOCS.c.kind == POST)
    elif query.kind is SearchKind.COMMENTS:
        conditions.append(_DOCS.c.kind == COMMENT)
    if query.since:
        conditions.append(_DOCS.c.created_at >= _start_of(query.since))
    if query.until and query.until < date.max:
        conditions.append(_DOCS.c.created_at < _start_of(query.until + timedelta(days=1)))
    return conditions


def _visible() -> list[ColumnElement[bool]]:
    # Checked against the live rows on every search, so content hidden by a path that forgot
    # to update the index still never shows up.
    posts, comments = Post.__table__.alias("live_posts"), Comment.__table__.alias("live_comments")
    live_post = exists().where(
        posts.c.id == _DOCS.c.post_id,
        posts.c.deleted_at.is_(None),
        posts.c.removed_at.is_(None),
        posts.c.published_at.is_not(None),
    )
    live_comment = exists().where(
        comments.c.id == _DOCS.c.item_id,
        comments.c.post_id == _DOCS.c.post_id,
        comments.c.deleted_at.is_(None),
        comments.c.removed_at.is_(None),
    )
    return [live_post, or_(_DOCS.c.kind == POST, and_(_DOCS.c.kind == COMMENT, live_comment))]


def _columns() -> list[Any]:
    return [
        _DOCS.c.id,
        _DOCS.c.kind,
        _DOCS.c.item_id,
        _DOCS.c.post_id,
        _DOCS.c.author_id,
        _DOCS.c.created_at,
    ]


def _tsquery(text_: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery(_ENGLISH, bindparam("q", _query_text(text_)))


def postgres_match(text_: str) -> ColumnElement[bool]:
    """Return the condition PostgreSQL answers from the GIN index ix_search_documents_fulltext."""
    # The constant, not column objects: only the index's own expression lets it be used.
    return _POSTGRES_DOCUMENT.op("@@")(_tsquery(text_))


_POSTGRES_DOCUMENT: ColumnElement[Any] = literal_column(f"({POSTGRES_DOCUMENT})")
_FTS_TABLE: ColumnElement[Any] = literal_column("search_fts")


def _fts_match(text_: str) -> ColumnElement[bool]:
    return _FTS_TABLE.op("MATCH")(fts5_query(text_))


def _candidates(session: Session, text_: str, filters: list[ColumnElement[bool]]) -> Select[Any]:
    """Return the ids of the newest RANKED_MAX matches, filters applied."""
    # Ranking reads every document it orders, so a word most documents contain would make a
    # search cost as much as the whole index; the newest matches are ranked, the rest are not.
    if _is_sqlite(session):
        newest = (
            select(_DOCS.c.id)
            .select_from(_FTS.join(_DOCS, _DOCS.c.id == _FTS.c.rowid))
            .where(_fts_match(text_))
            .order_by(_FTS.c.rowid.desc())
        )
    else:
        newest = select(_DOCS.c.id).where(postgres_match(text_)).order_by(_DOCS.c.id.desc())
    return newest.where(*filters).limit(RANKED_MAX)


def statement(session: Session, query: SearchQuery) -> Select[Any]:
    """Return the SELECT that orders the query's visible candidates best match first."""
    filters = _filters(session, query)  # looked up once: an author or tag filter is a query
    newest = _candidates(session, query.text, filters).subquery("candidates")
    if _is_sqlite(session):
        # bm25 is only known inside the FTS5 query that matched the row. The candidates are
        # exactly the matches from the oldest candidate on, and FTS5 reads a rowid range
        # itself (a list of ids it would test one by one against every match).
        oldest = select(func.min(newest.c.id)).scalar_subquery()
        return (
            select(*_columns())
            .select_from(_FTS.join(_DOCS, _DOCS.c.id == _FTS.c.rowid))
            .where(_fts_match(query.text), _FTS.c.rowid >= oldest)
            .where(*filters, *_visible())
            .order_by(func.bm25(_FTS_TABLE, TITLE_WEIGHT, BODY_WEIGHT), _DOCS.c.id)
        )
    # A join, not IN: the planner then ranks the candidates alone, not every document.
    rank = func.ts_rank(_POSTGRES_DOCUMENT, _tsquery(query.text))
    return (
        select(*_columns())
        .select_from(newest.join(_DOCS, _DOCS.c.id == newest.c.id))
        .where(*_visible())
        .order_by(rank.desc(), _DOCS.c.id)
    )


def _snippets(session: Session, text_: str, ids: list[int]) -> dict[int, str]:
    """Return the highlighted excerpt of each document shown: made for one page, not every match."""
    if not ids:
        return {}
    if _is_sqlite(session):
        snippet = func.snippet(_FTS_TABLE, -1, START, STOP, "…", SNIPPET_TOKENS)
        query = select(_FTS.c.rowid, snippet).where(_fts_match(text_), _FTS.c.rowid.in_(ids))
    else:
        shown = func.coalesce(func.nullif(_DOCS.c.body, ""), _DOCS.c.title)
        headline = func.ts_headline(_ENGLISH, shown, _tsquery(text_), HEADLINE_OPTIONS)
        query = select(_DOCS.c.id, headline).where(_DOCS.c.id.in_(ids))
    return {row[0]: row[1] or "" for row in session.execute(query)}


def _by_id(session: Session, model: type[M], ids: set[int]) -> dict[int, M]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def search(session: Session, query: SearchQuery) -> Page[Hit]:
    """Return one page of visible posts and comments matching the query, best match first."""
    stmt = statement(session, query)  # checks the filters even when there is nothing to find
    if not _terms(query.text):
        return Page(items=[], number=query.page, has_next=False)
    offset = (query.page - 1) * PER_PAGE
    # One row more than a page tells whether a next page exists, without a COUNT(*).
    rows = session.execute(stmt.limit(PER_PAGE + 1).offset(offset)).all()
    shown = rows[:PER_PAGE]
    # One query each for the snippets, the authors and the posts, however many hits are shown.
    snippets = _snippets(session, query.text, [row.id for row in shown])
    authors = _by_id(session, User, {row.author_id for row in shown})
    posts = _by_id(session, Post, {row.post_id for row in shown})
    hits = [
        Hit(
            kind=row.kind,
            item_id=row.item_id,
            post_id=row.post_id,
            title=posts[row.post_id].title,
            snippet_html=highlight(snippets.get(row.id, "")),
            author=authors[row.author_id],
            post=posts[row.post_id],
            created_at=row.created_at,
        )
        for row in shown
    ]
    return Page(items=hits, number=query.page, has_next=len(rows) > PER_PAGE)
