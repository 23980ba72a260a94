"""Markdown rendering: what it keeps, and the security contract it must never break."""

from __future__ import annotations

import html
import re

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from board.domain.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    MAX_TABLE_CELLS,
    render,
)
from tests.unit.xss_corpus import POST_LIMIT, XSS_CORPUS

# The contract, pinned here rather than imported, so widening the module's allowlist fails a test.
SAFE_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "img",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = {"http", "https"}
REL = "nofollow ugc noopener"
# A browser strips these from URLs (tabs and newlines anywhere, controls and spaces at the ends).
URL_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")  # WHATWG: anything else before ":" is a path


def url_scheme(url: str) -> str | None:
    """Return the scheme a browser would read in an attribute value, None if relative."""
    match = SCHEME.match(URL_IGNORED.sub("", html.unescape(url)).lower())
    return match.group(1) if match else None


def assert_url_safe(tag: str, url: str) -> None:
    """Fail unless url is an allowed link or image target."""
    scheme = url_scheme(url)
    if tag == "a":
        assert scheme is None or scheme in LINK_SCHEMES, url
    else:
        stripped = URL_IGNORED.sub("", html.unescape(url))
        assert scheme in IMAGE_SCHEMES or stripped.startswith("/uploads/"), url


def assert_safe(fragment: str) -> None:
    """Parse fragment as a browser would and fail on anything outside the allowlist."""
    # The page puts the fragment inside <body>; saying so up front keeps a leading comment in
    # the tree instead of letting the parser file it before <html> where the walk cannot see it.
    document = html5lib.parse("<body>" + fragment, namespaceHTMLElements=False)
    head, body = document.find("head"), document.find("body")
    assert head is not None and body is not None and len(head) == 0, fragment[:500]
    for element in body.iter():
        if element is body:
            continue
        # Comments and processing instructions have a non-string tag; foreign (svg, math)
        # elements have a namespaced one, so neither can match the allowlist.
        assert isinstance(element.tag, str), f"comment in {fragment[:500]!r}"
        assert element.tag in SAFE_TAGS, f"<{element.tag}> in {fragment[:500]!r}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{name} in {fragment[:500]!r}"
            assert name not in {"style", "id", "name", "class"}, f"{name} in {fragment[:500]!r}"
            assert name in SAFE_ATTRIBUTES.get(element.tag, set()), f"{name} on <{element.tag}>"
            if name in {"href", "src"}:
                assert_url_safe(element.tag, value)
        if element.tag == "a":
            assert element.get("rel") == REL, fragment[:500]


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>x</script>",
        "<p onclick=x>a</p>",
        "<p style=color:red>a</p>",
        "<svg><a>x</a></svg>",
        '<a href="jav&#x09;ascript:x" rel="nofollow ugc noopener">a</a>',
        '<a href="/ok">no rel</a>',
        '<img src="//evil.example/x.png">',
        '<img src="/static/x.png">',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        "<!-- x -->",
        "<title>x</title>",
    ],
)
def test_assert_safe_catches_unsafe_html(unsafe: str) -> None:
    with pytest.raises(AssertionError):
        assert_safe(unsafe)


def test_module_allowlists_stay_within_the_contract() -> None:
    assert ALLOWED_TAGS <= SAFE_TAGS
    for tag, names in ALLOWED_ATTRIBUTES.items():
        assert names <= SAFE_ATTRIBUTES[tag]


