"""Places in report text, resolved against the bundled gazetteer.

Pipeline: gazetteer name matches (one Aho-Corasick pass over words folded once) -> keep those the text
marks as places (capitalised; ordinary words only after a preposition; not a piece of a longer name,
a person's or family's name, a people's name or the name of a site or street) -> the country the
matches agree on (each name votes once: cued, big and admin places most, country names mentioned in
passing least) -> one row per name, small or namesake places abroad dropped -> attach the cues around
it ("near Y", "5 km south of Y", "X (32km SE of Y)", "the X neighbourhood of Y", "Y province",
"X (Y District)") -> unknown names the text marks as places take their enclosing unit -> when nothing
else places the text, the big city an institution in it is named after.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from civmon.extract.mentions import PlaceMention
from civmon.extract.place_lexicon import PlaceLexicon, place_lexicon
from civmon.extract.place_offsets import offset_for, slipped_references
from civmon.gazetteer.index import NameMatch, index
from civmon.gazetteer.normalise import ARTICLES, name_key
from civmon.gazetteer.resolve import (
    ADMIN_KINDS,
    SETTLEMENT_KINDS,
    admin1_entry,
    choose,
    country_entry,
    distance_km,
    precision_of,
    project,
    resolve_name,
    to_place,
)
from civmon.gazetteer.table import Entry
from civmon.models import PRECISIONS, Place, Span

_INNER = frozenset({"neighbourhood", "street", "landmark"})
"""Kinds of named thing that lie inside the town a direction cue names ('the X quarter, east of Y')."""

__all__ = ["find_places", "detect_countries", "resolve_name", "best_place"]

@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    match: NameMatch
    cue: str | None  # "in" | "near" | None
    entry: Entry | None = None
    landmark: bool = False  # the name is followed by a landmark word ("Nasser Hospital")
    inner: bool = False  # the name is followed by a quarter/street/site word ('X neighbourhood')
    street: bool = False  # the name is followed by a street word ("Jaffa Street"): a street's name
    prep: str = ""  # the preposition before the name, if any
    common: bool = False  # the name is also an ordinary word ('Central', 'Bay'): it never decides the country
    offset_anchor: bool = False  # a distance is measured from it ("32km SE of X")
    admin_after: bool = False  # the name is followed by an admin word ("Hodan District")
    after: re.Match[str] | None = None  # the feature word right after the name (lexicon feature_after)


_ARTICLE_BEFORE_RE = re.compile(r"\b([A-Za-z]{2,3})[- ]$")
_WS_RE = re.compile(r"\s+")
_CAPITAL_NEXT_RE = re.compile(r"[ -][A-Z]")
_ARTICLE_NAME_RE = re.compile(r"-[A-Z]")  # after 'al' in 'Busra al-Harir': the article joins a name
_OPEN_PAREN_RE = re.compile(r"\s*\(")
_IN_THE_RE = re.compile(r"\bin\s+(?:the\s+)?$", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?:;\n\"“(]\s*$")


def _article_start(text: str, start: int) -> int:
    """Extend a match back over a transliterated article written before it ('Al-Jineh', 'el Bireh')."""
    last = text[start - 2:start - 1] if text[start - 1:start] == "\n" else text[start - 1:start]
    if last not in ("-", " "):  # ('$' also matches before a final newline)
        return start
    m = _ARTICLE_BEFORE_RE.search(text[max(0, start - 4):start])
    if m and m.group(1).lower() in ARTICLES and (m.group(1)[0].isupper() or text[start - 1] == "-"):
        return start - len(m.group(0))
    return start


def _capitalised_next(text: str, end: int) -> bool:
    """True when a capitalised word follows (the match is then only part of a longer name)."""
    return _CAPITAL_NEXT_RE.match(text, end, end + 2) is not None


def _select(matches: list[NameMatch]) -> list[NameMatch]:
    """Leftmost-longest matches that do not overlap."""
    out: list[NameMatch] = []
    end = -1
    for m in matches:  # sorted by (start, -end)
        if m.start >= end:
            out.append(m)
            end = m.end
    return out


_PAREN_END = re.compile(r"(?:[ -][A-Za-z]+)?\)")
_NEXT_RE = re.compile(r"([ -])([^\W\d_][\w'’]*)")
_RUN_RE = re.compile(r"[\w'’]*")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _next_word(text: str, end: int) -> tuple[str, str] | None:
    """(separator, word) right after a match, or None."""
    m = _NEXT_RE.match(text, end, min(len(text), end + 40))
    return (m.group(1), m.group(2)) if m else None


def _prev_word(text: str, start: int) -> tuple[str, str, int] | None:
    """(word, separator, where the word starts) for the word right before `start` and the space or hyphen
    after it: the longest run of letters, digits and apostrophes within 40 characters, from its first letter."""
    end = start - 1 if text[start - 1:start] == "\n" else start  # a final newline may follow ('$')
    if end < 2 or text[end - 1] not in " -":
        return None
    lo = max(0, start - 40)
    run = _RUN_RE.match(text[lo:end - 1][::-1])
    if run is None or not run.end():
        return None
    letter = _LETTER_RE.search(text, end - 1 - run.end(), end - 1)
    return None if letter is None else (text[letter.start():end - 1], text[end - 1], letter.start())


def _is_name_word(word: str) -> bool:
    """A capitalised word that is not an acronym ('Bashar', not 'SNA' or 'the')."""
    return word[0].isupper() and any(c.islower() for c in word)


def _inside_longer_name(text: str, start: int, end: int, lex: PlaceLexicon,
                        following: tuple[str, str] | None = None) -> bool:
    """True when the match is only a piece of a longer capitalised name ('Ceel' of 'Ceel-Baraf',
    'Jamil' of 'Hamza Bashar Jamil', 'Buulo' of 'Buulo Xaawo'); `following`: _next_word(text, end)."""
    nxt = (following or _next_word(text, end)) if text[end - 2:end] not in ("'s", "’s") else None
    if nxt is not None and nxt[1].lower() not in lex.followers:
        if _is_name_word(nxt[1]) or (nxt[0] == "-" and not nxt[1].endswith(("ed", "ing"))):
            return True  # 'Ceel-Baraf', 'Ceel-baraf', 'Buulo Xaawo' (but not 'Gaza-based')
        if nxt[0] == " " and nxt[1].lower() in ARTICLES and _ARTICLE_NAME_RE.match(text, end + 1 + len(nxt[1])):
            return True  # 'Busra al-Harir': not Busra
    pm = _prev_word(text, start)
    if pm is not None and _is_name_word(pm[0]):
        word = pm[0].lower()
        if pm[1] == "-":
            return word not in ARTICLES
        lo = pm[2]
        sentence_start = lo == 0 or _SENTENCE_END_RE.search(text[max(0, lo - 3):lo]) is not None
        if word in lex.person_markers:
            return True  # 'Abu al-Asla', 'Umm Hamza': a person's or family's name
        if not sentence_start and word not in lex.leaders and word not in lex.preps and word not in lex.common:
            return True
    return False


def _lower_modifier(text: str, m: NameMatch, lex: PlaceLexicon) -> bool:
    """'middle Shabeelle region', 'lower Juba region': a region name whose first word is written in lower case."""
    head, _, rest = text[m.start:m.end].partition(" ")
    return (head in lex.leaders and rest[:1].isupper()
            and lex.feature_after.match(text[m.end:m.end + 20]) is not None)


def _candidates(text: str, lex: PlaceLexicon, partial: list[_Hit] | None = None) -> list[_Hit]:
    """Gazetteer matches the text marks as places (matches that only begin a longer name go to `partial`)."""
    hits: list[_Hit] = []
    found = index().matches(text, capitalised=True, lower_ok=lex.leaders)
    for m in _select(sorted(found + slipped_references(text, lex, found), key=lambda m: (m.start, -m.end))):
        first = text[m.start]
        if first.isdigit():
            continue
        if first.islower() and not _lower_modifier(text, m, lex):
            continue
        start = _article_start(text, m.start)
        nxt = _next_word(text, m.end)
        if _inside_longer_name(text, start, m.end, lex, nxt):
            if partial is not None and m.key not in lex.common:
                partial.append(_Hit(start, m.end, m, None))
            continue
        after = nxt[1].lower() if nxt is not None and nxt[0] == " " else ""
        if after in lex.not_place_after or m.key in lex.never:
            continue
        fa = lex.feature_after.match(text[m.end:m.end + 20])
        admin_after = fa is not None and lex.features[_WS_RE.sub(" ", fa.group(1).lower())] in (
            "district", "governorate")
        if m.key in lex.peoples and not admin_after:
            continue
        common = m.key in lex.common
        upper = first.isupper()
        if common and not (admin_after and upper) and (not upper or _capitalised_next(text, m.end)):
            continue  # an ordinary word ('Bay', 'Hit') names a place only alone, capitalised, after a cue
        before = text[max(0, start - 40):start]
        pm = lex.prep_before(before)
        prep = _WS_RE.sub(" ", pm.group(1).lower()) if pm else ""
        cue = lex.preps[prep] if pm else None
        anchor = lex.offset_before(before) is not None
        if anchor:
            cue = "in"
        elif (dm := lex.direction_before(before)) is not None:
            # 'in the east of Gaza City' is inside it; 'east of Gaza City' is only near it
            cue = "in" if _IN_THE_RE.search(before, 0, dm.start()) else "near"
        if cue is None and hits and text[start - 1:start] == "(" and _OPEN_PAREN_RE.fullmatch(text, hits[-1].end, start):
            cue = hits[-1].cue  # 'in El-Wak (Ceel Waaq)': the same place under another name
        elif (cue is None and text[max(0, start - 1):start] == "(" and _PAREN_END.match(text, m.end)
              and lex.paren_head.search(text, max(0, start - 80), start - 1)):
            cue = "in"  # 'X village (Hodan District)', 'X neighbourhood (Burco)': the unit X lies in
        if common and not (admin_after and upper) and cue is None:
            continue
        hits.append(_Hit(start, m.end, m, cue, landmark=after in lex.landmarks or lex.features.get(after) == "street",
                         street=lex.features.get(after) == "street",
                         inner=lex.features.get(after) in _INNER,
                         admin_after=admin_after, offset_anchor=anchor, common=common, prep=prep, after=fa))
    return hits


def _minor(e: Entry, h: _Hit) -> bool:
    """A district known only by name (no town of its name, population 0) that the text neither calls a
    district nor marks as a place ('in X', 'near X')."""
    return e.kind == "district" and e.population == 0 and not h.admin_after and h.cue is None


def _vote_of(h: _Hit) -> tuple[str, int] | None:
    """(country, weight) one match votes for: a country name 4; a big or admin place 3, a small one 1,
    doubled after a place preposition; a small place with no cue, a site name or an even split, nothing."""
    if h.landmark or h.common or h.inner:
        return None
    es = h.match.entries
    for e in es:
        if e.kind == "country":  # 'in Somalia' says where; 'Kenya said' or 'a man from Ethiopia' need not
            return e.country, 4 if h.cue and h.prep not in ("from", "to", "of") else 2
    cands = [e for e in es if (e.population >= 1000 or e.kind in ADMIN_KINDS) and not _minor(e, h)]
    if h.admin_after and any(e.kind in ADMIN_KINDS for e in cands):  # 'Gedo region' is not a town called Gedo
        cands = [e for e in cands if e.kind in ADMIN_KINDS]
    elif not h.admin_after:  # bare 'Gaza': the city, not its governorate; but no namesake abroad ('Kufra')
        towns = {e.country for e in cands if e.kind != "governorate"}
        cands = [e for e in cands if e.kind != "governorate" or e.country not in towns]
    if not cands:
        return None
    best = max(cands, key=lambda e: e.population)
    # an admin unit with no population figure is a rival of unknown, not of no, size
    rival = max((max(e.population, 20_000 if e.kind in ADMIN_KINDS else 0) for e in cands
                 if e.country != best.country), default=-1)
    if rival >= 0 and best.population < 10 * max(rival, 1):  # a name shared across borders says little
        return (best.country, 1) if best.population >= 2 * max(rival, 1) else None
    admin = h.admin_after or any(e.kind == "governorate" and e.country == best.country for e in cands)
    weight = 3 if admin or h.offset_anchor or best.population >= 100_000 else 1
    if h.cue is None and weight == 1:
        return None
    return best.country, weight * (2 if h.cue else 1)


def _votes(hits: Sequence[_Hit]) -> Counter[str]:
    """Country votes of the matches; a name written several times votes once, with its strongest vote."""
    strongest: dict[str, tuple[str, int]] = {}
    for h in hits:
        v = _vote_of(h)
        if v is not None and (h.match.key not in strongest or v[1] > strongest[h.match.key][1]):
            strongest[h.match.key] = v
    votes: Counter[str] = Counter()
    for country, weight in strongest.values():
        votes[country] += weight
    return votes


_CUE_WEIGHT = 3
"""What the names tying a text to a country (lexicon `country_cues`) add to that country's vote, once: more
than a small place shared with another country, less than a big place or a country name written with 'in'."""


def _country_cues(text: str, lex: PlaceLexicon) -> dict[str, Span]:
    """The countries the text's non-place names tie it to ('al-Shabaab', 'Libyan National Army'), each with
    the span of its first such name, in text order."""
    out: dict[str, Span] = {}
    for start, end, cc in lex.cues.find(text):
        if cc not in out:
            out[cc] = Span(start, end)
    return out


def _with_cues(votes: Counter[str], cues: dict[str, Span]) -> Counter[str]:
    for cc in cues:
        votes[cc] += _CUE_WEIGHT
    return votes


def detect_countries(text: str, *, language: str = "en") -> tuple[str, ...]:
    """ISO alpha-2 codes of the countries the text's place names imply, most likely first."""
    lex = place_lexicon(language)
    votes = _with_cues(_votes(_candidates(text, lex)), _country_cues(text, lex))
    return tuple(c for c, _ in votes.most_common())


