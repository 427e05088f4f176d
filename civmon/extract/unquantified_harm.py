"""Harm reported with no number at all: "casualties were reported", "inflicting heavy casualties", "the number
of dead is not known". Coders turn these into a figure by convention (ACLED records 10 deaths, Airwars 1-2);
the vague-number policy's `unquantified` class says which, and the words are kept whatever it says.

Reads: text, sentence index, the policy. Writes: CasualtyMentions for the harms (killed, injured) that the
report gives no figure for. Pure; the caller decides when a report has no figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache

from civmon.extract.mentions import CasualtyMention
from civmon.extract.numbers import vague_policy
from civmon.lexicon import lexicon
from civmon.models import Count, Span

_HARMS = {"killed_and_injured": ("killed", "injured"), "killed": ("killed",), "injured": ("injured",)}


def _alt(words: Collection[object]) -> str:
    return "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: -len(str(w))))


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    harms: dict[str, tuple[str, ...]]
    classes: dict[str, str]  # word -> vague-number class
    quantity_before: re.Pattern[str]
    cue_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    doubt: re.Pattern[str]
    injured_context: re.Pattern[str]


@cache
def _grammar(language: str) -> _Grammar:
    lx = lexicon(language, "casualties")
    words: dict[str, tuple[str, ...]] = {}
    classes: dict[str, str] = {}
    for kind, nouns in lx["unquantified"].items():
        for w in nouns:
            key = " ".join(str(w).lower().split())
            words[key] = _HARMS[kind]
            classes[key] = str(lx["unquantified_class"][kind])
    mods = _alt(lx["unquantified_modifiers"])
    numbers = lexicon(language, "numbers")
    numwords = _alt([*numbers["units"], *numbers["tens"], *numbers["scales"], *numbers["fixed"]])
    return _Grammar(
        pattern=re.compile(rf"\b(?:(?:{mods})\s+){{0,2}}(?P<harm>{_alt(words)})(?![\w-])", re.IGNORECASE),
        harms=words,
        classes=classes,
        # a number just before ("12 casualties", "dozens of dead") is read by the figure reader, not here
        quantity_before=re.compile(rf"(?:\d|\b(?:{numwords}))[\s\w'-]{{0,24}}$", re.IGNORECASE),
        cue_before=re.compile(rf"\b(?:{_alt(lx['unquantified_cues_before'])})\b", re.IGNORECASE),
        cue_after=re.compile(rf"\s*(?:{_alt(lx['unquantified_cues_after'])})\b", re.IGNORECASE),
        injured_context=re.compile(rf"\b(?:{_alt(lx['unquantified_injured_context'])})\b", re.IGNORECASE),
        doubt=re.compile(rf"\b(?:{_alt(lx['unquantified_doubt'])})\b(?!\s+numbers?\b)", re.IGNORECASE),
    )


_CLAUSE = re.compile(r"[,;:.!?()\u2013\u2014]|\b(?:but|though|although|while|whereas)\b", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause mark before it to the first one after."""
    before = text[max(0, start - 80):start]
    marks = list(_CLAUSE.finditer(before))
    lo = start - len(before) + marks[-1].end() if marks else max(0, start - 80)
    after = _CLAUSE.search(text, end, min(len(text), end + 120))
    return lo, after.start() if after else min(len(text), end + 120)


def _asserted(g: _Grammar, text: str, m: re.Match[str]) -> bool:
    """Whether the clause says the harm happened, and does not doubt it."""
    lo, hi = _clause(text, m.start(), m.end())
    if g.doubt.search(text, lo, hi):
        return False
    return bool(g.cue_before.search(text, max(lo, m.start() - 40), m.start()) or g.cue_after.match(text, m.end()))


def find_unquantified(text: str, *, sentence_of: Callable[[int], int], harms: Collection[str],
                      policy: str = "conservative", language: str = "en") -> list[CasualtyMention]:
    """The first mention, per harm in `harms`, of that harm with no number, as the policy reads it."""
    g = _grammar(language)
    table = vague_policy(policy)
    out: list[CasualtyMention] = []
    wanted = set(harms)
    for m in g.pattern.finditer(text):
        if not wanted:
            break
        if g.quantity_before.search(text, max(0, m.start() - 30), m.start("harm")) or not _asserted(g, text, m):
            continue
        key = " ".join(m.group("harm").lower().split())
        kinds = list(g.harms[key])
        bounds = table.get(g.classes[key])
        lo, hi = bounds if bounds is not None else (None, None)
        if len(kinds) > 1 and g.injured_context.search(text, m.end(), _clause(text, m.start(), m.end())[1]):
            kinds = ["injured"]  # "casualties arrived at the hospital": the wounded
        kinds = [h for h in kinds if h in wanted]
        span = Span(m.start(), m.end())
        for harm in kinds:
            wanted.discard(harm)
            out.append(CasualtyMention(category=harm, count=Count(min=lo, max=hi, words=m.group(0), span=span),
                                       sentence=sentence_of(m.start())))
    return out
