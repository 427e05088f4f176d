"""The place index: every folded name and alternate of every row, found in text by whole folded words.

Built lazily, once per process (`index()`), from the key table the build script wrote (no folding and
almost no Python work at start-up, see civmon.gazetteer.keys); rows are parsed only when a match needs
them. Matching a text folds only the words a name can begin with (capitalised ones, when asked), looks
each up among the words names begin with, and extends a run only while it begins a longer name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from civmon.gazetteer.keys import KeyTable, build_keys, bundled_keys, checksum, merge, row_numbers
from civmon.gazetteer.normalise import TOKEN_RE, fold_token, fold_word, name_key
from civmon.gazetteer.table import Entry, bundled_bytes, bundled_lines, extension_lines, parse_line

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
    """Folded names -> rows, with a whole-word matcher over folded text."""

    def __init__(self, lines: list[str], *, keys: KeyTable | None = None) -> None:
        """Index table rows (unparsed lines) by their folded keys (`keys`: their key table, if already built)."""
        table = keys if keys is not None else build_keys(lines)
        self._lines = lines
        self._parsed: dict[int, Entry] = {}
        self._rows: dict[str, tuple[Entry, ...]] = {}
        self._by_key = table.rows
        self._alias = table.alias
        self._firsts = table.firsts
        self._longer = table.longer

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
            found = self._by_key.get(key)
            rows = self._rows[key] = () if found is None else tuple(self.entry(i) for i in row_numbers(found))
        return rows

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Rows whose name or an alternate folds to the same key as `name`."""
        return self.entries_for_key(name_key(name))

    def matches(self, text: str, *, capitalised: bool = False,
                lower_ok: frozenset[str] = frozenset()) -> list[NameMatch]:
        """Every (possibly overlapping) run of whole words in `text` that names a row; with `capitalised`,
        only runs whose first word starts with a capital letter (or is one of the lower-case `lower_ok`)."""
        found = list(TOKEN_RE.finditer(text))
        if not found:
            return []
        words: list[str] = list(map(re.Match.group, found))
        firsts, longer, by_key, alias = self._firsts, self._longer, self._by_key, self._alias
        count = len(words)
        if capitalised:  # only capitalised words (and `lower_ok`) can begin a match: fold no others
            starts = [i for i, w in enumerate(words) if w[0].isupper() or w in lower_ok]
        else:
            starts = list(range(count))
        out: list[NameMatch] = []
        for first in starts:
            key = fold_word(words[first])
            if key not in firsts:
                continue
            last = first
            while True:
                real = key if key in by_key else alias.get(key)
                if real is not None:
                    out.append(NameMatch(found[first].start(), found[last].end(), real,
                                         self.entries_for_key(real), first, last))
                last += 1
                if last >= count or key not in longer:
                    break
                key = key + " " + fold_word(words[last])
        out.extend(self._joined(text, found))
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    def _joined(self, text: str, found: list[re.Match[str]]) -> list[NameMatch]:
        """Two capitalised words written apart that a row writes as one ('Beled Weyne' for 'Beledweyne')."""
        out: list[NameMatch] = []
        starts: list[int] | None = None
        for m in _PAIR_RE.finditer(text):
            key = fold_token(m.group(1) + m.group(2).lower())
            if key in self._by_key:
                if starts is None:
                    starts = [t.start() for t in found]
                first = bisect_left(starts, m.start(1))
                out.append(NameMatch(m.start(1), m.end(2), key, self.entries_for_key(key), first, first + 1))
        return out


@cache
def index() -> Index:
    """The process-wide index of the bundled table plus the user's extension."""
    raw = bundled_bytes()
    lines = bundled_lines(raw)
    keys = bundled_keys(row_count=len(lines), raw_checksum=checksum(raw)) or build_keys(lines)
    extra = extension_lines()
    return Index(lines + extra, keys=merge(keys, build_keys(extra, offset=len(lines))))
