"""Numbers that are not dates, and any text at all: find_dates returns a list and never raises."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.dates import find_dates

PUBLISHED = date(2023, 10, 19)


@pytest.mark.parametrize(
    "text",
    [
        "The driver was 38 years old.",
        "At least 12 people were hurt.",
        "The blast came at 10:30 in the morning.",
        "The shell landed 2 km from the school.",
        "Prices rose by 12% and then 3.5% more.",
        "Call the hotline on 0612/345678 for news.",
        "He had spent 13 years imprisoned before his release.",
        "Roughly 24/7 coverage was promised by the channel.",
        "Power returned to 50/50 of the homes.",
        "Families may flee if the shelling continues.",
        "Crowds began to march toward the square.",
        "May 12 people be remembered.",
        "Road 1.5 was closed and 3.10.2 of the report was redacted.",
        "The footage was aired by Russia Today and other channels.",
        "A body was found in the October neighbourhood of the town.",
        "Residents of the 6 October district fled north.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, published=PUBLISHED) == []


def test_release_year_is_a_year_mention() -> None:
    (m,) = find_dates("He was released in 2011 in an exchange.", published=PUBLISHED)
    assert (m.precision, m.range.earliest, m.range.latest) == ("year", date(2011, 1, 1), date(2011, 12, 31))


@pytest.mark.parametrize("text", ["A raid on 31/02 was logged.", "A raid on 30 February 2023 was logged.", "On 2023-13-40 nothing."])
def test_impossible_dates_are_skipped(text: str) -> None:
    assert find_dates(text, published=PUBLISHED) == []


@pytest.mark.parametrize(
    "text",
    ["", "\x00\xff\ufffd" * 50, "قصف جوي على غزة في 12 أكتوبر", "💥🔥 12 Oct 💥", "İİİ 12 October 2023 İİİ"],
)
def test_odd_text_returns_a_list(text: str) -> None:
    found = find_dates(text, published=PUBLISHED)
    assert isinstance(found, list)
    for m in found:
        assert text[m.range.span.start:m.range.span.end] == m.range.text


def test_a_2_mb_text_is_read_whole() -> None:
    story = (
        "On 12 October 2023, 14 people died when a house collapsed after the strike; officials said on Monday "
        "that the street at 3/10 was calm again. Neighbours dug through the rubble with their hands for hours "
        "while ambulances struggled to reach the area because the roads were blocked by debris and craters. "
    )
    filler = "The report goes on to describe the damage to nearby homes and shops in some detail. " * 4
    text = (story + filler) * 3000  # about 2 MB
    found = find_dates(text, published=PUBLISHED)  # its speed is a benchmark's business, not a test's
    assert len(found) == 9000


_ALPHABET = st.sampled_from(
    list("0123456789/-.,: ")
    + ["October", "Oct.", "May", "Monday", "last", "yesterday", "between", "and", "to", "the week of", "ago",
       "two", "days", "said on", "in", "2016", "12th", "İ", "😀", "غزة", "\n", "overnight", "before last"]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=40).map(" ".join)),
    published=st.one_of(st.none(), st.dates()),
)
def test_any_text_gives_valid_mentions(text: str, published: date | None) -> None:
    found = find_dates(text, published=published)
    assert isinstance(found, list)
    last_start = -1
    for m in found:
        span = m.range.span
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start:span.end] == m.range.text
        assert span.start >= last_start
        last_start = span.start
        if m.range.earliest is not None and m.range.latest is not None:
            assert m.range.earliest <= m.range.latest
        assert m.range.latest is not None
        if published is None:
            assert m.relative is False
