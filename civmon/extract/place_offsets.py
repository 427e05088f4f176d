"""Distances and directions from a named place: '12 km south of X', 'east of X', and the town such a phrase
measures from when it is misspelt by one letter."""

from __future__ import annotations

import re
from collections.abc import Sequence

from civmon.extract.place_lexicon import PlaceLexicon
from civmon.gazetteer.index import NameMatch
from civmon.gazetteer.near_miss import near_miss
from civmon.gazetteer.normalise import name_key

_WS_RE = re.compile(r"\s+")
_OFFSET_REFERENCE = re.compile(r"\d\s*(?:-\s*)?[A-Za-z]{1,10}\.?\s+(?:to\s+the\s+)?[A-Za-z-]+\.?\s+of\s+(?:the\s+)?"
                               r"([A-Z][\w'\u2019]+)")


def slipped_references(text: str, lex: PlaceLexicon, found: Sequence[NameMatch]) -> list[NameMatch]:
    """'(5km NW of Afqooye)': the town a distance is measured from, misspelt by one letter, as its match."""
    out: list[NameMatch] = []
    starts = {m.start for m in found}
    for m in _OFFSET_REFERENCE.finditer(text):
        s, e = m.span(1)
        if s in starts or not lex.offset_before(text[max(0, s - 50):s]):
            continue
        rows = near_miss(m.group(1))
        if rows:
            out.append(NameMatch(start=s, end=e, key=name_key(m.group(1)), entries=rows))
    return out


def offset_for(text: str, start: int, lex: PlaceLexicon) -> tuple[float | None, float] | None:
    """(km or None, bearing) when the words before `start` put something at a distance/direction from the place
    named there ('12 km south of', 'east of')."""
    before = text[max(0, start - 50):start]
    m = lex.offset_before(before)
    if m:  # casefold, as the patterns match ignoring case: 'ſouth' and a Kelvin-sign 'Km' are 'south', 'km'
        unit, bearing = lex.units.get(m.group(2).casefold()), _bearing(lex, m.group(3))
        if unit is None or bearing is None:
            return None
        return float(m.group(1).replace(",", ".")) * unit, bearing
    m = lex.direction_before(before)
    if m:
        bearing = _bearing(lex, m.group(1))
        return None if bearing is None else (None, bearing)
    return None


def _bearing(lex: PlaceLexicon, words: str) -> float | None:
    return lex.bearings.get(_WS_RE.sub(" ", words.casefold()))
