"""Fill a database with realistic bulk content for benchmarks: batched, fast, reproducible."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from board.domain import markdown, ranking
from board.domain.excerpts import excerpt, plain_text
from board.domain.slugs import slugify, word_count
from board.models.base import utcnow
from board.models.comment import Comment
from board.models.post import Post
from board.models.search import SearchDocument
from board.models.user import User
from board.models.vote import Vote
from board.services import accounts, statements

BATCH = 5_000  # rows per INSERT: large enough to amortise round trips, small enough for memory
BODY_POOL = 300  # distinct rendered bodies, reused: rendering is the slow part, not the point
GENERATED_PASSWORD = "generated-password"  # noqa: S105  (shared by generated accounts, for benchmarks)
SPAN = timedelta(days=365)  # content is spread over a year, so "top of the week" means something

Progress = Callable[[str, int], None]  # (what, how many rows just written)
REBUILDING = "indexes and foreign keys"  # the last step's name in progress reports (no rows)

# The tables a run writes. On PostgreSQL their foreign keys and secondary indexes are set aside
# for the load and made again at its end, in the same transaction, as pg_restore does: a key is
# then checked in one join over the table instead of one lookup per row, and an index is built
# in one sort instead of an entry at a time. The large preset took 307.9 s with them in place
# and 183.2 s set aside (measured here on 2026-12-07). Primary keys and unique indexes stay:
# the keys refer to them, and they keep the load's own rows honest.
_LOADED_TABLES = ("users", "posts", "comments", "votes", "search_documents")
_SORT_MEMORY = "256MB"  # maintenance_work_mem for the rebuild, for this transaction only
_FOREIGN_KEYS = text(
    "SELECT CAST(conrelid AS regclass)::text, quote_ident(conname), pg_get_constraintdef(oid)"
    " FROM pg_constraint"
    " WHERE contype = 'f' AND conrelid = ANY(CAST(:tables AS regclass[])) ORDER BY conname"
)
_SECONDARY_INDEXES = text(
    "SELECT CAST(indexrelid AS regclass)::text, pg_get_indexdef(indexrelid) FROM pg_index"
    " WHERE indrelid = ANY(CAST(:tables AS regclass[])) AND NOT indisunique"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)"
    " ORDER BY 1"
)

WORDS = (  # noqa: SIM905  (a paragraph of words reads better than a list of strings)
    "hiring interview manager team remote office salary feedback career growth culture "
    "engineer design product customer market startup process trust meeting data evidence "
    "argument reason policy budget candidate offer skill mentor review promotion strategy "
    "week quarter decision risk cost value honest clear fair simple better worse because "
    "however although therefore instead often rarely always never most some every"
).split()


@dataclass(frozen=True)
class Sizes:
    users: int
    posts: int
    comments: int
    votes: int


PRESETS = {
    "small": Sizes(users=1_000, posts=1_000, comments=20_000, votes=100_000),
    "large": Sizes(users=10_000, posts=100_000, comments=1_000_000, votes=5_000_000),
}


@dataclass(frozen=True)
class Body:
    markdown: str
    html: str
    text: str


class _Bodies:
    """A pool of pre-rendered Markdown bodies of realistic shapes."""

    def __init__(self, rng: random.Random, paragraphs: tuple[int, int]) -> None:
        self.items = [self._make(rng, rng.randint(*paragraphs)) for _ in range(BODY_POOL)]

    @staticmethod
    def _sentence(rng: random.Random) -> str:
        words = rng.choices(WORDS, k=rng.randint(8, 22))
        return " ".join(words).capitalize() + "."

    def _make(self, rng: random.Random, paragraphs: int) -> Body:
        blocks = []
        for index in range(paragraphs):
            sentences = " ".join(self._sentence(rng) for _ in range(rng.randint(2, 5)))
            roll = rng.random()
            if roll < 0.1:
                sentences = f"> {sentences}"
            elif roll < 0.2:
                sentences += " See [the study](https://example.org/research) for **details**."
            elif roll < 0.25 and index:
                sentences = "\n".join(f"- {self._sentence(rng)}" for _ in range(3))
            blocks.append(sentences)
        source = "\n\n".join(blocks)
        html = markdown.render(source)
        return Body(source, html, plain_text(html))


def _naive_utc(value: Any) -> Any:
    # COPY bypasses the UTCDateTime type, so store datetimes the way it would: naive UTC.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _batched(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _tally(rng: random.Random, mean: float, ceiling: int) -> tuple[int, int]:
    """Return (upvotes, downvotes) for one item: most get a few, some get many."""
    count = min(ceiling, int(rng.expovariate(1 / mean)) if mean > 0 else 0)
    ups = sum(1 for _ in range(count) if rng.random() < 0.8)
    return ups, count - ups


class Generator:
    """Write users, posts, comments, votes and search documents in batches, counters included."""

    def __init__(self, session: Session, sizes: Sizes, seed: int, progress: Progress) -> None:
        self.session = session
        self.sizes = sizes
        self.seed = seed
        # Reproducible content, not secrets: the same seed writes the same board.
        self.rng = random.Random(seed)  # noqa: S311
        self.progress = progress
        self.now = utcnow()
        self.user_ids: list[int] = []
        self.tallies: dict[tuple[str, int], tuple[int, int]] = {}

    def run(self) -> None:
        """Generate everything, in foreign-key order."""
        with self._checks_set_aside():
            self.user_ids = self._users()
            posts = self._plan_posts()
            threads = self._thread_sizes(list(posts))
            self._posts(posts, threads)
            self._comments(posts, threads)
            self._votes()
            self._search_documents()
        self._bump_sequences()
        # Fresh statistics, as any bulk load needs: without them planners guess row counts and
        # walk the wrong index (seen here: a 600 ms front page that takes 7 ms after ANALYZE).
        self.session.execute(text("ANALYZE"))

    @contextmanager
    def _checks_set_aside(self) -> Iterator[None]:
        """On PostgreSQL, drop the loaded tables' foreign keys and secondary indexes for the
        block and make them again after it, exactly as they were (_LOADED_TABLES says why)."""
        if statements.dialect_of(self.session) != "postgresql":
            yield
            return
        tables = {"tables": list(_LOADED_TABLES)}
        keys = self.session.execute(_FOREIGN_KEYS, tables).all()
        indexes = self.session.execute(_SECONDARY_INDEXES, tables).all()
        # Sent as written, with no parameters: the names and definitions come from PostgreSQL's
        # catalogue, already quoted, never from input. Should the load fail, the caller's
        # rollback brings them back with everything else.
        ddl = self.session.connection().exec_driver_sql
        for table, key, _ in keys:
            ddl(f"ALTER TABLE {table} DROP CONSTRAINT {key}")
        for index, _ in indexes:
            ddl(f"DROP INDEX {index}")
        yield
        self.progress(REBUILDING, 0)
        ddl(f"SET LOCAL maintenance_work_mem = '{_SORT_MEMORY}'")
        for _, definition in indexes:
            ddl(definition)
        for table, key, definition in keys:
            ddl(f"ALTER TABLE {table} ADD CONSTRAINT {key} {definition}")

    def _insert(self, table: Any, rows: Iterator[dict[str, Any]], what: str) -> None:
        if statements.dialect_of(self.session) == "postgresql":
            self._copy(table, rows, what)
            return
        for batch in _batched(rows):
            self.session.execute(insert(table), batch)
            self.progress(what, len(batch))

    def _copy(self, table: Any, rows: Iterator[dict[str, Any]], what: str) -> None:
        """Stream rows with COPY: several times faster than INSERT on PostgreSQL."""
        raw = self.session.connection().connection.driver_connection
        batches = _batched(rows)
        first = next(batches, None)
        if first is None:
            return
        columns = list(first[0])
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for batch in (first, *batches):
                for row in batch:
                    copy.write_row([_naive_utc(row[column]) for column in columns])
                self.progress(what, len(batch))

    def _next_id(self, model: type[Any]) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1

    def _moment(self, after: datetime | None = None) -> datetime:
        start = after or self.now - SPAN
        seconds = (self.now - start).total_seconds()
        # Recent content is denser, as on a living board: square the uniform draw.
        return self.now - timedelta(seconds=seconds * self.rng.random() ** 2)

    def _users(self) -> list[int]:
        first = self._next_id(User)
        password_hash = accounts.password_hasher.hash(GENERATED_PASSWORD)
        ids = list(range(first, first + self.sizes.users))
        rows = (
            {"id": i, "username": f"user{i}", "display_name": f"Member {i}",
             "headline": " ".join(self.rng.choices(WORDS, k=5)).capitalize(),
             "bio_markdown": "", "bio_html": "", "role": "member",
             "password_hash": password_hash, "created_at": self.now - SPAN - timedelta(days=1)}
            for i in ids
        )  # fmt: skip
        self._insert(User.__table__, rows, "users")
        return ids

    def _plan_posts(self) -> dict[int, datetime]:
        first = self._next_id(Post)
        return {i: self._moment() for i in range(first, first + self.sizes.posts)}

    def _thread_sizes(self, post_ids: list[int]) -> dict[int, int]:
        # Most posts get a handful of comments, a few get huge debates (a heavy tail).
        weights = [self.rng.paretovariate(1.2) for _ in post_ids]
        total = sum(weights) or 1
        pairs = zip(post_ids, weights, strict=True)
        sizes = {p: int(self.sizes.comments * w / total) for p, w in pairs}
        for post_id in self.rng.sample(post_ids, min(3, len(post_ids))):
            sizes[post_id] = max(sizes[post_id], min(2_000, self.sizes.comments // 10))
        return sizes

    def _vote_means(self) -> tuple[float, float]:
        # A third of the votes go to posts, the rest to comments.
        post_mean = self.sizes.votes * 0.3 / max(1, self.sizes.posts)
        comment_mean = self.sizes.votes * 0.7 / max(1, self.sizes.comments)
        return post_mean, comment_mean

    def _posts(self, posts: dict[int, datetime], threads: dict[int, int]) -> None:
        bodies = _Bodies(self.rng, (4, 9))
        post_mean, _ = self._vote_means()

        def rows() -> Iterator[dict[str, Any]]:
            for post_id, moment in posts.items():
                ups, downs = _tally(self.rng, post_mean, len(self.user_ids) - 1)
                self.tallies[("post", post_id)] = (ups, downs)
                body = self.rng.choice(bodies.items)
                title = " ".join(self.rng.choices(WORDS, k=self.rng.randint(4, 10))).capitalize()
                yield {
                    "id": post_id, "author_id": self.rng.choice(self.user_ids), "title": title,
                    "body_markdown": body.markdown, "body_html": body.html,
                    "excerpt": excerpt(body.html), "created_at": moment, "published_at": moment,
                    "slug": slugify(title), "word_count": word_count(body.text),
                    "score": ups - downs, "upvotes": ups, "downvotes": downs,
                    "comment_count": threads[post_id],
                    "hot_rank": ranking.hot_rank(ups - downs, moment),
                }  # fmt: skip

        self._insert(Post.__table__, rows(), "posts")

    def _comments(self, posts: dict[int, datetime], threads: dict[int, int]) -> None:
        bodies = _Bodies(self.rng, (1, 3))
        _, comment_mean = self._vote_means()
        next_id = self._next_id(Comment)

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal next_id
            for post_id, count in threads.items():
                written: list[tuple[int, int, datetime]] = []  # (id, depth, created)
                for _ in range(count):
                    parent = self._parent(written)
                    created = self._moment(parent[2] if parent else posts[post_id])
                    depth = parent[1] + 1 if parent else 0
                    ups, downs = _tally(self.rng, comment_mean, len(self.user_ids) - 1)
                    self.tallies[("comment", next_id)] = (ups, downs)
                    body = self.rng.choice(bodies.items)
                    written.append((next_id, depth, created))
                    yield {
                        "id": next_id, "post_id": post_id,
                        "author_id": self.rng.choice(self.user_ids),
                        "parent_id": parent[0] if parent else None, "depth": depth,
                        "body_markdown": body.markdown, "body_html": body.html,
                        "created_at": created, "score": ups - downs, "upvotes": ups,
                        "downvotes": downs,
                    }  # fmt: skip
                    next_id += 1

        self._insert(Comment.__table__, rows(), "comments")

    def _parent(self, written: list[tuple[int, int, datetime]]) -> tuple[int, int, datetime] | None:
        # About 40% of comments start a new branch; replies favour recent comments, so threads
        # grow deep in places (the depth distribution of real debates: most shallow, some deep).
        if not written or self.rng.random() < 0.4:
            return None
        recent = written[-20:]
        return recent[int(len(recent) * self.rng.random() ** 0.5)]

    def _votes(self) -> None:
        def rows() -> Iterator[dict[str, Any]]:
            for (kind, target_id), (ups, downs) in self.tallies.items():
                if not ups + downs:
                    continue
                # Distinct voters per item, so the one-vote-per-person constraint holds.
                voters = self.rng.sample(self.user_ids, ups + downs)
                for index, voter in enumerate(voters):
                    yield {"user_id": voter, "post_id": target_id if kind == "post" else None,
                           "comment_id": target_id if kind == "comment" else None,
                           "value": 1 if index < ups else -1, "created_at": self.now}  # fmt: skip

        self._insert(Vote.__table__, rows(), "votes")

    def _search_documents(self) -> None:
        self.progress("search documents", 0)  # said first: no rows to count as they are written
        first = self._next_id(SearchDocument)
        self.session.execute(
            text(
                "INSERT INTO search_documents (kind, item_id, post_id, author_id, title, body,"
                " created_at) SELECT 'post', id, id, author_id, title, excerpt, created_at"
                " FROM posts WHERE id >= :first_post"
            ),
            {"first_post": min((i for k, i in self.tallies if k == "post"), default=0)},
        )
        self.session.execute(
            text(
                "INSERT INTO search_documents (kind, item_id, post_id, author_id, title, body,"
                " created_at) SELECT 'comment', id, post_id, author_id, '', body_markdown,"
                " created_at FROM comments WHERE id >= :first_comment"
            ),
            {"first_comment": min((i for k, i in self.tallies if k == "comment"), default=0)},
        )
        if statements.dialect_of(self.session) == "sqlite":
            self.session.execute(
                text(
                    "INSERT INTO search_fts (rowid, title, body)"
                    " SELECT id, title, body FROM search_documents WHERE id >= :first"
                ),
                {"first": first},
            )
            # FTS5 wrote that as a pile of segments and merges them a little on each later
            # write: on the large dataset every 64th reply then did 75 ms of merging in its
            # commit, measured. Merged into one now, the replies that follow merge only theirs.
            self.session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))

    def _bump_sequences(self) -> None:
        """Move PostgreSQL's id sequences past the ids written explicitly."""
        if statements.dialect_of(self.session) != "postgresql":
            return
        for table in ("users", "posts", "comments", "votes", "search_documents"):
            self.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                    f" (SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )


def total_rows(sizes: Sizes) -> int:
    """Return about how many rows a run writes, for the progress bar."""
    return sizes.users + sizes.posts + sizes.comments + sizes.votes


def generate(session: Session, sizes: Sizes, seed: int = 1, progress: Progress | None = None
             ) -> None:  # fmt: skip
    """Fill the database with generated content of the given sizes."""
    Generator(session, sizes, seed, progress or (lambda what, rows: None)).run()
