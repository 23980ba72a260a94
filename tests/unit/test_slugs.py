from board.domain.slugs import SLUG_MAX, reading_minutes, slugify, word_count


def test_slugs_are_lowercase_ascii_words():
    assert slugify("Post Job Interview Thank You Note: Yes or No?") == (
        "post-job-interview-thank-you-note-yes-or-no"
    )
    assert slugify("Café au lait — 3 reasons") == "cafe-au-lait-3-reasons"


def test_slugs_are_cut_at_a_word_and_never_empty():
    slug = slugify("word " * 100)
    assert len(slug) <= SLUG_MAX and not slug.endswith("-")
    assert slugify("!!! ???") == "post"
    assert slugify("") == "post"


def test_reading_time_rounds_up_to_whole_minutes():
    assert word_count("one two  three\nfour") == 4
    assert reading_minutes(0) == 1
    assert reading_minutes(230) == 1
    assert reading_minutes(231) == 2
    assert reading_minutes(2300) == 10
