"""Belligerents named in a text, by their stable slugs from civmon/data/actors.tsv (with a part_of relation)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from civmon.extract.mentions import TermMention
from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.extract.terms import phrase_alternation
from civmon.lexicon import data_text, lexicon
from civmon.models import Span


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """One row of the actor table."""

    id: str
    name: str
    part_of: str | None
    kind: str


@cache
def actor_table() -> dict[str, ActorInfo]:
    """The bundled actor table, by id."""
    rows = csv.DictReader(io.StringIO(data_text("actors.tsv")), delimiter="\t")
    return {r["id"]: ActorInfo(id=r["id"], name=r["name"], part_of=r["part_of"] or None, kind=r["kind"]) for r in rows}


def roll_up(actor_id: str) -> tuple[str, ...]:
    """The actor and every actor it is part of, most specific first ('united-states' -> (..., 'us-led-coalition'))."""
    table = actor_table()
    chain = [actor_id]
    while (info := table.get(chain[-1])) is not None and info.part_of and info.part_of not in chain:
        chain.append(info.part_of)
    return tuple(chain)


@cache
def _compiled(language: str) -> tuple[PhraseMatcher[str], dict[str, str], frozenset[str], re.Pattern[str]]:
    lx = lexicon(language, "actors")
    id_of: dict[str, str] = {}
    for actor_id, aliases in lx["aliases"].items():
        for alias in aliases:
            id_of.setdefault(alias.lower(), actor_id)
    pattern = PhraseMatcher(id_of)
    needs = frozenset(a.lower() for a in lx["needs_strike_context"])
    strike = re.compile(rf"\b(?:{phrase_alternation(lx['strike_words'])})\b", re.IGNORECASE)
    _roles(language)  # built with the rest: a process warmed on a text naming no actor forks workers that have both
    return pattern, id_of, needs, strike


_CASE_SENSITIVE = frozenset({"as", "is", "sna", "saa", "isf", "lna", "gna", "hts", "kdf", "raf", "uae", "sdf", "ypg",
                             "idf", "u.s.", "cjtf", "endf", "nisa", "sngf", "iaf"})


def find_actors(text: str, *, language: str = "en", folded: str | None = None) -> list[TermMention]:
    """Every belligerent named in `text`, in order; ambiguous nationality words need a strike word nearby."""
    pattern, id_of, needs, strike = _compiled(language)
    out = []
    for start, end, actor_id in pattern.find(text, folded=folded):
        if (start > 0 and text[start - 1] == "-") or (end < len(text) and text[end] == "-"):
            continue
        words = text[start:end]
        key = " ".join(words.lower().split())
        if key in _CASE_SENSITIVE and not words.isupper() and key != "u.s.":
            continue
        if key in needs:
            window = text[end:end + 40]
            if not strike.search(window) and not strike.search(text[max(0, start - 30):start]):
                continue
        out.append(TermMention(concern="actor", value=actor_id, words=words, span=Span(start, end)))
    return out


@dataclass(frozen=True, slots=True)
class _Roles:
    before: re.Pattern[str]
    after_noun: re.Pattern[str]
    after_verb: re.Pattern[str]
    speaker: re.Pattern[str]
    nouns: frozenset[str]


@cache
def _roles(language: str) -> _Roles:
    lx = lexicon(language, "actors")
    nouns = phrase_alternation(lx["victim_nouns"])
    verbs = phrase_alternation(lx["victim_verbs"])
    skip = phrase_alternation(lx["target_skip"])
    return _Roles(
        before=re.compile(rf"\b(?:{phrase_alternation(lx['target_cues'])})\s+(?:(?:{skip}|\d+)\s+)*$", re.IGNORECASE),
        after_noun=re.compile(rf"\s+(?:{nouns})\b[^.;,!?\n]{{0,45}}?\b(?:{verbs})\b", re.IGNORECASE),
        after_verb=re.compile(rf"[^.;,!?\n]{{0,25}}?\b(?:{verbs})\b", re.IGNORECASE),
        speaker=re.compile(rf"\s*(?:\([^)]{{0,30}}\)\s*)?(?:{phrase_alternation(lx['speaker_verbs'])})\b", re.IGNORECASE),
        nouns=frozenset(str(n).lower() for n in lx["victim_nouns"]),
    )


def is_target(text: str, mention: TermMention, *, language: str = "en") -> bool:
    """True when the text names this belligerent as the one harmed or aimed at ('Hezbollah members were killed')."""
    roles = _roles(language)
    start, end = mention.span.start, mention.span.end
    window = text[max(0, start - 40):start]
    cut = max(window.rfind("."), window.rfind("\n"), window.rfind("!"), window.rfind("?"))
    if roles.before.search(window[cut + 1:]):
        return True
    if mention.words.split()[-1].lower() in roles.nouns:
        return roles.after_verb.match(text, end, min(len(text), end + 60)) is not None
    return roles.after_noun.match(text, end, min(len(text), end + 80)) is not None


def is_speaker(text: str, mention: TermMention, *, language: str = "en") -> bool:
    """True when the belligerent is the one speaking ('The SDF said ...', 'Hezbollah mourned ...')."""
    end = mention.span.end
    return _roles(language).speaker.match(text, end, min(len(text), end + 40)) is not None


_BOUNDARY = re.compile(r"[.!?\n]")


def belligerents(text: str, mentions: Sequence[TermMention], *, language: str = "en") -> list[TermMention]:
    """The actor mentions that can be the striking side, in order.

    Drops those named as the target or the harmed, and a speaker when another belligerent is named in the
    same sentence ('The SDF said coalition jets hit the village' keeps the coalition).
    """
    kept = [m for m in mentions if not is_target(text, m, language=language)]
    out = []
    for i, m in enumerate(kept):
        if is_speaker(text, m, language=language) and any(
                o.value != m.value and not _BOUNDARY.search(text, min(m.span.end, o.span.end), max(m.span.start,
                                                                                                   o.span.start))
                and not is_speaker(text, o, language=language)
                for o in kept[max(0, i - 3):i + 4] if o is not m):
            continue
        out.append(m)
    return out
