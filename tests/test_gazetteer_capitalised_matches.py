"""The capitalised matcher (what places read) agrees with the every-word matcher, filtered."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.gazetteer.index import Index, NameMatch
from civmon.gazetteer.normalise import TOKEN_RE
from civmon.gazetteer.table import Entry, format_entry


def _line(id_: str, name: str, *alternates: str) -> str:
    return format_entry(Entry(id=id_, name=name, kind="village", country="SO", admin1=None, admin2=None, lat=2.0,
                              lon=45.0, population=900, alternates=alternates))


ROWS = [
    _line("1", "Lower Juba"),
    _line("2", "Juba"),
    _line("3", "Of"),
    _line("4", "Ceel Waaq", "El Wak"),
    _line("5", "Beledweyne"),
    _line("6", "Ras Kamboni"),
    _line("7", "Ésteli"),
    _line("8", "Lower Eilat"),  # keyed 'luwer ailat': a word beginning with E may fold to one beginning with a
    _line("9", "In Ouadi"),  # keyed 'in uadi'
]
LOWER_OK = frozenset({"lower", "of", "in"})


def _spans(found: list[NameMatch]) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.key) for m in found]


def _filtered(ix: Index, text: str, lower_ok: frozenset[str]) -> list[tuple[int, int, str]]:
    """What the capitalised matcher must find: every match whose first word is capitalised, or is one of
    `lower_ok` and begins a run of two words or more."""
    out = []
    for m in ix.matches(text):
        first = TOKEN_RE.match(text, m.start)
        assert first is not None
        word = first.group()
        if word[0].isupper() or (word in lower_ok and first.end() < m.end):
            out.append((m.start, m.end, m.key))
    return out


@pytest.mark.parametrize(("text", "found"), [
    ("Fighting in Lower Juba and in Juba town.", ["Lower Juba", "Juba", "Juba"]),
    ("Troops reached lower Juba on Monday.", ["lower Juba", "Juba"]),
    ("the outskirts of Juba", ["Juba"]),  # 'of' alone names a row, but a lower-case word alone is no match
    ("Shelling hit Ceel Waaq and El-Wak.", ["Ceel Waaq", "Wak"]),  # the key drops the article: places adds it back
    ("Clashes near Beled Weyne.", ["Beled Weyne"]),  # written apart, keyed as one word
    ("The road to Ésteli.", ["Ésteli"]),  # an accented capital begins a name
    ("d'Juba l'Lower Juba", ["Juba"]),
    ("from lower Eilat to in Ouadi", ["lower Eilat", "in Ouadi"]),
    ("from lower  \n Ailat, in-uadi", ["lower  \n Ailat", "in-uadi"]),  # an apostrophe joins a word to the one before: only the last is whole
])
def test_capitalised_matches(text: str, found: list[str]) -> None:
    ix = Index(ROWS)
    got = ix.matches(text, capitalised=True, lower_ok=LOWER_OK)
    assert [text[m.start:m.end] for m in got] == found


WORDS = st.sampled_from(["Lower", "lower", "Juba", "juba", "of", "Of", "in", "Ceel", "Waaq", "El", "Wak", "Beled",
                         "Weyne", "Ras", "Kamboni", "Ésteli", "ésteli", "x", "3", "Eilat", "eilat", "Ailat", "Ouadi",
                         "uadi", "Uadi", "In"])
SEPARATORS = st.sampled_from([" ", " ", "-", "'", "’", ", ", "\n", "Â", "_", ". "])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(WORDS, SEPARATORS), max_size=12))
def test_capitalised_matches_are_the_filtered_matches(parts: list[tuple[str, str]]) -> None:
    ix = Index(ROWS)
    text = "".join(w + s for w, s in parts)
    got = _spans(ix.matches(text, capitalised=True, lower_ok=LOWER_OK))
    assert sorted(got) == sorted(_filtered(ix, text, LOWER_OK))
