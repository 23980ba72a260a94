"""@mentions: which tokens are mentions, and the Markdown links they become."""

from __future__ import annotations

import pytest

from board.domain import markdown
from board.domain.mentions import MAX_MENTIONS, find_mentions, link_mentions


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Thanks @ada, and @Grace_H too.", ["ada", "Grace_H"]),
        ("@ada at the start, (@bob) in brackets, **@cy_d** in bold", ["ada", "bob", "cy_d"]),
        ("Twice: @ada and @ADA", ["ada"]),
        ("Mail ada@example.com or a.b@c.org", []),
        ("Escaped \\@ada is not a mention", []),
        ("On medium.com/@ada and https://x.com/@bob", []),
        ("Too short @ab, too long @" + "a" * 31, []),
        ("Code `@ada` and ``a ` @bob`` stay code", []),
        ("```\n@ada in a fence\n```\nbut @bob after it", ["bob"]),
        ("~~~python\n@ada\n~~~", []),
        ("Text\n\n    @ada indented code\n\nand @bob", ["bob"]),
        ("A [link to @ada](https://example.com) and <https://x.org/@bob>", []),
        ("Unclosed `@ada tick is literal", ["ada"]),
    ],
)
def test_finds_mentions_only_where_a_reader_sees_text(text: str, names: list[str]) -> None:
    assert find_mentions(text) == names


def test_a_comment_mentions_at_most_so_many_people() -> None:
    text = " ".join(f"@user{i:03d}" for i in range(MAX_MENTIONS + 5))

    assert len(find_mentions(text)) == MAX_MENTIONS


def test_only_existing_names_become_links_in_the_accounts_own_spelling() -> None:
    text = "Ask @ADA or @nobody, not `@ada`."

    linked = link_mentions(text, {"ada": "Ada"})

    assert linked == "Ask [@ADA](/u/Ada) or @nobody, not `@ada`."


def test_underscores_in_a_name_do_not_turn_into_emphasis() -> None:
    html = markdown.render(link_mentions("Hi @_ada_ there", {"_ada_": "_ada_"}))

    assert '<a href="/u/_ada_" rel="nofollow ugc noopener">@_ada_</a>' in html
    assert "<em>" not in html


def test_linked_text_still_goes_through_the_sanitizer() -> None:
    html = markdown.render(link_mentions('@ada <script>alert("x")</script>', {"ada": "ada"}))

    assert '<a href="/u/ada" rel="nofollow ugc noopener">@ada</a>' in html
    assert "<script>" not in html
