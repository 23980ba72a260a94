"""Render user Markdown to safe HTML: the only module that calls the parser and the sanitizer."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import bleach
from bleach import html5lib_shim
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table as _markdown_it_table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Links may leave the board (http/https), start an email (mailto) or stay on it (relative).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Images load without a click, so they come only from the web over http(s) or our own uploads.
IMAGE_SCHEMES = frozenset({"http", "https"})
UPLOADS_PREFIX = "/uploads/"  # where the board serves files people uploaded
# nofollow+ugc: search engines must not credit links that users wrote; noopener: a linked page
# opened in a new tab gets no handle on ours. Set on every link, whatever the markup said.
LINK_REL = "nofollow ugc noopener"

# markdown-it stops nesting blocks and inline markup past this depth and renders the rest as text.
# 20 is deeper than any real post needs, and it bounds both the parser's work on inputs like
# ">" * 10000 and the depth of the HTML tree the sanitizer has to walk.
MAX_NESTING = 20
# A table row may omit cells and markdown-it fills them in, so "|\n" can cost a whole row of
# cells: 40,000 characters could become 65,536 cells and seconds of work. Past this many cells
# in one post, table rows render as plain paragraph text. 5,000 cells is data, not a post.
MAX_TABLE_CELLS = 5_000
# A reference definition lets a 3-character "[a]" repeat a 30,000-character URL, so a 40,000
# character post could render to 40 MB. Past this many characters of link and image targets
# and titles in one post, further links render as their text (twice the longest post).
MAX_LINK_TARGET_CHARS = 80_000
# Nobody legitimate wraps a URL in more than a couple of layers of entity/percent encoding;
# a URL still changing after this many decoding rounds is rejected rather than decoded forever.
MAX_URL_DECODE_ROUNDS = 4

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "del", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "img",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
# No style (table alignment is dropped with it), id, name, class or on* attribute anywhere.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "rel"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
}

# Browsers drop tabs and newlines inside URLs and C0 controls and spaces around them, so
# "java\tscript:" is javascript:. Removing every control and space is stricter still.
_URL_IGNORED_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# A scheme can only come before the first path, query or fragment delimiter;
# browsers read "\" as "/".
_BEFORE_PATH = re.compile(r"[/?#\\]")
_FORBIDDEN_INPUT_CHARS = re.compile("[\x00\ud800-\udfff]")  # NUL and lone surrogates
_TABLE_CELLS_LEFT = "board_table_cells_left"  # markdown-it env key: this render's cell budget


def render(text: str) -> str:
    """Render Markdown text to HTML that is safe to show as is."""
    safe_html: str = _cleaner().clean(_MARKDOWN.render(_clean_input(text)))
    return safe_html


def _clean_input(text: str) -> str:
    """Strip NULs and lone surrogates and normalise line endings."""
    text = _FORBIDDEN_INPUT_CHARS.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- URL policy -------------------------------------------------------------------------------


def _url_scheme(url: str) -> str | None:
    """Return the lowercase scheme a browser could read in url, "" if relative, None if opaque."""
    decoded = _decode_url(url)
    if decoded is None:
        return None
    canonical = _URL_IGNORED_CHARS.sub("", decoded).lower()
    head = _BEFORE_PATH.split(canonical, maxsplit=1)[0]
    # Any colon before the path makes a scheme; "a%3Ab" and "jav%09ascript:" count too.
    return head.split(":", 1)[0] if ":" in head else ""


def _decode_url(url: str) -> str | None:
    """Undo entity and percent encoding until the URL stops changing, or give up."""
    for _ in range(MAX_URL_DECODE_ROUNDS):
        decoded = unquote(html.unescape(url))
        if decoded == url:
            return url
        url = decoded
    return None


def _is_allowed_link(url: str) -> bool:
    """Tell whether url may be a link's href."""
    # Protocol-relative "//host" stays relative here: it is just an http(s) link to another
    # site, no worse than one spelt out, and it gets the same rel as every link.
    scheme = _url_scheme(url)
    return scheme == "" or scheme in LINK_SCHEMES


def _is_allowed_image(url: str) -> bool:
    """Tell whether url may be an image's src."""
    # Relative images must be our uploads; "//host" and "/\host" fail the prefix test, so a
    # protocol-relative image is rejected and only explicit http(s) loads from elsewhere.
    scheme = _url_scheme(url)
    if scheme == "":
        return _URL_IGNORED_CHARS.sub("", url).startswith(UPLOADS_PREFIX)
    return scheme in IMAGE_SCHEMES


# --- Parser -----------------------------------------------------------------------------------


class _BoardMarkdown(MarkdownIt):
    """markdown-it with an allowlist in place of its blocklist of link schemes."""

    def validateLink(self, url: str) -> bool:
        """Tell whether url may be a link or image destination."""
        # markdown-it asks this for links and images alike; images are narrowed afterwards.
        return _is_allowed_link(url)


