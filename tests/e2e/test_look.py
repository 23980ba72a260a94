"""The look, checked in a real browser: phones, dark mode, focus and labels."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PAGES = ["/", "/p/1", "/u/priya_raman", "/login", "/register", "/moderation"]


def _dark(rgb: str) -> bool:
    """Tell whether a computed 'rgb(r, g, b)' colour is dark."""
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) < 80


@pytest.mark.parametrize("url", PAGES)
def test_nothing_scrolls_sideways_on_a_360px_phone(browser: Any, live_server: str, url: str):
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url} is {width}px wide on a 360px screen"
    finally:
        context.close()


def test_dark_mode_follows_the_system_setting(browser: Any, live_server: str):
    for scheme, dark in (("light", False), ("dark", True)):
        context = browser.new_context(base_url=live_server, color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto("/p/1")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert _dark(background) is dark, (scheme, background)
        finally:
            context.close()


def test_the_article_keeps_a_readable_measure(page: Any):
    page.goto("/p/1")
    characters = page.evaluate(
        """() => {
          const p = document.querySelector('.article__body p');
          const width = p.getBoundingClientRect().width;
          const size = parseFloat(getComputedStyle(p).fontSize);
          return width / (size * 0.5);  // an average serif letter is about half an em wide
        }"""
    )
    assert 55 <= characters <= 85, characters


def test_keyboard_focus_is_visible(page: Any):
    page.goto("/login")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert outline != "none" or shadow != "none"


@pytest.mark.parametrize("url", ["/login", "/register"])
def test_every_field_has_a_label(page: Any, url: str):
    page.goto(url)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
             .filter(el => !['hidden', 'submit'].includes(el.type))
             .filter(el => !(el.labels && el.labels.length))
             .map(el => el.name)"""
    )
    assert unlabelled == []
