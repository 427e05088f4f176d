"""Invariants of find_numbers over random text, and parse_number round-trips of written integers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.numbers import find_numbers, parse_number

_PIECES = st.sampled_from([
    "at least", "more than", "nearly", "between", "and", "to", "or", "dozens of", "a dozen", "twenty-three",
    "one hundred", "1,200", "12-15", "150+", "3:10", "18/01", "40%", "people", "killed", " ", "-", ",",
])
_TEXT = st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, policy=st.sampled_from(["conservative", "airwars", "acled", "strict"]))
def test_find_numbers_spans_and_bounds(text: str, policy: str) -> None:
    for n in find_numbers(text, policy=policy):
        assert 0 <= n.span.start < n.span.end <= len(text)
        assert text[n.span.start:n.span.end] == n.words
        if n.min is not None and n.max is not None:
            assert n.min <= n.max


def _with_separators(value: int) -> str:
    return f"{value:,}"


@settings(max_examples=300, deadline=None)
@given(value=st.integers(min_value=0, max_value=10**12))
def test_parse_number_round_trips_digits(value: int) -> None:
    assert parse_number(_with_separators(value)) == value
    assert parse_number(str(value)) == value


@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=1, max_value=10**9))
def test_find_numbers_reads_separated_digits_in_a_sentence(value: int) -> None:
    text = f"Officials counted {_with_separators(value)} people."
    found = find_numbers(text)
    assert [(n.min, n.max) for n in found] == [(value, value)]
