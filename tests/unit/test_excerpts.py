"""Plain text and excerpts of stored HTML."""

from __future__ import annotations

from board.domain.excerpts import EXCERPT_LENGTH, excerpt, plain_text, shorten


def test_plain_text_keeps_prose_and_drops_code_and_tables():
    html = (
        "<h2>Claim</h2><p>Remote work <strong>helps</strong> &amp; hurts.</p>"
        "<pre><code>print('no')</code></pre><table><tr><td>cell</td></tr></table>"
        "<ul><li>one</li><li>two</li></ul>"
    )

    assert plain_text(html) == "Claim Remote work helps & hurts. one two"


def test_shorten_leaves_short_text_alone():
    assert shorten("A short point.", 20) == "A short point."
    assert shorten("x" * EXCERPT_LENGTH) == "x" * EXCERPT_LENGTH


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    text = "Managers who hire for potential, not polish, build teams that last longer."

    cut = shorten(text, 40)

    assert cut == "Managers who hire for potential, not…"
    assert len(cut) <= 40


def test_shorten_cuts_a_single_long_word_where_it_must():
    assert shorten("a" * 50, 10) == "a" * 9 + "…"


def test_an_excerpt_is_the_shortened_plain_text():
    html = "<p>" + "Word " * 100 + "</p>"

    assert excerpt(html, 30) == shorten(plain_text(html), 30)
    assert excerpt(html, 30).endswith("…")