_ABBREVIATION_RE = re.compile(r"\b(?:approx|ca|c|e\.g|i\.e|no|st|dr|gen|col|lt|maj|capt|mr|mrs|ms)$", re.I)


def _stop(text: str, i: int) -> bool:
    """True when the '. ' at `i` ends a sentence (not 'approx. 45km' or 'Dr. Nasr')."""
    return _ABBREVIATION_RE.search(text, max(0, i - 6), i) is None


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    left = text.rfind(". ", 0, pos)
    while left > 0 and not _stop(text, left):
        left = text.rfind(". ", 0, left)
    right = text.find(". ", pos)
    while right >= 0 and not _stop(text, right):
        right = text.find(". ", right + 1)
    left = max(left, text.rfind("\n", 0, pos))
    right = min((i for i in (right, text.find("\n", pos)) if i >= 0), default=len(text))
    return left + 1, right


def _subject_before(text: str, h: _Hit, lex: PlaceLexicon) -> tuple[int, int] | None:
    """The named thing an offset cue is about: 'X (12km SE of Y)', 'X, south of Y', 'X 5 km south of Y'."""
    lo, _ = _sentence_bounds(text, h.start)
    head = text[lo:h.start]
    m = lex.subject_search(head)
    if m is None:
        return None
    s, e = lo + m.start(1), lo + m.end(1)
    words = text[s:e].split()
    while words and (words[0].lower() in lex.not_names or words[0].lower() in lex.preps):
        s += len(words[0]) + 1
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in lex.features:  # 'Kurman Village' names Kurman
        e -= len(words[-1]) + 1
        words = words[:-1]
    if not words or not text[s].isupper():
        return None
    return s, e


