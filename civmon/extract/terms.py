"""Closed-list terms (weapons, targets) found by one compiled alternation per concern; longer phrases win."""

from __future__ import annotations

import re
from functools import cache

from civmon.extract.mentions import TermMention
from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.lexicon import lexicon
from civmon.models import Span


def phrase_alternation(phrases: object) -> str:
    """A regex alternation of phrases, longest first, whitespace-tolerant, special characters escaped."""
    items = sorted({str(p) for p in phrases}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items)


_BLOCKED = ""  # the value of a phrase that only stops a shorter match ("car bomb" over "car")


@cache
def _matcher(language: str, concern: str) -> PhraseMatcher[str]:
    lx = lexicon(language, "weapons_targets")
    table: dict[str, list[str]] = lx[concern]
    phrases = {str(p): value for value, words in table.items() for p in words}
    if concern == "target":
        phrases.update({str(p): _BLOCKED for p in lx.get("target_blockers", [])})
    return PhraseMatcher(phrases)


@cache
def _destination(language: str) -> re.Pattern[str]:
    cues = phrase_alternation(lexicon(language, "weapons_targets").get("destination_cues", []))
    return re.compile(rf"\b(?:{cues})\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){{0,3}}$", re.IGNORECASE)


def find_terms(text: str, *, concern: str, language: str = "en", folded: str | None = None) -> list[TermMention]:
    """Every weapon or target phrase (`concern` 'weapon' or 'target') in `text`, in order; a target the harmed
    were taken to ('rushed to Afrin hospital') is none."""
    out = []
    for s, e, value in _matcher(language, concern).find(text, folded=folded):
        if value == _BLOCKED or concern == "target" and _destination(language).search(text, max(0, s - 40), s):
            continue
        out.append(TermMention(concern=concern, value=value, words=text[s:e], span=Span(s, e)))
    return out
