"""Test support: a hand-made claim for a hostile (markup-laden) report, shared by the escaping tests."""

from __future__ import annotations

from datetime import date

from civmon.models import Claim, Count, DateRange, Place, Span


def hostile_claim(doc_id: str, text: str) -> Claim:
    """The strike the hostile text reports, with evidence spans into it (made by hand: these tests are about
    escaping, so they do not depend on what the extractor makes of markup)."""
    def span(words: str) -> Span:
        start = text.index(words)
        return Span(start, start + len(words))

    day = date(2017, 5, 5)
    return Claim(doc_id=doc_id, claim_id=f"{doc_id}#1", kind="incident", extractor="test",
                 date=DateRange(day, day, "event", "5 May 2017", span("5 May 2017")),
                 place=Place(name="Homs", country="SY", precision="city", span=span("Homs"), lat=34.73, lon=36.71),
                 casualties={"civilians_killed": Count(3, 3, "3 civilians", span("3 civilians"))})
