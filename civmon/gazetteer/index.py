"""The place index: every folded name and alternate of every row, found in text by whole folded words.

Built lazily, once per process (`index()`), from the key table the build script wrote (no folding and
almost no Python work at start-up, see civmon.gazetteer.keys); rows are parsed only when a match needs
them. Matching a text folds only the words a name can begin with (capitalised ones, when asked), looks
each up among the words names begin with, and extends a run only while it begins a longer name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from civmon.gazetteer.keys import KeyTable, build_keys, bundled_keys, checksum, merge, row_numbers
from civmon.gazetteer.normalise import TOKEN_RE, fold_token, fold_word, name_key
from civmon.gazetteer.table import Entry, bundled_bytes, bundled_lines, extension_lines, parse_line

_APOS = "['’‘`ʿʾ´]"
"""What may join the parts of one word (normalise.TOKEN_RE)."""
_WORD = r"[^\W_\xc2]"
"""A letter or digit of a word (normalise.TOKEN_RE: never 'Â')."""
_APOS_AFTER_WORD_RE = re.compile(f"{_WORD}{_APOS}")
_CAPITALISED_RE = re.compile(rf"[^\W\d_a-z\xc2](?<!{_WORD}.)(?<!{_WORD}{_APOS}.){_WORD}*(?:{_APOS}{_WORD}+)*")
"""A word (normalise.TOKEN_RE) whose first letter is not a-z or a digit: every capitalised word, and a few
others (non-Latin scripts, accented small letters) that the caller sets aside."""
_PAIR_RE = re.compile(r"([A-Z](?<![\w'’].)[^\W_]*)(?=[ -]([A-Z][^\W_]*)(?![\w'’]))")
"""Two adjacent capitalised words (only the first is consumed, so pairs overlap: 'A B C' gives AB and BC)."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A run of whole words in a text that is the name of one or more gazetteer rows."""

    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]


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
        self._starts: dict[frozenset[str], re.Pattern[str] | None] = {}
        self._first_of: dict[str, str] = {}  # a word -> its folded key if a capitalised match may begin with it

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
        only runs whose first word starts with a capital letter or, for runs of two words or more, is one of
        the lower-case `lower_ok` ('lower Juba')."""
        out: list[NameMatch] = []
        if capitalised:
            first_of = self._first_of
            if len(first_of) > 200_000:  # bound the memory of a long-running process
                first_of.clear()
            for m in _CAPITALISED_RE.finditer(text):
                word = m.group()
                key = first_of.get(word)
                if key is None:
                    key = first_of[word] = self._first_key(word)
                if key:
                    self._extend(text, m.start(), m.end(), key, out)
            self._lower_runs(text, lower_ok, out)
        else:
            firsts = self._firsts
            for m in TOKEN_RE.finditer(text):
                key = fold_word(m.group())
                if key in firsts:
                    self._extend(text, m.start(), m.end(), key, out)
        out.extend(self._joined(text))
        out.sort(key=_order)
        return out

    def _first_key(self, word: str) -> str:
        """The folded `word` when it is capitalised and some key begins with it, else ''."""
        if word[0] > "Z" and not word[0].isupper():
            return ""
        key = fold_word(word)
        return key if key in self._firsts else ""

    def _extend(self, text: str, start: int, end: int, key: str, out: list[NameMatch], *, single: bool = True) -> None:
        """Append to `out` every run of words from the word text[start:end] (folded: `key`) on that names a row
        (only runs of two words or more unless `single`)."""
        longer, by_key, alias = self._longer, self._by_key, self._alias
        next_word = TOKEN_RE.search
        if not single:
            if key not in longer or (w := next_word(text, end)) is None:
                return
            end = w.end()
            key = key + " " + fold_word(w.group())
        while True:
            real = key if key in by_key else alias.get(key)
            if real is not None:
                out.append(NameMatch(start, end, real, self.entries_for_key(real)))
            if key not in longer or (w := next_word(text, end)) is None:
                return
            end = w.end()
            key = key + " " + fold_word(w.group())

    def _lower_runs(self, text: str, lower_ok: frozenset[str], out: list[NameMatch]) -> None:
        """Append to `out` the runs of two words or more that begin with a whole word of `text` that is one
        of `lower_ok`."""
        if lower_ok not in self._starts:
            words = sorted((w for w in lower_ok if TOKEN_RE.fullmatch(w) and fold_word(w) in self._longer),
                           key=len, reverse=True)
            # the character before the word is consumed, so that the search can skip to the next non-letter
            self._starts[lower_ok] = re.compile(
                rf"(?:^|[\W_\xc2])({'|'.join(map(re.escape, words))})(?!{_WORD}|{_APOS}{_WORD})"
            ) if words else None
        rx = self._starts[lower_ok]
        if rx is None:
            return
        for m in rx.finditer(text):
            start = m.start(1)
            if start >= 2 and _APOS_AFTER_WORD_RE.match(text, start - 2):
                continue  # "d'in": the end of a word written with an apostrophe
            self._extend(text, start, m.end(1), fold_word(m.group(1)), out, single=False)

    def _joined(self, text: str) -> list[NameMatch]:
        """Two capitalised words written apart that a row writes as one ('Beled Weyne' for 'Beledweyne')."""
        out: list[NameMatch] = []
        by_key = self._by_key
        for m in _PAIR_RE.finditer(text):
            key = fold_token(m.group(1) + m.group(2).lower())
            if key in by_key:
                out.append(NameMatch(m.start(1), m.end(2), key, self.entries_for_key(key)))
        return out


def _order(m: NameMatch) -> tuple[int, int]:
    return m.start, -m.end


@cache
def index() -> Index:
    """The process-wide index of the bundled table plus the user's extension."""
    raw = bundled_bytes()
    lines = bundled_lines(raw)
    keys = bundled_keys(row_count=len(lines), raw_checksum=checksum(raw)) or build_keys(lines)
    extra = extension_lines()
    return Index(lines + extra, keys=merge(keys, build_keys(extra, offset=len(lines))))
