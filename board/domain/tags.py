"""Rules for the curated tags: what a tag's slug and name may be, how many a post carries."""

from __future__ import annotations

import re
from collections.abc import Collection

SLUG_RULE = "2 to 40 lowercase letters, digits or hyphens, e.g. remote-work"
_SLUG = re.compile(r"[a-z0-9-]{2,40}")
NAME_MAX = 60  # a tag is a topic's name, shown on a chip: a few words at most
DESCRIPTION_MAX = 300  # a sentence or two on the tag's page saying what belongs there

MIN_PER_POST = 1  # an untagged post would be invisible on every tag page and Following feed
MAX_PER_POST = 5  # more than five and tags stop telling readers what a post is about


def slug_problems(slug: str, taken: bool) -> list[tuple[str, str]]:
    """Return what is wrong with a new tag's slug (empty when it is fine)."""
    if not _SLUG.fullmatch(slug):
        return [("slug", f"Use {SLUG_RULE}.")]
    if taken:
        return [("slug", f"A tag called “{slug}” exists already.")]
    return []


def name_problems(name: str, description: str) -> list[tuple[str, str]]:
    """Return what is wrong with a tag's name and description."""
    reasons = []
    if not name.strip():
        reasons.append(("name", "Give the tag a name."))
    elif len(name.strip()) > NAME_MAX:
        reasons.append(("name", f"Use at most {NAME_MAX} characters."))
    if len(description.strip()) > DESCRIPTION_MAX:
        reasons.append(("description", f"Use at most {DESCRIPTION_MAX} characters."))
    return reasons


def choice_problems(
    chosen: Collection[int], available: Collection[int], publishing: bool
) -> list[tuple[str, str]]:
    """Return what is wrong with the tags chosen for a post (field "tag_ids")."""
    if set(chosen) - set(available):
        return [("tag_ids", "Choose tags from the list.")]
    if len(set(chosen)) > MAX_PER_POST:
        return [("tag_ids", f"Choose at most {MAX_PER_POST} tags ({len(set(chosen))} now).")]
    # A board with no tags yet must not block posting; a draft may wait for its tags.
    if publishing and available and len(set(chosen)) < MIN_PER_POST:
        return [("tag_ids", "Choose at least one tag so readers can find the post.")]
    return []
