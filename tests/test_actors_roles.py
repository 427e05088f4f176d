"""The striking side, not the harmed, the targeted or the speaker: `belligerents` over `find_actors`."""

from __future__ import annotations

import pytest

from civmon.extract.actors import belligerents, find_actors, is_speaker, is_target


def striking(text: str) -> list[str]:
    return [a.value for a in belligerents(text, find_actors(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("Two Hezbollah members and a Syrian soldier were killed when an Israeli drone struck their car.", ["israel"]),
    ("Warplanes of the International Coalition targeted a building used by ISIS in Albu Kamal.",
     ["us-led-coalition"]),
    ("Russian jets bombed ISIS fighters near Palmyra.", ["russia"]),
    ("IS fighters were killed in coalition strikes near Hajin.", ["us-led-coalition"]),
    ("A Hamas commander was killed in an Israeli strike on the house.", ["israel"]),
    ("Turkish drones struck SDF positions near Qamishli.", ["turkey"]),
    ("The strikes targeted HTS positions in Jisr al-Shughur, Russian warplanes said to be involved.", ["russia"]),
    ("Israeli jets hit a depot belonging to Hezbollah near Qusayr.", ["israel"]),
    ("The SDF said coalition jets hit the village.", ["us-led-coalition"]),
    ("Three Turkish soldiers were wounded when their post came under fire.", []),
    ("Unknown jets strike Iranian militia depots in Mayadin.", []),
    ("Drones raided Hezbollah positions near Qusayr overnight.", []),
    ("Israeli jets pounded Iranian-backed militias near Albu Kamal.", ["israel"]),
])
def test_the_harmed_and_the_targeted_are_not_the_belligerent(text: str, expected: list[str]) -> None:
    assert striking(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian warplanes struck a market in Saraqib, killing nine civilians.", ["russia"]),
    ("Civilians were killed by Russian jets in Saraqib.", ["russia"]),
    ("Turkish soldiers fired at a car, and two men were killed.", ["turkey"]),
    ("The Israeli military said it struck a Hamas post.", ["israel"]),
    ("Hezbollah fighters shelled the village, and Israeli jets struck back.", ["hezbollah", "israel"]),
    ("HTS fired rockets at al-Suqaylabiyah, killing three civilians.", ["hts"]),
    ("Assad forces shelled Saraqib on Monday.", ["syrian-government"]),
])
def test_the_striking_side_is_kept(text: str, expected: list[str]) -> None:
    assert striking(text) == expected


def test_a_speaker_alone_is_kept() -> None:
    text = "The Israeli military said it had struck targets near Damascus."
    mention = find_actors(text)[0]
    assert is_speaker(text, mention) and not is_target(text, mention)
    assert striking(text) == ["israel"]


def test_a_target_cue_in_the_previous_sentence_does_not_count() -> None:
    assert striking("The jets returned to attack. Russian warplanes struck the market again.") == ["russia"]


def test_belligerents_keeps_text_order() -> None:
    text = "Assad forces shelled Ariha while Russian jets struck Saraqib."
    assert striking(text) == ["syrian-government", "russia"]
