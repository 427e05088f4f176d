"""The places lexicon, compiled: the patterns and word tables civmon.extract.places reads a text with.

Built lazily, once per language, from civmon/data/lexicons/<language>/places.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.gazetteer.normalise import name_key
from civmon.lexicon import lexicon

CONVERSION = r"(?:\s*\(\s*(?:about\s+|some\s+)?\d+(?:[.,]\d+)?\s*[a-z]{1,10}\.?\s*\))?"
"""A distance restated in other units right after it: '20 kilometres (12 miles) south of X'."""
NAME = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]h?)-)?[A-Z][\w'’]*(?:[- ](?:(?:al|el|[Aa][dnrstz]h?)-)?[A-Z][\w'’]*){0,3}"


@dataclass(frozen=True, slots=True)
class PlaceLexicon:
    """The places lexicon of one language, compiled: cue patterns, word tables and the country-cue matcher."""

    prep_re: re.Pattern[str]
    preps: dict[str, str]
    regional_before: re.Pattern[str]  # "southern " right before a name: a part of a region
    offset_re: re.Pattern[str]
    direction_re: re.Pattern[str]
    bearings: dict[str, float]
    units: dict[str, float]
    feature_after: re.Pattern[str]
    feature_of: re.Pattern[str]
    name_feature: re.Pattern[str]
    features: dict[str, str]
    common: frozenset[str]
    not_names: frozenset[str]
    subject_re: re.Pattern[str]
    landmarks: frozenset[str]
    not_place_after: frozenset[str]
    followers: frozenset[str]
    leaders: frozenset[str]
    peoples: frozenset[str]
    person_markers: frozenset[str]
    never: frozenset[str]
    paren_head: re.Pattern[str]
    institution_re: re.Pattern[str]
    cues: PhraseMatcher[str]
    feature_firsts: tuple[str, ...] = ()
    prep_ends: tuple[str, ...] | None = None
    of_ends: tuple[str, ...] | None = None  # _OF_THE: 'of' or 'of the' ends offset_re and direction_re
    subject_chunks: int = 0  # the most runs of non-space characters a subject_re match can hold (0: unknown)

    def subject_search(self, head: str) -> re.Match[str] | None:
        """`subject_re.search(head)` when the match has its group 2 ('(' or ',') or 3 (a distance), else None;
        tried only over the last `subject_chunks` runs of non-space characters of `head` (a match cannot begin
        further back: it ends at the end of `head`), and only when they hold a '(', ',' or digit."""
        start = 0
        if self.subject_chunks:
            parts = head.rsplit(None, self.subject_chunks)
            if len(parts) > self.subject_chunks:
                start = len(parts[0])
        if _PAREN_COMMA_DIGIT_RE.search(head, start) is None:
            return None
        m = self.subject_re.search(head, start)
        return m if m is not None and (m.group(2) or m.group(3)) else None

    def prep_at(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        """`prep_re.search(text, pos, endpos)`, not tried when text[pos:endpos] does not end with a word the
        pattern ends with."""
        return self.prep_re.search(text, pos, endpos) if _may_end(text[pos:endpos], self.prep_ends) else None

    def prep_before(self, before: str) -> re.Match[str] | None:
        """`prep_re.search(before)`, not tried when `before` does not end with a word the pattern ends with."""
        return self.prep_re.search(before) if _may_end(before, self.prep_ends) else None

    def offset_before(self, before: str) -> re.Match[str] | None:
        """`offset_re.search(before)` ('5 km south of '), not tried unless `before` ends with 'of (the)'."""
        return self.offset_re.search(before) if _may_end(before, self.of_ends) else None

    def direction_before(self, before: str) -> re.Match[str] | None:
        """`direction_re.search(before)` ('south of '), not tried unless `before` ends with 'of (the)'."""
        return self.direction_re.search(before) if _may_end(before, self.of_ends) else None

    def named_features(self, text: str) -> Iterator[tuple[re.Match[str], int, int]]:
        """(match, name group, feature group) of `feature_of` ('the village of X') and then of `name_feature`
        ('X village') over `text`, as their finditer would give them; only the places where a feature word
        is written are tried."""
        found = _occurrences(text, self.feature_firsts)
        for m in _matches_at(self.feature_of, text, found):
            yield m, 2, 1
        starts: list[int] = []
        for f in found:
            gap = f
            while gap and text[gap - 1].isspace():
                gap -= 1
            if gap == f:
                continue
            starts.extend(m.start() for m in _NAME_START_RE.finditer(text, _name_run_start(text, gap), gap))
        for m in _matches_at(self.name_feature, text, starts):
            yield m, 1, 2


_NAME_START_RE = re.compile(r"(?<!\w)[A-Zae]")
"""Where a NAME may begin: a capital, or the article of 'al-X', 'el-X', 'ad-X'."""
_NAME_RUN_RE = re.compile(r"[\w'’]*(?:[ -][\w'’]*){0,8}")
"""Written backwards, the longest run of words a NAME ending here may lie in: its four words are joined by
single spaces or hyphens, and each may begin with an article and a hyphen (at most 7 joins)."""


def _name_run_start(text: str, end: int, *, window: int = 160) -> int:
    """The start of the run of words (_NAME_RUN_RE) that ends at `end`."""
    lo = max(0, end - window)
    run = _NAME_RUN_RE.match(text[lo:end][::-1])
    assert run is not None  # the pattern matches the empty string
    if run.end() == end - lo and lo > 0:
        return _name_run_start(text, end, window=window * 4)
    return end - run.end()


def _may_end(before: str, ends: tuple[str, ...] | None) -> bool:
    """False when `before` cannot end with one of `ends` (lower-case ASCII words) and whitespace, as a
    case-blind pattern ending so must (None: always True). Only ASCII is judged here: a case-blind pattern
    also takes a few other letters for ASCII ones ('ſ' for 's')."""
    if ends is None:
        return True
    if not before or not before[-1].isspace():
        return False
    tail = before.rstrip()
    if not tail.isascii():
        return True
    tail = tail.lower()
    if ends is _OF_THE and tail.endswith("the"):  # 'of the' or 'of'
        tail = tail[:-3].rstrip()
        ends = _OF
    return tail.endswith(ends)


_OF_THE = ("of", "the")
_OF = ("of",)


def _ends(words: Iterable[str]) -> tuple[str, ...] | None:
    """The last words of `words` (None when one is not lower-case ASCII, or too long to judge)."""
    last = {w.split()[-1] for w in words}
    ok = all(w.isascii() and w == w.lower() and w for w in last)
    return tuple(sorted(last)) if ok else None


_PAREN_COMMA_DIGIT_RE = re.compile(r"[(,\d]")


def _most_words(phrases: Iterable[str]) -> int:
    return max((len(p.split()) for p in phrases), default=0)


def _occurrences(text: str, words: Iterable[str]) -> list[int]:
    """Where each of `words` is written in `text` (anywhere, even inside a longer word)."""
    out: list[int] = []
    find = text.find
    for w in words:
        i = find(w)
        while i >= 0:
            out.append(i)
            i = find(w, i + 1)
    return out


def _matches_at(rx: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` (never empty matches) when every match can only begin at one of `starts`."""
    end = 0
    for p in sorted(set(starts)):
        if p >= end and (m := rx.match(text, p)) is not None:
            yield m
            end = m.end()


