"""A name shared by an admin unit and by towns: the town of that country wins, a namesake abroad does not."""

from __future__ import annotations

import pytest

from civmon.extract.places import find_places


@pytest.mark.parametrize(("text", "name", "country", "precision"), [
    # a governorate and a village abroad share the name: the governorate, in the country the text is about
    ("Gunmen seized two aid workers travelling from Kufra to Tripoli on Sunday.", "Kufra", "LY", "governorate"),
    # a city and its own governorate share the name: the city
    ("Shelling near Gaza on Monday killed a fisherman.", "Gaza", "PS", "city"),
    # Somali 'dh' is often written 'd': 'Qardo' is Qardho
    ("Clashes in Qardo district left three herders dead.", "Qardo", "SO", "district"),
])
def test_namesakes(text: str, name: str, country: str, precision: str) -> None:
    found = {text[m.place.span.start:m.place.span.end].split()[0]: m.place for m in find_places(text)}
    assert found[name].country == country and found[name].precision == precision
