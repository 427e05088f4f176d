"""The page's own publication date, as opposed to the dates of related headlines and of the events it reports."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.extract.dates import find_dates
from civmon.extract.page_layout import (
    boilerplate_regions,
    dateline,
    entry_breaks,
    headline,
    in_regions,
    page_layout,
    published_date,
)
from civmon.models import Span

BODY = ("Russian warplanes struck a market in the town of Saraqib on Tuesday, killing at least nine civilians, "
        "rescue workers said.\nThe strikes also damaged a school and a bakery in the town.")


@pytest.mark.parametrize(("header", "expected"), [
    ("Published 14 March 2019 10:32", date(2019, 3, 14)),
    ("Updated: 3/14/2019", date(2019, 3, 14)),
    ("March 14, 2019 | 2 min read", date(2019, 3, 14)),
    ("By Leila Haddad | March 14, 2019", date(2019, 3, 14)),
    ("Last updated: Sat 24 Jun 2017 11.05 BST", date(2017, 6, 24)),
    ("Posted: 2018-07-10T08:15:00+03:00", date(2018, 7, 10)),
    ("Posted on 14.03.2019", date(2019, 3, 14)),
    ("Date: 03/12/2019", date(2019, 12, 3)),
    ("2019/05/06", date(2019, 5, 6)),
    ("Thursday, 8 November 2018", date(2018, 11, 8)),
    ("14 March 2019 at 10:32 \u00b7", date(2019, 3, 14)),
    ("10:32 AM \u00b7 Mar 14, 2019", date(2019, 3, 14)),
    ("https://www.example.org/news/2019/03/14/russian-strikes-saraqib", date(2019, 3, 14)),
    ("Published On 14 Mar 201914 Mar 2019", date(2019, 3, 14)),
    ("By AFP - Mar 14,2019", date(2019, 3, 14)),
    ("Published: 27 August\u060c 2019 - 10:32", date(2019, 8, 27)),
    ("August 27\u060c 2019", date(2019, 8, 27)),
    ("Aug 27 , 2019", date(2019, 8, 27)),
    ("Published: 14/03/2019 - 10:32 Modified: 15/03/2019 - 11:00", date(2019, 3, 14)),
    ("Thu, 14 Mar 2019 10:32:00 +0000", date(2019, 3, 14)),
])
def test_header_datelines(header: str, expected: date) -> None:
    text = f"Home | News | Syria\nRussian jets strike Saraqib market\n{header}\n{BODY}"
    assert published_date(text) == expected


@pytest.mark.parametrize("text", [
    BODY,
    f"Home | News\n{BODY}\nRelated\nTurkish shelling kills 4 near Afrin\n12 March 2019\n",
    f"{BODY}\nMost read\nCoalition raid kills 9 in Hajin - 11/03/2019\nIsraeli jets hit Masyaf - 10/03/2019\n",
    "Home\nRussian jets strike Saraqib\nMarch 14\n" + BODY,  # no year: no guessing
    "Home\nRussian jets strike Saraqib\nDate of incident: 12 March 2019\n" + BODY,  # the event's day
    f"Home\n{BODY}\nIdlib: 12 dead in Russian raids\nIsrael strikes Hama, 2 killed\nTurkish drone kills 3\n"
    "13 March 2019\n",
])
def test_no_dateline_from_related_headlines_or_partial_dates(text: str) -> None:
    assert published_date(text) is None


def test_published_wins_over_updated() -> None:
    text = f"Updated 16 March 2019 08:00\nFirst published 14 March 2019\n{BODY}"
    assert published_date(text) == date(2019, 3, 14)


def test_the_dateline_nearest_the_article_wins_over_a_ticker_date() -> None:
    text = f"Wednesday 20 March 2019\nHome | News\nRussian jets strike Saraqib market\n14 March 2019\n{BODY}"
    assert published_date(text) == date(2019, 3, 14)


def test_a_wire_dateline_opens_the_first_paragraph() -> None:
    text = f"Home | News\nBEIRUT, 14 March 2019 (Reuters) - {BODY}"
    assert published_date(text) == date(2019, 3, 14)


def test_a_cued_dateline_below_the_article() -> None:
    text = f"Home | News\n{BODY}\nPosted on 27/04/2019 at 18:40\nPrint  Email"
    assert published_date(text) == date(2019, 4, 27)


@pytest.mark.parametrize("header", ["Published 14 March 2019 10:32", "Thursday, 8 November 2018", "Posted on 14.03.2019"])
def test_dateline_span_parses_with_find_dates(header: str) -> None:
    text = f"Home\nRussian jets strike Saraqib market\n{header}\n{BODY}"
    span = dateline(text)
    assert span is not None
    found = find_dates(text[span.start:span.end], published=None)
    assert found and (found[0].range.latest or found[0].range.earliest) == published_date(text)


def test_the_dateline_line_is_furniture_but_a_wire_paragraph_is_not() -> None:
    text = f"Home\nRussian jets strike Saraqib market\nPublished 14 March 2019\n{BODY}"
    regions = boilerplate_regions(text)
    start = text.index("Published")
    assert in_regions([Span(start, start + len("Published 14 March 2019"))], regions) == [True]
    wire = f"BEIRUT, 14 March 2019 (Reuters) - {BODY}"
    assert boilerplate_regions(wire) == []


def test_page_layout_bundles_the_single_functions() -> None:
    text = f"Home | News\nRussian jets strike Saraqib market\nPublished 14 March 2019\n{BODY}\nMost read\nX kills 3 in Y"
    layout = page_layout(text)
    assert layout.regions == tuple(boilerplate_regions(text))
    assert layout.title == headline(text) and layout.dateline == dateline(text)
    assert layout.published == published_date(text) == date(2019, 3, 14)
    assert layout.entry_breaks == tuple(entry_breaks(text)) == ()
