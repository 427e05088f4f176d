"""Official responses: stance cues with the official body that gave them, sentence by sentence."""

from __future__ import annotations

import pytest

from civmon.extract.responses import find_responses
from civmon.extract.sentences import split_sentences


def stances(text: str) -> list[tuple[str, str | None]]:
    found = find_responses(text, sentences=split_sentences(text))
    for r in found:
        assert text[r.span.start:r.span.end] == r.words
    return [(r.value, r.by) for r in found]


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(("text", "expected"), [
    ("The Pentagon denied the report.", [("denied", "The Pentagon")]),
    ("The Russian Aerospace Forces did not carry out any missions near Ariha.",
     [("denied", "The Russian Aerospace Forces")]),
    ("The Russian Ministry of Defence called the reports of a strike on the bakery a fabrication.",
     [("denied", "The Russian Ministry of Defence")]),
    ("CENTCOM said it was investigating the strike.", [("investigating", "CENTCOM")]),
    ("The coalition said it was looking into the claims and denied that civilians were present.",
     [("investigating", "The coalition"), ("denied", "The coalition")]),
    ("US officials admitted the strike killed civilians.", [("acknowledged", "US officials")]),
    ("The IDF said it struck a militant command post.", [("confirmed", "The IDF")]),
    ("The Russian Ministry of Defence rejected the claims as fabricated.",
     [("denied", "The Russian Ministry of Defence")]),
    ("Local activists said the strike hit a school. The Pentagon said it had opened an inquiry.",
     [("investigating", "The Pentagon")]),
    ("The Saudi-led coalition said the Joint Incidents Assessment Team would review the incident.",
                 [("investigating", "the Joint Incidents Assessment Team")]),
    pytest.param("In a statement, the US-led coalition denied that its aircraft struck a school.",
                 [("denied", "the US-led coalition")],
                 marks=bug("'the US-led coalition' is not an official body, so the denial is dropped")),
    pytest.param("The coalition denied the report. It said it would nonetheless open an investigation.",
                 [("denied", "The coalition"), ("investigating", "The coalition")],
                 marks=bug("a response whose body is a pronoun ('It said') in the next sentence is dropped")),
])
def test_stance_and_body(text: str, expected: list[tuple[str, str]]) -> None:
    assert stances(text) == expected


@pytest.mark.parametrize("text", [
    "Residents denied that fighters had been in the building.",  # not an official body
    "Witnesses said a school was hit.",
    "The weather was mild.",
    "",
])
def test_no_official_response(text: str) -> None:
    assert stances(text) == []


def test_one_stance_per_sentence() -> None:
    text = "The Pentagon denied the report and denied that any civilians were harmed."
    assert stances(text) == [("denied", "The Pentagon")]
