"""Dates checked against the publication day: month-first numeric days, dates after publication,
weekdays restated as calendar dates."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.extract.dates import find_dates

D = date


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        # read day first, 05/02 would be last 5 February, almost a year back; month first it is yesterday
        (D(2019, 5, 3), "Gunmen raided the checkpoint in the night of 05/02.", D(2019, 5, 2)),
        (D(2019, 8, 3), "Gunmen raided the checkpoint on 08/02 at dawn.", D(2019, 8, 2)),
        (D(2021, 9, 12), "A mine hit a lorry on 09/07 near the ford.", D(2021, 9, 7)),
        # day first is recent: it stays day first
        (D(2019, 5, 20), "Gunmen raided the checkpoint on 05/02.", D(2019, 2, 5)),
        (D(2019, 5, 20), "Gunmen raided the checkpoint on 11/05.", D(2019, 5, 11)),
        (D(2019, 5, 20), "Gunmen raided the checkpoint on 12/04.", D(2019, 4, 12)),
        # month first would be months back too: nothing to gain, day first stays
        (D(2019, 1, 4), "Gunmen raided the checkpoint on 08/01.", D(2018, 1, 8)),
        # a day above 12 cannot be a month; the same number twice reads the same both ways
        (D(2019, 5, 3), "Gunmen raided the checkpoint on 25/12.", D(2018, 12, 25)),
        (D(2019, 5, 3), "Gunmen raided the checkpoint on 06/06.", D(2018, 6, 6)),
    ],
)
def test_a_numeric_day_that_only_fits_month_first_is_read_month_first(published: date, text: str,
                                                                      expected: date) -> None:
    (m,) = find_dates(text, published=published)
    assert m.range.earliest == m.range.latest == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen raided the checkpoint on 05/02/2019.",  # a written year is never second-guessed
        "Gunmen raided the checkpoint on 5 February.",  # nor is a month word
    ],
)
def test_month_first_only_for_yearless_numeric_days(text: str) -> None:
    (m,) = find_dates(text, published=D(2019, 5, 3))
    assert m.range.earliest is not None and m.range.earliest.month == 2


def test_without_publication_a_yearless_numeric_day_is_still_dropped() -> None:
    assert find_dates("Gunmen raided the checkpoint in the night of 05/02.", published=None) == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The body was found on 9 March 2020 after the abduction on 2 April 2019.", ["2 April 2019"]),
        ("Talks are planned for 14 August 2019; the raid on 1 May 2019 killed four.", ["1 May 2019"]),
        ("A second round is expected in July 2019 after clashes in April 2019.", ["April 2019"]),
        ("The clinic was shelled on 3 May 2019, one day after the report date.", ["3 May 2019"]),
    ],
)
def test_dates_after_publication_are_not_event_dates(text: str, kept: list[str]) -> None:
    found = find_dates(text, published=D(2019, 5, 2))
    assert [m.range.text for m in found] == kept


def test_without_publication_written_dates_are_all_kept() -> None:
    text = "The body was found on 9 March 2020 after the abduction on 2 April 2019."
    assert [m.range.text for m in find_dates(text, published=None)] == ["9 March 2020", "2 April 2019"]


@pytest.mark.parametrize(
    ("text", "quoted", "day"),
    [
        ("Late on Saturday, on 11 May 2019, a drone hit a pickup.", "11 May 2019", D(2019, 5, 11)),
        ("In the small hours of Saturday, On May 11, 2019, a drone hit a pickup.", "May 11, 2019", D(2019, 5, 11)),
        ("On Saturday the 11th of May a drone hit a pickup.", "Saturday the 11th of May", D(2019, 5, 11)),
        ("Saturday (11/05) saw a drone hit a pickup.", "11/05", D(2019, 5, 11)),
    ],
)
def test_a_weekday_restated_as_a_date_gives_the_date(text: str, quoted: str, day: date) -> None:
    (m,) = find_dates(text, published=D(2019, 5, 20))
    assert (m.range.text, m.range.earliest, m.relative) == (quoted, day, False)


def test_a_weekday_and_a_separate_date_stay_two_mentions() -> None:
    text = "A drone hit a pickup on Saturday and another on 2 May."
    found = find_dates(text, published=D(2019, 5, 20))
    assert [m.range.text for m in found] == ["Saturday", "2 May"]


@pytest.mark.parametrize(("text", "quoted", "day"), [
    ("Five staff were abducted on 3rd\u00a0May from their office.", "3rd\u00a0May", D(2019, 5, 3)),
    ("Five staff were abducted on 3rd\u00c2\u00a0May from their office.", "3rd\u00c2\u00a0May", D(2019, 5, 3)),
    ("Five staff were abducted on\u202f3\u2009May\u00a02019 from their office.", "3\u2009May\u00a02019", D(2019, 5, 3)),
    ("Five staff were abducted on May\u00a03 from their office.", "May\u00a03", D(2019, 5, 3)),
])
def test_no_break_and_thin_spaces_separate_date_words(text: str, quoted: str, day: date) -> None:
    # web pages put no-break spaces between day and month; text misread as Latin-1 shows them as 'Â '
    (m,) = find_dates(text, published=D(2019, 5, 9))
    assert (m.range.text, m.range.earliest, m.range.latest) == (quoted, day, day)
