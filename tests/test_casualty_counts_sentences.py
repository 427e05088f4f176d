"""Casualty figures in sentences written for these tests -> (category, min, max), claimants and flags."""

from __future__ import annotations

import pytest

from civmon.extract.casualty_counts import category, find_casualties
from civmon.extract.mentions import CasualtyMention
from civmon.extract.sentences import split_sentences

Row = tuple[str, int | None, int | None]


def mentions(text: str, *, policy: str = "conservative") -> list[CasualtyMention]:
    found = find_casualties(text, sentences=split_sentences(text), policy=policy)
    for c in found:
        assert text[c.count.span.start:c.count.span.end] == c.count.words
    return found


def rows(text: str, *, policy: str = "conservative") -> list[Row]:
    return [(c.category, c.count.min, c.count.max) for c in mentions(text, policy=policy) if not c.negated]


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.mark.parametrize(("text", "expected"), [
    # subject form
    ("12 civilians were killed in the raid.", [("civilians_killed", 12, 12)]),
    ("Eleven people were killed.", [("killed", 11, 11)]),
    ("Fifteen people died in hospital.", [("killed", 15, 15)]),
    ("Nine fighters were killed in the clashes.", [("combatants_killed", 9, 9)]),
    ("Seven people were wounded in the attack.", [("injured", 7, 7)]),
    ("Dozens of people were wounded.", [("injured", 24, None)]),
    ("Nearly 50 people were killed.", [("killed", None, 49)]),
    ("At least 20 people were killed and 35 wounded.", [("killed", 20, None), ("injured", 35, 35)]),
    ("Twenty-three people were injured and three were killed.", [("injured", 23, 23), ("killed", 3, 3)]),
    # object form
    ("The strike hit a market, killing at least 33.", [("killed", 33, None)]),
    ("The strike hit a market, killing at least 33 people.", [("killed", 33, None)]),
    ("The airstrike wounded 17 civilians.", [("civilians_injured", 17, 17)]),
    ("The attack left 12 people dead.", [("killed", 12, 12)]),
    ("The attack left 12 dead.", [("killed", 12, 12)]),
    # synonyms
    ("Five people were martyred in the bombing.", [("killed", 5, 5)]),
    ("Eight people lost their lives when the roof fell.", [("killed", 8, 8)]),
    ("The bodies of 5 people were recovered from the rubble.", [("killed", 5, 5)]),
    ("Rescuers recovered the bodies of 7 people.", [("killed", 7, 7)]),
    ("At least 14 dead after the raid on the village.", [("killed", 14, None)]),
    # tolls
    ("The death toll rose to 40 on Tuesday.", [("killed", 40, 40)]),
    ("The death toll from the strike rose to 40.", [("killed", 40, 40)]),
    ("The toll reached 19.", [("killed", 19, 19)]),
    # groups
    ("The army said 8 militants were killed.", [("combatants_killed", 8, 8)]),
    ("19 civilians, including 12 children, were killed.", [("civilians_killed", 19, 19)]),
    ("The strike killed a woman.", [("women_killed", 1, 1)]),
    # missing
    ("Six people were killed and four others remain missing.", [("killed", 6, 6), ("missing", 4, 4)]),
    ("Twelve people are still missing.", [("missing", 12, 12)]),
    # breakdowns
    ("Three children and two women were killed.", [("children_killed", 3, 3), ("women_killed", 2, 2)]),
    ("Four children, two women and a man were killed.",
                 [("children_killed", 4, 4), ("women_killed", 2, 2), ("men_killed", 1, 1)]),
    ("The strike killed three children and two women.",
                 [("children_killed", 3, 3), ("women_killed", 2, 2)]),
    ("4 fighters and 3 civilians were killed.", [("combatants_killed", 4, 4), ("civilians_killed", 3, 3)]),
    ("The blast killed 3 soldiers and 2 civilians.",
                 [("combatants_killed", 3, 3), ("civilians_killed", 2, 2)]),
    # killed and injured in one clause
    ("The blast killed 4 people and wounded 11.", [("killed", 4, 4), ("injured", 11, 11)]),
    ("The raid killed 6 civilians and injured 10 others.", [("civilians_killed", 6, 6), ("injured", 10, 10)]),
    ("2 children were among the dead.", [("children_killed", 2, 2)]),
])
def test_figures(text: str, expected: list[Row]) -> None:
    assert rows(text) == expected