def _offset_start(text: str, h: _Hit, lex: PlaceLexicon) -> int:
    m = lex.offset_before(text[max(0, h.start - 50):h.start])
    return h.start - 50 + m.start() if m and h.start >= 50 else (m.start() if m else h.start)


def _unknown_names(text: str, lex: PlaceLexicon, hits: Sequence[_Hit]) -> list[tuple[int, int, str]]:
    """Names the text marks as places ('the village of X', 'X neighbourhood') that no hit covers."""
    covered = _Spans([(h.start, h.end) for h in hits])
    out: list[tuple[int, int, str]] = []
    for m, gi, fi in lex.named_features(text):
        s, e = m.span(gi)
        words = m.group(gi).split()
        while words and words[0].lower() in lex.not_names:
            s += len(words[0]) + 1
            words = words[1:]
        if not words or covered.overlaps(s, e) or any(a < e and s < b for a, b, _ in out):
            continue
        if name_key(text[s:e]) in lex.common or name_key(words[0]) in lex.peoples:
            continue  # 'the northern Syrian town of al-Bab': a nationality, not the name of a town
        out.append((s, e, lex.features[_WS_RE.sub(" ", m.group(fi).lower())]))
    return sorted(out)


_LINK_RE = re.compile(r"\s*[,(]?\s*(?:(?:located|situated)\s+)?(?:(?:in|of|at|near|inside|outside|within|on)\s+)?"
                      r"(?:the\s+)?(?:[\w’'-]+\s+(?:of\s+)?(?:the\s+)?)?")


