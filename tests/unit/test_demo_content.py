"""The demo content is consistent data, and its generated covers are valid pictures."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image

from board.demo_content import (
    COMMENTS,
    DEMO_FOLLOWS,
    DEMO_PASSWORD,
    DEMO_TAG_FOLLOWS,
    FLAGSHIP_KEY,
    POSTS,
    TAGS,
    USERS,
    VOTES,
    DemoComment,
    comment_depths,
)
from board.demo_covers import THEMES, make_cover
from board.domain import tags as tag_rules

USERNAMES = {user.username for user in USERS}
POSTS_BY_KEY = {post.key: post for post in POSTS}
COMMENTS_BY_KEY = {comment.key: comment for comment in COMMENTS}


def _flagship_comments() -> list[DemoComment]:
    return [comment for comment in COMMENTS if comment.post == FLAGSHIP_KEY]


def test_enough_people_and_posts() -> None:
    assert len(USERS) >= 8
    assert len(POSTS) >= 6
    assert DEMO_PASSWORD == "demo-password-123"


def test_keys_are_unique_across_posts_and_comments() -> None:
    usernames = [user.username.lower() for user in USERS]
    assert len(usernames) == len(set(usernames))
    keys = [post.key for post in POSTS] + [comment.key for comment in COMMENTS]
    duplicates = [key for key, count in Counter(keys).items() if count > 1]
    assert duplicates == []


def test_usernames_are_valid() -> None:
    for user in USERS:
        assert re.fullmatch(r"[A-Za-z0-9_-]{3,30}", user.username), user.username


def test_text_lengths_fit_the_model_limits() -> None:
    for user in USERS:
        assert 0 < len(user.display_name) <= 60, user.username
        assert 0 < len(user.headline) <= 120, user.username
        assert 0 < len(user.bio_markdown) <= 2000, user.username
    for post in POSTS:
        assert 0 < len(post.title) <= 200, post.key
        assert 0 < len(post.body_markdown) <= 40_000, post.key
    for comment in COMMENTS:
        assert 0 < len(comment.body_markdown) <= 10_000, comment.key


def test_every_author_is_a_known_user() -> None:
    for post in POSTS:
        assert post.author in USERNAMES, post.key
    for comment in COMMENTS:
        assert comment.author in USERNAMES, comment.key


def test_posts_use_known_cover_themes_and_distinct_ages() -> None:
    for post in POSTS:
        assert post.cover_theme in THEMES, post.key
        assert post.age_hours > 0, post.key
    assert len({post.age_hours for post in POSTS}) == len(POSTS)


def test_comment_threads_are_consistent() -> None:
    for comment in COMMENTS:
        post = POSTS_BY_KEY.get(comment.post)
        assert post is not None, comment.key
        assert 0 < comment.age_hours < post.age_hours, comment.key
        if comment.parent is None:
            continue
        parent = COMMENTS_BY_KEY.get(comment.parent)
        assert parent is not None, comment.key
        assert parent.post == comment.post, comment.key
        assert comment.age_hours < parent.age_hours, comment.key
        assert comment.author != parent.author, f"{comment.key} replies to its own author"


def test_every_post_has_a_discussion() -> None:
    per_post = Counter(comment.post for comment in COMMENTS)
    for post in POSTS:
        assert per_post[post.key] >= 2, post.key


def test_flagship_post_and_its_debate() -> None:
    flagship = POSTS_BY_KEY[FLAGSHIP_KEY]
    assert flagship.title == "Post Job Interview Thank You Note: Yes or No?"
    assert flagship.key == "thank-you-note"
    words = len(flagship.body_markdown.split())
    assert 300 <= words <= 900

    debate = _flagship_comments()
    assert len(debate) >= 15
    depths = comment_depths()
    assert max(depths[comment.key] for comment in debate) >= 3
    # The post's author joins the debate, and several people take part.
    assert flagship.author in {comment.author for comment in debate}
    assert len({comment.author for comment in debate}) >= 6


def test_comment_depths_match_parents() -> None:
    depths = comment_depths()
    assert set(depths) == set(COMMENTS_BY_KEY)
    for comment in COMMENTS:
        expected = 0 if comment.parent is None else depths[comment.parent] + 1
        assert depths[comment.key] == expected, comment.key


def test_votes_are_valid() -> None:
    authors = {post.key: post.author for post in POSTS}
    authors.update({comment.key: comment.author for comment in COMMENTS})
    pairs = Counter((vote.voter, vote.target_key) for vote in VOTES)
    assert [pair for pair, count in pairs.items() if count > 1] == []
    for vote in VOTES:
        assert vote.voter in USERNAMES, vote
        assert vote.target_key in authors, vote
        assert vote.value in (1, -1), vote
        assert vote.voter != authors[vote.target_key], f"self-vote: {vote}"


def test_flagship_scores_are_varied() -> None:
    scores: Counter[str] = Counter()
    for vote in VOTES:
        scores[vote.target_key] += vote.value
    debate_scores = [scores[comment.key] for comment in _flagship_comments()]
    assert scores[FLAGSHIP_KEY] > 0
    assert any(score < 0 for score in debate_scores)
    assert len(set(debate_scores)) >= 5


def test_markdown_paragraphs_are_not_hard_wrapped() -> None:
    # _md joins soft-wrapped source lines; no paragraph line should start with indentation.
    for post in POSTS:
        for line in post.body_markdown.splitlines():
            assert line == line.lstrip(), (post.key, line)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_make_cover_returns_a_png_of_the_requested_size(theme: str) -> None:
    data = make_cover(theme, "A title", width=320, height=180)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (320, 180)
    image.load()


def test_make_cover_is_deterministic_and_varies_with_the_title() -> None:
    first = make_cover("ocean", "Salary ranges belong in every job post", 400, 225)
    again = make_cover("ocean", "Salary ranges belong in every job post", 400, 225)
    other = make_cover("ocean", "Something else entirely", 400, 225)
    assert first == again
    assert first != other


def test_make_cover_default_size_and_unknown_theme() -> None:
    image = Image.open(io.BytesIO(make_cover("no-such-theme", "Title")))
    assert image.size == (1600, 900)


def test_posts_carry_one_to_five_curated_tags() -> None:
    slugs = {tag.slug for tag in TAGS}
    assert len(slugs) == len(TAGS) >= 5
    for tag in TAGS:
        assert tag_rules.slug_problems(tag.slug, taken=False) == [], tag.slug
        assert tag_rules.name_problems(tag.name, tag.description) == [], tag.slug
    for post in POSTS:
        assert 1 <= len(set(post.tags)) <= tag_rules.MAX_PER_POST, post.key
        assert set(post.tags) <= slugs, post.key
    for follower, followee in DEMO_FOLLOWS:
        assert {follower, followee} <= USERNAMES and follower != followee
    for reader, slug in DEMO_TAG_FOLLOWS:
        assert reader in USERNAMES and slug in slugs
