"""Hiding the personal names of the injured and of minors on public pages (pure functions).

A name is masked code point by code point (each letter becomes '█'), so every span into the text stays
valid and the page can still highlight the evidence around it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from civmon.lexicon import lexicon

MASK = "█"


@cache
def _words() -> dict[str, list[str]]:
    data: dict[str, Any] = lexicon("en", "privacy")
    return {k: [str(w) for w in v] for k, v in data.items()}


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    w = _words()
    part = r"[A-Z][\w'’]+"
    particle = rf"(?:(?:{_alt(w['name_particles'])})[- ])"
    name = rf"(?P<name>{part}(?:[- ]{particle}?{part}){{0,3}})"
    age = r"\d{1,2}"
    injury = _alt(w["injury_verbs"])
    minor = _alt(w["minor_nouns"])
    copula = _alt(w["copulas"])
    return (
        re.compile(rf"\b{name}, (?:aged )?{age},"),
        re.compile(rf"\b{name} \((?:aged )?{age}\)"),
        re.compile(rf"\b{name}, an? {age}[- ]year[- ]old"),
        re.compile(rf"\b{age}[- ]year[- ]old (?:(?:{minor}) )?{name}"),
        re.compile(rf"\b{name},? (?:{copula}) (?:(?:badly|seriously|critically|lightly) )?(?:{injury})\b"),
        re.compile(rf"\b(?:{injury}) (?:(?:{minor}|man|woman) )?{name}\b"),
        re.compile(rf"\b(?:{minor}),? {name}\b"),
    )


def personal_name_spans(text: str) -> list[tuple[int, int]]:
    """Code-point ranges of names that look like those of injured people or minors, in order, merged."""
    found: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            found.append((m.start("name"), m.end("name")))
    found.sort()
    merged: list[tuple[int, int]] = []
    for s, e in found:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def mask_names(text: str, *, spans: list[tuple[int, int]] | None = None) -> str:
    """The text with each personal name's letters replaced by MASK (same length in code points)."""
    ranges = personal_name_spans(text) if spans is None else spans
    if not ranges:
        return text
    chars = list(text)
    for s, e in ranges:
        for i in range(s, e):
            if not chars[i].isspace():
                chars[i] = MASK
    return "".join(chars)
