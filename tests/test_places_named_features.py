"""The fast scan for 'the village of X' / 'X village' finds exactly what the lexicon's patterns find."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.place_lexicon import place_lexicon


def _slow(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    lex = place_lexicon("en")
    return ([(m.span(2), m.span(1)) for m in lex.feature_of.finditer(text)]
            + [(m.span(1), m.span(2)) for m in lex.name_feature.finditer(text)])


def _fast(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(m.span(gi), m.span(fi)) for m, gi, fi in place_lexicon("en").named_features(text)]


@pytest.mark.parametrize(("text", "names"), [
    ("Shells hit the village of Kafr Sous at dawn.", ["Kafr Sous"]),
    ("Residents of Tell Hamra village fled.", ["Tell Hamra"]),
    ("the al-Amal neighbourhood of Khan Younis", ["al-Amal", "Khan Younis"]),
    ("an area of farmland", []),  # no capital: no name
    ("the Sheikh Radwan refugee camp and the Bureij camp", ["Sheikh Radwan", "Bureij"]),
    ("fighting in the Mosul Old City district", ["Mosul Old City"]),
])
def test_named_features(text: str, names: list[str]) -> None:
    found = _fast(text)
    assert sorted(text[s:e] for (s, e), _ in found) == sorted(names)
    assert found == _slow(text)


PIECES = st.sampled_from(["the", "The", "village", "of", "Al-Rashid", "al-", "el-Wak", "Gaza", "Beit", "Lahia",
                          "area", "camp", "refugee", "sub-district", "district", "subdistrict", "ash-Sham", "X",
                          "’s", "'", "-", "Umm", "street", "City", "city", "3", "_", "é", "Éa", "road",
                          "A" * 200, "Qq" * 150])
JOINS = st.sampled_from([" ", "", "-", "\n", "  ", ", ", "("])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PIECES, JOINS), max_size=30))
def test_the_fast_scan_equals_the_patterns(parts: list[tuple[str, str]]) -> None:
    text = "".join(p + j for p, j in parts)
    assert _fast(text) == _slow(text)
