"""The regular expressions casualty figures are read with, built once per language from its lexicon.

`casualty_patterns(language)` compiles the words of `casualties.yaml` (people, harm words, modifiers,
negations, claim verbs, ...) into the patterns `civmon.extract.casualty_counts` applies; `people_group`
says which group (children, women, men, civilians, combatants, unspecified) a counted noun names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.extract.trie_regex import trie_regex
from civmon.lexicon import lexicon

GROUPS = ("children", "women", "men", "civilians", "combatants", "unspecified")
_COMBATANT_MODIFIERS = frozenset({
    "al shabaab", "al-shabaab", "isis", "army", "militia", "clan", "sngf", "sna", "amisom", "lna", "police",
    "security", "government", "rebel", "enemy", "armed", "houthi", "kurdish", "turkish", "russian", "american",
    "iranian", "saudi",
})


_STOP = ("a|an|the|his|her|their|its|this|that|and|or|of|in|on|at|by|to|from|with|for|as|was|were|is|are|has|have|"
         "had|been|killed|killing|kills|injured|injuring|wounded|wounding|died|dead|strike|strikes|attack|said|say|says")


def _alt(words: object) -> str:
    return trie_regex(words)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class CasualtyPatterns:
    """The compiled patterns of one language (see the module docstring)."""

    noun_group: dict[str, str]
    after: dict[str, re.Pattern[str]]
    before: dict[str, re.Pattern[str]]
    toll: dict[str, re.Pattern[str]]
    lead: re.Pattern[str]
    article: re.Pattern[str]
    negations: PhraseMatcher[tuple[str, ...]]  # "no casualties" -> the harms it denies
    revision: re.Pattern[str]
    claimant_before: re.Pattern[str]
    claimant_after: re.Pattern[str]
    of_dead: re.Pattern[str]
    subset_after: re.Pattern[str]
    leading_harms: frozenset[str]  # right before a number, these decide its harm ("the deaths of")
    restated: re.Pattern[str]  # "all three were civilians": people already counted
    speaks: re.Pattern[str]  # "a member of the council told us": the speaker after a list
    chain_sep: re.Pattern[str]  # the joint between the items of a list of figures
    subset_cue: re.Pattern[str]  # "including", "among"
    age_follows: re.Pattern[str]  # "twelve-year old"
    irregular_plurals: frozenset[str]  # "children", "police": plural without an -s
    number_words: frozenset[str]
    named_by_number: re.Pattern[str]  # "Battalion 302", "April 2": the number is part of a name or a date
    attribution: re.Pattern[str]  # "according to the X": the source of a figure, not a victim
    part_of: re.Pattern[str]  # "(ten people,) four of them children": a part of the figure before
    one_combatant: re.Pattern[str]  # "(19 members of a family,) including a commander": one of them a combatant
    time_units: frozenset[str]  # "two days (ago)": a number of these is a time, not people
    claim_verb: re.Pattern[str]  # "said", "reported", "assessed": a source speaks
    casualty_nouns: frozenset[str]  # "2 casualties": killed or injured, read as the preset says
    transitive: frozenset[str]  # harm verbs that take the harmed as object ("killed four"), from the lexicon


@cache
def casualty_patterns(language: str) -> CasualtyPatterns:
    """The casualty patterns of `language`, compiled once."""
    lx = lexicon(language, "casualties")
    noun_group: dict[str, str] = {}
    for group in GROUPS:
        for w in lx["people"][group]:
            noun_group.setdefault(str(w).lower(), group)
    nouns = _alt(noun_group)
    harm_words = _alt([w for words in lx["harm"].values() for w in words["after"]])
    number_lexicon = lexicon(language, "numbers")
    numwords = _alt(list(number_lexicon["units"]) + list(number_lexicon["tens"]) + list(number_lexicon["scales"]))
    mods = _alt(lx["modifiers"])
    links = _alt(lx["link_words"])
    # the counted people right after the number: modifiers, a noun, an optional aside
    lead = (rf"\s*(?P<mods>(?:(?:{mods})\s+|(?-i:[A-Z]{{2,8}})\s+(?=(?:{harm_words})\b)|(?!(?:{nouns}|{numwords})\b)[a-z][\w'\u2019-]*\s+(?=(?:[a-z][\w'\u2019-]*\s+)?(?:{nouns})\b)){{0,3}})"
            rf"(?P<noun>(?:{nouns}))?\b[\"\u201c\u201d\u2019']?"
            r"(?:\s+(?:of|from)\s+(?:the|his|her|their|one|a|an)\s+(?:[\w'\u2018\u2019-]+\s+){0,3}?(?P<fam>family|household|clan))?"
            r"(?:\s+(?:from|of|in|belonging\s+to|across|loyal\s+to|affiliated\s+(?:to|with)|allied\s+(?:to|with)|"
            r"linked\s+to|aligned\s+with|associated\s+with)\s+(?!the\s+(?:dead|injured|wounded|killed)\b)"
            r"(?:[\w'\u2019-]+\s+){0,6}?(?:famil(?:y|ies)|households?|generations|clans?|(?:[A-Z][\w'\u2019-]*|(?-i:[A-Z][\w'\u2019-]*\s+\d+))))?"
            rf"(?P<aside>(?:\s*\([^)]{{0,80}}\)|\s*,(?!\s*(?:(?:and|but|while|who|which|were|was|are|is|have|has|had|{numwords})\b|\d))"
            r"(?![^,;.]*\b(?:killed|injured|wounded|died|dead)\b)[^,;.:!?]{1,120}?"
            r"(?=,|\s+(?:were|was|are|is|have|has|had)\s)"
            r"|\s*[-\u2013\u2014]\s*[^-\u2013\u2014;.]{1,120}[-\u2013\u2014]){1,3})?"
            r"(?:\s+(?:of|from)\s+(?:the|his|her|their)\s+(?:[\w'\u2018\u2019-]+\s+){0,3}?(?:famil(?:y|ies)|households?))?")
    after: dict[str, re.Pattern[str]] = {}
    before: dict[str, re.Pattern[str]] = {}
    toll: dict[str, re.Pattern[str]] = {}
    denied: dict[str, tuple[str, ...]] = {}
    harms = "|".join(f"(?P<{harm}>{_alt(words['after'])})" for harm, words in lx["harm"].items())
    after["any"] = re.compile(  # one pattern for every harm: the people are read once, whatever befell them
        rf"(?:{lead}|\s*(?P<gmods>)(?P<gnoun>[a-z][\w'\u2019-]*(?:\s+[a-z][\w'\u2019-]*)?)"
        rf"(?=\s+(?:are|were|was|is|have|has|had|got|reportedly|allegedly)\b))"
        rf"\s*(?:,\s*)?(?:(?:{links})\b[\s,]*){{0,6}}(?P<harm>{harms})\b",
        re.IGNORECASE)
    # "ten fighters, including four commanders, were killed": after the people (read by `lead`), a subset, then
    # the harm that is the whole's
    subset_after = re.compile(
        rf",?\s+(?:including|among\s+them|among\s+whom|of\s+whom)\b[^.;:,]{{1,80}}?,?\s"
        rf"(?:were|was|are|is|have\s+been|had\s+been)\s+(?:(?:reportedly|allegedly|also|all)\s+)*(?P<harm>{harms})\b",
        re.IGNORECASE)
    befores = "|".join(f"(?P<{harm}>{_alt(words['before'])})" for harm, words in lx["harm"].items() if words["before"])
    before["any"] = re.compile(rf"\b(?P<harm>{befores})\s+(?:(?:the|a|an|some|another)\s+)?$", re.IGNORECASE)
    for harm, words in lx["harm"].items():
        if words["toll"]:
            links_toll = _alt(words["toll_link"]) if words["toll_link"] else "of|at|to"
            toll[harm] = re.compile(
                rf"\b(?P<harm>{_alt(words['toll'])})\b[^.;]{{0,40}}?\b(?:{links_toll})\s+(?:(?:about|around|some)\s+)?$",
                re.IGNORECASE)
    for harm, phrases in lx["negations"].items():
        for phrase in phrases:
            key = " ".join(str(phrase).lower().split())
            denied[key] = (*denied.get(key, ()), str(harm))
    for key, said in denied.items():  # casualties are the killed and the injured
        if "casualt" in key:
            denied[key] = tuple(h for h in ("killed", "injured") if h in said or h in lx["negations"])
    negations = PhraseMatcher(denied)
    of_dead = re.compile(
        rf"(?P<of>\s+of\s+(?:the|those|them)\s*(?:{_alt(lx['harm']['killed']['after'])}|victims)?)?\s+(?:were|was|are)\s+"
        rf"(?:all\s+|reportedly\s+|said\s+to\s+be\s+)?(?P<mods>(?:(?:{mods})\s+){{0,2}})(?P<noun>{nouns})\b",
        re.IGNORECASE)
    article = re.compile(
        rf"\b(?P<more>another)(?=\s+(?:[a-z]+\s+)?(?:{harm_words})\b)"  # "... and another succumbed"
        rf"|\b(?P<art>an?|one|his|her|their|the|another)\s+(?P<mods>(?:(?!(?:{nouns}|{_STOP})\b)[\w'\u2019-]+\s+){{0,3}}?)"
        rf"(?P<noun>{nouns})\b"
        rf"|\b(?:kills|killed|killing|murdered|murdering|executed|executing|beheaded|beheading|assassinated|"
        rf"assassinating|shot\s+dead|stabbed\s+to\s+death)\s+(?:(?P<pron>him|her)\b|(?P<art2>an?|his|her|their|one|the)\s+"
        rf"(?P<obj>(?:[\w-]+\s+){{0,3}}?[a-z][\w-]*)\b(?!\s+(?:of\s+)?(?:people|civilians|children|women)|[\w-]))",
        re.IGNORECASE)
    revision = re.compile(rf"\b(?:{_alt(lx['revisions'])})\b", re.IGNORECASE)
    verbs = _alt(lx["claim_verbs"])
    claimant_before = re.compile(  # the claim verb that ends the words before a figure: "... officials said"
        rf"\s(?:(?:has|have|had|also|later|initially|first)\s+)?"
        rf"(?:{verbs})\b(?:\s+(?:that|on\s+\w+))?[\s:,\u201c\"]*$",
        re.IGNORECASE)
    claimant_after = re.compile(
        r"^[^.;]{0,100}?(?:\b(?:according\s+to|reported\s+by)\s+(?P<by>[^,.;()\u201c\u201d\"]{3,60}?)"
        r"(?=\s*[,.;)]|\s+(?:on|in|at|which|who|that)\b|\s*$)"
        r"|,\s*(?P<by2>[^,.;\u201c\u201d\"]{3,50}?)\s+(?:said|says|say|reported|told\s+[\w\s]{2,30}?|claimed|added)"
        r"\s*[.;]?\s*$)")
    return CasualtyPatterns(noun_group=noun_group, after=after, before=before, toll=toll, lead=re.compile(lead, re.I),
                     article=article, negations=negations, revision=revision,
                     claimant_before=claimant_before, claimant_after=claimant_after, of_dead=of_dead,
                     subset_after=subset_after,
                     number_words=frozenset(str(w) for key in ("units", "tens", "scales") for w in number_lexicon[key]),
                     leading_harms=frozenset(" ".join(str(w).lower().split()) for w in lx["leading_harms"]),
                     restated=re.compile(rf"\b(?:{_alt(lx['restating'])})\s+$", re.IGNORECASE),
                     speaks=re.compile(rf"[^,.;]{{0,60}}?\b(?:{verbs})\b", re.IGNORECASE),
                     chain_sep=re.compile(rf"\s+(?:{_alt(lx['list_joiners'])})\s+|\s*,\s*(?:(?:{_alt(lx['list_joiners'])})\s+)?",
                                          re.IGNORECASE),
                     subset_cue=re.compile(rf"\b(?:{_alt(lx['subset_cues'])})\b", re.IGNORECASE),
                     irregular_plurals=frozenset(str(w) for w in lx["irregular_plurals"]),
                     age_follows=re.compile(rf"[-\s]?(?:{_alt(lx['age_units'])})[-\s]?old\b", re.IGNORECASE),
                     named_by_number=_named_by_number(lx["designators"], lexicon(language, "dates")["months"]),
                     attribution=re.compile(rf"\b(?:{_alt(lx['attribution_openers'])})\s+$", re.IGNORECASE),
                     claim_verb=re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE),
                     casualty_nouns=frozenset(str(w).lower() for w in lx["casualty_nouns"]),
                     transitive=frozenset(" ".join(str(w).lower().split()) for words in lx["harm"].values()
                                          for w in words["before"]),
                     time_units=frozenset(str(w) for w in lexicon(language, "dates")["ago_units"]),
                     one_combatant=re.compile(
                         rf"\s*,?\s*(?:{_alt(lx['subset_cues'])})\s+(?:(?:an?|one|the|a\s+senior|a\s+local)\s+)?"
                         rf"(?:[\w'\u2019-]+\s+){{0,2}}?(?:{_alt(w for w in lx['people']['combatants'] if not str(w).endswith('s'))})\b",
                         re.IGNORECASE),
                     part_of=re.compile(rf"\s+(?:{_alt(lx['subset_pronouns'])})\s+(?:(?:were|was|are|being)\s+)?"
                                        rf"(?:(?:all|reportedly|said\s+to\s+be)\s+)?(?P<mods>(?:(?:{mods})\s+){{0,2}})"
                                        rf"(?P<noun>{nouns})\b", re.IGNORECASE))


def _named_by_number(designators: list[str], months: dict[int, list[str]]) -> re.Pattern[str]:
    """A capitalised designator or month name right before a number: 'Brigade 155', 'On April 2, two ...'."""
    words = [str(w) for w in designators] + [str(w) for spellings in months.values() for w in spellings]
    capitalised = "|".join(re.escape(w[:1].upper() + w[1:]) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w'\u2019])(?:{capitalised})\.?\s+$")


def people_group(p: CasualtyPatterns, noun: str | None, mods: str, *, family: bool = False) -> str:
    if family and (noun is None or p.noun_group.get(noun.lower()) == "unspecified"):
        return "civilians"
    if noun is None:
        group = "unspecified"
    else:
        words = noun.lower().split()
        group = p.noun_group.get(" ".join(words)) or p.noun_group.get(words[-1], "unspecified")
    mod_words = " ".join(mods.lower().split())
    if group in ("unspecified",) and mod_words:
        if any(m in _COMBATANT_MODIFIERS for m in re.split(r"\s+", mod_words)):
            return "combatants"
        if "civilian" in mod_words or "family" in mod_words:
            return "civilians"
        if "child" in mod_words:
            return "children"
    return group
