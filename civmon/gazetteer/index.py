"""The place index: every folded name and alternate of every row in one Aho-Corasick automaton.

Built lazily, once per process (`index()`); rows are parsed only when a match needs them. Matching
a text is one pass of the automaton over its folded words, mapped back to code-point offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick

from civmon.gazetteer.normalise import fold_token, name_key, tokens
from civmon.gazetteer.table import Entry, bundled_lines, extension_lines, line_keys, parse_line


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
        by_key: dict[str, list[int]] = {}
        for i, line in enumerate(lines):
            for k in line_keys(line):
                if k in by_key:
                    by_key[k].append(i)
                else:
                    by_key[k] = [i]
        self._lines = lines
        self._parsed: dict[int, Entry] = {}
        self._by_key = by_key
        auto = ahocorasick.Automaton()
        for k in by_key:
            auto.add_word(f" {k} ", k)
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
        return tuple(self.entry(i) for i in self._by_key.get(key, ()))

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Rows whose name or an alternate folds to the same key as `name`."""
        return self.entries_for_key(name_key(name))

    def matches(self, text: str) -> list[NameMatch]:
        """Every (possibly overlapping) run of whole words in `text` that names a row."""
        toks = tokens(text)
        if not toks:
            return []
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        parts: list[str] = []
        pos = 1
        for i, (_, _, f) in enumerate(toks):
            starts[pos] = i
            pos += len(f)
            ends[pos] = i
            pos += 1
            parts.append(f)
        folded = " " + " ".join(parts) + " "
        out: list[NameMatch] = []
        for end, key in self._auto.iter(folded):
            first = starts.get(end - len(key))  # the pattern " key " ends on the space after the name
            last = ends.get(end)
            if first is None or last is None:
                continue
            out.append(NameMatch(toks[first][0], toks[last][1], key, self.entries_for_key(key), first, last))
        out.extend(self._joined(text, toks))
        out.sort(key=lambda m: (m.start, -m.end))
        return out


    def _joined(self, text: str, toks: list[tuple[int, int, str]]) -> list[NameMatch]:
        """Two capitalised words written apart that a row writes as one ('Beled Weyne' for 'Beledweyne')."""
        out: list[NameMatch] = []
        for i in range(len(toks) - 1):
            (s1, e1, _), (s2, e2, _) = toks[i], toks[i + 1]
            if e1 + 1 != s2 or text[e1] not in " -" or not (text[s1].isupper() and text[s2].isupper()):
                continue
            key = fold_token(text[s1:e1] + text[s2:e2].lower())
            if key in self._by_key:
                out.append(NameMatch(s1, e2, key, self.entries_for_key(key), i, i + 1))
        return out


@cache
def index() -> Index:
    """The process-wide index of the bundled table plus the user's extension."""
    return Index(bundled_lines() + extension_lines())
