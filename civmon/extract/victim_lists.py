"""Victims listed one by one: "a father and his daughter were killed", "killing journalist Rami Haddad and his
mother", "two brothers, Omar and Ziad, were killed". Reports of named dead often give no figure at all; the
figure is the number of people the list names.

Reads: text and sentence spans. Writes: VictimList (the list's span, how many people it names, how many of
them the list itself calls combatants). Counting rules: a described or named person counts once; a number
before people ("their three sons") counts that many; names right after a described person or a counted group
are those people ("his daughter, Bisan"; "two brothers, Omar and Ziad"); a bare role after a person is the
same person ("a poet and novelist, Hiba").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from civmon.extract.numbers import parse_number
from civmon.extract.trie_regex import trie_regex
from civmon.lexicon import lexicon
from civmon.models import Span


@dataclass(frozen=True, slots=True)
class VictimList:
    """People killed, named or described one by one; `span` covers the list's words."""

    harm: str  # "killed" | "injured"
    span: Span
    words: str
    min: int
    max: int | None  # None: open ("his wife and children": children are two or more)
    combatants: int
    items: int


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # "group" | "kin" (a number-less plural: "his children") | "person" | "name" | "attribute" | ...
    n: int = 0
    has_name: bool = False
    combatant: bool = False
    start: int = 0
    end: int = 0
    cut: bool = False  # the item's own words ended at a place or time word ("12 people in Rafah")
    comma: bool = False  # only a comma joins it to the item before ("Rami Saad, a nurse")
    indefinite: bool = False  # a person introduced with an article ("a", "an", "one", "the"), not "his"/"her"


