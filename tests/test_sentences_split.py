"""Sentence spans: run-together scraped text, abbreviations, quotes, bullets and paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("A strike hit a house in the Gaza Strip.Shuaib was hurt.", ["A strike hit a house in the Gaza Strip.",
                                                                 "Shuaib was hurt."]),
    ("The town was hit.12 people died.", ["The town was hit.", "12 people died."]),
    ("U.S. officials said it. Another sentence.", ["U.S. officials said it.", "Another sentence."]),
    ("The U.S. Army said so. Then it left.", ["The U.S. Army said so.", "Then it left."]),
    ("Dr. Ahmed said 5 were killed. Mr. Ali agreed.", ["Dr. Ahmed said 5 were killed.", "Mr. Ali agreed."]),
    ("It happened at 3 a.m. on Monday. Five died.", ["It happened at 3 a.m. on Monday.", "Five died."]),
    ('He said "it was a strike." Then he left.', ['He said "it was a strike."', "Then he left."]),
    ("Was it a strike? Yes! It was.", ["Was it a strike?", "Yes!", "It was."]),
    ("Items:\n\u2022 first item\n\u2022 second item\n- third", ["Items:", "\u2022 first item", "\u2022 second item",
                                                              "- third"]),
    ("1. first\n2. second", ["1. first", "2. second"]),
    ("Para one.\n\nPara two", ["Para one.", "Para two"]),
    pytest.param("A figure of 3.5 km was given. Next.", ["A figure of 3.5 km was given.", "Next."],
                 marks=pytest.mark.xfail(strict=True, reason="a decimal point between digits ends a sentence")),
    ("", []),
    ("   \n  ", []),
])
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab .!?\n\"'()\u2022-1A.U.S")), max_size=120) | st.text(max_size=200))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        assert last <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        last = s.end
    covered = "".join(text[s.start:s.end] for s in split_sentences(text))
    assert "".join(covered.split()) == "".join(text.split())  # nothing but whitespace is lost
