"""Weapons and targets: closed lists from the lexicon, the longest phrase winning, and what is not a target."""

from __future__ import annotations

import pytest

from civmon.extract.terms import find_terms


def targets(text: str) -> list[str]:
    return [m.value for m in find_terms(text, concern="target")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Jets struck a hospital in Kafr Nabl.", ["hospital"]),
    ("Strikes hit two field hospitals near Saraqib.", ["hospital"]),  # not a farm's field
    ("Shelling hit the market and a bakery in Ariha.", ["market", "bakery"]),
    # where the wounded were taken is no target
    ("Shelling hit the market; the wounded were taken to Avrin hospital.", ["market"]),
    ("Nine people were rushed to the national hospital after the strike on the bakery.", ["bakery"]),
    # a car bomb is a weapon, not a car that was hit
    ("A car bomb exploded near the mosque in Azaz.", ["mosque"]),
])
def test_targets(text: str, expected: list[str]) -> None:
    assert targets(text) == expected


def test_weapons_are_found() -> None:
    assert [m.value for m in find_terms("Russian jets dropped barrel bombs.", concern="weapon")]
