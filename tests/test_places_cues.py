"""find_places on the cues of field reports: pieces of longer names, site and family names, districts named in
parentheses, directions from a town, joined spellings, and the country a text's places agree on."""

from __future__ import annotations

import pytest

from civmon.extract.places import detect_countries, find_places
from civmon.gazetteer.index import index
from civmon.gazetteer.resolve import distance_km


def _names(text: str) -> list[tuple[str, str]]:
    return [(m.place.name, m.place.country) for m in find_places(text)]


@pytest.mark.parametrize(("text", "piece"), [
    # a known one-word name that only starts a longer unknown name is not that place
    ("Militiamen raided Ceel-Qoordheer at dawn and left before noon.", "Ceel"),
    ("Herders clashed in Buulo Gaduudka late on Friday evening.", "Buulo"),
    ("The shop of Yusuf Hamza Jamil was looted, his cousin told reporters.", "Jamil"),
])
def test_a_piece_of_a_longer_name_is_not_a_place(text: str, piece: str) -> None:
    assert all(m.place.span.quote(text) != piece for m in find_places(text))


@pytest.mark.parametrize(("text", "word"), [
    ("Neighbours pulled three of the Safi family out of the rubble in Gaza City.", "Safi"),
    ("The blast shattered windows along Jaffa Street in the middle of Gaza City.", "Jaffa"),
    ("Shrapnel hit the gate of Nasser Hospital in Khan Younis on Sunday.", "Nasser"),
    ("Somali forces stormed a camp near Baidoa before dawn.", "Somali"),
    ("Boats crossed the Juba river near Kismayo at night.", "Juba"),
])
def test_family_site_and_people_names_are_not_settlements(text: str, word: str) -> None:
    found = find_places(text)
    assert found, "the town in the sentence is still found"
    assert all(m.place.span.quote(text) != word for m in found)


def test_a_street_named_after_a_city_stays_in_the_town_it_is_in() -> None:
    text = "A drone struck a car on Jaffa Street in the Tuffah neighbourhood of Gaza City."
    assert {c for _, c in _names(text)} == {"PS"}


@pytest.mark.parametrize(("text", "admin1"), [
    ("Gunmen shot a trader near Bakaro market (Hodan District) in the evening.", "Banadir"),
    ("A grenade was thrown at a checkpoint in Hodan district on Monday.", "Banadir"),
    ("Two soldiers were wounded near the old port (Waaberi District) at night.", "Banadir"),
    ("Militia fought over grazing land in Gedo region; four died.", "Gedo"),
    ("Troops moved into the villages of Bay region after the rains.", "Bay"),
    ("An ambush was laid near Afgooye (Shabeellaha Hoose) on the main road.", "Lower Shabelle"),
])
def test_somali_districts_and_regions_give_the_admin1(text: str, admin1: str) -> None:
    found = find_places(text)
    assert any(m.place.admin1 == admin1 and m.place.country == "SO" for m in found), found


def test_a_district_without_a_town_of_its_name_sits_at_its_region() -> None:
    rows = [e for e in index().lookup("Hodan") if e.kind == "district"]
    assert rows and rows[0].population == 0 and rows[0].admin1 == "Banadir"
    capital = next(e for e in index().lookup("Mogadishu") if e.kind == "city")
    assert distance_km((rows[0].lat, rows[0].lon), (capital.lat, capital.lon)) < 25


@pytest.mark.parametrize(("text", "name"), [
    ("Clan fighters clashed in Beled Weyne town over a water point.", "Beledweyne"),
    ("Mortars fell on Ceel Buur district headquarters in the night.", "Ceel Buur"),
])
def test_a_name_written_as_two_words_finds_a_one_word_row(text: str, name: str) -> None:
    assert any(n == name for n, _ in _names(text))


def test_a_possessive_place_name_is_still_the_place() -> None:
    text = "Fighting broke out in Mogadishu's Hodan district after prayers."
    assert ("Mogadishu", "SO") in _names(text)


def test_east_of_a_city_is_near_the_city_not_the_whole_strip() -> None:
    text = "Shelling was reported east of Gaza City during the night."
    m = next(m for m in find_places(text) if m.place.span.quote(text) == "Gaza City")
    assert m.place.near and m.place.precision == "city" and m.relation == "near"


def test_in_the_east_of_a_city_is_inside_it() -> None:
    text = "Shelling was reported in the east of Gaza City during the night."
    m = next(m for m in find_places(text) if m.place.span.quote(text) == "Gaza City")
    assert not m.place.near


