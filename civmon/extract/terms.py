"""Closed-list terms (weapons, targets) found by one compiled alternation per concern; longer phrases win."""

from __future__ import annotations

import re
from functools import cache

from civmon.extract.mentions import TermMention
from civmon.lexicon import lexicon
from civmon.models import Span


def phrase_alternation(phrases: object) -> str:
    """A regex alternation of phrases, longest first, whitespace-tolerant, special characters escaped."""
    items = sorted({str(p) for p in phrases}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in items)


@cache
def _compiled(language: str, concern: str) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, list[str]] = lexicon(language, "weapons_targets")[concern]
    value_of = {" ".join(p.lower().split()): value for value, phrases in table.items() for p in phrases}
    return re.compile(rf"\b(?:{phrase_alternation(value_of)})\b", re.IGNORECASE), value_of


def find_terms(text: str, *, concern: str, language: str = "en") -> list[TermMention]:
    """Every weapon or target phrase (`concern` 'weapon' or 'target') in `text`, in order."""
    pattern, value_of = _compiled(language, concern)
    out = []
    for m in pattern.finditer(text):
        key = " ".join(m.group(0).lower().split())
        out.append(TermMention(concern=concern, value=value_of[key], words=m.group(0), span=Span(m.start(), m.end())))
    return out
