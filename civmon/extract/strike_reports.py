"""Declared strikes in a belligerent's strike report (Document.kind 'strike-report').

A release such as a coalition daily strike summary lists, per day, how many strikes were engaged
near which place: "near Raqqah, 26 strikes engaged ...". Each such place with a count of strikes
in the same sentence is one DeclaredStrike, dated by the nearest date written before it (else the
document's first date, else the day before or of publication) and attributed to the belligerent
the release names (its own words, the actor table, or its publisher).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from civmon.extract.actors import find_actors
from civmon.extract.dates import find_dates
from civmon.extract.places import find_places
from civmon.lexicon import SUPPORTED_LANGUAGES, lexicon
from civmon.models import DateRange, Document, Place, Span

__all__ = ["DeclaredStrike", "find_declared_strikes"]

_SENTENCE_END = re.compile(r"[.;!?\n]\s|\n")


@dataclass(frozen=True, slots=True)
class DeclaredStrike:
    """One declared strike (or group of strikes) from a strike report: when, near where, how many, by whom."""

    doc_id: str
    date: DateRange
    place: Place | None
    strikes: int | None
    actor: str | None
    words: str
    span: Span


@dataclass(frozen=True, slots=True)
class _Lex:
    count_re: re.Pattern[str]
    numbers: dict[str, int]
    reach: int
    declarers: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _lex(language: str) -> _Lex:
    lx = lexicon(language if language in SUPPORTED_LANGUAGES else "en", "strike_reports")
    nouns = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(lx["strike_nouns"], key=len, reverse=True))
    words = "|".join(re.escape(w) for w in sorted(lx["number_words"], key=len, reverse=True))
    count_re = re.compile(rf"\b(\d{{1,4}}|{words})\s+(?:[a-z]+\s+)?(?:{nouns})\b", re.IGNORECASE)
    declarers = tuple((re.compile(rf"\b{re.escape(p)}\b", re.IGNORECASE), actor)
                      for actor, phrases in lx["declarers"].items() for p in phrases)
    return _Lex(count_re=count_re, numbers={k.lower(): int(v) for k, v in lx["number_words"].items()},
                reach=int(lx["reach"]), declarers=declarers)


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    end = _SENTENCE_END.search(text, pos)
    return start, (end.start() + 1 if end else len(text))


def _declarer(doc: Document, lex: _Lex) -> str | None:
    for where in (doc.text, doc.source or ""):
        hits = [(m.start(), actor) for pat, actor in lex.declarers for m in pat.finditer(where)]
        hits += [(a.span.start, a.value) for a in find_actors(where, language=doc.language or "en")]
        if hits:
            return min(hits)[1]
    return None


def _count(text: str, place: Span, lex: _Lex) -> tuple[int, Span] | None:
    """The count of strikes nearest the place in its sentence, within `reach` characters."""
    lo, hi = _sentence(text, place.start)
    best: tuple[int, int, Span] | None = None
    for m in lex.count_re.finditer(text, lo, hi):
        gap = m.start() - place.end if m.start() >= place.end else place.start - m.end()
        if gap > lex.reach:
            continue
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else lex.numbers.get(word)
        if n is not None and (best is None or gap < best[0]):
            best = (gap, n, Span(m.start(), m.end()))
    return None if best is None else (best[1], best[2])


def find_declared_strikes(doc: Document) -> list[DeclaredStrike]:
    """Every declared strike in a strike report: a place with a count of strikes beside it, dated and attributed."""
    language = doc.language or "en"
    lex = _lex(language)
    text = doc.text
    dates = [d.range for d in find_dates(text, published=doc.published, language=language)]
    fallback: DateRange | None = None
    if dates:
        fallback = dates[0]
    elif doc.published is not None:
        fallback = DateRange(doc.published - timedelta(days=1), doc.published, "report", "", Span(0, 0))
    actor = _declarer(doc, lex)
    out: list[DeclaredStrike] = []
    for pm in find_places(text, language=language):
        place = pm.place
        if place.precision == "country":
            continue
        found = _count(text, place.span, lex)
        if found is None:
            continue
        n, count_span = found
        before = [d for d in dates if d.span.start < place.span.start]
        when = before[-1] if before else fallback
        if when is None:
            continue
        if when.earliest is None and when.latest is not None:
            when = DateRange(when.latest - timedelta(days=1), when.latest, when.basis, when.text, when.span)
        span = Span(min(place.span.start, count_span.start), max(place.span.end, count_span.end))
        out.append(DeclaredStrike(doc_id=doc.id, date=when, place=place, strikes=n, actor=actor,
                                  words=span.quote(text), span=span))
    return out
