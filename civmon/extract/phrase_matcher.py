"""Multi-pattern phrase matching (an Aho-Corasick automaton) on word boundaries, case-insensitively.

Used for every closed list (weapons, targets, actors, cues) instead of a loop or a giant regex alternation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")
_ASCII_SPACES = "\t\n\r\f\v"
_SPACES = _ASCII_SPACES + "\u00a0\u2009\u202f\u2007\u200a"
_LAST: list[tuple[str, str]] = [("", "")]  # the last text folded and its folded form


def fold(text: str) -> str:
    """Lower-case `text` with every kind of space made a plain space, keeping its length (so offsets hold)."""
    last = _LAST[0]
    if last[0] is text:  # the same document folded again by another finder
        return last[1]
    low = _fold(text)
    _LAST[0] = (text, low)
    return low


def _fold(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for c in _ASCII_SPACES if low.isascii() else _SPACES:  # str.replace is far faster than str.translate
        if c in low:
            low = low.replace(c, " ")
    return low


class PhraseMatcher(Generic[V]):
    """Finds the longest non-overlapping phrases of a table in a text, on word boundaries."""

    def __init__(self, table: Mapping[str, V]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase, value in table.items():
            key = fold(" ".join(phrase.split()))
            if key:
                self._automaton.add_word(key, (len(key), value))
        if len(self._automaton):
            self._automaton.make_automaton()

    def find(self, text: str, *, folded: str | None = None) -> Iterator[tuple[int, int, V]]:
        """(start, end, value) of each longest phrase match, left to right, not overlapping."""
        if not len(self._automaton):
            return
        low = folded if folded is not None else fold(text)
        n = len(low)
        best: dict[int, tuple[int, V]] = {}
        for end_index, (length, value) in self._automaton.iter(low):
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue
            if end < n and (low[end].isalnum() or low[end] == "_"):
                continue
            if start not in best or best[start][0] < end:
                best[start] = (end, value)
        covered = -1
        for start in sorted(best):
            end, value = best[start]
            if start < covered:
                continue
            covered = end
            yield start, end, value