@pytest.mark.parametrize("text", [
    "The coalition said 26 strikes engaged eight ISIS units.",
    "Two buildings were destroyed in the strike.",
    "The convoy of 12 trucks was hit.",
    "They fired 30 rockets at the town.",
    "He counted 40 houses damaged.",
    "More than 100 families fled the area on 18/01.",
    "The strike happened at 10:30.",
    "Airstrikes hit the area in 2017.",
])
def test_non_casualty_numbers_yield_nothing(text: str) -> None:
    assert mentions(text) == []


@pytest.mark.parametrize(("text", "bad"), [
    ("A 38-year-old man was killed in the strike.", 38),
    ("The strike happened at 10:30 and killed four people.", 10),
    ("Amal Nasser, 21, was killed.", 21),
    ("The 12th victim died in hospital on 18/01.", 12),
])
def test_ages_times_and_dates_are_not_figures(text: str, bad: int) -> None:
    assert all(c.count.min != bad and c.count.max != bad for c in mentions(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("No casualties were reported.", {("killed", 0, 0), ("injured", 0, 0)}),
    ("There were no casualties.", {("killed", 0, 0), ("injured", 0, 0)}),
    ("No one was killed in the strike.", {("killed", 0, 0)}),
])
def test_negations(text: str, expected: set[Row]) -> None:
    found = mentions(text)
    assert {(c.category, c.count.min, c.count.max) for c in found} == expected
    assert all(c.negated for c in found)


@pytest.mark.parametrize(("text", "revision"), [
    ("The death toll rose to 40.", True),
    ("The death toll has risen to 57.", True),
    ("40 people were killed.", False),
    ("The strike killed 30 people.", False),
])
def test_revision_flag(text: str, revision: bool) -> None:
    found = mentions(text)
    assert len(found) == 1
    assert found[0].revision is revision


@pytest.mark.parametrize(("text", "by"), [
    ("Local sources said 14 civilians were killed.", "Local sources"),
    ("Local sources said that 14 civilians were killed.", "Local sources"),
    ("The health ministry said 22 people were killed.", "The health ministry"),
    ("The army said 8 militants were killed.", "The army"),
    ("Activists reported that 5 people were killed.", "Activists"),
    ("12 people were killed in the raid.", None),
    pytest.param("According to the health ministry, 22 people were killed.", "the health ministry",
                 marks=bug("a leading 'According to X,' gives no claimant")),
    ("22 people were killed, according to the health ministry.", "the health ministry"),
    ("9 people were killed, the Civil Defence said.", "the Civil Defence"),
])
def test_claimant(text: str, by: str | None) -> None:
    found = [c for c in mentions(text) if not c.negated]
    assert len(found) == 1
    assert found[0].count.by == by


@pytest.mark.parametrize(("policy", "bounds"), [
    ("conservative", (24, None)), ("airwars", (12, 24)), ("acled", (12, 12)), ("strict", (None, None)),
])
def test_vague_figures_follow_the_policy(policy: str, bounds: tuple[int | None, int | None]) -> None:
    found = mentions("Dozens of civilians were killed.", policy=policy)
    assert [(c.category, c.count.min, c.count.max) for c in found] == [("civilians_killed", *bounds)]
    assert found[0].count.words.startswith("Dozens")


def test_sentence_index() -> None:
    text = "The raid hit a bakery. Nine people were killed. Four were wounded."
    assert [(c.category, c.sentence) for c in mentions(text)] == [("killed", 1), ("injured", 2)]


@pytest.mark.parametrize(("harm", "group", "key"), [
    ("killed", "unspecified", "killed"), ("killed", "civilians", "civilians_killed"),
    ("killed", "children", "children_killed"), ("killed", "combatants", "combatants_killed"),
    ("injured", "children", "children_injured"), ("injured", "combatants", "injured"),
    ("injured", "men", "injured"), ("missing", "children", "missing"),
])
def test_category(harm: str, group: str, key: str) -> None:
    assert category(harm, group) == key