def test_a_quarter_east_of_a_city_takes_the_city() -> None:
    text = "A house was flattened in the Shujaiyeh quarter, east of Gaza City, on Tuesday."
    m = next(m for m in find_places(text) if m.place.name == "Shujaiyeh")
    assert m.place.precision == "city" and m.container is not None
    assert (m.place.lat, m.place.lon) == (m.container.lat, m.container.lon)


@pytest.mark.parametrize(("text", "country"), [
    # a small foreign namesake loses to the country the offset anchor and region point to
    ("Troops raided Kurman village (21km NW of Diinsoor) and left at noon.", "SO"),
    ("Fighting was reported in El-Wak (Ceel Waaq) town in Gedo region.", "SO"),
    ("Kenyan jets bombed a base near Ceel Cadde (55km SW of Garbahaarey) overnight.", "SO"),
])
def test_the_places_of_a_note_agree_on_one_country(text: str, country: str) -> None:
    found = find_places(text)
    assert found and {m.place.country for m in found} == {country}, found
    assert detect_countries(text)[0] == country


def test_a_name_repeated_as_a_surname_does_not_outvote_the_city() -> None:
    text = ("A strike on a home in Gaza City killed Samra Hani and her son. Samra Hani was 40. "
            "Relatives of Samra said Samra had fled twice.")
    assert {c for _, c in _names(text)} == {"PS"}


def test_an_offset_without_a_known_village_is_projected_from_the_anchor() -> None:
    text = "Raiders burnt Qoryaale-Yare village (30km SW of Baidoa) at night."
    m = next(m for m in find_places(text) if m.relation == "offset")
    assert m.place.name == "Qoryaale-Yare" and m.place.admin1 == "Bay" and m.place.country == "SO"
    assert m.container is not None and m.container.lat is not None and m.container.lon is not None
    assert m.place.lat is not None and m.place.lon is not None
    assert abs(distance_km((m.place.lat, m.place.lon), (m.container.lat, m.container.lon)) - 30) < 0.5


def test_a_city_naming_an_institution_places_a_text_with_no_other_place() -> None:
    text = "Shells landed near the Benghazi Medical Centre before noon; nobody was hurt."
    found = find_places(text)
    assert [(m.place.name, m.place.precision) for m in found] == [("Benghazi", "city")]
    assert found[0].place.span.quote(text) == "Benghazi"


def test_the_institution_fallback_stays_silent_when_a_place_is_named() -> None:
    text = "Fighters of the Benghazi Revolutionaries Shura Council attacked a post in Ajdabiya."
    assert [m.place.name for m in find_places(text)] == ["Ajdabiya"]


def test_a_first_name_shared_with_a_city_is_not_a_fallback_place() -> None:
    assert find_places("Relatives said Jamil Hassan Omar was a teacher.") == []


def test_a_misread_no_break_space_does_not_glue_words() -> None:
    text = "Clashes erupted alongÂ\u00a0Libya'sÂ\u00a0coast near Ajdabiya."
    assert ("Libya", "LY") in _names(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Gunmen killed a guard near Bakaro (Hawl-Wadaag District) at night.", "Hawl Wadaag"),
    ("A mortar hit Qoryoley-Bari (Shabeellaha Hoose) overnight.", "Lower Shabelle"),
])
def test_a_unit_in_parentheses_after_a_place_is_where_it_lies(text: str, expected: str) -> None:
    assert any(expected in (m.place.name, m.place.admin1) for m in find_places(text))


def test_a_name_in_parentheses_after_a_person_is_not_a_place() -> None:
    text = "The poet Omar (Umar) Fares was killed in Gaza City by shelling."
    assert {n for n, _ in _names(text)} == {"Gaza"}


def test_a_name_after_abu_or_umm_belongs_to_a_person() -> None:
    text = "The home of the Abu al-Asla family in Bani Suhaila was struck; Umm Hamza survived."
    assert {c for _, c in _names(text)} == {"PS"}
    assert all(m.place.span.quote(text) not in ("al-Asla", "Hamza") for m in find_places(text))


def test_a_quarter_named_like_a_foreign_town_takes_the_town_it_is_in() -> None:
    text = "A family home in the Al-Geneina neighbourhood in Rafah was flattened at dawn."
    found = find_places(text)
    assert {m.place.country for m in found} == {"PS"}
    quarter = next(m for m in found if m.place.name == "Al-Geneina")
    assert quarter.container is not None and quarter.container.name.startswith("Rafa")


