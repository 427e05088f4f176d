"""Sentence boundaries as spans, robust to the run-together sentences of scraped text ("Strip.Shuaib")."""

from __future__ import annotations

import re

from civmon.models import Span

_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "mt", "no", "gen", "lt", "col", "sgt", "capt", "maj", "vs", "eg", "ie", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est", "fig", "km",
    "prof", "rev", "sr", "jr", "co", "inc", "ltd", "u.s", "u.k", "u.n", "a.m", "p.m", "al",
})
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?]+)(?P<close>[\"'\u201d\u2019)\]]*)(?P<gap>\s*)(?=[\"'\u201c\u2018(\[]?[A-Z0-9@#\u0600-\u06ff])"
    r"|\n\s*\n|\n(?=\s*(?:[\u2022\u25cf\u25aa*\-\u2013]|\d+[.)])\s)|\n")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans covering `text` in order (whitespace between them excluded)."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group("stop"):
            before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            word = before.group(1).lower().rstrip(".") if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            if not m.group("gap") and not m.group("close") and before and before.group(1)[-1:].isupper() \
                    and len(before.group(1)) <= 3:
                continue  # "U.S.Army"-like initials
            end = m.end("close")
        else:
            end = m.start()
        _add(text, spans, start, end)
        start = m.end()
    _add(text, spans, start, len(text))
    return spans


def _add(text: str, spans: list[Span], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
