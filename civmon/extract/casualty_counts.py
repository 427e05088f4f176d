"""Casualty figures: which numbers in a text count people killed, injured or missing, and who they were.

A number counts casualties only when a harm word ties it to people ("12 civilians were killed",
"killing at least 33", "the death toll rose to 40"); ages, dates, times, strikes, units and buildings
do not. Breakdowns ("three children and two women were killed") share the harm word that follows them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from civmon.extract.casualty_patterns import CasualtyPatterns, casualty_patterns, people_group
from civmon.extract.mentions import CasualtyMention
from civmon.extract.numbers import NumberPhrase, find_numbers, numbered_casualties_harm
from civmon.extract.phrase_matcher import PhraseMatcher
from civmon.extract.unquantified_harm import find_unquantified
from civmon.extract.victim_lists import VictimList, find_victim_lists
from civmon.lexicon import lexicon
from civmon.models import Count, Span

_ARTICLE_START = re.compile(
    r"\b(?:an?|one|his|her|their|the|another|kills|killed|killing|murdered|murdering|executed|executing|beheaded|beheading|"
    r"assassinated|assassinating|shot|stabbed)\b", re.IGNORECASE)
_BEFORE_REACH = 100  # a harm word this far before a number can govern it ("the death toll has risen to ...")
_AFTER_REACH = 260  # ... or this far after it ("12 people, among them ..., were killed")
_REACH = 800  # the longest stretch the people after a number can take (modifiers, a family, up to three asides):
# patterns that read it stop here, so a long run of blanked page furniture costs nothing
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def _reach(text: str, start: int, limit: int = _REACH) -> int:
    """Where the words after `start` that a pattern may read end: `limit` characters on, or sooner at a paragraph
    break (a blank line, as blanked page furniture leaves), which no phrase about people crosses."""
    m = _PARAGRAPH_BREAK.search(text, start, start + limit)
    return m.start() if m else start + limit


@cache
def _harm_words(language: str) -> PhraseMatcher[str]:
    lx = lexicon(language, "casualties")
    words: dict[str, str] = {}
    for harm, table in lx["harm"].items():
        for key in ("after", "before", "toll"):
            for w in table[key]:
                words[str(w)] = harm
    for w in ("dead", "death", "deaths", "casualties", "victims", "bodies", "toll"):
        words.setdefault(w, "killed")
    victims = lexicon(language, "victim_lists")  # the words that open or close a list of victims
    for harm, triggers in victims["object_triggers"].items():
        for w in triggers:
            words.setdefault(str(w), str(harm))
    for harm, verbs in victims["subject_verbs"].items():
        for w in (v for key in ("participles", "plural", "singular", "neutral") for v in verbs[key]):
            words.setdefault(str(w), str(harm))
    return PhraseMatcher(words)


def _near_harm(positions: list[int]) -> Callable[[int], bool]:
    """A test of whether an offset lies close enough to a harm word (at `positions`) for a number there to be a
    casualty figure."""
    import bisect

    def near(pos: int) -> bool:
        i = bisect.bisect_left(positions, pos - _BEFORE_REACH)
        return i < len(positions) and positions[i] <= pos + _AFTER_REACH
    return near


class _Spans:
    """Sorted, non-overlapping spans with a fast 'is this offset inside one of them' test."""

    def __init__(self, spans: list[Span]) -> None:
        self._starts = [sp.start for sp in spans]
        self._ends = [sp.end for sp in spans]

    def covers(self, pos: int) -> bool:
        """True when `pos` lies inside one of the spans."""
        import bisect

        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


def _which(m: re.Match[str] | None) -> str:
    """Which harm's words a match found ("killed", "injured" or "missing")."""
    if m is None:
        return ""
    names = m.re.groupindex
    for harm in ("killed", "injured", "missing"):
        if harm in names and m.group(harm):
            return harm
    return ""


def category(harm: str, group: str) -> str:
    """The claim contract's casualty key for a harm ('killed', 'injured', 'missing') to a group of people."""
    if harm == "missing":
        return "missing"
    if harm == "killed":
        return "killed" if group == "unspecified" else f"{group}_killed"
    if group in ("civilians", "children", "women"):
        return f"{group}_injured"
    return "injured"


