"""Syria's belligerents as web pages and local outlets name them."""

from __future__ import annotations

import pytest

from civmon.extract.actors import find_actors


def ids(text: str) -> list[str]:
    found = find_actors(text)
    for a in found:
        assert text[a.span.start:a.span.end] == a.words
    return [a.value for a in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian warplanes struck Saraqib.", "russia"),
    ("Russian jets pounded the town.", "russia"),
    ("The Russian air force bombed a hospital.", "russia"),
    ("Russia's air force carried out the raids.", "russia"),
    ("Russian occupation forces shelled the village.", "russia"),
    ("Russian occupation warplanes killed four in Hass.", "russia"),
    ("Regime aircraft targeted Ariha.", "syrian-government"),
    ("Assad forces shelled Saraqib.", "syrian-government"),
    ("Assad's forces advanced on the town.", "syrian-government"),
    ("Assad militias shelled Kafranbel with missiles.", "syrian-government"),
    ("Syrian army helicopters dropped barrel bombs on Kafr Zita.", "syrian-government"),
    ("Syrian government forces shelled Douma.", "syrian-government"),
    ("Government artillery pounded Nawa.", "syrian-government"),
    ("Syrian warplanes hit the market.", "syrian-government"),
    ("Pro-Assad militias fired rockets at the camp.", "syrian-government"),
    ("The regime shelled Ariha overnight.", "syrian-government"),
    ("Regime artillery hit the school.", "syrian-government"),
    ("Coalition jets struck Hajin.", "us-led-coalition"),
    ("Warplanes of the International Coalition targeted a building.", "us-led-coalition"),
    ("The Global Coalition said it struck an ISIS cell.", "us-led-coalition"),
    ("Coalition targets ISIS in Albu Kamal.", "us-led-coalition"),
    ("A US drone strike hit a car near Binnish.", "united-states"),
    ("Turkish drones struck a car near Qamishli.", "turkey"),
    ("Turkish artillery shelled Tal Rifaat.", "turkey"),
    ("Turkish-backed factions shelled the village.", "turkey"),
    ("Israeli strikes hit Masyaf.", "israel"),
    ("Israeli missiles struck near Damascus.", "israel"),
    ("An Israeli drone struck a car.", "israel"),
    ("The SDF shelled the village.", "sdf"),
    ("Kurdish-led forces advanced.", "sdf"),
    ("HTS fired rockets at Suqaylabiyah.", "hts"),
    ("Warplanes of the Russian-Syrian alliance struck Ariha.", "russia"),
    ("Bashar al-Assad's forces shelled the camp.", "syrian-government"),
    ("The regime's warplanes bombed Hass.", "syrian-government"),
    ("Turkish occupation forces shelled Ain Issa.", "turkey"),
    ("Turkish-backed mercenaries looted the village.", "turkey"),
    ("The IAF struck targets near Masyaf.", "israel"),
    ("Warplanes believed to be Russian struck the market.", "russia"),
    ("Hayat Tahrir al-Sham shelled Mhardeh.", "hts"),
    ("Hay'at Tahrir al-Sham fighters shelled the town.", "hts"),
])
def test_syrian_belligerents(text: str, expected: str) -> None:
    assert ids(text)[0] == expected


@pytest.mark.parametrize("text", [
    "The regime of sanctions has hurt farmers.",
    "The coalition government collapsed in Ankara.",
    "He studied the Russian language.",
])
def test_words_without_strike_context_name_no_belligerent(text: str) -> None:
    assert ids(text) == []
