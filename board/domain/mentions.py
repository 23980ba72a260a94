"""@mentions in Markdown: find the @username tokens a reader would see, and turn them into links."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from board.domain.accounts import USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH

# A comment naming more people than this is a broadcast, not a conversation: only the first
# MAX_MENTIONS distinct names become links and notifications, which also bounds the lookup.
MAX_MENTIONS = 20

# Where a profile lives (board/web/users.py); relative, so the link stays on the board.
PROFILE_PREFIX = "/u/"

# "@name" not glued to what precedes it: a word character means an email (a@b.com), "/" a URL
# path (medium.com/@ada), "\" an escaped "@", and "@", ".", "+", "-" other address forms.
# The name must end where a username can end, so "@" + 31 letters is not cut to 30.
_MENTION = re.compile(
    rf"(?<![\w@/\\.+\-])@([A-Za-z0-9_-]{{{USERNAME_MIN_LENGTH},{USERNAME_MAX_LENGTH}}})"
    r"(?![A-Za-z0-9_-]|@)",
    re.ASCII,
)

# Where an "@" is not a mention: code, links the writer made, autolinks and bare URLs.
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_CODE_SPAN_TICKS = re.compile(r"`+")
_NOT_TEXT = re.compile(
    r"!?\[[^\]\n]*\]\([^)\n]*\)"  # [text](destination) and images
    r"|!?\[[^\]\n]*\]\[[^\]\n]*\]"  # [text][reference]
    r"|^ {0,3}\[[^\]\n]+\]:[^\n]*"  # [reference]: destination
    r"|<[^<>\s]+>"  # <https://autolink> and <a@b.example>
    r"|(?:https?://|www\.)\S+",  # bare URLs, which become links too
    re.MULTILINE | re.IGNORECASE,
)


def _code_block_lines(lines: list[str]) -> Iterator[bool]:
    """Yield, for each line, whether it belongs to a fenced or indented code block."""
    fence: str | None = None
    previous_blank_or_code = True
    for line in lines:
        if fence is not None:
            if line.lstrip(" ").startswith(fence) and line.strip(" \n").strip(fence[0]) == "":
                fence = None
            yield True
            previous_blank_or_code = True
            continue
        opening = _FENCE_OPEN.match(line)
        if opening:
            fence = opening.group(1)
            yield True
            previous_blank_or_code = True
            continue
        # An indented line is code only after a blank line or more code; otherwise it
        # continues a paragraph. (List items indent too: reading those as code only means
        # a name there stays plain text, the safe way to be wrong.)
        code = bool(_INDENTED.match(line)) and line.strip() != "" and previous_blank_or_code
        previous_blank_or_code = code or line.strip() == ""
        yield code


def _code_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield the (start, end) of each `code span`: a run of backticks to the next equal run."""
    runs = list(_CODE_SPAN_TICKS.finditer(text))
    i = 0
    while i < len(runs):
        opening = runs[i]
        closing = next(
            (j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opening.group())),
            None,
        )
        if closing is None:
            i += 1  # an unmatched run is literal backticks
            continue
        yield opening.start(), runs[closing].end()
        i = closing + 1


def _masked(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) ranges of text where an "@" is not a mention."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    lines = text.splitlines(keepends=True)
    for line, in_code in zip(lines, _code_block_lines(lines), strict=True):
        if in_code:
            ranges.append((offset, offset + len(line)))
        offset += len(line)
    ranges.extend(_code_spans(text))
    ranges.extend(match.span() for match in _NOT_TEXT.finditer(text))
    return ranges


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Yield each @name match a reader would see as a mention."""
    masked = _masked(text)
    for match in _MENTION.finditer(text):
        start = match.start()
        if not any(low <= start < high for low, high in masked):
            yield match


def find_mentions(text: str) -> list[str]:
    """Return the distinct @names in Markdown text, as first written, at most MAX_MENTIONS."""
    names: dict[str, str] = {}
    for match in _matches(text):
        names.setdefault(match.group(1).lower(), match.group(1))
        if len(names) == MAX_MENTIONS:
            break
    return list(names.values())


def link_mentions(text: str, usernames: Mapping[str, str]) -> str:
    """Rewrite each @name whose lowercase form is in usernames as a Markdown profile link."""
    # usernames maps a lowercase name to the account's own spelling, which the link uses.
    # Only names among the first MAX_MENTIONS are linked, as find_mentions reports them.
    allowed = {name.lower() for name in find_mentions(text)}
    pieces: list[str] = []
    last = 0
    for match in _matches(text):
        key = match.group(1).lower()
        if key not in usernames or key not in allowed:
            continue
        written = match.group(1).replace("_", r"\_")  # "@_ada_" must not turn italic
        pieces.append(text[last : match.start()])
        pieces.append(f"[@{written}]({PROFILE_PREFIX}{usernames[key]})")
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)
