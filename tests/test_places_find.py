"""find_places: cues (near, offset, part_of, admin), common-word stoplist, unknown names, disambiguation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.extract.places import best_place, detect_countries, find_places, resolve_name
from civmon.gazetteer.resolve import distance_km

SENTENCES = [
    "Artillery fire struck a market in Kismayo on Tuesday morning.",
    "A drone attack was reported near Mosul late at night.",
    "Witnesses said a shell landed 8 km north of Baidoa, wounding a herder.",
    "The strike destroyed a home in the Sheikh Radwan neighbourhood of Gaza City.",
    "Fighting spread across Idlib province and into the countryside of Syria.",
    "In the east of the Jabalia camp a school was hit, local medics said.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_every_span_quotes_the_text(text: str) -> None:
    found = find_places(text)
    assert found
    for m in found:
        assert m.place.span.quote(text) == text[m.place.span.start:m.place.span.end]
        assert m.place.span.quote(text).strip() == m.place.span.quote(text)


@pytest.mark.parametrize(("text", "name", "country", "relation", "near"), [
    ("Artillery fire struck a market in Kismayo on Tuesday morning.", "Kismayo", "SO", "in", False),
    ("A drone attack was reported near Mosul late at night.", "Mosul", "IQ", "near", True),
    ("Aid reached families living outside Hebron this week.", "Hebron", "PS", "near", True),
    ("Residents fled from Aleppo as the bombing went on.", "Aleppo", "SY", "in", False),
])
def test_preposition_cues(text: str, name: str, country: str, relation: str, near: bool) -> None:
    m = find_places(text)[0]
    assert (m.place.name, m.place.country, m.relation, m.place.near) == (name, country, relation, near)


@pytest.mark.parametrize(("text", "named", "anchor", "km"), [
    ("Witnesses said a shell landed 8 km north of Baidoa, wounding a herder.", None, "Baidoa", 8),
    ("Raiders torched Qoryoley-Bari village (20km NE of Kismayo) at dawn.", "Qoryoley-Bari", "Kismayo", 20),
    ("Gunmen stormed Dhagax-Yar, 15 kilometres west of Baidoa, at night.", "Dhagax-Yar", "Baidoa", 15),
])
def test_offset_projects_from_the_anchor(text: str, named: str | None, anchor: str, km: int) -> None:
    m = next(m for m in find_places(text) if m.relation == "offset")
    assert m.container is not None and m.container.name == anchor
    assert m.place.lat is not None and m.place.lon is not None
    assert m.container.lat is not None and m.container.lon is not None
    d = distance_km((m.place.lat, m.place.lon), (m.container.lat, m.container.lon))
    assert abs(d - km) < 0.5
    if named is not None:
        assert m.place.name == named and m.place.span.quote(text) == named


def test_neighbourhood_of_city_is_part_of_the_city() -> None:
    text = "The strike destroyed a home in the Sheikh Radwan neighbourhood of Gaza City."
    m = next(m for m in find_places(text) if m.relation == "part_of")
    assert m.place.name == "Sheikh Radwan"
    assert m.container is not None and m.container.name == "Gaza"
    assert (m.place.lat, m.place.lon) == (m.container.lat, m.container.lon)
    assert m.place.precision == "city"


@pytest.mark.parametrize(("text", "name", "precision"), [
    ("Fighting spread across Idlib province in the north.", "Idleb", "governorate"),
    ("Aid convoys were stopped in Lower Shabelle region.", "Lower Shabelle", "governorate"),
])
def test_admin_suffix_picks_the_admin_unit(text: str, name: str, precision: str) -> None:
    m = find_places(text)[0]
    assert (m.place.name, m.place.precision, m.relation) == (name, precision, "admin")


def test_unknown_village_near_a_town_is_placed_around_the_town() -> None:
    text = "Jets bombed the village of Al-Qasimiyeh, north east of Aleppo, before dawn."
    m = next(m for m in find_places(text) if m.place.name == "Al-Qasimiyeh")
    assert m.place.precision == "subdistrict" and m.place.admin1 == "Aleppo" and m.place.country == "SY"
    assert m.place.span.quote(text) == "Al-Qasimiyeh"
    assert m.container is not None and (m.place.lat, m.place.lon) == (m.container.lat, m.container.lon)


@pytest.mark.parametrize("text", [
    "Mark said the bay was quiet and most people had left.",
    "Most of the victims were said to be farmers.",
    "They will hit back, said one commander, of that there is no doubt.",
    "the city of gaza was not named in lower case words like mosul.",
])
def test_ordinary_words_are_not_places(text: str) -> None:
    assert find_places(text) == []


def test_common_word_place_counts_after_a_preposition() -> None:
    text = "Two car bombs exploded in Hit on the Euphrates, west of Ramadi."
    assert any(m.place.name == "Hīt" and m.place.country == "IQ" for m in find_places(text))


@pytest.mark.parametrize(("countries", "country"), [(("SY",), "SY"), (("IQ",), "IQ")])
def test_disambiguation_by_country(countries: tuple[str, ...], country: str) -> None:
    place = resolve_name("Al Qaryatayn", countries=countries) or resolve_name("Tal Abyad", countries=countries)
    assert place is not None
    found = find_places("Shelling was reported in Tall Abyad.", countries=countries)
    assert found and found[0].place.country == "SY"  # only a Syrian one exists
    texts = {"SY": "Strikes hit Raqqa and Deir ez-Zor.", "IQ": "Strikes hit Ramadi and Fallujah."}
    assert detect_countries(texts[country])[0] == country


def test_country_and_strip_mentions() -> None:
    text = "Somalia and the Gaza Strip both saw strikes; Syria too."
    got = {(m.place.name, m.place.precision) for m in find_places(text)}
    assert {("Somalia", "country"), ("Gaza Strip", "governorate"), ("Syria", "country")} <= got


def test_best_place_is_the_most_precise() -> None:
    text = "In Syria, a strike hit Saraqib in Idlib province."
    best = best_place(find_places(text))
    assert best is not None and best.country == "SY" and best.precision in ("town", "city", "village")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAlL- ()km5NSEW.,'’ofneariGzMsuKbyRdh\n")) , max_size=120)
       | st.text(max_size=120))
def test_random_text_never_raises_and_spans_stay_inside(text: str) -> None:
    for m in find_places(text):
        assert 0 <= m.place.span.start < m.place.span.end <= len(text)
        if m.container is not None:
            assert 0 <= m.container.span.start < m.container.span.end <= len(text)
