"""Distances restated in other units ('20 kilometres (12 miles) south of X') still make offsets."""

from __future__ import annotations

import pytest

from civmon.extract.places import find_places
from civmon.gazetteer.resolve import distance_km, resolve_name


@pytest.mark.parametrize(("text", "anchor", "km"), [
    ("A checkpoint 60 kilometres (37 miles) south of Misrata was overrun.", "Misrata", 60),
    ("A checkpoint 60 km (37 mi) south of Misrata was overrun.", "Misrata", 60),
    ("A checkpoint 37 miles (60 km) south of Misrata was overrun.", "Misrata", 59.5),
    ("A checkpoint 60 kilometres ( 37 miles ) south of Misrata was overrun.", "Misrata", 60),
])
def test_a_converted_distance_is_still_an_offset(text: str, anchor: str, km: float) -> None:
    (m,) = find_places(text)
    assert m.relation == "offset"
    town = resolve_name(anchor, countries=("LY",))
    assert town is not None and town.lat is not None and town.lon is not None
    assert m.place.lat is not None and m.place.lon is not None
    assert abs(distance_km((town.lat, town.lon), (m.place.lat, m.place.lon)) - km) < 1.0


def test_a_named_place_with_a_converted_distance_keeps_its_own_coordinates() -> None:
    text = "Gunmen attacked Zliten, 150 kilometres (93 miles) east of Tripoli, at dawn."
    found = find_places(text)
    zliten = resolve_name("Zliten", countries=("LY",))
    assert zliten is not None
    (m,) = [m for m in found if m.relation == "offset"]
    assert text[m.place.span.start:m.place.span.end] == "Zliten"
    assert (m.place.lat, m.place.lon) == (zliten.lat, zliten.lon)


def test_a_parenthesis_that_is_no_distance_does_not_make_an_offset() -> None:
    text = "A checkpoint 60 kilometres (the old road) south of Misrata was overrun."
    assert all(m.relation != "offset" for m in find_places(text))
