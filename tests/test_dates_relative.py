"""Words that count from the publication day: yesterday, weekdays, last week, two days ago."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.extract.dates import find_dates

PUBLISHED = date(2023, 10, 19)  # a Thursday

D = date


@pytest.mark.parametrize(
    ("text", "quoted", "earliest", "latest", "precision"),
    [
        ("A drone struck a car yesterday near the port.", "yesterday", D(2023, 10, 18), D(2023, 10, 18), "day"),
        ("Rescue teams are still digging today.", "today", D(2023, 10, 19), D(2023, 10, 19), "day"),
        ("Today, rescue teams are still digging.", "Today", D(2023, 10, 19), D(2023, 10, 19), "day"),
        ("Two houses were flattened on Tuesday.", "Tuesday", D(2023, 10, 17), D(2023, 10, 17), "day"),
        ("Tuesday's raid destroyed a school.", "Tuesday", D(2023, 10, 17), D(2023, 10, 17), "day"),
        ("A market was hit on Thursday morning.", "Thursday", D(2023, 10, 19), D(2023, 10, 19), "day"),
        ("A market was hit last Thursday.", "last Thursday", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("Shells fell on the camp last Monday.", "last Monday", D(2023, 10, 16), D(2023, 10, 16), "day"),
        ("The well was destroyed the Friday before last.", "Friday before last", D(2023, 10, 6), D(2023, 10, 6), "day"),
        ("Jets pounded the district overnight.", "overnight", D(2023, 10, 18), D(2023, 10, 19), "day"),
        ("Jets pounded the district last night.", "last night", D(2023, 10, 18), D(2023, 10, 19), "day"),
        ("A family of five died two days ago in the blast.", "two days ago", D(2023, 10, 17), D(2023, 10, 17), "day"),
        ("A family of five died 3 days ago in the blast.", "3 days ago", D(2023, 10, 16), D(2023, 10, 16), "day"),
        ("Artillery was used earlier this week against the town.", "earlier this week", D(2023, 10, 16), D(2023, 10, 19), "week"),
        ("Artillery was used last week against the town.", "last week", D(2023, 10, 9), D(2023, 10, 15), "week"),
        ("Artillery was used last month against the town.", "last month", D(2023, 9, 1), D(2023, 9, 30), "month"),
        ("Sirens sounded this morning across the city.", "this morning", D(2023, 10, 19), D(2023, 10, 19), "day"),
        ("A strike came on the night of Tuesday, locals recall.", "Tuesday", D(2023, 10, 17), D(2023, 10, 17), "day"),
    ],
)
def test_relative_forms(text: str, quoted: str, earliest: date, latest: date, precision: str) -> None:
    found = find_dates(text, published=PUBLISHED)
    assert len(found) == 1, found
    m = found[0]
    assert m.range.text == quoted
    assert text[m.range.span.start:m.range.span.end] == quoted
    assert (m.range.earliest, m.range.latest) == (earliest, latest)
    assert m.precision == precision
    assert m.relative is True


@pytest.mark.parametrize("text", ["A convoy will move next Monday.", "Markets close every Friday."])
def test_future_and_habitual_weekdays_are_not_dates(text: str) -> None:
    assert find_dates(text, published=PUBLISHED) == []


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell yesterday.",
        "Two houses were flattened on Tuesday.",
        "A family died two days ago.",
        "Jets pounded the district overnight.",
        "Artillery was used last week.",
        "Residents fled in March.",
        "The convoy was hit on 12 Oct near the crossing.",
        "Militia fighters raided the village on 18/01.",
    ],
)
def test_no_publication_day_means_no_guessing(text: str) -> None:
    assert find_dates(text, published=None) == []


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        ("On 14 October 2023 a strike hit a school.", D(2023, 10, 14)),
        ("Records dated 2023-10-12 list the dead.", D(2023, 10, 12)),
        ("The depot burned on 18/01/2016.", D(2016, 1, 18)),
        ("Raids ran from 28 September to 2 October 2023.", D(2023, 9, 28)),
    ],
)
def test_dates_with_a_year_need_no_publication_day(text: str, earliest: date) -> None:
    (m,) = find_dates(text, published=None)
    assert m.range.earliest == earliest
