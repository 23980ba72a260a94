"""Readable URL parts and reading time, from a post's title and text."""

from __future__ import annotations

import math
import re
import unicodedata

SLUG_MAX = 80  # long enough to be readable in a shared link, short enough not to wrap twice
WORDS_PER_MINUTE = 230  # an adult's average silent reading speed for non-fiction

_WORD = re.compile(r"[a-z0-9]+")


def slugify(title: str) -> str:
    """Return the lowercase ASCII words of a title joined by hyphens, cut at a word."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in _WORD.findall(ascii_title.lower()):
        if len(slug) + len(word) + 1 > SLUG_MAX:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "post"


def word_count(text: str) -> int:
    """Count the words of a text the way a reader would."""
    return len(text.split())


def reading_minutes(words: int) -> int:
    """Return the whole minutes a text of `words` words takes to read (at least one)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
