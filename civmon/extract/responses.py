"""Official responses (denied / investigating / acknowledged / confirmed / claimed) and who gave them."""

from __future__ import annotations

import re
from functools import cache

from civmon.extract.mentions import TermMention
from civmon.extract.terms import phrase_alternation
from civmon.lexicon import lexicon
from civmon.models import Span


@cache
def _compiled(language: str) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    lx = lexicon(language, "responses")
    stance_of = {" ".join(p.lower().split()): stance for stance, ps in lx["stances"].items() for p in ps}
    cues = re.compile(rf"\b(?:{phrase_alternation(stance_of)})\b", re.IGNORECASE)
    bodies = re.compile(rf"\b(?:{phrase_alternation(lx['bodies'])})\b", re.IGNORECASE)
    return cues, stance_of, bodies


def find_responses(text: str, *, sentences: list[Span], language: str = "en") -> list[TermMention]:
    """Official responses in `text`: each cue with the official body that gave it in the same sentence."""
    cues, stance_of, bodies = _compiled(language)
    out: list[TermMention] = []
    for s in sentences:
        sentence = text[s.start:s.end]
        body_matches = list(bodies.finditer(sentence))
        if not body_matches:
            continue
        seen: set[str] = set()
        for m in cues.finditer(sentence):
            stance = stance_of[" ".join(m.group(0).lower().split())]
            before = [b for b in body_matches if b.end() <= m.start()]
            body = (before[-1] if before else body_matches[0]).group(0)
            if stance in seen:
                continue
            seen.add(stance)
            out.append(TermMention(concern="response", value=stance, words=m.group(0),
                                   span=Span(s.start + m.start(), s.start + m.end()), by=body))
    return out