def test_a_street_takes_no_town_it_is_not_linked_to() -> None:
    text = "She was killed on Radwan street on a Tuesday, her brother from Cairo said."
    assert all(m.place.name != "Radwan" for m in find_places(text))


@pytest.mark.parametrize(("text", "name"), [
    ("Fighting was reported in middle Shabeelle region overnight.", "Middle Shabelle"),
    ("Aid stalled in lower Juba region for a week.", "Lower Juba"),
])
def test_a_region_with_a_lower_case_modifier(text: str, name: str) -> None:
    assert (name, "SO") in _names(text)


def test_a_district_known_by_name_counts_after_near() -> None:
    text = "A herder was shot near Ceel Afweyn on Tuesday."
    assert any(m.place.admin1 == "Sanaag" for m in find_places(text))


def test_a_two_word_name_written_as_one_word() -> None:
    text = "An elder was beheaded in Rabdhure town at night."
    assert any(m.place.admin1 == "Bakool" for m in find_places(text))


def test_an_adjective_between_preposition_and_name_keeps_the_cue() -> None:
    text = "Jets hit a bakery in southern Idlib. Read more: Floods in Pakistan | Talks in Geneva | Iran news"
    assert detect_countries(text)[0] == "SY"
    assert ("Idlib", "SY") in _names(text)


@pytest.mark.parametrize("text", [
    "Rescuers said the strike came on June 7th, after midnight.",
    "The raid was first reported on Facebook in March by a neighbour.",
])
def test_months_days_and_platforms_are_never_places(text: str) -> None:
    assert find_places(text) == []


def test_on_is_a_place_preposition() -> None:
    text = "Helicopters dropped barrels on Jisr al-Shughur overnight."
    m = find_places(text)[0]
    assert m.place.country == "SY" and m.relation == "in"


def test_an_abbreviation_does_not_end_the_sentence_of_an_offset() -> None:
    text = "Jets struck a camp at Dhagaxley Village (approx. 40km NW of Baidoa) before dawn."
    m = next(m for m in find_places(text) if m.relation == "offset")
    assert m.place.name == "Dhagaxley" and m.place.admin1 == "Bay"


def test_the_town_an_offset_is_measured_from_is_not_the_place() -> None:
    from civmon.extract import extract
    from civmon.models import Document

    text = ("Clan militias clashed at Dhagax Yar (25km SW of Beled Weyne) on 3 May, killing two herders. Troops "
            "later returned to Beled Weyne.")
    claims = extract(Document(id="d", text=text))
    assert claims[0].place is not None and claims[0].place.name == "Dhagax Yar"


def test_a_nationality_before_a_feature_word_is_no_place() -> None:
    from civmon.extract.places import find_places

    text = "A car bomb went off in the northern Syrian town of al-Bab on Sunday."
    names = [m.place.name for m in find_places(text)]
    assert names == ["Al B\u0101b"]


def test_headline_lists_below_the_article_do_not_place_it() -> None:
    from civmon.extract import extract
    from civmon.models import Document

    text = ("Shelling kills three in Saraqib\n\nRegime artillery hit a street in Saraqib on Monday, killing three "
            "people, rescuers said.\n\nShare | Print\n\nMost read\n1. Flooding hits camps near Sarmada\n"
            "2. Talks in Geneva stall again\n3. Protest in Daraa al-Balad\n")
    claims = [c for c in extract(Document(id="d", text=text)) if c.kind == "incident"]
    assert [c.place.name for c in claims if c.place] == ["Saraqib"]


@pytest.mark.parametrize(("text", "precision"), [
    ("Shelling hit villages in rural Hama on Monday.", "governorate"),
    ("A strike hit farms in the eastern Aleppo countryside.", "governorate"),
    ("A car bomb exploded in northern Aleppo city.", "city"),
    ("A strike hit a house in western Khan Younis.", "city"),  # a part of the city
])
def test_the_countryside_of_a_city_is_its_governorate(text: str, precision: str) -> None:
    from civmon.extract.places import find_places

    assert [m.place.precision for m in find_places(text)][:1] == [precision]


@pytest.mark.parametrize("text", [
    "Regime jets bombed homes in Busra al-Harir, killing eight.",
    "Regime jets bombed homes in Busra al-Harir in Daraa province, killing eight.",
])
def test_a_name_continued_by_an_article_is_not_its_first_word(text: str) -> None:
    from civmon.extract.places import find_places

    assert not [m for m in find_places(text) if m.place.country != "SY"]  # never Basrah (Iraq) for 'Busra'