class _Spans:
    """Spans (start, end), sorted once, asked which overlap a span: a long page has thousands."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        order = sorted(range(len(spans)), key=[a for a, _ in spans].__getitem__)
        self.index = order  # positions in `spans`, by start
        self.starts = [spans[i][0] for i in order]
        self.ends = [spans[i][1] for i in order]
        self.reach = list(accumulate(self.ends, max))  # the furthest end of the spans up to each

    def overlaps(self, start: int, end: int) -> bool:
        """True when some span overlaps [start, end)."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start

    def overlapping(self, start: int, end: int) -> list[int]:
        """The positions (in the spans given) of those that overlap [start, end), ascending."""
        i = bisect_left(self.starts, end) - 1
        out: list[int] = []
        while i >= 0 and self.reach[i] > start:
            if self.ends[i] > start:
                out.append(self.index[i])
            i -= 1
        return sorted(out)


def _container_after(text: str, end: int, hits: Sequence[_Hit], spans: _Spans, lex: PlaceLexicon) -> _Hit | None:
    """The next resolved hit (of `hits`, all resolved, whose `spans` these are) when only a linking phrase
    separates it: 'X quarter, east of Y', 'X area in Y'."""
    i = bisect_left(spans.starts, end)
    if i == len(spans.starts) or spans.starts[i] > end + 80:
        return None
    h = hits[spans.index[i]]
    between = text[end:h.start]
    fa = lex.feature_after.match(between)
    if fa is not None:
        between = between[fa.end():]
    return h if _LINK_RE.fullmatch(between) else None


