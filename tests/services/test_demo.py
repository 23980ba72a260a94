"""The demo seed: a lively board once, nothing twice; and the maintenance commands."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from board.models.comment import Comment
from board.models.follow import TagFollow, UserFollow
from board.models.post import Post
from board.models.user import User
from board.models.vote import Vote
from board.services import demo, feeds, tags
from tests.factories import make_post, make_user

FLAGSHIP = "Post Job Interview Thank You Note: Yes or No?"


def _counts(session) -> dict[str, int]:
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (User, Post, Comment, Vote)
    }


def test_seed_demo_fills_an_empty_board_once(session, tmp_path: Path):
    assert demo.seed_demo(session, tmp_path) is True
    session.commit()

    counts = _counts(session)
    assert counts["User"] >= 8
    assert counts["Post"] >= 6
    assert counts["Vote"] > 0
    flagship = session.scalars(select(Post).where(Post.title == FLAGSHIP)).one()
    assert (tmp_path / flagship.cover_filename).is_file()
    depths = list(session.scalars(select(Comment.depth).where(Comment.post_id == flagship.id)))
    assert len(depths) >= 15
    assert flagship.comment_count == len(depths)
    assert max(depths) >= 3

    assert demo.seed_demo(session, tmp_path) is False
    session.commit()
    assert _counts(session) == counts


def test_cli_seed_demo_if_empty_skips_a_board_with_accounts(app, session):
    make_user(session)
    session.commit()

    result = app.test_cli_runner().invoke(args=["board", "seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "already has accounts" in result.output
    assert _counts(session) == {"User": 1, "Post": 0, "Comment": 0, "Vote": 0}


def test_cli_seed_demo_seeds_an_empty_board(app, session):
    result = app.test_cli_runner().invoke(args=["board", "seed-demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "Demo ready" in result.output
    assert session.scalar(select(Post.id).where(Post.title == FLAGSHIP)) is not None
    assert any(Path(app.config["UPLOAD_DIR"]).iterdir())


def test_cli_rerender_renders_stale_html_again(app, session):
    post = make_post(session, make_user(session), body="Fresh **markup**")
    post.body_html = "<p>stale</p>"
    session.commit()

    result = app.test_cli_runner().invoke(args=["board", "rerender"])

    assert result.exit_code == 0, result.output
    assert "posts: 1 of 1 changed" in result.output
    session.expire_all()
    assert "<strong>markup</strong>" in session.get(Post, post.id).body_html


def test_the_demo_gives_the_moderators_real_work(session, tmp_path: Path):
    from board.domain.permissions import Role
    from board.models.moderation import ModAction, Report

    demo.seed_demo(session, tmp_path)
    session.commit()

    roles = set(session.scalars(select(User.role)))
    assert {Role.ADMIN, Role.MODERATOR} <= roles
    open_reports = session.scalar(
        select(func.count()).select_from(Report).where(Report.resolved_at.is_(None))
    )
    assert open_reports >= 2
    assert (
        session.scalar(
            select(func.count()).select_from(Comment).where(Comment.removed_at.is_not(None))
        )
        == 1
    )
    assert (
        session.scalar(select(func.count()).select_from(Post).where(Post.locked_at.is_not(None)))
        == 1
    )
    assert session.scalar(select(func.count()).select_from(ModAction)) >= 4  # roles, removal, lock


def test_the_demo_files_every_post_under_curated_tags(session, tmp_path: Path):
    demo.seed_demo(session, tmp_path)
    session.commit()

    counts = {item.tag.slug: item.posts for item in tags.with_counts(session)}
    assert counts["hiring"] >= 3 and all(counts.values())
    assert sum(counts.values()) >= len(session.scalars(select(Post)).all())
    assert session.scalar(select(func.count()).select_from(UserFollow)) > 0
    assert session.scalar(select(func.count()).select_from(TagFollow)) > 0
    jordan = session.scalars(select(User).where(User.username == "jordan_ames")).one()
    assert feeds.following(session, jordan).items


def test_the_demo_debate_takes_sides_marks_agreement_and_changes_a_mind(session, tmp_path: Path):
    demo.seed_demo(session, tmp_path)
    session.commit()

    sides = set(session.scalars(select(Comment.stance).where(Comment.stance != "")))
    assert sides == {"agree", "disagree", "neutral"}
    dissent = session.scalar(
        select(func.count()).where(Comment.disagrees > Comment.agrees, Comment.score > 0)
    )
    assert dissent >= 1  # well-argued dissent: disagreed with, yet a good contribution
    assert session.scalar(select(func.count()).where(Comment.delta_at.is_not(None))) == 1
    assert session.scalar(select(func.sum(User.deltas_received))) == 1
