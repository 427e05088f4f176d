"""Harm reported with no number: the policy's convention gives the range, the words are kept, and doubt
("casualties are unknown") or denial gives nothing."""

from __future__ import annotations

import pytest

from civmon.extract.claims import extract
from civmon.models import Document


def killed(text: str, policy: str) -> tuple[int | None, int | None, str] | None:
    claims = [c for c in extract(Document(id="d", text=text), vague_policy=policy) if c.kind == "incident"]
    if not claims or "killed" not in claims[0].casualties:
        return None
    k = claims[0].casualties["killed"]
    return (k.min, k.max, k.words)


@pytest.mark.parametrize(("text", "policy", "expected"), [
    ("Gunmen attacked a police post in Kismayo on 3 June, causing casualties.", "acled", (10, 10, "casualties")),
    ("Warplanes hit a convoy near Sirte on 2 May, reportedly inflicting heavy casualties.", "acled",
     (10, 10, "heavy casualties")),
    ("Mortar shells struck the base in Baidoa on 9 April. Casualties reported, exact numbers not known.", "acled",
     (10, 10, "Casualties")),
    ("Mortar shells struck the base in Baidoa on 9 April, causing an unknown number of casualties.", "acled",
     (10, 10, "casualties")),
    ("A drone hit a house in Rafah on 4 May 2024; there were casualties, a local agency said.", "airwars",
     (1, 2, "casualties")),
    ("A drone hit a house in Rafah on 4 May 2024; there were casualties, a local agency said.", "conservative",
     (None, None, "casualties")),
    ("A drone hit a house in Rafah on 4 May 2024; there were casualties, a local agency said.", "strict",
     (None, None, "casualties")),
])
def test_unquantified_follows_policy(text: str, policy: str, expected: tuple[int | None, int | None, str]) -> None:
    assert killed(text, policy) == expected


@pytest.mark.parametrize("text", [
    "Gunmen attacked a police post in Kismayo on 3 June. Casualties are unknown.",
    "Gunmen attacked a police post in Kismayo on 3 June. Casualties could not be established.",
    "Gunmen attacked a police post in Kismayo on 3 June. It is not clear if any casualties were caused.",
    "Gunmen attacked a police post in Kismayo on 3 June. No casualties were reported.",
    "Gunmen attacked a police post in Kismayo on 3 June. Casualties not reported.",
])
def test_doubt_or_denial_gives_no_figure(text: str) -> None:
    got = killed(text, "acled")
    assert got is None or got[0] == 0


def test_a_figure_elsewhere_wins() -> None:
    text = "Gunmen attacked a police post in Kismayo on 3 June, causing casualties. Two officers were killed."
    assert killed(text, "acled") == (2, 2, "Two officers")


def test_casualties_arriving_at_hospital_are_the_injured() -> None:
    text = "A strike hit a flat in Rafah on 4 May 2024. A number of casualties arrived at the Kuwaiti Hospital."
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    assert "killed" not in claims[0].casualties
    assert claims[0].casualties["injured"].words.endswith("casualties")


def test_hospital_casualties_are_injured_even_when_injuries_are_counted() -> None:
    text = ("A strike hit a flat in Rafah on 4 May 2024, wounding four civilians. A number of casualties "
            "arrived at the Kuwaiti Hospital.")
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    assert "killed" not in claims[0].casualties


@pytest.mark.parametrize(("policy", "expected"), [
    ("airwars", (2, 2)), ("conservative", (2, None)), ("acled", (10, 10)), ("strict", (None, None)),
])
def test_plural_harm_nouns_read_as_some_people(policy: str, expected: tuple[int | None, int | None]) -> None:
    text = "A strike hit a house in Jabalia on 24 October 2023; a local page said there were injuries and deaths."
    got = killed(text, policy)
    assert got is not None and got[:2] == expected and got[2] == "deaths"
