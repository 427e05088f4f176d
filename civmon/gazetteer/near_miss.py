"""Names one letter away from a gazetteer name: a typing slip in a place the text measures from.

Only used where the text vouches that a word is a place ("12km SE of Afqooye": the reference of a distance),
and only when every name one edit away (one letter dropped, added, changed or two swapped) is the same place.
"""

from __future__ import annotations

from string import ascii_lowercase

from civmon.gazetteer.index import index
from civmon.gazetteer.normalise import name_key
from civmon.gazetteer.table import Entry

MIN_LETTERS = 6  # shorter names have too many neighbours one letter away


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in ascii_lowercase}
    out |= {a + c + b for a, b in splits for c in ascii_lowercase}
    out.discard(word)
    return out


def near_miss(name: str) -> tuple[Entry, ...]:
    """The rows of the one place whose name is a single edit from `name` (which itself names none), or ()."""
    key = name_key(name)
    ix = index()
    if len(key.replace(" ", "")) < MIN_LETTERS or ix.entries_for_key(key):
        return ()
    found: dict[str, tuple[Entry, ...]] = {}
    for variant in _edits(key):
        rows = ix.entries_for_key(variant)
        if rows:
            found[variant] = rows
    ids = {frozenset(e.id for e in rows) for rows in found.values()}
    if len(ids) != 1:
        return ()  # none, or several different places: no guess
    return next(iter(found.values()))
