"""Victims listed one by one: each person counts once, a number before people counts that many, and names
that follow a described person or a counted group are those same people."""

from __future__ import annotations

import pytest

from civmon.extract.casualty_counts import find_casualties
from civmon.extract.claims import extract
from civmon.extract.sentences import split_sentences
from civmon.extract.victim_lists import find_victim_lists
from civmon.models import Document


def lists(text: str, harm: str = "killed") -> list[tuple[int, int]]:
    return [(v.min, v.combatants) for v in find_victim_lists(text, sentences=split_sentences(text)) if v.harm == harm]


@pytest.mark.parametrize(("text", "expected"), [
    # subject lists: "... were killed"
    ("On 3 May 2021, 14-year-old Rana Haddad, 40-year-old Samir Khoury, and his two-week-old grandson "
     "Adam Khoury were killed and five others were hurt.", [(3, 0)]),
    ("Reporter Lina Aziz (29), along with her husband Karim Aziz, their two daughters Maya (6) and Noor (3), "
     "and their son Sami (1) were reportedly killed on 2 May.", [(5, 0)]),
    ("Two cousins, 25-year-old Tariq Salem and 31-year-old Fadi Salem, were reported killed after a drone "
     "strike.", [(2, 0)]),
    ("Sources said that Ali Hamdan and Omar Hamdan were killed.", [(2, 0)]),
    ("Sami Odeh, a nurse, and Lina Odeh, a teacher, were killed.", [(2, 0)]),
    # object lists: "killed ...", "the killing of ..."
    ("A strike killed a senior militant commander named Hasan Omar together with his wife and their four "
     "children in their flat, witnesses said.", [(6, 1)]),
    ("The shelling led to the killing of 45-year-old teacher Amal Nasser and her 70-year-old father Yusuf "
     "Nasser.", [(2, 0)]),
    ("The raid killed a painter and illustrator Nadia Fares alongside her brother and nine members of the "
     "Jaber family, most of whom were women.", [(11, 0)]),
    ("The blast resulted in the death of a mother and her son, and injuries to many neighbours.", [(2, 0)]),
    # one person, however many words describe them
    ("A well-known singer, painter and aid volunteer, 30-year-old Rami Saad was killed near the market.",
     [(1, 0)]),
    ("Rami Saad, a 28 year old nurse, was killed.", [(1, 0)]),
    ("Dr. Salim Odeh was killed in this strike alongside his son, eight-year-old Yazan.", [(2, 0)]),
])
def test_victim_list_counts(text: str, expected: list[tuple[int, int]]) -> None:
    assert lists(text) == expected


@pytest.mark.parametrize("text", [
    "Israeli forces killed 12 people in Rafah and Khan Younis.",  # places after a figure are not people
    "The strike killed 5 people and injured 30.",
    "Three children and two women were killed.",  # figures alone: the casualty reader keeps who they were
    "On Sunday, two civilians were killed when the town was shelled.",
    "Strikes hit Gaza and Rafah overnight; the army said it killed militants.",
])
def test_not_a_victim_list(text: str) -> None:
    assert lists(text) == []


@pytest.mark.parametrize(("text", "killed"), [
    ("A strike on their flat killed a doctor and his two sons.", 3),
    ("Journalist Hadi Karam and his mother Samira Karam were killed when the house was hit.", 2),
    ("Four children, two women and a man were killed.", 7),
])
def test_list_gives_the_claims_figure(text: str, killed: int) -> None:
    claims = extract(Document(id="d", text=text))
    assert claims and claims[0].casualties["killed"].min == killed


def test_breakdown_kept_when_the_figures_already_count_everyone() -> None:
    text = "Four children, two women and a man were killed."
    cats = {m.category: m.count.min for m in find_casualties(text, sentences=split_sentences(text))}
    assert cats == {"children_killed": 4, "women_killed": 2, "men_killed": 1}


def test_list_figure_keeps_its_words() -> None:
    text = "The strike killed a nurse, Mona Saleh, and her brother Adel Saleh."
    mentions = [m for m in find_casualties(text, sentences=split_sentences(text)) if m.category == "killed"]
    assert mentions[0].count.min == 2
    assert text[mentions[0].count.span.start:mentions[0].count.span.end] == mentions[0].count.words
    assert mentions[0].count.words.startswith("a nurse")


@pytest.mark.parametrize(("text", "expected"), [
    ("On 2 June, Karim Nasser, his wife and his children were reportedly injured when their flat was hit.",
     [(4, None)]),  # "his children": two or more
    ("The blast injured Mona Fares and Dalia Fares, the couple's daughters, and their neighbour Samir Aziz.",
     [(3, 3)]),
    ("Her brother, a farmer from Beit Lahia, Ahmad Saleh, was injured in the strike alongside his sons Ali and "
     "Omar.", [(3, 3)]),
    ("A shell wounded a teacher and her three pupils near the school gate.", [(4, 4)]),
])
def test_injured_lists(text: str, expected: list[tuple[int, int | None]]) -> None:
    got = [(v.min, v.max) for v in find_victim_lists(text, sentences=split_sentences(text)) if v.harm == "injured"]
    assert got == expected


def test_killed_and_injured_lists_in_one_sentence() -> None:
    text = "The strike killed a mother and her son and injured her husband and two neighbours."
    got = {v.harm: v.min for v in find_victim_lists(text, sentences=split_sentences(text))}
    assert got == {"killed": 2, "injured": 3}


def test_a_dash_opens_the_enumeration() -> None:
    text = ("On 16 May at least three people – 37 year old teacher Samir Odeh, his mother-in-law, 54 year old "
            "Huda Saleh, and her grandson, three year old Adam Saleh, were killed by a strike.")
    assert lists(text) == [(3, 0)]


@pytest.mark.parametrize(("text", "harm"), [
    ("Family members of the teacher Samir Odeh were also injured during the strike.", "injured"),
    ("Relatives were injured.", "injured"),
    ("His children were killed.", "killed"),
])
def test_number_less_kin_are_two_or_more(text: str, harm: str) -> None:
    got = [(v.min, v.max) for v in find_victim_lists(text, sentences=split_sentences(text)) if v.harm == harm]
    assert got == [(2, None)]


def test_a_later_count_says_how_many_a_numberless_list_was() -> None:
    text = ("On 15 October 2023, Dr. Omar Saleh, his wife Huda Saleh, his children and grandchildren were all "
            "reported killed in a strike on their home in Gaza City. Most sources reported 15 family members "
            "killed.")
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    cas = claims[0].casualties
    assert (cas.get("civilians_killed") or cas["killed"]).min == 15


def test_an_exact_lead_is_not_replaced_by_a_later_count() -> None:
    text = ("On 15 October 2023 a strike killed Dr. Omar Saleh and his wife Huda Saleh in Gaza City. "
            "Relatives said 15 family members had lived in the building.")
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    assert claims[0].casualties["killed"].min == 2