def _alt(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def place_lexicon(language: str) -> PlaceLexicon:
    """The places lexicon of `language` (civmon/data/lexicons/<language>/places.yaml), compiled once."""
    d = lexicon(language, "places")
    preps = {str(k).lower(): str(v) for k, v in d["prepositions"].items()}
    bearings = {str(k).lower(): float(v) for k, v in d["bearings"].items()}
    units = {str(k).lower(): float(v) for k, v in d["units"].items()}
    features = {str(k).lower(): str(v) for k, v in d["features"].items()}
    feat = _alt(features)
    landmarks = frozenset(str(w).lower() for w in d["landmarks"])
    cue_country = {str(w).lower(): str(cc).upper() for cc, ws in d["country_cues"].items() for w in ws}
    return PlaceLexicon(
        prep_re=re.compile(rf"\b({_alt(preps)})\s+(?:the\s+)?(?:(?:{_alt(d['place_adjectives'])})\s+)?"
                           rf"(?:(?:{feat})\s+of\s+)?$", re.I),
        preps=preps,
        regional_before=re.compile(rf"\b(?:{_alt(d['regional_adjectives'])})\s+$", re.I),
        offset_re=re.compile(
            rf"(\d+(?:[.,]\d+)?)\s*(?:-\s*)?({_alt(units)})\.?{CONVERSION}\s+(?:to\s+the\s+)?({_alt(bearings)})\.?\s+of\s+"
            rf"(?:the\s+)?$",
            re.I),
        direction_re=re.compile(rf"\b({_alt(bearings)})\s+of\s+(?:the\s+)?$", re.I),
        bearings=bearings,
        units=units,
        feature_after=re.compile(rf"^[ -]({feat})\b", re.I),
        feature_of=re.compile(rf"\b({feat})\s+of\s+({NAME})"),
        name_feature=re.compile(rf"\b({NAME})\s+({feat})\b"),
        features=features,
        common=frozenset(name_key(str(w)) for w in d["common_words"]),
        not_names=frozenset(str(w).lower() for w in d["not_names"]),
        subject_re=re.compile(
            rf"({NAME})(?:\s+(?i:{feat}))?\s*([(,])?\s*(?i:(?:about|some|around|approximately|approx\.?|ca\.|c\.)\s*)?"
            rf"(\d+(?:[.,]\d+)?\s*(?:-\s*)?(?i:{_alt(units)})\.?{CONVERSION}\s+)?(?i:to\s+the\s+)?"
            rf"(?i:{_alt(bearings)})\.?\s+of\s+(?:the\s+)?$"),
        landmarks=landmarks,
        not_place_after=frozenset(str(w).lower() for w in d["not_place_after"]),
        followers=frozenset(str(w).lower() for w in d["name_followers"]) | set(features) | landmarks
        | set(bearings) | frozenset(str(w).lower() for w in d["not_place_after"]),
        leaders=frozenset(str(w).lower() for w in d["name_leaders"]) | set(bearings),
        peoples=frozenset(name_key(str(w)) for w in d["peoples"]),
        person_markers=frozenset(str(w).lower() for w in d["person_markers"]),
        never=frozenset(name_key(str(w)) for w in d["never_places"]),
        institution_re=re.compile(
            rf"(?:[ -][A-Z][\w'’]*){{0,3}}[ -](?i:{_alt(set(landmarks) | {str(w).lower() for w in d['institutions']})})\b"),
        paren_head=re.compile(rf"(?:\b(?i:{_alt(preps)})\s+(?:the\s+)?{NAME}|\b(?i:{feat}))\s*$"),
        cues=PhraseMatcher(cue_country),
        feature_firsts=tuple(sorted({w.split()[0] for w in features})),
        # prep_re ends with a preposition, 'the', a place adjective or 'of'; offset_re and direction_re with 'of
        # (the)'
        prep_ends=_ends([*preps, "the", "of", *(str(a).lower() for a in d["place_adjectives"])]),
        of_ends=_OF_THE,
        # NAME (4 words), a feature, '(' or ',', 'about', a distance ('12 - km (about 7 mi.)'), 'to the', a
        # bearing, 'of', 'the'
        subject_chunks=4 + _most_words(features) + 1 + 1 + (2 + _most_words(units) + 5) + 2 + _most_words(bearings)
        + 1 + 1,
    )
