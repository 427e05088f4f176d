"""Claim assembly: segments a report into incidents and aggregates from the components' mentions.

Reads: sentences, casualty figures, dates, places, actors, weapons, targets and responses (each found by
its own component). Writes: Claims. A sentence with a casualty figure (or a strike word with a date or a
place) anchors an incident; a later anchor with a different event date, or a new list item, starts the next
incident. Figures in sentences that speak of a period or area total ("in March alone") become aggregate
claims. Figure-less sentences (photo captions) that name a finer place of an incident refine it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from civmon.extract.actors import belligerents, find_actors
from civmon.extract.casualty_counts import category_harm, find_casualties
from civmon.extract.dates import find_dates
from civmon.extract.figures import claim_figures
from civmon.extract.mentions import CasualtyMention, DateMention, PlaceMention, TermMention
from civmon.extract.numbers import totals_rule
from civmon.extract.page_layout import in_regions, page_layout
from civmon.extract.phrase_matcher import PhraseMatcher, fold
from civmon.extract.places import find_places
from civmon.extract.responses import find_responses
from civmon.extract.sentences import split_sentences
from civmon.extract.terms import find_terms, phrase_alternation
from civmon.lexicon import SUPPORTED_LANGUAGES, lexicon
from civmon.models import PRECISIONS, Actor, Claim, DateRange, Document, Place, Response, Span
from civmon.version import EXTRACTOR

MAX_TEXT = 2_000_000
"""Characters read from one document; a longer text is cut there (its spans stay valid)."""


@cache
def _cues(language: str) -> PhraseMatcher[str]:
    lx = lexicon(language, "segments")
    table = {str(c): "aggregate" for c in lx["aggregate_cues"]}
    table.update({str(c): "boilerplate" for c in lx["boilerplate"]})
    return PhraseMatcher(table)


@cache
def _openers(language: str, key: str) -> re.Pattern[str]:
    """A sentence that opens with one of the segments lexicon's `key` words."""
    return re.compile(rf"\s*(?:{phrase_alternation(lexicon(language, 'segments')[key])})\b", re.IGNORECASE)


_BULLET = re.compile(r"^\s*(?:[\u2022\u25cf\u25aa*\-\u2013]|\d+[.)])\s")


