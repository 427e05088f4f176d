"""Report dates ("said on Monday") against event dates ("was killed on Monday")."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.extract.dates import find_dates

PUBLISHED = date(2023, 10, 19)  # a Thursday


@pytest.mark.parametrize(
    ("text", "quoted", "day"),
    [
        ("Local media reported on Thursday that a depot had been hit.", "Thursday", date(2023, 10, 19)),
        ("The health ministry said on Monday that 14 people had died.", "Monday", date(2023, 10, 16)),
        ("The army announced on 15 October 2023 that it struck a tunnel.", "15 October 2023", date(2023, 10, 15)),
        ("The list was published on 17/10 by the civil defence.", "17/10", date(2023, 10, 17)),
        ("According to a statement on Tuesday, four medics were hurt.", "Tuesday", date(2023, 10, 17)),
        ("The governor on Monday said the shelling had stopped.", "Monday", date(2023, 10, 16)),
        ("Officials said late on Wednesday that the toll had risen.", "Wednesday", date(2023, 10, 18)),
    ],
)
def test_report_dates_bound_the_event_from_above(text: str, quoted: str, day: date) -> None:
    (m,) = find_dates(text, published=PUBLISHED)
    assert m.range.text == quoted
    assert m.range.basis == "report"
    assert m.range.earliest is None
    assert m.range.latest == day


@pytest.mark.parametrize(
    "text",
    [
        "A strike killed two brothers on Monday, their cousin said.",
        "Residents reported that on Monday a drone hit the bakery.",
        "On 15 October 2023 the army struck a tunnel, officials said.",
        "Their home was destroyed on 17/10 in the evening.",
    ],
)
def test_event_dates_stay_event_dates(text: str) -> None:
    (m,) = find_dates(text, published=PUBLISHED)
    assert m.range.basis == "event"
    assert m.range.earliest is not None and m.range.earliest == m.range.latest
