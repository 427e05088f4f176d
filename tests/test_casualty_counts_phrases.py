"""Phrasings of deaths seen in conflict-event notes: who the dead were loyal to, bodies found, military ranks,
acronyms of forces before 'dead', and people killed 'along with' others."""

from __future__ import annotations

import pytest

from civmon.extract.claims import extract
from civmon.models import Document


def killed(text: str, policy: str = "acled") -> int | None:
    claims = [c for c in extract(Document(id="d", text=text), vague_policy=policy) if c.kind == "incident"]
    k = claims[0].casualties.get("killed") if claims else None
    return k.min if k else None


@pytest.mark.parametrize(("text", "expected"), [
    ("Five gunmen loyal to the Western Shield Brigade (WSB) were killed in an ambush near Gharyan on 3 May.", 5),
    ("Nine soldiers affiliated with the regional administration were killed near Dhusamareeb on 12 June.", 9),
    ("Residents found the body of a young man near the Kismayo road on 4 April.", 1),
    ("Three bodies of militants were seen on the road outside Marka after the clash on 2 March.", 3),
    ("A police sergeant was killed in a shooting outside a station in Tripoli on 14 May.", 1),
    ("The militants said they had left 40 SNA dead after the raid on Baardheere on 9 April.", 40),
    ("Two guards were killed in the raid along with three drivers who had been seized, in Sirte on 3 June.", 5),
])
def test_note_phrasings(text: str, expected: int) -> None:
    assert killed(text) == expected


def test_a_plain_list_of_groups_keeps_its_breakdown() -> None:
    claims = extract(Document(id="d", text="On 2 May in Aleppo, nine civilians, including one woman and six "
                                           "children, were killed."), vague_policy="airwars")
    assert claims[0].casualties["civilians_killed"].min == 9


@pytest.mark.parametrize(("text", "expected"), [
    ("Drones struck a camp near Jilib on 5 May. Twelve al Shabaab, including two senior commanders were killed.", 12),
    ("On 3 May in Idlib eight people, among them three children, were killed by shelling.", 8),
])
def test_the_whole_before_a_subset_is_the_figure(text: str, expected: int) -> None:
    assert killed(text) == expected


def test_a_subset_clause_does_not_carry_a_later_harm() -> None:
    text = ("On 3 May a strike on a house in Rafah killed a doctor alongside nine members of the Saleh family, the "
            "majority of whom were women, among them one infant, and at least six others were wounded.")
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    assert claims[0].casualties["injured"].min == 6


def test_the_number_of_victims_reached_is_a_revised_toll() -> None:
    text = ("On 20 May a strike on a house in Rafah killed five people, medics said. Later reports said the toll "
            "rose to seven. In the end, the number of the victims killed in the strike reached eleven people.")
    assert killed(text, "airwars") == 11


def test_the_before_a_number_is_not_a_figure() -> None:
    text = "On 12 October 2023 a strike hit a flat in Rafah, killing the four young children of Omar Saleh."
    assert killed(text, "airwars") == 4


@pytest.mark.parametrize(("text", "killed_min", "injured_min"), [
    ("On 21 May a strike on a home in Rafah resulted in the deaths of 9 members of the family and the injury of "
     "others.", 9, 2),
    ("On 24 May a house in Qarara was bombed, resulting in four civilians killed, including at least two women, "
     "and a number of injuries.", 4, 2),
])
def test_harms_stay_with_their_people(text: str, killed_min: int, injured_min: int) -> None:
    claims = extract(Document(id="d", text=text), vague_policy="airwars")
    cas = claims[0].casualties
    assert (cas.get("civilians_killed") or cas["killed"]).min == killed_min
    assert cas["injured"].min == injured_min


def test_an_age_is_not_a_figure() -> None:
    text = "The body of a twelve-year old boy was found in a field near Zliten on 4 May; he had been killed."
    assert killed(text) == 1


def test_all_three_were_civilians_says_who_the_dead_were() -> None:
    text = "A strike hit a house in Hit on 2 May 2017. Three of the family died. Neighbours said all three were civilians."
    claims = extract(Document(id="d", text=text), vague_policy="conservative")
    assert claims[0].casualties["civilians_killed"].min == 3


