"""The place index: every folded name and alternate of every row in one Aho-Corasick automaton.

Built lazily, once per process (`index()`); rows are parsed only when a match needs them. Matching
a text is one pass of the automaton over its folded words, mapped back to code-point offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

import ahocorasick

from civmon.gazetteer.normalise import TOKEN_RE, fold_token, fold_words, name_key, spans
from civmon.gazetteer.table import Entry, bundled_lines, extension_lines, parse_line

_PAIR_RE = re.compile(r"(?<![\w'’])([A-Z][^\W_]*)(?=[ -]([A-Z][^\W_]*)(?![\w'’]))")
"""Two adjacent capitalised words (only the first is consumed, so pairs overlap: 'A B C' gives AB and BC)."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A run of whole words in a text that is the name of one or more gazetteer rows."""

    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]
    first_token: int
    last_token: int


class Index:
    """Folded names -> rows, with a multi-pattern matcher over folded text."""

    def __init__(self, lines: list[str]) -> None:
        """Index table rows (unparsed lines) by their folded keys."""
        by_key: dict[str, list[int]] = defaultdict(list)
        for i, line in enumerate(lines):
            for k in line[line.rindex("\t") + 1:].split("|"):  # the keys column (table.line_keys)
                by_key[k].append(i)
        self._lines = lines
        self._parsed: dict[int, Entry] = {}
        self._rows: dict[str, tuple[Entry, ...]] = {}
        self._by_key: dict[str, list[int]] = dict(by_key)
        auto = ahocorasick.Automaton()
        add = auto.add_word
        for k in self._by_key:
            add(f" {k} ", (len(k), k))
            if " " in k and len(k) >= 8 and not k.startswith("al ") and " al " not in k:
                joined = k.replace(" ", "")  # 'Rab Dhuure' is also written 'Rabdhure'
                if joined not in by_key:
                    add(f" {joined} ", (len(joined), k))
        auto.make_automaton()
        self._auto = auto

    def __len__(self) -> int:
        """The number of rows."""
        return len(self._lines)

    def entry(self, i: int) -> Entry:
        """Row `i`, parsed once."""
        e = self._parsed.get(i)
        if e is None:
            e = self._parsed[i] = parse_line(self._lines[i])
        return e

    def entries_for_key(self, key: str) -> tuple[Entry, ...]:
        """Rows with this folded key."""
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = tuple(self.entry(i) for i in self._by_key.get(key, ()))
        return rows

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Rows whose name or an alternate folds to the same key as `name`."""
        return self.entries_for_key(name_key(name))

    def matches(self, text: str, *, capitalised: bool = False,
                lower_ok: frozenset[str] = frozenset()) -> list[NameMatch]:
        """Every (possibly overlapping) run of whole words in `text` that names a row; with `capitalised`,
        only runs whose first word starts with a capital letter (or is one of `lower_ok`)."""
        words = TOKEN_RE.findall(text)
        if not words:
            return []
        folded = fold_words(words)
        offs = spans(text)
        joined = " " + " ".join(folded) + " "
        fstarts = list(accumulate(map((1).__add__, map(len, folded[:-1])), initial=1))
        out: list[NameMatch] = []
        for end, (size, key) in self._auto.iter(joined):
            start = end - size  # the pattern " key " ends on the space after the name
            first = bisect_left(fstarts, start)
            if first == len(fstarts) or fstarts[first] != start:
                continue
            if capitalised and not words[first][0].isupper() and words[first].lower() not in lower_ok:
                continue
            last = bisect_left(fstarts, end) - 1  # the token that ends right before the closing space
            out.append(NameMatch(offs[first][0], offs[last][1], key, self.entries_for_key(key), first, last))
        out.extend(self._joined(text, offs))
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    def _joined(self, text: str, offs: list[tuple[int, int]]) -> list[NameMatch]:
        """Two capitalised words written apart that a row writes as one ('Beled Weyne' for 'Beledweyne')."""
        out: list[NameMatch] = []
        for m in _PAIR_RE.finditer(text):
            key = fold_token(m.group(1) + m.group(2).lower())
            if key in self._by_key:
                first = bisect_left(offs, (m.start(1), 0))
                out.append(NameMatch(m.start(1), m.end(2), key, self.entries_for_key(key), first, first + 1))
        return out


@cache
def index() -> Index:
    """The process-wide index of the bundled table plus the user's extension."""
    return Index(bundled_lines() + extension_lines())