def _container_before(text: str, start: int, hits: Sequence[_Hit], spans: _Spans) -> _Hit | None:
    """The last resolved hit (of `hits`, all resolved) of the sentence that ends before `start`."""
    lo, _ = _sentence_bounds(text, start)
    i = bisect_left(spans.starts, start) - 1
    best = -1
    while i >= 0 and spans.starts[i] >= lo:
        if spans.ends[i] <= start:
            best = max(best, spans.index[i])
        i -= 1
    return hits[best] if best >= 0 else None


def _finer(a: str, b: str) -> bool:
    return PRECISIONS.index(a) < PRECISIONS.index(b)


def _offset_mention(text: str, h: _Hit, hits: Sequence[_Hit], spans: _Spans, off: tuple[float | None, float],
                    lex: PlaceLexicon, used: set[int]) -> PlaceMention | None:
    """The place an offset cue puts at a distance/direction from hit `h` (None: the cue names nothing); `hits`:
    every resolved hit, `spans` theirs."""
    assert h.entry is not None
    km, bearing = off
    anchor = to_place(h.entry, Span(h.start, h.end))
    if km is not None:
        lat, lon = project(h.entry.lat, h.entry.lon, km=km, bearing=bearing)
        prec = precision_of(h.entry) if km <= 5 else ("subdistrict" if km <= 35 else "district")
    subj = _subject_before(text, h, lex)
    if km is None and h.entry.kind in SETTLEMENT_KINDS:
        # 'X, east of Gaza City': a quarter or site is in the town; anything else is somewhere around it
        fa = lex.feature_after.match(text[subj[1]:subj[1] + 20]) if subj else None
        inner = fa is not None and lex.features[_WS_RE.sub(" ", fa.group(1).lower())] in _INNER
        lat, lon, prec = h.entry.lat, h.entry.lon, precision_of(h.entry) if inner else "subdistrict"
    elif km is None:
        a1 = admin1_entry(h.entry) or h.entry
        lat, lon, prec = a1.lat, a1.lon, precision_of(a1)
    if subj is None:
        if km is None:
            return None
        s = _offset_start(text, h, lex)
        place = to_place(h.entry, Span(s, h.end), precision=prec, lat=lat, lon=lon, gazetteer_id=None)
        return PlaceMention(place=place, relation="offset", container=anchor)
    s, e = subj
    inside = spans.overlapping(s, e)
    used.update(inside)
    prev = hits[inside[0]].entry if inside else None
    gid = None
    if prev is not None and prev.kind in ("village", "town", "city") and prev.country == h.entry.country:
        reach = (km * 0.6 + 10) if km is not None else 60.0
        if distance_km((prev.lat, prev.lon), (lat, lon)) <= reach:
            lat, lon, prec, gid = prev.lat, prev.lon, precision_of(prev), prev.id
    pm = lex.prep_at(text, max(0, s - 40), s)
    near = pm is not None and lex.preps.get(_WS_RE.sub(" ", pm.group(1).lower())) == "near"
    place = to_place(h.entry, Span(s, e), name=text[s:e], precision=prec, lat=lat, lon=lon, near=near,
                     gazetteer_id=gid)
    return PlaceMention(place=place, relation="offset", container=anchor)


