"""`flask board ...` commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from board.demo_content import DEMO_PASSWORD
from board.extensions import current_session, db
from board.services import demo, rendering

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
    steps = iter(range(1, 5))
    added = demo.seed_demo(
        current_session(),
        Path(current_app.config["UPLOAD_DIR"]),
        progress=lambda what: click.echo(f"[{next(steps)}/4] Adding {what}…"),
    )
    if not added:
        click.echo("The demo is already on this board; nothing added.")
        return
    db.session.commit()
    click.echo(f"Demo ready. Every demo account's password is {DEMO_PASSWORD!r}.")
