"""The query syntax both databases share (websearch_to_tsquery's), accent folding, excerpts."""

import pytest

from core.search import Clause, excerpt, fold, parse_query


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Malmö", "malmo"), ("São Paulo", "sao paulo"), ("Straße", "strasse"), ("Ærø", "aero")],
)
def test_folding_drops_case_and_accents(text, folded):
    assert fold(text) == folded


def words(text):
    return [
        [(" ".join(c.words), c.negated) for c in alternative]
        for alternative in parse_query(text).alternatives
    ]


def test_words_are_anded():
    assert words("mentoring  Toronto") == [[("mentoring", False), ("toronto", False)]]


def test_quotes_make_a_phrase_and_minus_excludes():
    assert words('"sad cat" -dog -"fat rat"') == [
        [("sad cat", False), ("dog", True), ("fat rat", True)]
    ]


def test_or_separates_alternatives_as_postgresql_does():
    # websearch_to_tsquery('a b or c') is 'a' & 'b' | 'c'
    assert words("a b or c") == [[("a", False), ("b", False)], [("c", False)]]
    assert words('"sad cat" -dog OR fish') == [
        [("sad cat", False), ("dog", True)],
        [("fish", False)],
    ]


@pytest.mark.parametrize("text", ["", "   ", "&&", '""', "-", "or"])
def test_nothing_to_look_for(text):
    assert not parse_query(text)


def test_a_dangling_or_and_an_open_quote_are_forgiven():
    assert words("or fish or") == [[("fish", False)]]
    assert words('"sao paulo') == [[("sao paulo", False)]]


def test_hyphenated_words_are_a_phrase():
    assert words("mentoring-programme") == [[("mentoring programme", False)]]


def test_excerpt_escapes_the_text_then_marks_matches():
    source = "Before <b>bold</b> the Malmö office & more. " + "word " * 60
    marked = excerpt(source, parse_query("malmo"))

    assert "<mark>Malmö</mark>" in marked
    assert "&lt;b&gt;bold&lt;/b&gt;" in marked
    assert "&amp;" in marked
    assert marked.endswith("…")


def test_no_excerpt_without_a_match():
    assert excerpt("Nothing to see", parse_query("housing")) is None


def test_clause_patterns_match_word_starts_only():
    import re

    pattern = Clause(("art",)).pattern
    assert re.search(pattern, "street art")
    assert re.search(pattern, "artists")
    assert not re.search(pattern, "start")
