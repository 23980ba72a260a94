"""Debate in a real browser: quoting a selection, and agreeing in place."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BrowserProblems

pytestmark = pytest.mark.e2e

FLAGSHIP_TITLE = "Post Job Interview Thank You Note: Yes or No?"

SELECT_START = """(id) => {
  const body = document.querySelector(`#${id} > details > .comment__content > .prose`);
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && node.textContent.trim().length < 12) node = walker.nextNode();
  const range = document.createRange();
  const start = node.textContent.search(/\\S/);
  range.setStart(node, start);
  range.setEnd(node, start + 12);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}"""


def _join(page: Any) -> None:
    page.goto("/register")
    page.fill("#username", f"e2e-{uuid.uuid4().hex[:8]}")
    page.fill("#display_name", "Quinn Quoter")
    page.fill("#password", "correct horse battery staple")
    page.fill("#confirm", "correct horse battery staple")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".account-link__name")).to_have_text("Quinn Quoter")


def _first_comment(page: Any) -> str:
    page.goto("/")
    page.get_by_role("link", name=FLAGSHIP_TITLE).first.click()
    comment_id = page.locator(".thread > ol.comments > li.comment").first.get_attribute("id")
    assert comment_id
    return comment_id


def test_quote_takes_the_selected_words_only(page: Any, problems: BrowserProblems) -> None:
    _join(page)
    comment_id = _first_comment(page)
    actions = page.locator(f"#{comment_id} > details > .comment__content > .comment__actions")

    selected = page.evaluate(SELECT_START, comment_id)
    actions.get_by_role("link", name="Quote", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/c/{comment_id[1:]}/reply\?quote=1&text="))
    expect(page.locator("#body_markdown")).to_have_value(f"> {selected}\n")
    assert problems.all() == []


def test_agreeing_updates_the_count_in_place(page: Any, problems: BrowserProblems) -> None:
    _join(page)
    comment_id = _first_comment(page)
    box = page.locator(
        f"#{comment_id} > details > .comment__content > .comment__actions .agreement"
    )
    count = box.locator("[data-agrees]")
    before = int(count.inner_text())
    page.evaluate("window.__e2eSamePage = true")

    box.locator(".agreement__button--agree").click()

    expect(count).to_have_text(str(before + 1))
    expect(box.locator(".agreement__button--agree")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__e2eSamePage === true"), "agreeing reloaded the page"
    assert problems.all() == []