class TestNormalRendering:
    def test_paragraphs(self) -> None:
        assert render("one\n\ntwo") == "<p>one</p>\n<p>two</p>\n"

    def test_emphasis(self) -> None:
        assert render("*a* **b**") == "<p><em>a</em> <strong>b</strong></p>\n"

    def test_headings(self) -> None:
        assert render("# Title\n\n### Sub") == "<h1>Title</h1>\n<h3>Sub</h3>\n"

    def test_lists(self) -> None:
        assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in render("- a\n- b")
        assert '<ol start="3">\n<li>c</li>\n</ol>' in render("3. c")

    def test_code_block_escapes_markup(self) -> None:
        out = render("```\n<b>&</b>\n```")
        assert out == "<pre><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        assert render("`<i>`") == "<p><code>&lt;i&gt;</code></p>\n"

    def test_tables_drop_alignment_styles(self) -> None:
        out = render("| a | b |\n|:--|--:|\n| 1 | 2 |")
        assert "<th>a</th>" in out
        assert "<td>2</td>" in out
        assert "style" not in out

    def test_strikethrough(self) -> None:
        assert render("~~gone~~") == "<p><s>gone</s></p>\n"

    def test_bare_urls_become_links_with_rel(self) -> None:
        assert render("see https://example.com/x now") == (
            f'<p>see <a href="https://example.com/x" rel="{REL}">https://example.com/x</a>'
            " now</p>\n"
        )

    def test_mailto_links_are_allowed(self) -> None:
        assert render("[mail](mailto:a@example.com)") == (
            f'<p><a href="mailto:a@example.com" rel="{REL}">mail</a></p>\n'
        )

    @pytest.mark.parametrize("url", ["/p/1", "#c-2", "?page=2", "other/page", "//example.com/x"])
    def test_relative_links_are_allowed(self, url: str) -> None:
        assert render(f"[x]({url})") == f'<p><a href="{url}" rel="{REL}">x</a></p>\n'

    def test_link_titles_are_kept_and_rel_is_set(self) -> None:
        out = render('[x](http://example.com "t")')
        assert out == f'<p><a href="http://example.com" title="t" rel="{REL}">x</a></p>\n'

    def test_http_images_are_allowed(self) -> None:
        out = render("![cat](https://example.com/cat.png)")
        assert out == '<p><img src="https://example.com/cat.png" alt="cat"></p>\n'

    def test_uploaded_images_are_allowed(self) -> None:
        assert render("![cat](/uploads/ab/cat.png)") == (
            '<p><img src="/uploads/ab/cat.png" alt="cat"></p>\n'
        )

    @pytest.mark.parametrize("url", ["cat.png", "/static/cat.png", "//example.com/cat.png"])
    def test_other_relative_images_become_their_alt_text(self, url: str) -> None:
        assert render(f"![a *cat*]({url})") == "<p>a cat</p>\n"

    def test_images_with_other_schemes_stay_text(self) -> None:
        assert render("![x](data:image/png;base64,AA)") == "<p>![x](data:image/png;base64,AA)</p>\n"

    def test_disallowed_links_stay_text(self) -> None:
        assert render("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>\n"

    def test_raw_html_shows_as_text(self) -> None:
        assert render("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n"


@pytest.mark.parametrize("text", XSS_CORPUS, ids=[f"xss{i:03d}" for i in range(len(XSS_CORPUS))])
def test_attack_corpus_renders_safely(text: str) -> None:
    assert_safe(render(text))


def test_attack_corpus_is_large_and_distinct() -> None:
    assert len(set(XSS_CORPUS)) == len(XSS_CORPUS) >= 100


class TestAmplification:
    def test_reference_links_cannot_multiply_a_long_url(self) -> None:
        text = "[a]: /" + "x" * 20_000 + "\n\n" + "[a]" * 6_000
        assert len(text) <= POST_LIMIT
        assert len(render(text)) < 10 * POST_LIMIT

    def test_tables_cannot_autocomplete_unbounded_cells(self) -> None:
        text = ("a|" * 100 + "\n" + "-|" * 100 + "\n" + "|\n" * 20_000)[:POST_LIMIT]
        out = render(text)
        assert out.count("<td>") + out.count("<th>") <= MAX_TABLE_CELLS
        assert_safe(out)

    def test_table_budget_leaves_small_tables_whole(self) -> None:
        out = render("|a|b|\n|-|-|\n" + "|x|y|\n" * 100)
        assert out.count("<td>") == 200


# Pieces of Markdown and HTML that attacks are built from, for the generated inputs below.
FRAGMENTS = (
    "<", ">", '"', "'", "=", "/", "\\", "(", ")", "[", "]", "](", "![", "`", "```", "~~", "*", "_",
    "|", "-", "#", ":", ";", "&", "&#", "&#x", "&colon;", "&Tab;", "&#106;", "%", "%3A", "%0a",
    "javascript:", "JaVaScRiPt:", "data:", "vbscript:", "http://x", "mailto:", "//", "/uploads/",
    "on", "onerror", "script", "svg", "style", "img", "a", "href", "src", "iframe", "math",
    "<!--", "-->", "<![CDATA[", "]]>", "\n", "\n\n", " ", "    ", "\t", "\x00", "\r", "1.", "x",
)  # fmt: skip
markdownish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_arbitrary_text_renders_safely(text: str) -> None:
    assert_safe(render(text))


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_markdown_and_html_fragments_render_safely(text: str) -> None:
    assert_safe(render(text))


class TestInput:
    def test_nul_and_surrogates_are_stripped(self) -> None:
        out = render("a\x00b\ud800c\udfff")
        assert "\x00" not in out
        assert not re.search("[\ud800-\udfff]", out)
        assert out.encode("utf-8") == b"<p>abc</p>\n"

    def test_line_endings_are_normalised(self) -> None:
        assert render("a\r\nb\r\n\r\nc") == render("a\nb\n\nc")

    def test_rendering_is_pure(self) -> None:
        text = "# t\n\n[x](http://e.com) ![i](/uploads/i.png)\n\n|a|\n|-|\n|b|"
        assert render(text) == render(text)
