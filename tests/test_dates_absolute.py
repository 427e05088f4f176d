"""Calendar dates written out in full or in part, resolved against a fixed publication day."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.extract.dates import find_dates

PUBLISHED = date(2023, 10, 19)  # a Thursday

D = date


@pytest.mark.parametrize(
    ("text", "quoted", "earliest", "latest", "precision"),
    [
        ("Shelling hit the market on 12 October 2023, witnesses said.", "12 October 2023", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("On October 12th 2023, a strike destroyed a bakery.", "October 12th 2023", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("On October 12th, 2023, a strike destroyed a bakery.", "October 12th, 2023", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("Rescuers searched the rubble on Oct. 12th for survivors.", "Oct. 12th", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("The convoy was hit on 12 Oct near the crossing.", "12 Oct", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("On the evening of October 8th 2023 a shell struck a school.", "October 8th 2023", D(2023, 10, 8), D(2023, 10, 8), "day"),
        ("Strike log entry 2023-10-12: two houses destroyed.", "2023-10-12", D(2023, 10, 12), D(2023, 10, 12), "day"),
        ("Militia fighters raided the village on 18/01.", "18/01", D(2023, 1, 18), D(2023, 1, 18), "day"),
        ("A mortar landed near the base in the night of 11/04.", "11/04", D(2023, 4, 11), D(2023, 4, 11), "day"),
        ("The bridge was bombed on 18/01/2016 at dawn.", "18/01/2016", D(2016, 1, 18), D(2016, 1, 18), "day"),
        ("Raids continued between 12 and 14 October in the north.", "between 12 and 14 October", D(2023, 10, 12), D(2023, 10, 14), "day"),
        ("Raids continued October 12-14 in the north.", "October 12-14", D(2023, 10, 12), D(2023, 10, 14), "day"),
        ("Raids continued from 12 to 14 October in the north.", "from 12 to 14 October", D(2023, 10, 12), D(2023, 10, 14), "day"),
        ("Fighting lasted four days (9-12/10) near the river.", "9-12/10", D(2023, 10, 9), D(2023, 10, 12), "day"),
        ("Raids ran from 28 September to 2 October 2023.", "28 September to 2 October 2023", D(2023, 9, 28), D(2023, 10, 2), "day"),
        ("On Wednesday, 18 October 2023, a mosque was hit.", "Wednesday, 18 October 2023", D(2023, 10, 18), D(2023, 10, 18), "day"),
        ("A strike on October 9 or October 10, 2023 hit the clinic.", "October 9 or October 10, 2023", D(2023, 10, 9), D(2023, 10, 10), "day"),
        ("Residents fled the area in March.", "March", D(2023, 3, 1), D(2023, 3, 31), "month"),
        ("The camp was first shelled in March 2017.", "March 2017", D(2017, 3, 1), D(2017, 3, 31), "month"),
        ("The prisoner was freed in 2016 after a deal.", "2016", D(2016, 1, 1), D(2016, 12, 31), "year"),
        ("Aid stopped during the week of 9 October 2023.", "the week of 9 October 2023", D(2023, 10, 9), D(2023, 10, 15), "week"),
        ("Aid stopped during the week of Wednesday, 11 October 2023.", "the week of Wednesday, 11 October 2023", D(2023, 10, 9), D(2023, 10, 15), "week"),
    ],
)
def test_absolute_forms(text: str, quoted: str, earliest: date, latest: date, precision: str) -> None:
    found = find_dates(text, published=PUBLISHED)
    assert len(found) == 1, found
    m = found[0]
    assert m.range.text == quoted
    assert text[m.range.span.start:m.range.span.end] == quoted
    assert (m.range.earliest, m.range.latest) == (earliest, latest)
    assert m.precision == precision
    assert m.range.basis == "event"
    assert m.relative is False


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        # the latest such day not after publication, with one day of tolerance
        (date(2016, 1, 5), "Clashes broke out on 28/12.", date(2015, 12, 28)),
        (date(2016, 1, 5), "Clashes broke out on 06/01.", date(2016, 1, 6)),
        (date(2016, 1, 5), "Clashes broke out on 07/01.", date(2015, 1, 7)),
        (date(2024, 3, 2), "Shelling on 29 February killed two.", date(2024, 2, 29)),
        (date(2023, 3, 2), "Shelling on 29 February killed two.", date(2020, 2, 29)),
    ],
)
def test_year_is_inferred_from_publication(published: date, text: str, expected: date) -> None:
    (m,) = find_dates(text, published=published)
    assert m.range.earliest == m.range.latest == expected


def test_mentions_come_in_text_order() -> None:
    text = "A raid on 3 October 2023 was followed by another on 5/10 and a third yesterday."
    found = find_dates(text, published=PUBLISHED)
    assert [m.range.text for m in found] == ["3 October 2023", "5/10", "yesterday"]
    assert [m.range.span.start for m in found] == sorted(m.range.span.start for m in found)


def test_weekday_restated_as_a_date_gives_one_mention() -> None:
    text = "Gunfire erupted on Sunday [15 October] in the old town."
    (m,) = find_dates(text, published=PUBLISHED)
    assert (m.range.text, m.range.earliest, m.relative) == ("15 October", date(2023, 10, 15), False)
