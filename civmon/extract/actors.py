"""Belligerents named in a text, by their stable slugs from civmon/data/actors.tsv (with a part_of relation)."""

from __future__ import annotations

import csv
import io
import re
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
    return pattern, id_of, needs, strike


_CASE_SENSITIVE = frozenset({"as", "is", "sna", "saa", "isf", "lna", "gna", "hts", "kdf", "raf", "uae", "sdf", "ypg",
                             "idf", "u.s.", "cjtf", "endf", "nisa", "sngf"})


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
