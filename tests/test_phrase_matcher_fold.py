"""fold(): lower case, every kind of space a plain space, same length; the same answer when asked again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civmon.extract.phrase_matcher import fold

_SPACES = "\t\n\r\f\v\u00a0\u2009\u202f\u2007\u200a"


def _reference(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate({ord(c): " " for c in _SPACES})


@pytest.mark.parametrize(("text", "folded"), [
    ("Jets Hit\tTwo\u00a0Homes", "jets hit two homes"),
    ("İdlib\u2009Road", "İdlib road"),
    ("plain", "plain"),
    ("", ""),
])
def test_fold_table(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(text) == folded  # asked again (the remembered answer)


@given(st.text(alphabet=st.sampled_from("aBzÉİß \t\n" + _SPACES + "\u2003x")))
def test_fold_matches_the_reference(text: str) -> None:
    assert fold(text) == _reference(text)
    assert len(fold(text)) == len(text)


def test_a_different_text_is_folded_afresh() -> None:
    assert fold("One\tTwo") == "one two"
    assert fold("Three") == "three"
    assert fold("One\tTwo") == "one two"
