"""`flask board ...` commands."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from board.demo_content import DEMO_PASSWORD
from board.domain.errors import InvalidInput
from board.domain.permissions import Role
from board.extensions import current_session, db
from board.models.user import User
from board.services import accounts, counters, demo, generator, rendering, roles, search

board_cli = AppGroup("board", help="Board maintenance commands.")


@board_cli.command("rerender")
def rerender() -> None:
    """Render all stored Markdown again (after the allowlist changes)."""
    session = current_session()
    for text in rendering.RENDERED_TEXTS:
        total = rendering.count(session, text)
        changed = 0
        with click.progressbar(
            rendering.rerender(session, text), length=total, label=f"Rendering {text.label}"
        ) as rows:
            changed = sum(rows)
        db.session.commit()
        click.echo(f"{text.label}: {changed} of {total} changed")


@board_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Seed only when the board has no accounts yet.")
def seed_demo(if_empty: bool) -> None:
    """Fill the board with demo people, posts, a debate and votes (once)."""
    if if_empty and not demo.is_empty(current_session()):
        click.echo("The board already has accounts; demo not added.")
        return
    steps = iter(range(1, 6))
    added = demo.seed_demo(
        current_session(),
        Path(current_app.config["UPLOAD_DIR"]),
        progress=lambda what: click.echo(f"[{next(steps)}/5] Adding {what}…"),
    )
    if not added:
        click.echo("The demo is already on this board; nothing added.")
        return
    db.session.commit()
    click.echo(f"Demo ready. Every demo account's password is {DEMO_PASSWORD!r}.")


def _user(username: str) -> User:
    user = accounts.find_by_username(current_session(), username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    return user


def _give_role(user: User, role: Role) -> bool:
    """Give the role on the public log (actor None: the command line); False if already held."""
    try:
        roles.set_role(current_session(), None, user, role)
    except InvalidInput:
        return False
    counters.bump_content(current_session())  # badges and moderator tools on cached pages
    db.session.commit()
    return True


@board_cli.command("create-admin")
@click.argument("username")
@click.option("--password", help="For scripts; without it you are asked (hidden, twice).")
def create_admin(username: str, password: str | None) -> None:
    """Create the admin account USERNAME, or make that existing member an admin."""
    session = current_session()
    user = accounts.find_by_username(session, username)
    if user is None:
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        registration = accounts.Registration(username, username, password or "")
        try:
            user = accounts.register(session, registration)
        except InvalidInput as error:
            raise click.ClickException(" ".join(m for _, m in error.reasons)) from None
        click.echo(f"Created the account {user.username!r}.")
    elif password is not None:
        click.echo(f"{user.username} already has an account; their password is unchanged.")
    if _give_role(user, Role.ADMIN):
        click.echo(f"{user.username} is now an admin (recorded in the moderation log).")
    else:
        click.echo(f"{user.username} is already an admin; nothing changed.")


@board_cli.command("set-role")
@click.argument("username")
@click.argument("role")
def set_role(username: str, role: str) -> None:
    """Make USERNAME a member, moderator or admin (recorded in the moderation log)."""
    try:
        new_role = Role(role.strip().lower())
    except ValueError:
        raise click.ClickException(
            f"Unknown role {role!r}: use member, moderator or admin."
        ) from None
    user = _user(username)
    if _give_role(user, new_role):
        click.echo(f"{user.username} is now a {new_role.value} (recorded in the moderation log).")
    else:
        click.echo(f"{user.username} is already a {new_role.value}; nothing changed.")


def _generating(what: str) -> str:
    """Label the progress bar with the step under way, padded so that the bar stays put."""
    label = "Rebuilding" if what == generator.REBUILDING else "Generating"
    return f"{label} {what}".ljust(len(f"Rebuilding {generator.REBUILDING}"))


@board_cli.command("generate")
@click.option("--size", type=click.Choice(sorted(generator.PRESETS)), help="A preset size.")
@click.option("--users", type=click.IntRange(min=2), help="Accounts to create.")
@click.option("--posts", type=click.IntRange(min=0), help="Posts to create.")
@click.option("--comments", type=click.IntRange(min=0), help="Comments to spread over them.")
@click.option("--votes", type=click.IntRange(min=0), help="Votes on posts and comments.")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same board.")
def generate(
    size: str | None,
    users: int | None,
    posts: int | None,
    comments: int | None,
    votes: int | None,
    seed: int,
) -> None:
    """Fill the database with realistic bulk content (for benchmarks).

    On PostgreSQL the tables it writes are locked until it is done: use a database nobody is
    using."""
    base = generator.PRESETS[size or "small"]
    sizes = generator.Sizes(
        users=users if users is not None else base.users,
        posts=posts if posts is not None else base.posts,
        comments=comments if comments is not None else base.comments,
        votes=votes if votes is not None else base.votes,
    )
    started = time.monotonic()
    with click.progressbar(length=generator.total_rows(sizes), label=_generating("users")) as bar:

        def report(what: str, rows: int) -> None:
            bar.label = _generating(what)
            if rows:
                bar.update(rows)
            else:  # the search documents and the rebuild count no rows: name them at once
                bar.render_progress()

        generator.generate(current_session(), sizes, seed, report)
        db.session.commit()
    elapsed = time.monotonic() - started
    rate = generator.total_rows(sizes) / elapsed if elapsed else 0
    click.echo(
        f"Wrote {sizes.users:,} users, {sizes.posts:,} posts, {sizes.comments:,} comments and "
        f"about {sizes.votes:,} votes in {elapsed:.1f} s ({rate:,.0f} rows/s)."
    )


@board_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index from the visible posts and comments."""
    session = current_session()
    total = search.count_indexable(session)
    written = 0
    with click.progressbar(length=total, label="Indexing posts and comments") as bar:
        for count in search.reindex(session):
            bar.update(count)
            written += count
    db.session.commit()
    click.echo(f"Search index rebuilt: {written} documents.")
