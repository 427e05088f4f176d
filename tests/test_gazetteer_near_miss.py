"""A place a distance is measured from, misspelt by one letter, is still found; nothing else is guessed."""

from __future__ import annotations

import pytest

from civmon.extract.places import find_places
from civmon.gazetteer.near_miss import near_miss


@pytest.mark.parametrize(("slip", "town"), [("Afqooye", "Afgooye"), ("Baidowa", "Baidoa"), ("Jowhat", "Jowhar")])
def test_one_letter_slips_find_the_town(slip: str, town: str) -> None:
    rows = near_miss(slip)
    assert any(e.name == town or town in e.alternates for e in rows)


@pytest.mark.parametrize("name", ["Afgooye", "Aleppo", "Qwertyzx", "Hama", ""])
def test_known_short_and_unknown_names_are_not_guessed(name: str) -> None:
    assert near_miss(name) == ()


def test_a_slipped_reference_places_its_village_in_the_right_region() -> None:
    text = "Gunmen attacked a farm in Xawaadley (approx. 8km NW of Afqooye) on the night of 3/04."
    found = [m for m in find_places(text) if m.relation == "offset"]
    assert found and found[0].place.name == "Xawaadley" and found[0].place.admin1 == "Lower Shabelle"


def test_a_slip_outside_a_distance_is_not_guessed() -> None:
    assert not [m for m in find_places("Traders in Afqooye said prices rose.") if m.place.precision != "country"]