@pytest.mark.parametrize(("text", "expected"), [
    # a day after a month name is a date, not a figure
    ("On June 5, three guards of the harbour unit lost their lives near Zawiya port.", 3),
    ("Late on Sept. 14 three herders were shot dead near Qardho.", 3),
    # a number that names a unit or a place belongs to the name
    ("A commander said 6 of the army's Brigade 155 were killed in the ambush on 3 May.", 6),
    ("Four soldiers were killed at Checkpoint 14 outside Sirte on 2 June.", 4),
    # 'N of <a named group>' counts N
    ("Medics said 9 of the Tripoli Revolutionaries Brigade died in the fighting on 4 March.", 9),
    # the source of a figure is no victim
    ("According to the Oil Installations Guard, three of its men died in the raid on the depot on 7 May.", 3),
    ("Citing the local council, the agency said two farmers were killed by a mine on 8 May.", 2),
    # office holders are people
    ("A former minister was shot dead outside his home in Tripoli on 3 April.", 1),
])
def test_names_dates_and_sources_are_not_figures(text: str, expected: int) -> None:
    assert killed(text) == expected


def _figures(text: str, policy: str = "airwars") -> dict[str, tuple[int | None, int | None]]:
    claims = [c for c in extract(Document(id="d", text=text), vague_policy=policy) if c.kind == "incident"]
    return {k: (v.min, v.max) for k, v in claims[0].casualties.items()}


@pytest.mark.parametrize(("text", "key", "expected"), [
    ("Artillery fire on a bakery in Saraqib on 3 May killed eleven people, five of them children.",
     "children_killed", (5, 5)),
    ("Eleven people, five of them children, were killed when artillery hit a bakery in Saraqib on 3 May.",
     "killed", (11, 11)),
    ("Eleven people, five of them children, were killed when artillery hit a bakery in Saraqib on 3 May.",
     "children_killed", (5, 5)),
    ("A drone strike on 3 May wounded 14 people (six of them women) in Idlib.", "women_injured", (6, 6)),
    ("A strike on 3 May killed eight members of the Haddad family, seven of them civilians, in Beit Lahia.",
     "civilians_killed", (7, 7)),
    ("A strike on 3 May killed eight members of the Haddad family, seven of them civilians, in Beit Lahia.",
     "killed", (8, 8)),
])
def test_a_part_named_after_a_figure(text: str, key: str, expected: tuple[int, int]) -> None:
    assert _figures(text)[key] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # two clauses, each with its own harm verb: different people, added up under every policy
    ("Three soldiers died in the clash near Hawari, while two militants were killed by the army on 3 May.", 5),
    ("A police spokesman said 4 of the 166 Battalion died, while 11 members of the council died on 3 May.", 15),
    # the same figure told twice is one figure
    ("Four soldiers were killed, officials said, and four soldiers were killed according to activists, on 3 May.", 4),
])
def test_clauses_of_one_sentence(text: str, expected: int) -> None:
    assert killed(text, "conservative") == expected
    assert killed(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # one more victim told apart
    ("A man was shot dead at a checkpoint in Jowhar on 3 May and another died of his wounds in hospital.", 2),
    ("Two herders were killed by a mine near Galkayo on 3 May; another herder was killed on the road.", 3),
    # the subject of an active harm verb with an object is the attacker, not a victim
    ("A gunman shot and killed another man outside a cafe in Bosaso on 6 April.", 1),
    ("Three soldiers killed two militants at a checkpoint near Sirte on 3 May.", 2),
    # ... but a number of days is a time, and 'dead' takes no object
    ("Three people killed two days ago in Idlib were buried on 3 May.", 3),
    ("Of the three dead, two were civilians, after a blast in Baardheere on 5 March.", 3),
])
def test_who_was_harmed_and_one_more(text: str, expected: int) -> None:
    assert killed(text) == expected


@pytest.mark.parametrize(("policy", "expected"), [("acled", 2), ("conservative", None), ("airwars", None)])
def test_numbered_casualties_follow_the_preset(policy: str, expected: int | None) -> None:
    # a casualty is anyone killed or injured: only ACLED's convention reads the number as deaths
    text = "Gunfire between two militias in Zawiya on 4 May left at least 2 casualties among the guards."
    assert killed(text, policy) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Police said the body of eleven-year old who went missing in March was found near Zliten on 3 May.", 1),
    ("The bodies of a nine-year-old and her father were recovered in Sabha on 3 May.", None),  # a list: see lists
    ("A twelve-year-old boy was wounded in Sabha on 3 May.", None),
])
def test_an_age_after_a_leading_harm_is_one_person(text: str, expected: int | None) -> None:
    got = killed(text)
    if expected is None:
        assert got != 9 and got != 12  # whatever else is read, an age is never the figure
    else:
        assert got == expected


