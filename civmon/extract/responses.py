"""Official responses (denied / investigating / acknowledged / confirmed / claimed) and who gave them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from civmon.extract.mentions import TermMention
from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.lexicon import lexicon
from civmon.models import Span

_PRONOUN_START = re.compile(r"^\W*(?:it|they|he|she|the\s+(?:statement|spokesman|spokesperson|ministry|military|"
                            r"army|command|coalition|release))\b", re.IGNORECASE)


@cache
def _matchers(language: str) -> tuple[PhraseMatcher[str], PhraseMatcher[str], PhraseMatcher[str]]:
    lx = lexicon(language, "responses")
    cues = PhraseMatcher({str(p): stance for stance, ps in lx["stances"].items() for p in ps})
    bodies = PhraseMatcher({str(b): str(b) for b in lx["bodies"]})
    verbs = PhraseMatcher({**{str(v): "strike" for v in lx["strike_verbs"]}, **{str(v): "speech" for v in lx["speech_verbs"]}})
    return cues, bodies, verbs


def _said_strikes(text: str, sentences: list[Span], bodies: list[tuple[int, int, str]],
                  verbs: list[tuple[int, int, str]]) -> list[TermMention]:
    """'Jets struck the depot, the coalition said': the official body speaking confirms the strike."""
    out = []
    for sent in sentences:
        inside = [v for v in verbs if sent.start <= v[0] < sent.end]
        strikes = [v for v in inside if v[2] == "strike"]
        speech = [v for v in inside if v[2] == "speech"]
        speakers = [b for b in bodies if sent.start <= b[0] < sent.end]
        if not (strikes and speech and speakers):
            continue
        said = next((b for b in speakers for v in speech if 0 <= v[0] - b[1] <= 3 or 0 <= b[0] - v[1] <= 3), None)
        if said is None:
            continue
        s, e, _ = strikes[0]
        out.append(TermMention(concern="response", value="confirmed", words=text[s:e], span=Span(s, e), by=said[2]))
    return out


def find_responses(text: str, *, sentences: list[Span], language: str = "en", folded: str | None = None,
                   actors: Sequence[TermMention] = ()) -> list[TermMention]:
    """Official responses in `text`: each cue with the official body (or belligerent) that gave it.

    The speaker is the nearest body or belligerent before the cue in its sentence (else the first after it);
    a sentence that opens with "It" or "The statement" speaks for the previous sentence's speaker.
    """
    import bisect

    cues, bodies, verbs = _matchers(language)
    official = [(s, e, text[s:e]) for s, e, _ in bodies.find(text, folded=folded)]
    speakers = sorted(official + [(a.span.start, a.span.end, a.words) for a in actors])
    starts = [s.start for s in sentences]
    out: list[TermMention] = []
    seen: set[tuple[int, str]] = set()
    last_speaker: tuple[int, str] | None = None
    for s, e, stance in cues.find(text, folded=folded):
        si = max(bisect.bisect_right(starts, s) - 1, 0)
        sent = sentences[si] if sentences else Span(0, len(text))
        inside = [sp for sp in speakers if sent.start <= sp[0] < sent.end]
        before = [sp for sp in inside if sp[1] <= s]
        by: str | None = None
        if before:
            by = before[-1][2]
        elif inside:
            by = inside[0][2]
        elif last_speaker is not None and last_speaker[0] == si - 1 and _PRONOUN_START.match(text, sent.start):
            by = last_speaker[1]
        if by is None or (si, stance) in seen:
            continue
        seen.add((si, stance))
        last_speaker = (si, by)
        out.append(TermMention(concern="response", value=stance, words=text[s:e], span=Span(s, e), by=by))
    said = [m for m in _said_strikes(text, sentences, official, list(verbs.find(text, folded=folded)))
            if (bisect.bisect_right(starts, m.span.start) - 1, "confirmed") not in seen]
    return sorted(out + said, key=lambda m: m.span.start)
