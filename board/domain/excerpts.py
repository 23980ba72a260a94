"""Plain-text excerpts of stored HTML for feed cards and previews."""

from __future__ import annotations

from html.parser import HTMLParser

EXCERPT_LENGTH = 280  # about three lines of a feed card on a phone: enough to judge the argument

# Text inside these elements is not prose a reader would recognise in a summary.
_SKIPPED_ELEMENTS = frozenset({"pre", "code", "table"})
_BLOCK_ELEMENTS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping += 1
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_ELEMENTS and self._skipping:
            self._skipping -= 1
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Return the readable text of an HTML fragment with whitespace collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join("".join(collector.parts).split())


def excerpt(html: str, limit: int = EXCERPT_LENGTH) -> str:
    """Return at most `limit` characters of the text, cut at a word boundary with an ellipsis."""
    return shorten(plain_text(html), limit)


def shorten(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """Return at most `limit` characters of plain text, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