def _institution_city(text: str, partial: Sequence[_Hit], ranked: Sequence[str], lex: PlaceLexicon) -> _Hit | None:
    """When nothing else places a text, a big city that names an institution in it ('Benghazi Medical
    Centre', 'the Tripoli Revolutionaries Brigade'): the text is most likely about that city."""
    best: _Hit | None = None
    for h in partial:
        if not lex.institution_re.match(text, h.end):
            continue
        cities = [e for e in h.match.entries if e.kind == "city" and e.population >= 100_000]
        if len(cities) != 1 or (ranked and cities[0].country != ranked[0]):
            continue
        if best is None or (best.entry is not None and cities[0].population > best.entry.population):
            best = _Hit(h.start, h.end, h.match, None, entry=cities[0])
    return best


def _context_country(ranked: Sequence[str], cues: dict[str, Span]) -> Place | None:
    """When a text names no place it can resolve, the country its other names tie it to (the most voted
    of them), spanning the first such name: 'al-Shabaab fighters attacked X' (X unknown) is in Somalia."""
    return next((p for cc in ranked if cc in cues and (p := country_place(cc, cues[cc])) is not None), None)


def find_places(text: str, *, language: str = "en", countries: tuple[str, ...] = ()) -> list[PlaceMention]:
    """Every place mention in `text`, in text order; `countries` (ISO alpha-2) disambiguates."""
    lex = place_lexicon(language)
    partial: list[_Hit] = []
    hits = _candidates(text, lex, partial)
    cues = _country_cues(text, lex)
    votes = _with_cues(_votes(hits), cues)
    implied = [c for c, _ in votes.most_common()]
    ranked = list(countries) + [c for c in implied if c not in countries]
    top = votes[implied[0]] if implied else 0
    allowed = set(countries) | set(implied[:1]) | {c for c, v in votes.items() if v >= max(4, top / 2)}
    admin1s = {e.admin1 for h in hits for e in h.match.entries
               if e.admin1 and e.kind == "governorate" and e.country in ranked}
    kept: list[_Hit] = []
    for h in hits:
        fa = h.after
        prefer = lex.features[_WS_RE.sub(" ", fa.group(1).lower())] if fa else None
        if prefer is None and lex.regional_before.search(text, max(0, h.start - 30), h.start):
            prefer = "governorate"  # 'southern Idlib', 'rural Hama': the province, not the city
        if prefer not in ("district", "governorate"):
            prefer = None
        e = choose(h.match.entries, countries=ranked, admin1=admin1s, prefer=prefer)
        if e is None:
            continue
        foreign = bool(ranked) and e.country not in allowed and e.kind not in ("country", "governorate")
        if foreign and (h.cue is None or (e.population < 100_000 and top >= 2)):
            continue
        if h.cue is None and e.kind not in ADMIN_KINDS and e.population < 20_000 and (
                not ranked or e.country != ranked[0]):
            continue
        if _minor(e, h) or (e.kind == "district" and e.population == 0 and not h.admin_after
                            and ranked and e.country not in allowed):
            continue
        if h.common and ranked and e.country not in allowed:
            continue  # 'South West State', 'Central Region' abroad: an ordinary word names units in many countries
        if h.inner and ranked and e.country != ranked[0]:
            continue  # 'the Al-Geneina neighbourhood in Rafah' is no town abroad: the quarter takes its town
        if h.landmark and (e.population < 20_000 or (ranked and e.country not in allowed) or h.street):
            continue  # 'Nasser Hospital', 'Jaffa Street': a site named after someone or somewhere else
        if prefer is not None and e.kind in ("district", "governorate") and fa is not None:
            h.end += fa.end()
        h.entry = e
        kept.append(h)
    kept_spans = _Spans([(h.start, h.end) for h in kept])
    used: set[int] = set()
    out: list[tuple[int, PlaceMention, int]] = []
    for i, h in enumerate(kept):
        assert h.entry is not None
        span = Span(h.start, h.end)
        off = offset_for(text, h.start, lex)
        if off is not None:
            mention = _offset_mention(text, h, kept, kept_spans, off, lex, used)
            if mention is not None:
                out[:] = [(p, pm, j) for p, pm, j in out if j not in used]
                out.append((mention.place.span.start, mention, -1))
                used.add(i)
                continue
        if i in used:
            continue
        near = h.cue == "near"
        place = to_place(h.entry, span, near=near)
        relation = "near" if near else ("admin" if span.end > h.match.end else (h.cue or "bare"))
        container = None
        nxt = kept[i + 1] if i + 1 < len(kept) else None
        if (nxt is not None and nxt.entry is not None and re.fullmatch(r",?\s+(?:in|of)\s+(?:the\s+)?",
                                                                       text[h.end:nxt.start])
                and _finer(precision_of(h.entry), precision_of(nxt.entry))):
            container = to_place(nxt.entry, Span(nxt.start, nxt.end))
            relation = "part_of"
        out.append((h.start, PlaceMention(place=place, relation=relation, container=container), i))
    placed = _Spans([(pm.place.span.start, pm.place.span.end) for _, pm, _ in out])  # the names below never overlap
    for s, e_, feature in _unknown_names(text, lex, kept):
        c = _container_after(text, e_, kept, kept_spans, lex) or _container_before(text, s, kept, kept_spans)
        if c is None or c.entry is None:
            continue
        if placed.overlaps(s, e_):
            continue  # already placed by the offset rule
        enclosing = c.entry
        prec = precision_of(enclosing)
        if lex.direction_re.search(text[e_:c.start]):
            if c.entry.kind not in SETTLEMENT_KINDS:
                enclosing = admin1_entry(c.entry) or c.entry
                prec = precision_of(enclosing)
            elif feature not in _INNER:
                prec = "subdistrict"  # a village 'north east of Aleppo': around the city, not in it
        place = to_place(enclosing, Span(s, e_), name=text[s:e_], precision=prec, gazetteer_id=None)
        out.append((s, PlaceMention(place=place, relation="part_of",
                                    container=to_place(c.entry, Span(c.start, c.end))), -1))
    if not out:
        fallback = _institution_city(text, partial, ranked, lex)
        if fallback is not None and fallback.entry is not None:
            out.append((fallback.start, PlaceMention(place=to_place(fallback.entry, Span(fallback.start, fallback.end)),
                                                    relation="bare"), -1))
    if not out:
        context = _context_country(ranked, cues)
        if context is not None:
            out.append((context.span.start, PlaceMention(place=context, relation="context"), -1))
    out.sort(key=lambda t: t[0])
    seen: set[tuple[int, int]] = set()
    result: list[PlaceMention] = []
    for _, pm, _ in out:
        k = (pm.place.span.start, pm.place.span.end)
        if k not in seen:
            seen.add(k)
            result.append(pm)
    return result


def best_place(mentions: Sequence[PlaceMention]) -> Place | None:
    """The most precise place mentioned (ties: the first); 'near' places rank after exact ones."""
    if not mentions:
        return None
    return min((m.place for m in mentions), key=lambda p: (PRECISIONS.index(p.precision), p.near, p.span.start))


def country_place(code: str, span: Span) -> Place | None:
    """A country-level Place for an ISO code (for callers that only know the country)."""
    e = country_entry(code)
    return None if e is None else to_place(e, span)
