"""Names that tie a report to a country without being places: they vote for it, and place a report
that names no place it can resolve."""

from __future__ import annotations

import pytest

from civmon.extract.places import detect_countries, find_places


@pytest.mark.parametrize(("text", "country", "cue"), [
    ("Al-Shabaab gunmen ambushed a supply lorry at Qoorweyn Dheer before dawn.", "SO", "Al-Shabaab"),
    ("AMISOM troops shelled positions around the hamlet of Xaaxoole.", "SO", "AMISOM"),
    ("Puntland police arrested three suspects after the blast.", "SO", "Puntland"),
    ("LNA jets bombed a compound used by the rival brigade.", "LY", "LNA"),
    ("Libyan coastguards fired on a boat near the oil terminal.", "LY", "Libyan"),
    ("Peshmerga units repelled an attack on an outpost overnight.", "IQ", "Peshmerga"),
    ("Houthi fighters shelled a checkpoint on the coastal road.", "YE", "Houthi"),
    ("SDF commanders said two fighters died in the raid.", "SY", "SDF"),
])
def test_a_text_without_a_known_place_falls_back_to_its_country(text: str, country: str, cue: str) -> None:
    (m,) = find_places(text)
    assert (m.place.country, m.place.precision, m.relation) == (country, "country", "context")
    assert text[m.place.span.start:m.place.span.end] == cue
    assert m.place.lat is not None and m.place.lon is not None


@pytest.mark.parametrize("text", [
    "American drones struck a training camp, the Pentagon said.",
    "Russian warplanes hit a convoy on the highway.",
    "Kenyan jets pounded a hideout before sunrise.",
    "Turkish artillery shelled a ridge for hours.",
    "Gunmen attacked a convoy; nobody claimed it.",
])
def test_forces_that_strike_abroad_and_unmarked_texts_give_no_country(text: str) -> None:
    assert find_places(text) == []


@pytest.mark.parametrize(("text", "name", "country"), [
    # a known place decides; the cue does not add a country-level mention beside it
    ("Al-Shabaab fighters attacked a base in Kismayo at dawn.", "Kismayo", "SO"),
    ("Libyan forces clashed with gunmen in Sabha.", "Sabha", "LY"),
])
def test_a_known_place_wins_over_the_cue(text: str, name: str, country: str) -> None:
    found = find_places(text)
    assert [(m.place.name, m.place.country) for m in found] == [(name, country)]


def test_a_cue_outvotes_a_small_namesake_village_abroad() -> None:
    # 'Bardaale' folds like a West Bank village; the Somali armed group says the text is about Somalia
    text = "Al-Shabaab fighters raided Bardaale at night, killing two militiamen."
    assert detect_countries(text)[0] == "SO"
    assert {m.place.country for m in find_places(text)} == {"SO"}


@pytest.mark.parametrize(("text", "first"), [
    ("Shabaab militants and Somali troops fought for hours.", "SO"),
    ("A Houthi drone was downed; the Yemeni coastguard found debris.", "YE"),
])
def test_detect_countries_counts_cues(text: str, first: str) -> None:
    assert detect_countries(text)[:1] == (first,)


def test_cue_words_inside_other_words_do_not_count() -> None:
    assert find_places("Snags and gnats bothered the hikers; hashdown was over.") == []


@pytest.mark.parametrize("text", [
    "Al-Shabaab fighters ambushed South West State troops near the river.",
    "Libyan forces regrouped; the Central Region command denied losses.",
])
def test_an_admin_unit_named_by_an_ordinary_word_abroad_is_not_the_place(text: str) -> None:
    found = find_places(text)
    assert found and all(m.place.country == detect_countries(text)[0] for m in found)