def _bounded_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Parse a table as markdown-it does, cutting it off where the post's cell budget ends."""
    if start_line + 1 >= end_line:
        return False
    delimiter_row = state.src[state.bMarks[start_line + 1] : state.eMarks[start_line + 1]]
    columns = delimiter_row.count("|") + 1  # never fewer than markdown-it will emit
    cells_left: int = state.env.get(_TABLE_CELLS_LEFT, MAX_TABLE_CELLS)
    rows_left = cells_left // columns  # the header row counts too
    if rows_left < 1:
        return False
    # Lines past end_line are invisible to the table rule, so the rest becomes a paragraph.
    if not _markdown_it_table(state, start_line, min(end_line, start_line + 1 + rows_left), silent):
        return False
    if not silent:
        rows_used = state.line - start_line - 1  # the delimiter line holds no cells
        state.env[_TABLE_CELLS_LEFT] = cells_left - rows_used * columns
    return True


def _limit_links(state: StateCore) -> None:
    """Turn disallowed images, and links past the post's budget, into their text."""
    spent = 0
    for block in state.tokens:
        if block.children:
            block.children, spent = _limit_inline_links(block.children, spent)


def _limit_inline_links(tokens: list[Token], spent: int) -> tuple[list[Token], int]:
    """Return tokens with over-budget links and images and disallowed images made text."""
    kept: list[Token] = []
    dropping_link = False  # links never nest, so the next link_close ends the dropped link
    for token in tokens:
        if token.type in ("link_open", "image"):
            spent += sum(len(str(token.attrGet(name) or "")) for name in ("href", "src", "title"))
        over_budget = spent > MAX_LINK_TARGET_CHARS
        if token.type == "image" and (over_budget or not _is_allowed_image(_src(token))):
            kept.append(Token("text", "", 0, content=_alt_text(token)))
        elif token.type == "link_open" and over_budget:
            dropping_link = True
        elif token.type == "link_close" and dropping_link:
            dropping_link = False
        else:
            kept.append(token)
    return kept, spent


def _src(image: Token) -> str:
    """Return an image token's source URL."""
    return str(image.attrGet("src") or "")


def _alt_text(image: Token) -> str:
    """Return an image token's alt text as plain text."""
    return "".join(child.content for child in image.children or [])


def _build_markdown() -> MarkdownIt:
    """Build the parser: CommonMark, tables, strikethrough and bare-URL links, raw HTML off."""
    options = {"html": False, "linkify": True, "typographer": False, "maxNesting": MAX_NESTING}
    md = _BoardMarkdown("commonmark", options).enable(["table", "strikethrough", "linkify"])
    md.block.ruler.at("table", _bounded_table, {"alt": ["paragraph", "reference"]})
    md.core.ruler.push("board_limit_links", _limit_links)
    return md


_MARKDOWN = _build_markdown()


# --- Sanitizer --------------------------------------------------------------------------------


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    """Tell whether the sanitizer keeps attribute name="value" on tag."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, frozenset()):
        return False
    if tag == "a" and name == "href":
        return _is_allowed_link(value)
    if tag == "img" and name == "src":
        return _is_allowed_image(value)
    if name == "start":
        return value.isascii() and value.isdigit()
    return True


class _ForceLinkRel(html5lib_shim.Filter):  # type: ignore[misc]
    """Set rel on every link, replacing whatever rel it had."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "a":
                token["data"] = {**token["data"], (None, "rel"): LINK_REL}
            yield token


class _LinearTreeWalker(html5lib_shim.getTreeWalker("etree")):  # type: ignore[misc]
    """html5lib's etree walker, minus its quadratic climb back to a parent."""

    # Leaving an element, html5lib scans all the grandparent's children to find the parent's
    # position: a table of 5,000 rows or a post of 8,000 paragraphs took seconds. Index each
    # grandparent's children once instead.

    def __init__(self, tree: Any) -> None:
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node: Any) -> Any:
        """Return the node above node, as html5lib's etree walker does."""
        if not isinstance(node, tuple) or node[3] == "text" or len(node[2]) < 2:
            return super().getParentNode(node)
        parents = node[2]
        parent = parents.pop()
        return parent, self._position(parents[-1], parent), parents, None

    def _position(self, grandparent: Any, parent: Any) -> int:
        """Return where parent sits among grandparent's children."""
        positions = self._positions.get(id(grandparent))
        if positions is None:
            positions = {id(child): index for index, child in enumerate(grandparent)}
            self._positions[id(grandparent)] = positions
        return positions[id(parent)]


# bleach's Cleaner keeps parser state between calls, so each thread gets its own.
_local = threading.local()


def _cleaner() -> Any:
    """Return this thread's sanitizer."""
    if not hasattr(_local, "cleaner"):
        cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allow_attribute,
            protocols=LINK_SCHEMES,
            strip=False,  # anything unexpected shows as escaped text rather than vanishing
            strip_comments=True,
            filters=[_ForceLinkRel],
        )
        cleaner.walker = _LinearTreeWalker
        _local.cleaner = cleaner
    return _local.cleaner
