"""The quick tests before the cue patterns never change what the patterns find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.place_lexicon import place_lexicon
from civmon.extract.places import _article_start, _prev_word, _Spans

PIECES = st.sampled_from(["in", "In", "the", "The", "near", "close to", "of", "OF", "5", "km", "12km", "south", "SE",
                          "south-east", "eastern", "rural", "village", "refugee camp", "Gaza", "al", "Al", "el", "ash",
                          "Abu", "x1", "’s", "'", "(", ",", ".", "ſ", "\u212a", "é", "_", "outskirts", "ſouth", "\u212am", "acroſſ"])
JOINS = st.sampled_from([" ", "", "-", "\n", "  ", " \n", "\t"])


def _spans(m: re.Match[str] | None) -> tuple[tuple[int, int], ...] | None:
    return None if m is None else tuple(m.span(i) for i in range(m.re.groups + 1))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(PIECES, JOINS), max_size=8))
def test_the_cue_searches_find_what_the_patterns_find(parts: list[tuple[str, str]]) -> None:
    lex = place_lexicon("en")
    before = "".join(p + j for p, j in parts)
    assert _spans(lex.prep_before(before)) == _spans(lex.prep_re.search(before))
    assert _spans(lex.offset_before(before)) == _spans(lex.offset_re.search(before))
    assert _spans(lex.direction_before(before)) == _spans(lex.direction_re.search(before))


_PREV_RE = re.compile(r"([^\W\d_][\w'’]*)([ -])$")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(PIECES, JOINS), max_size=10), st.sampled_from(["Gaza", "Rafah"]))
def test_the_word_before_a_name_is_the_patterns(parts: list[tuple[str, str]], name: str) -> None:
    head = "".join(p + j for p, j in parts)
    text = head + name
    m = _PREV_RE.search(text, max(0, len(head) - 40), len(head))
    assert _prev_word(text, len(head)) == (None if m is None else (m.group(1), m.group(2), m.start(1)))


@pytest.mark.parametrize(("text", "name", "start"), [
    ("fighting in Al-Jineh", "Jineh", "Al-Jineh"),
    ("near El Bireh", "Bireh", "El Bireh"),
    ("near el Bireh", "Bireh", "Bireh"),  # a small 'el' with a space may be a word of another language
    ("the el-Wak road", "Wak", "el-Wak"),
    ("Hospital-Rafah", "Rafah", "Rafah"),
])
def test_an_article_before_a_name_joins_it(text: str, name: str, start: str) -> None:
    at = text.index(name)
    assert text[_article_start(text, at):at + len(name)] == start


SUBJECT_PIECES = st.sampled_from(["Kurman", "Al-Rashid", "al-Amal", "Beit", "Lahia", "village", "refugee camp", "(", ",",
                                  "about", "approx.", "12", "12.5", "-", "km", "kilometres", "(about 8 miles)",
                                  "(8 mi.)", "to the", "north east", "south-west", "SE", "of", "the", "x", "Town",
                                  ")", "in", "The", "fighters"])


@settings(max_examples=400, deadline=None)
@given(st.lists(SUBJECT_PIECES, max_size=40), st.sampled_from(["SE of ", "south west of the ", "north of  "]))
def test_the_subject_of_an_offset_is_what_the_pattern_finds(pieces: list[str], tail: str) -> None:
    lex = place_lexicon("en")
    head = " ".join(pieces) + " " + tail
    m = lex.subject_re.search(head)
    assert _spans(lex.subject_search(head)) == _spans(m if m is not None and (m.group(2) or m.group(3)) else None)


def test_the_subject_search_reads_a_long_sentence_only_at_its_end() -> None:
    lex = place_lexicon("en")
    head = "Fighters from Tall Hamra and Kafr Sous said " * 40 + "Kurman Village (about 12 - km (about 8 mi.) to the north east of "
    m = lex.subject_search(head)
    assert m is not None and m.group(1) == "Kurman Village"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=25), st.integers(0, 70),
       st.integers(1, 15))
def test_span_lookups_agree_with_a_scan(raw: list[tuple[int, int]], start: int, width: int) -> None:
    spans = [(a, a + w) for a, w in raw]
    index = _Spans(spans)
    end = start + width
    hit = [i for i, (a, b) in enumerate(spans) if a < end and start < b]
    assert index.overlaps(start, end) == bool(hit)
    assert index.overlapping(start, end) == hit
