"""Number phrases -> [min, max] ranges: digits, words, qualifiers, ranges, vague words, non-numbers."""

from __future__ import annotations

import pytest
import yaml

from civmon.errors import ConfigError
from civmon.extract.numbers import find_numbers, parse_number, vague_policy, vague_policy_names
from civmon.lexicon import data_text

Bounds = tuple[int | None, int | None]


def only(text: str, *, policy: str = "conservative") -> tuple[int | None, int | None, str]:
    found = find_numbers(text, policy=policy)
    assert len(found) == 1, f"{text!r}: {found}"
    n = found[0]
    assert text[n.span.start:n.span.end] == n.words
    return n.min, n.max, n.words


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("7", 7, 7),
    ("12", 12, 12),
    ("1,200", 1200, 1200),
    ("12,345,678", 12345678, 12345678),
    ("2 million", 2_000_000, 2_000_000),
    ("twelve", 12, 12),
    ("eleven", 11, 11),
    ("twenty-three", 23, 23),
    ("twenty three", 23, 23),
    ("ninety-nine", 99, 99),
    ("a hundred", 100, 100),
    ("one hundred and five", 105, 105),
    ("two thousand", 2000, 2000),
    ("a couple of", 2, 2),
    ("both", 2, 2),
    ("a dozen", 12, 12),
])
def test_plain_numbers(text: str, lo: int, hi: int) -> None:
    assert only(text)[:2] == (lo, hi)


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("at least 47", 47, None),
    ("at least 12", 12, None),
    ("at least\u00a012", 12, None),
    ("at least16", 16, None),  # a qualifier glued to its number (a typing slip)
    ("no fewer than 9", 9, None),
    ("more than 200", 201, None),
    ("over 100", 101, None),
    ("up to 30", None, 30),
    ("as many as 30", None, 30),
    ("nearly 50", None, 49),
    ("almost 1,000", None, 999),
    ("fewer than 10", None, 9),
    ("about 40", 40, 40),
    ("around forty", 40, 40),
    ("some 60", 60, 60),
    ("150+", 150, None),
])
def test_qualifiers_move_the_bounds(text: str, lo: int | None, hi: int | None) -> None:
    got = only(text)
    assert got[:2] == (lo, hi)
    assert got[2] == text  # the qualifier is part of the words


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("between 12 and 15", 12, 15),
    ("between twelve and fifteen", 12, 15),
    ("12-15", 12, 15),
    ("12 to 15", 12, 15),
    ("two or three", 2, 3),
    ("at least 12 to 15", 12, None),
])
def test_ranges(text: str, lo: int | None, hi: int | None) -> None:
    assert only(text)[:2] == (lo, hi)


def test_a_falling_pair_is_not_a_range() -> None:
    assert find_numbers("12-5")[0].min == 12


@pytest.mark.parametrize("text", [
    pytest.param("one thousand two hundred", marks=pytest.mark.xfail(
        strict=True, reason="word numbers with a scale after a thousand split into 1002 + 100")),
])
def test_compound_word_numbers(text: str) -> None:
    assert only(text)[:2] == (1200, 1200)


@pytest.mark.parametrize(("text", "lo", "hi"), [
    pytest.param("more than a dozen", 13, None, marks=pytest.mark.xfail(
        strict=True, reason="'more than' before a vague word keeps 12 as the minimum instead of 13")),
    ("at least dozens", 24, None),
])
def test_qualified_vague_words(text: str, lo: int | None, hi: int | None) -> None:
    assert only(text)[:2] == (lo, hi)


def _table() -> tuple[dict[str, str], dict[str, dict[str, Bounds | None]]]:
    """The vague classes and presets, read from the YAML files the extractor ships."""
    policies = yaml.safe_load(data_text("vague_policies.yaml"))
    words = yaml.safe_load(data_text("lexicons/en/numbers.yaml"))["vague"]
    presets: dict[str, dict[str, Bounds | None]] = {}
    for name, table in policies["presets"].items():
        presets[name] = {cls: None if v == "none" else (v[0], v[1]) for cls, v in table.items()}
    return words, presets


_WORDS, _PRESETS = _table()
_VAGUE_CASES = [(w, p) for w in ("dozens", "dozens of", "a dozen", "tens of", "scores of", "hundreds of",
                                 "thousands of", "several", "a number of", "numerous", "a large number of")
                for p in ("conservative", "airwars", "acled", "strict")]


@pytest.mark.parametrize(("words", "policy"), _VAGUE_CASES)
def test_vague_words_follow_the_policy_table(words: str, policy: str) -> None:
    expected = _PRESETS[policy][_WORDS[words]]
    lo, hi, got_words = only(f"{words} people", policy=policy)
    assert got_words == words  # words always kept
    assert (lo, hi) == (expected if expected is not None else (None, None))


@pytest.mark.parametrize(("policy", "bounds"), [
    ("conservative", (24, None)),
    ("airwars", (12, 24)),
    ("acled", (12, 12)),
    ("strict", (None, None)),
])
def test_dozens_under_each_preset(policy: str, bounds: Bounds) -> None:
    assert only("dozens were hurt", policy=policy) == (*bounds, "dozens")


def test_policy_names_and_unknown_policy() -> None:
    assert set(vague_policy_names()) == {"conservative", "airwars", "acled", "strict"}
    assert vague_policy("strict")["dozens"] is None
    with pytest.raises(ConfigError):
        find_numbers("dozens", policy="generous")


@pytest.mark.parametrize("text", [
    "3:10", "at 10:30", "18/01", "on 18/01/2024", "the 12th", "40%", "40 %", "38 years old", "a 38-year-old",
    "5 km", "200 metres", "10 am", "6 pm", "3 days", "1.5",
])
def test_non_numbers(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(("words", "value"), [
    ("1,200", 1200), ("12", 12), ("twenty-three", 23), ("one hundred and five", 105), ("a hundred", 100),
    ("2 million", 2_000_000), ("a dozen", None), ("", None), ("purple", None),
])
def test_parse_number(words: str, value: int | None) -> None:
    assert parse_number(words) == value