def _words(items: object) -> str:
    keys = sorted({str(w) for w in items}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


@dataclass(frozen=True, slots=True)
class _Grammar:
    object_triggers: dict[str, re.Pattern[str]]
    subject_verbs: dict[str, re.Pattern[str]]
    boundary: re.Pattern[str]
    separator: re.Pattern[str]
    item_end: re.Pattern[str]
    subject_start: re.Pattern[str]
    group: re.Pattern[str]
    kin: re.Pattern[str]
    bare_kin: re.Pattern[str]
    plural_description: re.Pattern[str]
    person: re.Pattern[str]
    possessive_person: re.Pattern[str]
    name_token: re.Pattern[str]
    not_names: frozenset[str]
    particles: frozenset[str]
    noun_group: dict[str, str]
    after_verb_list: re.Pattern[str]
    clause: re.Pattern[str]  # a finite verb: the item is a clause, not a person
    subset: re.Pattern[str]  # "including": the item is a subset of people already counted
    numberish: re.Pattern[str]  # a number or a vague quantity word


@cache
def _grammar(language: str) -> _Grammar:
    lx = lexicon(language, "victim_lists")
    people = lexicon(language, "casualties")["people"]
    noun_group: dict[str, str] = {}
    for group, nouns in people.items():
        for w in nouns:
            noun_group.setdefault(str(w).lower(), group)
    for w in lx["persons"]:
        noun_group.setdefault(str(w).lower(), "unspecified")
    for w in lx["groups"]:
        noun_group.setdefault(str(w).lower(), "unspecified")
    irregular = frozenset(str(w) for w in lexicon(language, "casualties")["irregular_plurals"])
    plural_alt = trie_regex(w for w in noun_group if _is_plural(w, irregular))  # trie-shaped: fast to compile, match
    singular_alt = trie_regex(w for w in noun_group if not _is_plural(w, irregular))
    numbers = lexicon(language, "numbers")
    numwords = _words(list(numbers["units"]) + list(numbers["tens"]))
    adverbs = _words(lx["verb_adverbs"])
    subject_verbs: dict[str, re.Pattern[str]] = {}
    for harm, verbs in lx["subject_verbs"].items():
        alts = [rf"(?P<aux>were|was)\s+(?:(?:{adverbs})\s+)*(?:{_words(verbs['participles'])})"]
        for number in ("plural", "singular", "neutral"):
            if verbs[number]:
                alts.append(rf"(?P<{number}>{_words(verbs[number])})")
        # the verb first (a pattern that opens with words scans fast); the subject ends where it begins
        subject_verbs[str(harm)] = re.compile(rf"(?<=\s)(?:{'|'.join(alts)})\b", re.IGNORECASE)
    ends = [str(w) for w in lx["list_end"]]
    end_alt = _words([w for w in ends if w != "as"]) + r"|as(?!\s+well\s+as)"
    return _Grammar(
        object_triggers={str(harm): re.compile(rf"\b(?:{_words(words)})\s+(?=\S)", re.IGNORECASE)
                         for harm, words in lx["object_triggers"].items()},
        subject_verbs=subject_verbs,
        boundary=re.compile(
            r"(?<!\bDr)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bSt)\.(?!\w)|[;:!?\u2014\n]|\s[\u2013-]\s"
            rf"|,?\s+(?:{end_alt})\b", re.IGNORECASE),
        separator=re.compile(rf"\s*,\s*(?:(?:{_words(lx['separators'])})\s+)?|\s+(?:{_words(lx['separators'])})\s+",
                             re.IGNORECASE),
        item_end=re.compile(rf"\s(?:{_words(lx['item_end'])})\s", re.IGNORECASE),
        # the subject starts after the last clause word, quote, colon or dash ("three people – A, B and C")
        subject_start=re.compile(rf"(?:\b(?:{_words(lx['subject_start'])})\b|[;:\u201c\"]|\s[\u2013\u2014]\s)(?!.*(?:\b(?:"
                                 rf"{_words(lx['subject_start'])})\b|[;:\u201c\"]|\s[\u2013\u2014]\s))",
                                 re.IGNORECASE | re.DOTALL),
        group=re.compile(
            rf"^(?:(?:the|their|his|her|its|all|at\s+least|another|a\s+further)\s+)*"
            rf"(?P<num>\d{{1,3}}|{numwords})(?:-(?:{numwords}))?\s+(?:[\w'\u2019-]+\s+){{0,2}}?"
            rf"(?P<noun>{plural_alt})\b", re.IGNORECASE),
        kin=re.compile(
            rf"^(?:(?:his|her|their|its|our|my)\s+)(?:[\w'\u2019-]+\s+){{0,2}}?(?P<noun>{plural_alt})\b",
            re.IGNORECASE),
        bare_kin=re.compile(rf"^(?:(?:other|several|more)\s+)?(?P<noun>{_words(lx['bare_kin'])})\b", re.IGNORECASE),
        plural_description=re.compile(
            rf"^(?:the\s+)?(?:[\w'\u2019-]+\s+){{0,3}}?(?P<noun>{plural_alt})$", re.IGNORECASE),
        person=re.compile(
            rf"^(?P<det>(?:a|an|the|his|her|their|its|one|our|my|another)\s+)?(?:[\w'\u2019-]+\s+){{0,4}}?"
            rf"(?P<noun>{singular_alt})(?![\w-])", re.IGNORECASE),
        possessive_person=re.compile(rf"['\u2019]s\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{singular_alt})(?![\w-])",
                                     re.IGNORECASE),
        name_token=re.compile(r"[A-Z][\w'\u2019.-]*(?:/[A-Z][\w'\u2019-]*)?"),
        not_names=frozenset(str(w) for w in lx["not_names"]),
        particles=frozenset(str(w).lower() for w in lx["name_particles"]),
        noun_group=noun_group,
        after_verb_list=re.compile(r"[^,.;]{0,60}?\s(?:alongside|along\s+with|together\s+with|as\s+well\s+as)\s+",
                                   re.IGNORECASE),
        clause=re.compile(rf"\b(?:{_words(lx['clause_verbs'])})\b", re.IGNORECASE),
        subset=re.compile(rf"\b(?:{_words(lx['subset_words'])})\b", re.IGNORECASE),
        numberish=re.compile(rf"\d|\b(?:{_words([*numbers['units'], *numbers['vague']])})\b", re.IGNORECASE),
    )


def _is_plural(noun: str, irregular: frozenset[str]) -> bool:
    last = noun.split()[-1]
    return last in irregular or (last.endswith("s") and not last.endswith("ss"))


_AGE = re.compile(
    r"\(\s*[^)]*\)|\b\d{1,3}[- ]?(?:years?|yrs?|months?|weeks?|days?)[- ]old\b"
    r"|\b[a-z]+(?:-[a-z]+)?[- ](?:years?|months?|weeks?|days?)[- ]old\b|\baged\s+\d{1,3}\b|[\"\u201c\u201d*]",
    re.IGNORECASE)




def _clean(text: str) -> str:
    return " ".join(_AGE.sub(" ", text).split())


def _is_name(g: _Grammar, words: list[str]) -> bool:
    if not words or words[0] in g.not_names:
        return False
    for w in words:
        bare = w.strip(",'\u2019")
        if g.name_token.fullmatch(bare):
            continue
        if bare.lower().split("-")[0] in g.particles:
            continue
        return False
    return True


def _has_name_after(g: _Grammar, rest: str) -> bool:
    words = rest.split()
    return bool(words) and _is_name(g, words[:1] + [w for w in words[1:]])


def _classify(g: _Grammar, raw: str, *, first: bool) -> _Item:
    parts = g.item_end.split(f" {raw} ", maxsplit=1)
    item = _clean(parts[0].strip())
    if not item or re.fullmatch(r"[\d\s,]+", item):
        return _Item("skip")
    if g.clause.search(raw) or g.subset.search(item):
        return _Item("invalid")  # "11 people were killed", "including six children": a clause or a subset
    m = g.group.match(item)
    if m:
        n = parse_number(m.group("num"), language="en")
        if n is None or n < 1:
            return _Item("invalid")
        combatant = g.noun_group.get(m.group("noun").lower()) == "combatants"
        return _Item("group", n, _has_name_after(g, item[m.end():]), combatant)
    m = g.kin.match(item) or (g.bare_kin.match(item) if first else None)
    if m:
        combatant = g.noun_group.get(m.group("noun").lower()) == "combatants"
        return _Item("kin", 2, _has_name_after(g, item[m.end():]), combatant)
    if not first and g.plural_description.match(item) and not g.numberish.search(item):
        return _Item("attribute")  # "Mona and Dalia, the couple's daughters": who the names before were
    pm = g.possessive_person.search(item)
    if pm and _is_name(g, item[:pm.start()].split()):
        return _Item("person", 1, _has_name_after(g, item[pm.end():]),
                     g.noun_group.get(pm.group("noun").lower()) == "combatants")
    m = g.person.match(item)
    if m:
        before = item[:m.start("noun")].split()
        det = m.group("det")
        combatant = g.noun_group.get(m.group("noun").lower()) == "combatants"
        named = _has_name_after(g, item[m.end():])
        if g.clause.search(item, m.end()):
            return _Item("invalid")  # "the official was not harmed": a clause, not a person
        if det or first or (before and before[0][:1].isupper()) or item[:1].isupper():
            if before and not det and not _descriptive(before):
                return _Item("invalid")
            return _Item("person", 1, named, combatant)
        if not before or _descriptive(before):
            return _Item("attribute", 0, named, combatant)
        return _Item("invalid")
    if _is_name(g, item.split()):
        return _Item("name", 1, True)
    return _Item("invalid")


def _descriptive(words: list[str]) -> bool:
    """Words before a person noun that only describe ("elderly", "Palestinian", "one-month-old")."""
    return all(re.fullmatch(r"[\w'\u2019-]+", w) and w.lower() not in ("killed", "injured", "wounded", "and", "or",
                                                                          "in", "on", "at", "of", "to", "were", "was")
               for w in words)


def _item_spans(g: _Grammar, text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, joined by a bare comma) of each list item between two offsets."""
    out: list[tuple[int, int, bool]] = []
    pos = start
    comma = False
    for sep in g.separator.finditer(text, start, end):
        if sep.start() > pos:
            out.append((pos, sep.start(), comma))
        pos = sep.end()
        comma = sep.group(0).strip() == ","
    if pos < end:
        out.append((pos, end, comma))
    return out


def _with_span(g: _Grammar, text: str, start: int, end: int, *, first: bool, comma: bool) -> _Item:
    raw = text[start:end]
    while raw and raw[0].isspace():
        raw, start = raw[1:], start + 1
    raw = raw.rstrip()
    it = _classify(g, raw, first=first)
    return _Item(it.kind, it.n, it.has_name, it.combatant, start, start + len(raw),
                 cut=bool(g.item_end.search(f" {raw} ")), comma=comma,
                 indefinite=it.kind == "person" and re.match(r"(?:an?|one|the)\s", raw, re.IGNORECASE) is not None)


def _count(items: list[_Item]) -> tuple[int, bool, int, int]:
    """(people, open-ended?, combatants, counted items) of a run of valid items, read left to right."""
    total = combatants = counted = 0
    is_open = False
    absorb = 0
    kin_names = -1  # names counted into a number-less plural ("their sons Ali and Omar"), or -1 when none open
    prev: _Item | None = None

    def close_kin() -> None:
        nonlocal total, is_open, kin_names
        if kin_names >= 0:
            total += max(kin_names, 2)
            is_open = is_open or kin_names < 2  # "his children": two or more; "his sons A and B": two
            kin_names = -1

    for it in items:
        if it.kind in ("skip", "attribute"):
            continue
        appositive = it.kind == "person" and it.comma and it.indefinite and prev is not None \
            and prev.kind in ("name", "person") and prev.has_name
        prev = it
        if appositive:
            continue  # "Rami Saad, a 28-year-old nurse", "Samir Haddad, the commander": the same person
        if it.kind == "name" and kin_names >= 0:
            kin_names += 1
            continue
        if it.kind == "name" and absorb > 0:
            absorb -= 1
            continue
        close_kin()
        counted += 1
        combatants += it.n if it.combatant else 0
        if it.kind == "kin":
            kin_names = 1 if it.has_name else 0
            absorb = 0
            continue
        total += it.n
        if it.kind == "group":
            absorb = it.n - (1 if it.has_name else 0)
        elif it.kind == "person":
            absorb = 0 if it.has_name else 1
        else:
            absorb = 0
    close_kin()
    return total, is_open, combatants, counted


def _valid(text: str, items: list[_Item]) -> bool:
    kinds = [it.kind for it in items if it.kind not in ("skip", "attribute")]
    if not kinds:
        return False
    # a list needs a described person or a name of two words or more; single words may be places
    return "person" in kinds or "kin" in kinds and len(kinds) > 1 or "group" in kinds and "name" in kinds or any(
        it.kind == "name" and _two_words(text, it) for it in items)


def _object_list(g: _Grammar, text: str, start: int, limit: int) -> list[_Item]:
    stop = g.boundary.search(text, start, limit)
    end = stop.start() if stop else limit
    kept: list[_Item] = []
    for i, (a, b, comma) in enumerate(_item_spans(g, text, start, end)):
        it = _with_span(g, text, a, b, first=i == 0, comma=comma)
        if it.kind == "invalid" or kept and kept[-1].cut and it.kind == "name":
            break  # "12 people in Rafah and Khan Younis": after a place, a name is another place
        kept.append(it)
    return kept


def find_victim_lists(text: str, *, sentences: list[Span], language: str = "en",
                      harm_positions: Sequence[int] | None = None) -> list[VictimList]:
    """Every list of people killed or injured that names or describes them one by one, in text order; with
    `harm_positions` (offsets of harm words), only sentences holding one are read."""
    g = _grammar(language)
    spans = sentences or [Span(0, len(text))]
    out: list[VictimList] = []
    if harm_positions is None:
        for sent in spans:
            _read_sentence(g, text, sent, None, out)
    else:  # only where a harm word stands: object lists open at one, subject lists end near one
        starts = [sp.start for sp in spans]
        by_sentence: dict[int, list[int]] = {}
        for pos in harm_positions:
            by_sentence.setdefault(max(bisect.bisect_right(starts, pos) - 1, 0), []).append(pos)
        for i in sorted(by_sentence):
            _read_sentence(g, text, spans[i], by_sentence[i], out)
    out.sort(key=lambda v: (v.harm, v.span.start))
    return sorted(_dedupe(out), key=lambda v: v.span.start)


def _read_sentence(g: _Grammar, text: str, sent: Span, positions: list[int] | None, out: list[VictimList]) -> None:
    """The victim lists of one sentence; with `positions`, only lists around those harm words."""
    for harm, trigger in g.object_triggers.items():
        found = trigger.finditer(text, sent.start, sent.end) if positions is None else (
            m for m in (trigger.match(text, p, sent.end) for p in positions) if m)
        for m in found:
            items = _object_list(g, text, m.end(), sent.end)
            if not _valid(text, items) or items[0].kind in ("skip", "attribute") or items[0].kind == "name" \
                    and not _two_words(text, items[0]):
                continue
            _add(out, text, harm, items)
    for harm, verb in g.subject_verbs.items():
        if positions is None:
            verbs = list(verb.finditer(text, sent.start, sent.end))
        else:
            seen: dict[int, re.Match[str]] = {}
            for p in positions:  # the verb ends at the harm word: "were reportedly killed"
                for m in verb.finditer(text, max(sent.start, p - 60), min(sent.end, p + 40)):
                    seen.setdefault(m.start(), m)
            verbs = [seen[k] for k in sorted(seen)]
        for m in verbs:
            _subject_list(g, text, harm, m, sent, out)


def _subject_list(g: _Grammar, text: str, harm: str, m: re.Match[str], sent: Span, out: list[VictimList]) -> None:
    """The people before "were killed" (or "was killed", with those killed alongside)."""
    head_start = sent.start
    s = g.subject_start.search(text, head_start, m.start())
    if s:
        head_start = s.end()
    end = m.start()
    while end > head_start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    kept: list[_Item] = []
    spans = _item_spans(g, text, head_start, end)
    for i in range(len(spans) - 1, -1, -1):  # from the verb back to the first word that is no person
        a, b, comma = spans[i]
        it = _with_span(g, text, a, b, first=i == 0, comma=comma)
        if it.kind == "invalid":
            break
        kept.insert(0, it)
    while kept and kept[0].kind in ("skip", "attribute"):
        kept.pop(0)
    if not kept:
        return
    groups = m.groupdict()
    people, is_open = _count(kept)[:2]
    singular = bool(groups.get("singular")) or (groups.get("aux") or "").lower() == "was" or (
        bool(groups.get("neutral")) and people < 2 and not is_open)
    rest = g.after_verb_list.match(text, m.end())
    extra = _object_list(g, text, rest.end(), sent.end) if rest else []
    if not singular:  # "two guards were killed along with three workers"
        lone_kin = len(kept) == 1 and kept[0].kind == "kin"  # "relatives of the teacher were injured": two or more
        if (_valid(text, kept) or extra or lone_kin) and (people >= 2 or is_open):
            _add(out, text, harm, [*kept, *extra])
        return
    last = [it for it in kept if it.kind in ("person", "name")]
    if not last or last[-1].kind == "name" and not _two_words(text, last[-1]):
        return
    lone = _Item("person", 1, True, last[-1].combatant, kept[0].start, last[-1].end)
    _add(out, text, harm, [lone, *extra])


def _two_words(text: str, it: _Item) -> bool:
    return len(_clean(text[it.start:it.end]).split()) >= 2


def _add(out: list[VictimList], text: str, harm: str, items: list[_Item]) -> None:
    total, is_open, combatants, counted = _count(items)
    if total < 1:
        return
    spans = [it for it in items if it.kind != "skip"]
    span = Span(spans[0].start, spans[-1].end)
    out.append(VictimList(harm=harm, span=span, words=text[span.start:span.end], min=total,
                          max=None if is_open else total, combatants=combatants, items=counted))


def _dedupe(lists: list[VictimList]) -> list[VictimList]:
    out: list[VictimList] = []
    for v in lists:
        if out and v.harm == out[-1].harm and v.span.start < out[-1].span.end:
            if v.min > out[-1].min:
                out[-1] = v
            continue
        out.append(v)
    return out
