"""One walk through Board in a real browser: join, publish, reply, vote."""

from __future__ import annotations

import os
import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BrowserProblems

pytestmark = pytest.mark.e2e

FLAGSHIP_TITLE = "Post Job Interview Thank You Note: Yes or No?"
SCREENSHOT = os.environ.get("BOARD_E2E_SCREENSHOT", "/tmp/e2e-final.png")  # noqa: S108

POST_BODY = """\
## Why I write thank-you notes

A short note is **always worth it**, and here is why:

- it costs two minutes
- it repeats your best argument
- it corrects what you said badly

<script>alert(1)</script>
"""


def _score(locator: Any) -> int:
    return int(locator.inner_text().strip())


def test_join_publish_reply_and_vote(page: Any, problems: BrowserProblems) -> None:
    # The front page of the seeded board.
    page.goto("/")
    expect(page.locator("h1.feed__title")).to_have_text("What people are debating")
    expect(page.get_by_role("link", name=FLAGSHIP_TITLE)).to_be_visible()

    # Join Board through the real form (CSRF on).
    username = f"e2e-{uuid.uuid4().hex[:8]}"
    page.locator(".site-header").get_by_role("link", name="Join Board").click()
    page.fill("#username", username)
    page.fill("#display_name", "Erin Tester")
    page.fill("#headline", "Browser test pilot")
    page.fill("#password", "correct horse battery staple")
    page.fill("#confirm", "correct horse battery staple")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".flash")).to_contain_text("Welcome to Board, Erin Tester.")
    expect(page.locator(".account-link__name")).to_have_text("Erin Tester")

    # Publish a post with Markdown; the raw script shows as text and never runs.
    page.get_by_role("link", name="Write a post").click()
    title = f"Thank-you notes work ({username})"
    page.fill("#title", title)
    page.fill("#body_markdown", POST_BODY)
    page.get_by_role("checkbox", name="Interviews").check()  # the demo board has curated tags
    page.get_by_role("button", name="Publish").click()
    expect(page).to_have_url(re.compile(r"/p/\d+/thank-you-notes-work-e2e-[0-9a-f]+$"))
    expect(page.locator("h1.article__title")).to_have_text(title)
    body = page.locator(".article__body")
    expect(body.locator("h2")).to_have_text("Why I write thank-you notes")
    expect(body.locator("strong")).to_have_text("always worth it")
    expect(body.locator("ul > li")).to_have_count(3)
    expect(body).to_contain_text("<script>alert(1)</script>")
    expect(body.locator("script")).to_have_count(0)

    # The flagship demo post and its debate.
    page.goto("/")
    page.get_by_role("link", name=FLAGSHIP_TITLE).first.click()
    expect(page.locator("h1.article__title")).to_have_text(FLAGSHIP_TITLE)
    post_url = page.url.split("#", 1)[0]
    first = page.locator(".thread > ol.comments > li.comment").first
    parent_id = first.get_attribute("id")
    assert parent_id and parent_id.startswith("c")
    parent_author = first.locator(".comment__author").first.inner_text()

    # Reply to that demo comment: Reply link → reply page → back in the thread, nested.
    page.locator(f"#{parent_id} > details > .comment__content > .comment__actions").get_by_role(
        "link", name="Reply", exact=True
    ).click()
    expect(page).to_have_url(re.compile(rf"/c/{parent_id[1:]}/reply"))
    expect(page.locator("h1")).to_have_text(f"Reply to {parent_author}")
    reply_text = f"Agreed: a note is cheap and memorable. ({username})"
    page.fill("#body_markdown", reply_text)
    page.get_by_role("button", name="Post reply").click()
    expect(page).to_have_url(re.compile(r"/p/\d+/[a-z0-9-]+#c\d+$"))
    reply_id = page.url.rsplit("#", 1)[1]
    reply = page.locator(f"#{parent_id} li.comment#{reply_id}")
    expect(reply).to_be_visible()
    expect(reply.locator(".prose--comment").first).to_have_text(reply_text)
    expect(reply.locator(".comment__author").first).to_have_text("Erin Tester")

    # Upvote another demo comment: the score rises by one in place (the page stays loaded).
    page.goto(post_url)
    target = page.locator(".thread > ol.comments > li.comment").nth(1)
    target_id = target.get_attribute("id")
    vote = page.locator(f"#{target_id} > details > .comment__content > .comment__actions .vote")
    score = vote.locator("[data-score]")
    before = _score(score)
    page.evaluate("window.__e2eSamePage = true")
    vote.locator(".vote__button--up").click()
    expect(score).to_have_text(str(before + 1))
    expect(vote.locator(".vote__button--up")).to_have_attribute("aria-pressed", "true")
    # Checked at the end, so that the rest of the walk still runs and is photographed.
    voted_in_place = page.evaluate("window.__e2eSamePage === true")

    # After a reload the vote is still counted.
    page.reload()
    score = page.locator(
        f"#{target_id} > details > .comment__content > .comment__actions .vote [data-score]"
    )
    expect(score).to_have_text(str(before + 1))
    # Asked again with nothing changed, the reader's own cached page comes back, vote and all.
    again = page.reload()
    assert again is not None and again.headers.get("x-cache") in {"hit", "revalidated"}
    expect(score).to_have_text(str(before + 1))
    up = f"#{target_id} > details > .comment__content > .comment__actions .vote__button--up"
    expect(page.locator(up)).to_have_attribute("aria-pressed", "true")

    page.locator(f"#{target_id}").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT, full_page=False)
    assert problems.all() == []
    assert voted_in_place, "the vote reloaded the page instead of updating in place (board.js)"