_SPEAKER = re.compile(r"[\w@.'\u2019\-\s]{2,60}$")
_FINITE = re.compile(r"\b(?:was|were|died|has\s+been|had\s+been)\b", re.IGNORECASE)
_AND_HARM = re.compile(r"\s+(?:and|or)\s+(?:injured|wounded|hurt)\b", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as\s+well\s+as\s+|plus\s+)", re.IGNORECASE)
_AGE_AFTER_NAME = re.compile(r"[A-Z][\w'\u2019-]+,\s*$|\baged\s*$|\bage\s*$")
_NAMED_VICTIM = re.compile(
    r"\b(?:killing|killed|martyring|the\s+(?:death|killing|murder|assassination)\s+of)\s+"
    r"(?:(?:\d+[- ]year[- ]old|a|an|the|young|elderly|local|journalist|doctor|paramedic)\s+)*"
    r"(?P<name>[A-Z][a-z'\u2019]+(?:[\s-]+(?:al|Al|el|El|abu|Abu|bin|ibn|Bin|de)?-?[A-Z][\w'\u2019-]+){1,4})"
    r"(?![\w-]|\s+(?:and|together|along|alongside|with)\b|,\s+(?:his|her|their)\b)"
    r"|\b(?P<subj>(?!(?:The|A|An|On|In|At|Israeli|Palestinian|Syrian|Iraqi|Gaza|He|She)\b)[A-Z][a-z'\u2019]+"
    r"(?:[\s-]+(?:al|Al|el|El|abu|Abu|bin|ibn|Bin)?-?[A-Z][\w'\u2019-]+){1,4}),?"
    r"(?:\s+\([^)]{1,30}\)){0,2}(?:,[^,.;]{1,60},)?\s+was\s+(?:reportedly\s+|allegedly\s+|also\s+)*"
    r"(?:killed|shot dead|martyred)\b")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_WORD_AFTER = re.compile(r"[\s-]+([a-z]+)", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\b", re.IGNORECASE)
_OBJECT_START = re.compile(r"\s+(?P<w>an?|another|the|his|her|their|its|\d[\d,]*|[a-z]+)\b", re.IGNORECASE)
_CLAUSE_JOINT = re.compile(r"(?:[,;]|\b(?:while|whereas|and|but)\b)\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_PART_JOINT = re.compile(r"\s*[,\u2013\u2014-]\s*|\s*\(\s*")
_CLAUSE_START = re.compile(r"(?:[,;:(\u2014]|\bbut\b|\bwhile\b|\bwhereas\b|\band\b)(?!.*(?:[,;:(\u2014]|\bbut\b|\bwhile\b))",
                           re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Hit:
    number: NumberPhrase
    harm: str
    group: str
    noun_end: int
    revision: bool
    cover_end: int = 0  # numbers before this offset belong to this figure's phrase ("from five families")
    listed: bool = False  # an item of a list whose items add up ("three children and two women")
    also: str | None = None  # "a number of civilians were killed and injured": the same figure for a second harm
    refines: bool = False  # "four of the dead were civilians"


def _claimant(p: CasualtyPatterns, text: str, sent_start: int, start: int, end: int, sent_end: int) -> str | None:
    head = text[max(sent_start, start - 140):start]
    m = p.claimant_before.search(head)
    if m:
        speaker = _SPEAKER.search(head, 0, m.start())
        by = (speaker.group(0) if speaker else "").strip(" ,\u201c\"")
        by = re.sub(r"^(?:.*\b(?:but|while|and|as|after|that|,)\s+)", "", by, flags=re.IGNORECASE)
        by = re.sub(r"^according\s+to\s+", "", by, flags=re.IGNORECASE).strip()
        words = by.split()
        if words and len(words) <= 7 and not any(ch.isdigit() for ch in by):
            return by
    tail = text[end:sent_end]
    m2 = p.claimant_after.search(tail)
    if m2:
        return (m2.group("by") or m2.group("by2")).strip()
    return None


def find_casualties(text: str, *, sentences: list[Span], policy: str = "conservative",
                    language: str = "en", folded: str | None = None) -> list[CasualtyMention]:
    """Every casualty figure in `text`, in order, each tagged with its sentence index and claimant."""
    p = casualty_patterns(language)
    harm_positions = [start for start, _, _ in _harm_words(language).find(text, folded=folded)]
    near = _near_harm(harm_positions)
    windows = harm_windows(harm_positions, len(text))
    numbers = find_numbers(text, policy=policy, language=language, near=near, windows=windows)
    taken = _Spans([n.span for n in numbers])
    numbers += [a for a in _article_numbers(p, text, near, windows) if not taken.covers(a.span.start)]
    numbers.sort(key=lambda n: n.span.start)
    hits: dict[int, _Hit] = {}
    # right to left, so a breakdown item can inherit the harm word of the item after it
    starts = {n.span.start: i for i, n in enumerate(numbers)}
    for i in range(len(numbers) - 1, -1, -1):
        hit = _classify(p, text, numbers[i], numbers, starts, hits)
        if hit is not None:
            hits[i] = hit
    _numbered_casualties(p, text, numbers, hits, harm=numbered_casualties_harm(policy))
    for i in range(1, len(numbers)):  # "killed three children and two women": the second shares the verb
        prev = hits.get(i - 1)
        part = _part_of(p, text, replace(prev, listed=False), numbers[i]) if prev is not None else None
        if part is not None:  # "ten people, four of them children": a part, whatever the chain read
            hits[i], hits[i - 1] = part
            continue
        if i in hits or prev is None or not _AND.fullmatch(text, prev.noun_end, numbers[i].span.start):
            continue
        lead = p.lead.match(text, numbers[i].span.end, _reach(text, numbers[i].span.end))
        if lead is None or not lead.group("noun") or " of " in f" {lead.group('mods').lower()}":
            continue  # "six members, five of them civilians" is a subset, not a list item
        if p.speaks.match(text, lead.end()):
            continue  # "killed two women, a member of the council told us": the speaker, not a victim
        hits[i] = _Hit(numbers[i], prev.harm, people_group(p, lead.group("noun"), lead.group("mods") or ""),
                       lead.end("noun"), prev.revision, listed=True)
        hits[i - 1] = replace(prev, listed=True)
    _join_clauses(text, hits)
    extra = _one_combatant_among(p, text, hits)
    out: list[CasualtyMention] = []
    sent_index = _sentence_index(sentences)
    covered_until = -1
    last_by: tuple[int, str | None] = (-1, None)
    for i in sorted(hits):
        h = hits[i]
        if h.number.span.start < covered_until and not h.refines:
            continue
        covered_until = max(h.noun_end, h.number.span.end, h.cover_end if not h.listed else 0)
        n = h.number
        si = sent_index(n.span.start)
        s_span = sentences[si] if sentences else Span(0, len(text))
        by = _claimant(p, text, s_span.start, n.span.start, h.noun_end, s_span.end)
        if by is None and last_by[0] == si:
            by = last_by[1]  # "Activists said 9 were killed and 14 wounded": one claimant for both
        last_by = (si, by)
        words_span = Span(n.span.start, max(h.noun_end, n.span.end))
        count = Count(min=n.min, max=n.max, words=text[words_span.start:words_span.end], span=words_span, by=by)
        out.append(CasualtyMention(category=category(h.harm, h.group), count=count, sentence=si,
                                   revision=h.revision, listed=h.listed, refines=h.refines))
        if h.also:
            out.append(CasualtyMention(category=category(h.also, h.group), count=count, sentence=si,
                                       revision=h.revision, listed=h.listed))
    out += [CasualtyMention(category=category(harm, group), count=count, sentence=sent_index(count.span.start))
            for harm, group, count in extra]
    denials = list(p.negations.find(text, folded=folded))
    negated_spans = [(start, end) for start, end, _ in denials]
    out = [c for c in out  # "No one was killed": the 'one' inside a negation is not a figure
           if not any(s <= c.count.span.start < e for s, e in negated_spans)]
    for harm in ("killed", "injured", "missing"):
        for start, end, harms in denials:
            if harm in harms:
                out.append(CasualtyMention(category=category(harm, "unspecified"),
                                           count=Count(min=0, max=0, words=text[start:end], span=Span(start, end)),
                                           sentence=sent_index(start), negated=True))
    out = _with_victim_lists(out, find_victim_lists(text, sentences=sentences, language=language,
                                                     harm_positions=harm_positions), sent_index)
    if not any(c.category.endswith("killed") and not c.negated for c in out):
        out.extend(_named_victims(text, sent_index))
    unread = [h for h in ("killed", "injured") if not any(c.category.endswith(h) or c.category == h for c in out)]
    if unread:  # "casualties were reported": no number, so the policy's convention (and the words) stand
        out += [c for c in find_unquantified(text, sentence_of=sent_index, harms=unread, policy=policy,
                                             language=language)
                if not any(s <= c.count.span.start < e for s, e in negated_spans)]
    out.sort(key=lambda c: c.count.span.start)
    return out


def _with_victim_lists(out: list[CasualtyMention], lists: list[VictimList],
                       sent_index: Callable[[int], int]) -> list[CasualtyMention]:
    """Lists of victims named one by one replace the figures read inside them when they count more people
    ("a nurse and her two sons": 3, where the numbers alone say 2)."""
    for vl in lists:
        inside = [c for c in out if category_harm(c.category) == vl.harm and not c.negated
                  and vl.span.start <= c.count.span.start < vl.span.end]
        if inside and (vl.items < 2 or vl.min <= sum(c.count.min or 0 for c in inside)):
            continue  # the figures inside already count everyone, and say who they were
        out = [c for c in out if not any(c is i for i in inside)]
        si = sent_index(vl.span.start)
        parts: list[tuple[str, int, int | None]] = [(vl.harm, vl.min, vl.max)]
        if vl.combatants and vl.harm == "killed":
            civilians = vl.min - vl.combatants
            parts.append(("combatants_killed", vl.combatants, vl.combatants))
            if civilians:
                parts.append(("civilians_killed", civilians, None if vl.max is None else civilians))
        out += [CasualtyMention(category=category, count=Count(min=lo, max=hi, words=vl.words, span=vl.span),
                                sentence=si, open_list=vl.max is None) for category, lo, hi in parts]
    return out


def category_harm(category: str) -> str:
    """The harm ('killed', 'injured', 'missing') a contract casualty key counts."""
    return "killed" if category.endswith("killed") else "injured" if category.endswith("injured") else category


def _named_victims(text: str, sent_index) -> list[CasualtyMention]:  # type: ignore[no-untyped-def]
    """'killing Nour Abdel-Al' / 'Ali Hassan was killed': one person each, when no figure is given."""
    out = []
    for m in _NAMED_VICTIM.finditer(text):
        g = "name" if m.group("name") else "subj"
        span = Span(m.start(g), m.end(g))
        out.append(CasualtyMention(category="killed", count=Count(min=1, max=1, words=m.group(g), span=span),
                                   sentence=sent_index(m.start())))
    return out[:1]


def harm_windows(positions: list[int], length: int) -> list[tuple[int, int]]:
    """The stretches of text where a number may be a casualty figure: around each harm word (see `_near_harm`),
    merged; scanning only these skips most of a long text."""
    out: list[tuple[int, int]] = []
    for pos in positions:
        lo, hi = max(0, pos - _AFTER_REACH), min(length, pos + _BEFORE_REACH + 1)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _article_numbers(p: CasualtyPatterns, text: str, near: Callable[[int], bool],
                     windows: list[tuple[int, int]]) -> list[NumberPhrase]:
    out = []
    starts = (m.start() for lo, hi in windows for m in _ARTICLE_START.finditer(text, lo, hi))
    for start in starts:
        if not near(start):
            continue
        m = p.article.match(text, start)
        if m is None or p.attribution.search(text, max(0, start - 40), start):
            continue  # "according to the Petroleum Guard, two of their men died": the source, not a victim
        if m.group("more"):
            out.append(NumberPhrase(min=1, max=1, words=m.group("more"), span=Span(m.start("more"), m.end("more")),
                                    how="exact", value=1))
            continue
        if m.group("pron"):
            out.append(NumberPhrase(min=1, max=1, words=m.group("pron"), span=Span(m.start("pron"), m.end("pron")),
                                    how="exact", value=1))
            continue
        if m.group("art2"):
            obj_words = m.group("obj").lower().split()
            obj = obj_words[-1]
            if obj.endswith("s") and not obj.endswith("ss") or any(w in p.number_words or w[:1].isdigit()
                                                                   for w in obj_words):
                continue  # "killing the four children": the number is the figure, not the article
            out.append(NumberPhrase(min=1, max=1, words=m.group("art2"),
                                    span=Span(m.start("art2"), m.end("art2")), how="exact", value=1))
            continue
        noun = m.group("noun").lower().split()[-1]
        if (noun.endswith("s") and not noun.endswith("ss")) or noun in p.irregular_plurals:
            continue  # "their children" gives no figure: plurals need a number
        out.append(NumberPhrase(min=1, max=1, words=m.group("art"), span=Span(m.start(), m.start("art") + len(
            m.group("art"))), how="exact", value=1))
    return out


def _sentence_index(sentences: list[Span]):  # type: ignore[no-untyped-def]
    starts = [s.start for s in sentences]

    def index(pos: int) -> int:
        import bisect
        i = bisect.bisect_right(starts, pos) - 1
        return max(i, 0)
    return index


def _classify(p: CasualtyPatterns, text: str, n: NumberPhrase, numbers: list[NumberPhrase], starts: dict[int, int],
              hits: dict[int, _Hit]) -> _Hit | None:
    s, e = n.span.start, n.span.end
    age = p.age_follows.match(text, e)
    if age:  # "the body of a twelve-year old": an age, and one person when a harm leads straight to it
        head = text[max(0, s - 40):s]
        m = p.before["any"].search(head)
        if m and " ".join(m.group("harm").lower().split()) in p.leading_harms:
            one = replace(n, min=1, max=1, value=1, how="exact")
            return _Hit(one, _which(m), "unspecified", age.end(), False)
        return None
    if n.words[:1].isdigit() and p.named_by_number.search(text, max(0, s - 16), s):
        return None  # "Battalion 302 died", "On April 2, two soldiers ...": a name or a date
    reach = _reach(text, e)  # where the words about these people may end, found once
    lead = p.lead.match(text, e, reach)  # the people counted, read once
    noun = lead.group("noun") if lead else None
    if n.value is not None and n.how == "exact" and _YEAR.match(n.words.strip()):
        if not noun or lead.group("mods").strip():  # type: ignore[union-attr]
            return None  # "October 26, 2023 six civilians ...": a year, not a figure
    if n.how == "exact" and not noun and _AGE_AFTER_NAME.search(text, max(0, s - 40), s):
        return None  # "Warda Jibril, 21, was killed": an age
    of_dead = p.of_dead.match(text, e, reach)  # "four of the dead were civilians", "all three were civilians"
    if of_dead and not of_dead.group("of") and not p.restated.search(text, max(0, s - 12), s):
        of_dead = None
    if of_dead:
        return _Hit(n, "killed", people_group(p, of_dead.group("noun"), of_dead.group("mods") or ""), of_dead.end("noun"),
                    False, refines=True)
    head = text[max(0, s - 80):s]
    for pattern in p.before.values():  # a verb right before the number leads: "killed at least four"
        m = pattern.search(head, max(0, len(head) - 60))
        harm = _which(m)
        if m and " ".join(m.group("harm").lower().split()) in p.leading_harms:
            if noun is None and n.how == "vague" and not (lead and lead.group("fam")) \
                    and not n.words.lower().startswith("other"):
                break
            group = people_group(p, noun, lead.group("mods") if lead else "", family=bool(lead and lead.group("fam")))
            noun_end = (lead.end("fam") if lead and lead.group("fam") else lead.end("noun")) if lead and noun else e
            return _Hit(n, harm, group, noun_end, bool(p.revision.search(head)))
    lo = max(e - 1, 0)  # one character before the window, so a word boundary right after the number is seen
    window = text[lo:min(reach, e + 200)]
    for pattern in p.after.values():
        m = pattern.match(window, e - lo)
        harm = _which(m)
        if m and n.words.lower() == "the" and not _FINITE.search(m.group(0)):
            m = None  # "the civilian killed" repeats a death; "the driver was killed" reports one
        if m and not _PASSIVE.search(m.group(0)) and " ".join(m.group("harm").lower().split()) in p.transitive \
                and _objects_follow(p, window, m.end()):
            m = None  # "a gunman shot and killed another man": the subject is the killer, the object the dead
        if m:
            if m.group("aside") and not m.group("noun"):
                continue  # an aside after no noun at all: "26 strikes, on ISIS units, killed ..." is not a figure
            group = people_group(p, m.group("noun") or m.group("gnoun"), m.group("mods") or "", family=bool(m.group("fam")))
            noun_end = lo + (m.end("fam") if m.group("fam") else m.end("noun") if m.group("noun")
                             else m.end("gnoun") if m.group("gnoun") else e - lo)
            rev = bool(p.revision.search(text[max(0, s - 40):s]))
            both = _AND_HARM.match(window, m.end()) if harm == "killed" else None
            return _Hit(n, harm, group, noun_end, rev, cover_end=lo + (both.end() if both else m.end()),
                        also="injured" if both else None)
    for harm, pattern in p.toll.items():
        if pattern.search(head):
            group = people_group(p, lead.group("noun") if lead else None, lead.group("mods") if lead else "")
            noun_end = e + (lead.end("noun") - e if lead and lead.group("noun") else 0)
            # a toll revises the figures before it, unless it is one source's own count ("X assessed that the
            # death toll was 13"): then it stands beside them
            revised = bool(p.revision.search(head)) or not p.claim_verb.search(head)
            return _Hit(n, harm, group, noun_end, revised)
    for pattern in p.before.values():
        m = pattern.search(head, max(0, len(head) - 60))
        harm = _which(m)
        if not m:
            continue
        verb = m.group("harm").lower()
        if verb in ("left", "leaving", "wounds", "kill"):
            continue  # "left 12 dead" is caught by the after-pattern; alone "left" means nothing
        if noun is None and n.how == "vague" and not n.words.lower().startswith("other"):
            continue
        group = people_group(p, noun, lead.group("mods") if lead else "")
        noun_end = lead.end("noun") if lead and noun else e
        return _Hit(n, harm, group, noun_end, bool(p.revision.search(head)))
    sub = None
    if lead and p.subset_cue.search(text, e, e + 160):  # the subset may be what the people's aside took in
        for at in dict.fromkeys((lead.end(), lead.end("noun") if noun else e, e)):
            sub = p.subset_after.match(text, at)
            if sub:
                break
    if sub and lead:
        group = people_group(p, noun, lead.group("mods") or "", family=bool(lead.group("fam")))
        noun_end = lead.end("noun") if noun else e
        return _Hit(n, _which(sub), group, noun_end, False)
    # a breakdown item: "three children(,| and) two women were killed"
    sep = p.chain_sep.match(text, lead.end()) if lead else None  # the people, then "and" or a comma
    if lead and sep:
        chain = lead
        j = starts.get(sep.end())
        if j is not None and j in hits and "other" not in text[hits[j].number.span.start:hits[j].noun_end].lower() \
                and hits[j].noun_end > hits[j].number.span.end:  # "... and a number of injuries" lists no people
            nxt = hits[j] = replace(hits[j], listed=True)
            group = people_group(p, chain.group("noun"), chain.group("mods") or "")
            noun_end = chain.end("noun") if chain.group("noun") else e
            return _Hit(n, nxt.harm, group, noun_end, nxt.revision, listed=True)
    return None


def _numbered_casualties(p: CasualtyPatterns, text: str, numbers: list[NumberPhrase], hits: dict[int, _Hit], *,
                         harm: str | None) -> None:
    """'At least 2 casualties' with no harm word: the figure for the harm the preset reads it as, if any."""
    if harm is None:
        return
    for i, n in enumerate(numbers):
        if i in hits or n.how == "vague":  # "an unknown number of casualties" is read as unquantified harm
            continue
        lead = p.lead.match(text, n.span.end, _reach(text, n.span.end))
        noun = lead.group("noun") if lead else None
        if lead and noun and noun.lower() in p.casualty_nouns:
            hits[i] = _Hit(n, harm, people_group(p, None, lead.group("mods") or ""), lead.end("noun"), False)


def _objects_follow(p: CasualtyPatterns, window: str, end: int) -> bool:
    """Whether an object follows a harm verb ('killed another man', 'wounded two'): then the verb is active."""
    m = _OBJECT_START.match(window, end)
    if m is None:
        return False
    w = m.group("w").lower()
    if w in ("a", "an", "another", "the", "his", "her", "their", "its"):
        return True
    if not (w[0].isdigit() or w in p.number_words):
        return False
    unit = _WORD_AFTER.match(window, m.end())  # "killed two days ago": a time, not an object
    return unit is None or unit.group(1).lower() not in p.time_units


def _one_combatant_among(p: CasualtyPatterns, text: str, hits: dict[int, _Hit]) -> list[tuple[str, str, Count]]:
    """'killed 19 members of the family, including Major General X': one of the civilians counted was a
    combatant, so the civilians are one fewer (Airwars counts combatants apart). The whole becomes unspecified;
    returns the (harm, group, count) parts, each spanning the whole's words."""
    parts: list[tuple[str, str, Count]] = []
    for i, h in list(hits.items()):
        n = h.number
        if h.harm != "killed" or h.group != "civilians" or h.refines or n.min is None or n.min < 2:
            continue
        end = max(h.noun_end, n.span.end)
        if not p.one_combatant.match(text, end, end + 80):
            continue
        hits[i] = replace(h, group="unspecified")
        span = Span(n.span.start, end)
        words = text[span.start:span.end]
        parts.append(("killed", "combatants", Count(min=1, max=1, words=words, span=span)))
        parts.append(("killed", "civilians", Count(min=n.min - 1, max=None if n.max is None else n.max - 1,
                                                   words=words, span=span)))
    return parts


def _join_clauses(text: str, hits: dict[int, _Hit]) -> None:
    """'Three soldiers died in the clash, while two militants were killed': two clauses of one sentence, each
    with its own harm verb, count different people, so their figures add up (marked as list items)."""
    order = sorted(hits)
    for a, b in itertools.pairwise(order):
        first, second = hits[a], hits[b]
        if not (first.cover_end and second.cover_end) or first.harm != second.harm or first.revision \
                or second.revision or first.refines or second.refines or first.listed or second.listed:
            continue
        if (first.number.min, first.number.max, first.group) == (second.number.min, second.number.max, second.group):
            continue  # the same figure told twice ("..., officials said, and four soldiers were killed, ...")
        gap = text[first.cover_end:second.number.span.start]
        if len(gap) <= 80 and _CLAUSE_JOINT.search(gap) and not _SENTENCE_BREAK.search(gap):
            hits[a], hits[b] = replace(first, listed=True), replace(second, listed=True)


def _part_of(p: CasualtyPatterns, text: str, whole: _Hit, n: NumberPhrase) -> tuple[_Hit, _Hit] | None:
    """'killed ten people, four of them children': the second figure counts a part of the first, with its harm.
    When both would be civilians ('seven members of the family, six of them civilians'), the whole was only
    presumed civilian and becomes unspecified."""
    ends = {max(whole.noun_end, whole.number.span.end), whole.cover_end}  # "ten people, four of them ..." or
    if not any(end and _PART_JOINT.fullmatch(text, end, n.span.start) for end in ends):  # "... were killed, four"
        return None
    m = p.part_of.match(text, n.span.end, _reach(text, n.span.end))
    if m is None:
        return None
    group = people_group(p, m.group("noun"), m.group("mods") or "")
    part = _Hit(n, whole.harm, group, m.end("noun"), whole.revision, refines=True)
    if group == "civilians" and whole.group == "civilians":
        whole = replace(whole, group="unspecified")
    return part, whole


def with_claimant(mention: CasualtyMention, by: str | None) -> CasualtyMention:
    """The same mention with its count attributed to `by`."""
    return replace(mention, count=replace(mention.count, by=by))