@dataclass(slots=True)
class _Sentence:
    span: Span
    casualties: list[CasualtyMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[TermMention] = field(default_factory=list)
    weapons: list[TermMention] = field(default_factory=list)
    targets: list[TermMention] = field(default_factory=list)
    responses: list[TermMention] = field(default_factory=list)
    aggregate: bool = False
    boilerplate: bool = False
    title: bool = False  # a web page's headline: context (places, dates, actors), not an anchor
    bullet: bool = False
    separate: bool = False  # opens with "Separately," / "Elsewhere,": another incident


def _bucket(spans: list[Span], items: Sequence[object], pos: object) -> list[list[object]]:
    import bisect

    starts = [s.start for s in spans]
    out: list[list[object]] = [[] for _ in spans]
    for it in items:
        p = pos(it)  # type: ignore[operator]
        i = max(bisect.bisect_right(starts, p) - 1, 0)
        out[i].append(it)
    return out


_NOT_NEWLINE = re.compile(r"[^\n]+")


def _spaces(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _blank(text: str, spans: list[Span]) -> str:
    """`text` with the characters of `spans` replaced by spaces (line breaks kept)."""
    parts: list[str] = []
    pos = 0
    for sp in spans:
        parts.append(text[pos:sp.start])
        parts.append(_NOT_NEWLINE.sub(_spaces, text[sp.start:sp.end]))
        pos = sp.end
    parts.append(text[pos:])
    return "".join(parts)


def _analyse(doc: Document, text: str, folded: str, *, vague_policy: str, language: str) -> list[_Sentence]:
    spans = split_sentences(text)
    if not spans:
        return []
    sents = [_Sentence(span=s) for s in spans]
    starts = [s.start for s in spans]
    for start, _, cue in _cues(language).find(text, folded=folded):
        sent = sents[max(bisect.bisect_right(starts, start) - 1, 0)]
        if cue == "aggregate":
            sent.aggregate = True
        else:
            sent.boilerplate = True
    opener = _openers(language, "separate_openers")
    for s in sents:
        words = text[s.span.start:s.span.end]
        s.bullet = bool(_BULLET.match(words))
        s.separate = bool(opener.match(words))
        s.boilerplate = s.boilerplate and len(words.split()) <= 14
    layout = page_layout(text, language=language, folded=folded)  # menus, share rows, headline lists, ...
    breaks = set(layout.entry_breaks)
    titles = [layout.title] if layout.title else []
    furniture_spans: list[Span] = []
    in_furniture = in_regions(spans, layout.regions)
    if all(in_furniture):  # a text that is all furniture is not a page: read it as a report
        in_furniture = [False] * len(spans)
    for s, furniture, title in zip(sents, in_furniture, in_regions(spans, titles), strict=True):
        s.boilerplate = s.boilerplate or furniture
        s.title = title
        s.bullet = s.bullet or s.span.start in breaks
        if furniture:
            furniture_spans.append(s.span)
    place_text = text  # places read the page down to its article's end: a site's menu or breadcrumb ("Home /
    # Deir ez-Zor") tells its country; the lists of other pages' headlines below the article only cost time
    if furniture_spans:  # the other finders skip page furniture (blanked, so every offset stays the same)
        article_end = max((s.span.end for s in sents if not s.boilerplate), default=0)
        place_text = _blank(text, [sp for sp in furniture_spans if sp.start >= article_end])
        text, folded = _blank(text, furniture_spans), _blank(folded, furniture_spans)
    cas = find_casualties(text, sentences=spans, policy=vague_policy, language=language, folded=folded)
    for c in cas:
        sents[c.sentence].casualties.append(c)
    actors = find_actors(text, language=language, folded=folded)
    lists: list[tuple[str, Sequence[object], object]] = [
        ("dates", find_dates(text, published=doc.published, language=language), lambda d: d.range.span.start),
        ("places", find_places(place_text, language=language), lambda p: p.place.span.start),
        ("actors", belligerents(text, actors, language=language), lambda t: t.span.start),
        ("weapons", find_terms(text, concern="weapon", language=language, folded=folded), lambda t: t.span.start),
        ("targets", find_terms(text, concern="target", language=language, folded=folded), lambda t: t.span.start),
        ("responses", find_responses(text, sentences=spans, language=language, folded=folded, actors=actors),
         lambda t: t.span.start),
    ]
    for name, items, pos in lists:
        for i, bucket in enumerate(_bucket(spans, items, pos)):
            getattr(sents[i], name).extend(bucket)
    continuing = _openers(language, "continuation_openers")
    previous: _Sentence | None = None
    for s in sents:
        if s.casualties and s.dates and all(d.precision in ("month", "year") for d in s.dates):
            s.aggregate = True
        elif s.casualties and previous is not None and previous.aggregate and \
                continuing.match(text, s.span.start, s.span.end):
            s.aggregate = True  # "Among the victims were 41 children": part of the total before it
        if not s.boilerplate:
            previous = s
    said = {category_harm(c.category) for s in sents if s.title for c in s.casualties}  # by harm: the title's "10
    restated = {category_harm(c.category)  # killed" is restated by "ten civilians were killed"
                for s in sents if not s.title and not s.boilerplate for c in s.casualties if not c.negated}
    if restated and said <= restated:  # the article restates the title's figures: its sentences anchor
        for s in sents:
            if s.title:
                s.casualties = []
                s.weapons = []
    return sents


def _is_anchor(s: _Sentence) -> bool:
    if s.boilerplate:
        return False
    if any(not c.negated for c in s.casualties) and not s.aggregate:
        return True
    if s.casualties and not s.aggregate:
        return True
    return bool(s.weapons and (s.dates or s.places) and not s.aggregate)


def _day_dates(s: _Sentence) -> list[DateMention]:
    return [d for d in s.dates if d.range.basis == "event" and d.precision == "day"]


def _segments(sents: list[_Sentence]) -> list[list[int]]:
    """Indices of the sentences of each incident, anchor first."""
    segments: list[list[int]] = []
    preamble: list[int] = []  # sentences before the first anchor: context for the first incident
    current_dates: set[object] = set()
    current_has_figures = False
    for i, s in enumerate(sents):
        if not _is_anchor(s):
            if segments and not s.boilerplate:
                segments[-1].append(i)
            elif not segments and not s.boilerplate and not s.aggregate:
                preamble.append(i)
            continue
        days = {(d.range.earliest, d.range.latest) for d in _day_dates(s)}
        real_figures = any(not c.negated for c in s.casualties)
        new = (not segments
               or (days and current_dates and not (days & current_dates) and (real_figures or not current_has_figures))
               or s.separate
               or (s.bullet and (len(segments[-1]) > 1 or not sents[segments[-1][0]].bullet)))
        if new:
            segments.append([i] + (preamble if not segments else []))
            current_dates = set(days)
            current_has_figures = real_figures
        else:
            segments[-1].append(i)
            current_dates |= days
            current_has_figures = current_has_figures or real_figures
    if not segments:  # no figures: a dated event, or a strike or attack at a place, still makes one claim
        usable = [i for i, s in enumerate(sents) if not s.boilerplate and not s.aggregate]
        first = next((i for i in usable if _day_dates(sents[i])), None)
        if first is None:
            first = next((i for i in usable if sents[i].weapons and sents[i].places), None)
        if first is None:  # an event told without figures or a weapon ("gunmen seized two officials in X")
            first = next((i for i in usable if sents[i].places or sents[i].dates), None)
        if first is not None:
            segments.append([first] + [i for i in usable if i != first])
    return segments


_SETTLEMENTS = frozenset(PRECISIONS[:PRECISIONS.index("city") + 1])  # a town or finer


def _killed_min(s: _Sentence) -> int:
    fig = claim_figures([c for c in s.casualties if not c.negated]).get("killed")
    return fig.min if fig is not None and fig.min is not None else 0


def _roundup_lead(sents: list[_Sentence], segments: list[list[int]]) -> int | None:
    """A first anchor whose death toll is the sum of later sentences' tolls, each at its own place ('At least 15
    were killed in Idlib on Wednesday. In Jisr al-Shughur strikes killed 12 ... Separately, shelling on Ariha
    killed three'): the lead becomes a total (an aggregate) and each part anchors its own incident. Returns the
    lead's index, or None when the report is no such roundup."""
    if not segments:
        return None
    lead = segments[0][0]
    total = _killed_min(sents[lead])
    if total < 2 or sents[lead].aggregate:
        return None
    parts: list[int] = []
    found = 0
    for i in range(lead + 1, len(sents)):
        s = sents[i]
        if s.boilerplate or s.aggregate or s.title or not s.weapons \
                or not any(p.place.precision in _SETTLEMENTS for p in s.places):
            continue  # a part tells of its own attack at its own town
        k = _killed_min(s)
        if k <= 0:
            continue
        parts.append(i)
        found += k
        if found >= total:
            break
    places = {next((p.place.name, p.place.country) for p in sents[i].places if p.place.precision in _SETTLEMENTS)
              for i in parts}
    if found != total or len(parts) < 2 or len(places) < len(parts):
        return None
    sents[lead].aggregate = True
    for i in parts:
        sents[i].separate = True
    return lead


def _precision_rank(p: Place) -> int:
    return PRECISIONS.index(p.precision) if p.precision in PRECISIONS else len(PRECISIONS)


def _best_place(mentions: Sequence[PlaceMention]) -> Place | None:
    if not mentions:
        return None
    refs = [m.container for m in mentions if m.relation == "offset" and m.container is not None]
    if refs:  # "Bar Ganlave (33 km SW of Beled Weyne)": the town an offset is measured from is not the place
        mentions = [m for m in mentions if m.relation == "offset" or not any(_same(m.place, r) for r in refs)] \
            or mentions
    ranked = sorted(enumerate(mentions), key=lambda im: (_precision_rank(im[1].place), im[0]))
    return ranked[0][1].place


def _pick_date(sents: list[_Sentence], seg: list[int]) -> DateRange | None:
    anchor = sents[seg[0]]
    for pool in ([anchor], [sents[i] for i in seg[1:]]):
        for precision in ("day", "week", "month"):
            for s in pool:
                for d in s.dates:
                    if d.precision == precision:
                        return d.range
    return None


def _pick_place(sents: list[_Sentence], seg: list[int], doc_places: Sequence[PlaceMention]) -> Place | None:
    anchor = sents[seg[0]]
    place = _best_place(anchor.places)
    if place is not None and place.precision != "country":
        return place
    rest = [p for i in seg[1:] for p in sents[i].places]
    finer = _best_place(rest)
    if finer is not None and (place is None or _precision_rank(finer) < _precision_rank(place)):
        return finer
    if place is not None:
        return place
    return _best_place(doc_places)


def _pick_actor(sents: list[_Sentence], seg: list[int], doc_actors: Sequence[TermMention]) -> Actor | None:
    from civmon.extract.actors import actor_table

    table = actor_table()
    for i in seg:
        for a in sents[i].actors:
            return Actor(id=a.value, name=table[a.value].name if a.value in table else a.value, basis="named",
                         span=a.span)
    if not doc_actors:
        return None
    counts = Counter(a.value for a in doc_actors)
    top = counts.most_common(1)[0][0]
    first = next(a for a in doc_actors if a.value == top)
    return Actor(id=top, name=table[top].name if top in table else top, basis="context", span=first.span)


def _first_term(sents: list[_Sentence], seg: list[int], name: str) -> str | None:
    for i in seg:
        terms: list[TermMention] = getattr(sents[i], name)
        if terms:
            return terms[0].value
    return None


def _responses(sents: list[_Sentence], seg: list[int]) -> tuple[Response, ...]:
    out: list[Response] = []
    for i in seg:
        for r in sents[i].responses:
            out.append(Response(by=r.by or "officials", stance=r.value, span=r.span))  # type: ignore[arg-type]
    return tuple(out)


def _refine_with_captions(claims: list[Claim], sents: list[_Sentence], used: set[int]) -> list[Claim]:
    """A figure-less sentence naming a finer place of one incident's place, or its target, refines that place."""
    out = list(claims)
    offsets = {pm.place.span for s in sents for pm in s.places if pm.relation == "offset"}
    for i, s in enumerate(sents):
        if i in used or s.casualties or s.boilerplate or not s.places:
            continue
        for pm in s.places:
            fine = pm.place
            matches = []
            for k, c in enumerate(out):
                if c.kind != "incident" or c.place is None or c.place.span in offsets:
                    continue  # a place put at "25km SW of Beled Weyne" already says where: not that town
                if _precision_rank(fine) >= _precision_rank(c.place) and fine.precision != "governorate":
                    continue
                inside = (pm.container is not None and _same(pm.container, c.place)) or (
                    fine.admin1 is not None and fine.admin1 == c.place.admin1 and (
                        c.place.precision in ("governorate", "district", "subdistrict")
                        or (c.target is not None and c.target in {t.value for t in s.targets})))
                if inside:
                    matches.append(k)
            if len(matches) == 1:
                k = matches[0]
                c = out[k]
                assert c.place is not None
                new_place = fine
                if fine.lat is None and c.place.lat is not None:
                    new_place = replace(fine, lat=c.place.lat, lon=c.place.lon, precision=c.place.precision)
                out[k] = replace(c, place=new_place)
    return out


def _same(a: Place, b: Place) -> bool:
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    return a.name.lower() == b.name.lower() and a.country == b.country


def _published(doc: Document) -> DateRange | None:
    """No date in the text: the event happened on or before the document's publication day (an empty span)."""
    if doc.published is None:
        return None
    return DateRange(earliest=None, latest=doc.published, basis="report", text="", span=Span(0, 0))


def extract(doc: Document, *, vague_policy: str = "conservative") -> list[Claim]:
    """The claims a document makes, one per incident or aggregate it describes."""
    language = doc.language or "en"
    if language not in SUPPORTED_LANGUAGES or not doc.text.strip():
        return []
    text = doc.text[:MAX_TEXT]
    folded = fold(text)
    if doc.published is None:  # a web page's own dateline stands in for the missing publication day
        doc = replace(doc, published=page_layout(text, language=language, folded=folded).published)
    sents = _analyse(doc, text, folded, vague_policy=vague_policy, language=language)
    if not sents:
        return []
    totals = totals_rule(vague_policy)
    doc_places = [p for s in sents if not s.boilerplate for p in s.places]
    doc_actors = [a for s in sents if not s.boilerplate for a in s.actors]
    claims: list[Claim] = []
    used: set[int] = set()
    segments = _segments(sents)
    lead = _roundup_lead(sents, segments)
    if lead is not None:  # "15 killed in Idlib province": 12 in one town and 3 in another, each its own incident
        segments = [seg + [lead] for seg in _segments(sents)]
    kept = [seg for seg in segments
            if any(c for i in seg if not sents[i].aggregate for c in sents[i].casualties)
            or any(_day_dates(sents[i]) for i in seg)
            or (len(segments) == 1 and sents[seg[0]].weapons and sents[seg[0]].places)]
    for seg in kept or segments[:1]:
        used.update(j for j in seg if sents[j].casualties or j == seg[0])
        mentions = [c for i in seg for c in sents[i].casualties if not sents[i].aggregate]
        claims.append(Claim(
            doc_id=doc.id, claim_id=f"{doc.id}#{len(claims) + 1}", kind="incident", extractor=EXTRACTOR,
            date=_pick_date(sents, seg) or _published(doc), place=_pick_place(sents, seg, doc_places),
            actor=_pick_actor(sents, seg, doc_actors), weapon=_first_term(sents, seg, "weapons"),
            target=_first_term(sents, seg, "targets"), casualties=claim_figures(mentions, totals=totals),
            responses=_responses(sents, seg),
        ))
    for i, s in enumerate(sents):
        agg = [c for c in s.casualties if not c.negated]
        if not s.aggregate or not agg or s.boilerplate:
            continue
        used.add(i)
        places = tuple(p.place for p in s.places)
        claims.append(Claim(
            doc_id=doc.id, claim_id=f"{doc.id}#{len(claims) + 1}", kind="aggregate", extractor=EXTRACTOR,
            date=s.dates[0].range if s.dates else None, places=places,
            actor=_pick_actor(sents, [i], doc_actors), casualties=claim_figures(agg),
        ))
    return _refine_with_captions(claims, sents, used)
