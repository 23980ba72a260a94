"""Posts: publish, limits, edit with revisions, soft delete and cover pictures."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import inspect, select

from board.domain import ranking
from board.domain.errors import InvalidInput, NotFound, PermissionDenied
from board.models.post import Post
from board.models.revision import Revision
from board.services import feeds, posts
from board.services.images import thumbnail_name
from tests.factories import make_post, make_user, picture

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _reasons(call) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value.reasons


def test_create_stores_sanitized_html_an_excerpt_and_a_hot_rank(session):
    author = make_user(session)
    body = "Hiring is **broken**. <script>alert(1)</script>\n\nSecond paragraph."

    post = make_post(session, author, title="  Hiring  ", body=body, now=NOW)
    session.expire_all()
    post = session.get(Post, post.id)

    assert post.title == "Hiring"
    assert post.body_markdown == body
    assert "<strong>broken</strong>" in post.body_html
    assert "<script" not in post.body_html
    assert post.excerpt.startswith("Hiring is broken.")  # plain text: no ** and no <strong>
    assert post.hot_rank == ranking.hot_rank(0, NOW) != 0
    assert post.created_at == NOW


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("x" * 201, "Body", [("title", "Use at most 200 characters (201 now).")]),
        ("  ", "Body", [("title", "Give the post a title.")]),
        ("Title", "b" * 40_001, [("body_markdown", "Use at most 40,000 characters (40,001 now).")]),
        ("Title", " \n ", [("body_markdown", "Write the post before publishing it.")]),
    ],
)
def test_limits_are_explained_with_counts(session, title, body, expected):
    author = make_user(session)

    assert _reasons(lambda: make_post(session, author, title, body)) == expected
    assert session.scalar(select(Post.id)) is None


def test_the_longest_allowed_post_is_accepted(session):
    post = make_post(session, make_user(session), "x" * 200, "b" * 40_000)

    assert len(post.title) == 200


def test_edit_keeps_the_old_text_as_a_revision(session, tmp_path):
    author = make_user(session)
    post = make_post(session, author, "Old title", "Old body", now=NOW)
    later = NOW + timedelta(hours=2)

    draft = posts.PostDraft("New title", "New body")
    posts.edit_post(session, author, post, draft, tmp_path, later)

    revision = session.scalars(select(Revision).where(Revision.post_id == post.id)).one()
    assert (revision.title, revision.body_markdown) == ("Old title", "Old body")
    assert (revision.written_at, revision.replaced_at) == (NOW, later)
    assert revision.editor_id == author.id
    assert (post.title, post.body_markdown, post.edited_at) == ("New title", "New body", later)
    assert "New body" in post.body_html


def test_an_edit_that_changes_nothing_keeps_no_revision(session, tmp_path):
    author = make_user(session)
    post = make_post(session, author, "Same", "Same body")

    posts.edit_post(session, author, post, posts.PostDraft("Same", "Same body"), tmp_path)

    assert session.scalar(select(Revision.id)) is None
    assert post.edited_at is None


def test_only_the_author_edits(session, tmp_path):
    post = make_post(session, make_user(session), "Mine", "Body")
    other = make_user(session)

    with pytest.raises(PermissionDenied):
        posts.edit_post(session, other, post, posts.PostDraft("Theirs", "Body"), tmp_path)
    assert post.title == "Mine"


def test_delete_is_soft_and_hides_the_post(session):
    author = make_user(session)
    post = make_post(session, author, "Regrettable", "Still stored")
    other = make_user(session)

    with pytest.raises(PermissionDenied):
        posts.delete_post(session, other, post)
    posts.delete_post(session, author, post, NOW)
    session.commit()
    session.expire_all()

    row = session.get(Post, post.id)
    assert (row.title, row.body_markdown, row.deleted_at) == ("Regrettable", "Still stored", NOW)
    assert feeds.front_page(session, feeds.FeedSort.NEW).items == []
    with pytest.raises(NotFound):
        posts.get_viewable_post(session, post.id, other)
    assert posts.get_viewable_post(session, post.id, author).id == post.id


def _jpeg_with_exif(size: tuple[int, int]) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Industries"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0)}  # GPS latitude
    return picture("JPEG", size, exif=exif.tobytes())


def test_a_cover_is_stored_as_webp_without_exif_and_capped_in_width(session, tmp_path: Path):
    upload = _jpeg_with_exif((3000, 1500))
    assert b"SpyCam" in upload

    name = posts.stage_cover(upload, tmp_path)

    stored = (tmp_path / name).read_bytes()
    assert b"SpyCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("WEBP", (1600, 800))
        assert "exif" not in image.info
        assert not image.getexif()
    with Image.open(tmp_path / thumbnail_name(name)) as thumb:
        assert (thumb.format, thumb.width) == ("WEBP", 480)


def test_a_staged_cover_is_attached_to_the_post(session, tmp_path):
    name = posts.stage_cover(picture("PNG"), tmp_path)
    draft = posts.PostDraft("Covered", "Body", cover_filename=name)

    post = posts.create_post(session, make_user(session), draft, tmp_path)

    assert post.cover_filename == name


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP", "JPEG"])
def test_common_picture_formats_are_accepted(tmp_path, fmt):
    name = posts.stage_cover(picture(fmt, (40, 30)), tmp_path)

    with Image.open(tmp_path / name) as image:
        assert (image.format, image.size) == ("WEBP", (40, 30))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Dear diary, this is not a JPEG at all.", "Use a JPEG, PNG, WebP or GIF picture."),
        (picture("PNG") + b"\0" * (5 * 1024 * 1024), "The picture is larger than 5 MB."),
        (picture("BMP"), "Use a JPEG, PNG, WebP or GIF picture."),
    ],
    ids=["text-renamed-jpg", "over-5-mb", "bmp"],
)
def test_bad_covers_are_refused(tmp_path, data, message):
    assert _reasons(lambda: posts.stage_cover(data, tmp_path)) == [("cover", message)]
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


@pytest.mark.parametrize("kept", ["../../etc/passwd", "A" * 24 + ".webp", "/etc/passwd", "x.webp"])
def test_a_cover_name_that_was_not_stored_is_refused(session, tmp_path, kept):
    (tmp_path / "x.webp").write_bytes(picture("WEBP"))  # exists, but not a name the board makes
    draft = posts.PostDraft("Covered", "Body", cover_filename=kept)

    reasons = _reasons(lambda: posts.create_post(session, make_user(session), draft, tmp_path))

    assert [field for field, _ in reasons] == ["cover"]


def test_a_post_loaded_without_its_text_reads_the_text_only_when_asked(session, count_queries):
    post_id = make_post(session, make_user(session), body="A long essay. " * 500).id
    session.commit()
    session.expunge_all()

    with count_queries() as counted:
        light = posts.get_post(session, post_id, with_text=False)

    assert counted.count == 1
    assert {"body_markdown", "body_html", "author", "tags"} <= inspect(light).unloaded
    assert "A long essay." in light.body_markdown  # read on demand, still there
