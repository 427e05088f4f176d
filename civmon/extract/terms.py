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


@cache
def _matcher(language: str, concern: str) -> PhraseMatcher[str]:
    table: dict[str, list[str]] = lexicon(language, "weapons_targets")[concern]
    return PhraseMatcher({str(p): value for value, phrases in table.items() for p in phrases})


def find_terms(text: str, *, concern: str, language: str = "en", folded: str | None = None) -> list[TermMention]:
    """Every weapon or target phrase (`concern` 'weapon' or 'target') in `text`, in order."""
    return [TermMention(concern=concern, value=value, words=text[s:e], span=Span(s, e))
            for s, e, value in _matcher(language, concern).find(text, folded=folded)]
