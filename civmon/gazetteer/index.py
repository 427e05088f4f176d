"""The place index: every folded name and alternate of every row, found in text by whole folded words.

Built lazily, once per process (`index()`), from the key table the build script wrote (no folding and
almost no Python work at start-up, see civmon.gazetteer.keys); rows are parsed only when a match needs
them. Matching a text folds only the words a name can begin with (capitalised ones, when asked), looks
each up among the words names begin with, and extends a run only while it begins a longer name.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from civmon.gazetteer.keys import KeyTable, begins, build_keys, bundled_keys, checksum, merge, row_numbers
from civmon.gazetteer.normalise import TOKEN_RE, fold_token, fold_word, name_key
from civmon.gazetteer.table import Entry, bundled_bytes, bundled_lines, extension_lines, parse_line

_APOS = "['’‘`ʿʾ´]"
"""What may join the parts of one word (normalise.TOKEN_RE)."""
_WORD = r"[^\W_\xc2]"
"""A letter or digit of a word (normalise.TOKEN_RE: never 'Â')."""
_APOS_AFTER_WORD_RE = re.compile(f"{_WORD}{_APOS}")
_FOLDED_FROM = {"a": "eEiIuU", "u": "oO"}
"""Other first letters of words whose folded form begins with these (normalise.fold_token: articles 'el',
'il', 'ul' and 'ei', 'ey' become 'al', 'ai'; o becomes u)."""
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
        self._table = table
        self._longer = table.longer
        self._sorted = (table.sorted_rows, table.sorted_alias)
        self._starts: dict[frozenset[str], tuple[re.Pattern[str], re.Pattern[str]] | None] = {}
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
            table = self._table
            for m in TOKEN_RE.finditer(text):
                key = fold_word(m.group())
                if begins(table, key):
                    self._extend(text, m.start(), m.end(), key, out)
        out.extend(self._joined(text))
        out.sort(key=_order)
        return out

    def _first_key(self, word: str) -> str:
        """The folded `word` when it is capitalised and some key begins with it, else ''."""
        if word[0] > "Z" and not word[0].isupper():
            return ""
        key = fold_word(word)
        return key if begins(self._table, key) else ""

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
            self._starts[lower_ok] = self._lower_pattern(lower_ok)
        patterns = self._starts[lower_ok]
        if patterns is None:
            return
        inside, at_start = patterns
        first = at_start.match(text)
        for m in itertools.chain(() if first is None else (first,), inside.finditer(text)):
            start = m.start(1)
            if start >= 2 and _APOS_AFTER_WORD_RE.match(text, start - 2):
                continue  # "d'in": the end of a word written with an apostrophe
            self._extend(text, start, m.end(1), fold_word(m.group(1)), out, single=False)

    def _lower_pattern(self, lower_ok: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """The words of `lower_ok` that begin a longer key, each only where the next word may be the next
        word of such a key (its first letter may fold to theirs): after a character that ends a word, and
        at the start of a text."""
        words = sorted((w for w in lower_ok if TOKEN_RE.fullmatch(w) and fold_word(w) in self._longer),
                       key=len, reverse=True)
        if not words:
            return None
        alts = []
        for w in words:
            prefix = fold_word(w) + " "
            letters: set[str] = set()
            for k in self._with_prefix(prefix):
                c = k[len(prefix)]
                letters.update((c, c.upper()), _FOLDED_FROM.get(c, ""))
            ascii_letters = "".join(re.escape(c) for c in sorted(letters) if c.isascii())
            # (a class reaching to U+10FFFF is slow to compile: non-ASCII letters are a second class)
            nxt = f"(?:[{ascii_letters}]|[^\\x00-\\x7f])" if ascii_letters else "[^\\x00-\\x7f]"
            alts.append(rf"{re.escape(w)}(?!{_WORD}|{_APOS}{_WORD})(?=[\W_\xc2]*{nxt})")
        # the character before the word is part of the match, so that the search skips to the next non-letter
        return re.compile(rf"[\W_\xc2]({'|'.join(alts)})"), re.compile(f"({'|'.join(alts)})")

    def _with_prefix(self, prefix: str) -> list[str]:
        """Every key and other spelling that begins with `prefix`."""
        if self._sorted[0] is None or self._sorted[1] is None:
            self._sorted = (sorted(self._by_key), sorted(self._alias))
        out: list[str] = []
        for ordered in self._sorted:
            assert ordered is not None
            i = bisect_left(ordered, prefix)
            while i < len(ordered) and ordered[i].startswith(prefix):
                out.append(ordered[i])
                i += 1
        return out

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