@pytest.mark.parametrize(("text", "expected"), [
    # one source's own toll stands beside the others: the lead figure stays, the range spans both
    ("Local radio reported the deaths of six civilians in a strike on Khan Younis on 3 May. A second outlet "
     "assessed that the death toll was 11 civilians.", (6, 6)),
    # a toll that rose revises the figures before it
    ("Six civilians were killed in a strike on Khan Younis on 3 May. By evening the death toll had risen to 11.",
     (11, 11)),
])
def test_a_sources_toll_is_not_a_revision(text: str, expected: tuple[int, int]) -> None:
    assert _figures(text)["killed"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("An air strike on 12 October killed 9 members of the Saleh family, including Brigadier General Omar Saleh, "
     "a militia commander, in Deir al-Balah.", {"killed": (9, 9), "civilians_killed": (8, 8),
                                                "combatants_killed": (1, 1)}),
    ("An air strike on 12 October killed 9 members of the Saleh family, including a local commander, in Rafah.",
     {"killed": (9, 9), "civilians_killed": (8, 8), "combatants_killed": (1, 1)}),
    # a civilian in the subset changes nothing
    ("An air strike on 12 October killed 9 members of the Saleh family, including a nurse, in Rafah.",
     {"killed": (9, 9), "civilians_killed": (9, 9)}),
])
def test_one_combatant_among_the_family(text: str, expected: dict[str, tuple[int, int]]) -> None:
    got = _figures(text)
    assert {k: got.get(k) for k in expected} == expected


def test_a_monitoring_group_as_source_does_not_make_a_total() -> None:
    # who counted the dead says nothing about whether the figure is one strike's or a month's
    text = ("At least 17 people were killed on Monday when rockets hit a bus station in Jisr al-Shughur, a "
            "monitoring group said.")
    claims = extract(Document(id="d", text=text), vague_policy="conservative")
    assert [c.kind for c in claims] == ["incident"]
    assert claims[0].casualties["killed"].min == 17


def test_a_page_title_is_restated_by_its_article_harm_by_harm() -> None:
    # the title's bare "10 killed" is the article's "ten civilians were killed": the article's words anchor
    text = ("Shelling on Tel Rifaat: 10 killed, 8 of them children\n\nArtillery hit the town of Tel Rifaat on "
            "Monday afternoon near a school. Ten civilians were killed, eight of them children, and 12 others "
            "were injured.\n")
    got = _figures(text, "conservative")
    assert got["civilians_killed"] == (10, 10)
    assert got["children_killed"] == (8, 8)


def test_a_roundup_lead_splits_into_its_strikes() -> None:
    text = ("At least 11 civilians were killed in Idlib province on Wednesday, rescuers said. In the town of "
            "Saraqib, Russian air strikes killed eight people and flattened two houses. Separately, regime "
            "artillery shelling on the village of Kafr Nabl killed three people near a bakery.")
    claims = extract(Document(id="d", text=text), vague_policy="conservative")
    incidents = sorted((c.place.name if c.place else "", c.casualties["killed"].min) for c in claims
                       if c.kind == "incident")
    assert [n for _, n in incidents] == [3, 8] or [n for _, n in incidents] == [8, 3]
    assert [c.casualties["killed"].min for c in claims if c.kind == "aggregate"] == [11]


def test_victims_told_one_by_one_are_no_roundup() -> None:
    text = ("Two people were killed when an air strike hit a house in Gaza City on 9 October. A woman was killed "
            "in the kitchen, relatives said. Her son, who had come from Rafah, was killed too.")
    claims = [c for c in extract(Document(id="d", text=text), vague_policy="airwars") if c.kind == "incident"]
    assert claims[0].casualties["killed"].min == 2


def test_who_was_among_a_monthly_total_is_part_of_it() -> None:
    text = ("The local council recorded the deaths of 120 civilians in Douma during March 2018. Among the victims "
            "were 33 children.")
    claims = extract(Document(id="d", text=text), vague_policy="conservative")
    assert all(c.kind == "aggregate" for c in claims if c.casualties)
