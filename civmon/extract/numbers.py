"""Number phrases: digits, number words, qualifiers, ranges and vague quantities, as [min, max] ranges.

"at least 47" -> [47, open]; "more than 200" -> [201, open]; "almost 1,000" -> [None, 999];
"between 12 and 15" -> [12, 15]; "dozens" -> the vague-number policy's range, words kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from civmon.errors import ConfigError
from civmon.extract.trie_regex import trie_regex
from civmon.lexicon import lexicon, load_data_yaml
from civmon.models import Span

Bounds = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """A quantity in the text: its range, its words and span, and how it was given."""

    min: int | None
    max: int | None
    words: str
    span: Span
    how: str  # "exact" | "range" | "min" | "above" | "upto" | "below" | "approx" | "vague"
    value: int | None = None  # the number as written (before a qualifier moved the bounds)


@cache
def _policies() -> dict[str, Any]:
    loaded: dict[str, Any] = load_data_yaml("vague_policies.yaml")
    return loaded


@cache
def vague_policy(name: str) -> dict[str, Bounds | None]:
    """The vague class -> [min, max] table of a named preset (None = keep words, no figure)."""
    presets: dict[str, Any] = _policies()["presets"]
    if name not in presets:
        raise ConfigError(f"unknown vague-number policy {name!r}; choose one of: {', '.join(presets)}")
    out: dict[str, Bounds | None] = {}
    for cls, value in presets[name].items():
        out[cls] = None if value == "none" else (value[0], value[1])
    return out


@cache
def up_to_rule(name: str) -> str:
    """How a preset reads "up to N": 'bound' ([None, N]) or 'figure' ([N, N])."""
    rules: dict[str, str] = _policies().get("up_to", {})
    return rules.get(name, "bound")


@cache
def totals_rule(name: str) -> str:
    """How a preset combines one harm's figures from different sentences: 'lead' or 'sum'."""
    rules: dict[str, str] = _policies().get("totals", {})
    return rules.get(name, "lead")


@cache
def numbered_casualties_harm(name: str) -> str | None:
    """The harm a preset reads 'N casualties' as ('killed' for acled), or None: the words give no figure."""
    table: dict[str, str] = _policies().get("numbered_casualties", {})
    return table.get(name)


def vague_policy_names() -> tuple[str, ...]:
    """The names of the vague-number presets, in file order."""
    return tuple(_policies()["presets"])


def _alt(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Grammar:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    fixed: dict[str, int]
    vague: dict[str, str]
    qualifiers: dict[str, str]
    pattern: re.Pattern[str]
    triggers: re.Pattern[str]


@cache
def _grammar(language: str) -> _Grammar:
    lx = lexicon(language, "numbers")
    units, tens, scales = lx["units"], lx["tens"], lx["scales"]
    word = rf"(?:(?:{_alt(tens)})(?:[\s-]+(?:{_alt(units)}))?|{_alt(units)})"
    scale = _alt(scales)
    wordnum = rf"(?:(?:an?\s+|{word}\s+)?(?:{scale})(?:\s+(?:and\s+)?{word})?|{word})"
    digits = r"(?<![\d/:.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\d/:]|\.\d|,\d{3}|\s*%|(?:st|nd|rd|th)\b|\s*(?:-\s*)?(?:year|yr|month|week|day|hour|minute|km|kilomet|meter|metre|mile|am|pm|a\.m|p\.m)s?\b)"
    num = rf"(?:{digits}(?:\s+(?:{scale}))?\+?|\b{wordnum}\b)"
    qual = _alt(lx["qualifiers"])
    fixed = _alt(lx["fixed"])
    vague = _alt(lx["vague"])
    pattern = re.compile(
        rf"""
        (?<![\w])(?:(?P<qual>{qual})(?:\s+|(?=\d)))?  # a qualifier, spaced or glued ("at least16")
        (?:
            \bbetween\s+(?P<b1>{num})\s+(?:and|to|-)\s+(?P<b2>{num})
          | (?P<r1>{num})\s+(?:to|or)\s+(?P<r2>{num})\b
          | (?P<d1>{digits})\s*-\s*(?P<d2>{digits})
          | \b(?P<fixed>{fixed})\b
          | (?P<n>{num})
          | \b(?P<vague>{vague})\b
        )
        """,
        re.IGNORECASE | re.VERBOSE,
    )
    filler = {"a", "an", "of", "the", "than", "to", "as", "at", "no", "not", "up", "in", "just", "close"}
    triggers = {w for group in (units, tens, scales, lx["fixed"], lx["vague"]) for phrase in group
                for w in str(phrase).lower().split()} - filler
    return _Grammar(units=units, tens=tens, scales=scales, fixed=lx["fixed"], vague=lx["vague"],
                    qualifiers=lx["qualifiers"], pattern=pattern,
                    triggers=re.compile(rf"\d[\d,]*|\b{trie_regex(triggers)}\b", re.IGNORECASE))


_WORD_START = re.compile(r"\b\w")
_LOOKBACK = 40  # characters before a number word where its qualifier may start ("no fewer than", "between")


def _matches(text: str, g: _Grammar, near: Callable[[int], bool] | None,
             windows: Sequence[tuple[int, int]] | None = None) -> list[re.Match[str]]:
    """Matches of the number grammar, tried only just before words that can be part of a number phrase
    (and, with `near`, only where `near(offset)` says a phrase could matter; with `windows`, only inside them)."""
    out: list[re.Match[str]] = []
    covered = -1
    spans = windows if windows is not None else [(0, len(text))]
    for trigger in (t for lo, hi in spans for t in g.triggers.finditer(text, lo, hi)):
        start = trigger.start()
        if start < covered or (near is not None and not near(start)):
            continue
        if start > 0 and text[start].isdigit() and text[start - 1].isdigit():
            continue
        starts = [w.start() for w in _WORD_START.finditer(text, max(covered, start - _LOOKBACK, 0), start)]
        for at in starts[-4:] + [start]:
            m = g.pattern.match(text, at)
            if m is not None and m.start() <= start < m.end():
                out.append(m)
                covered = m.end()
                break
    return out


_SPACE = re.compile(r"[\s-]+")


def parse_number(words: str, *, language: str = "en") -> int | None:
    """The value of one number phrase without qualifiers: '1,200' -> 1200, 'twenty-three' -> 23, 'a dozen' -> None."""
    g = _grammar(language)
    s = words.strip().lower()
    if not s:
        return None
    if s[0].isdigit():
        parts = s.split()
        try:
            value = int(parts[0].replace(",", ""))
        except ValueError:
            return None
        if len(parts) > 1 and parts[-1] in g.scales:
            value *= g.scales[parts[-1]]
        return value
    total, current = 0, 0
    seen = False
    for tok in _SPACE.split(s):
        if tok in ("and",):
            continue
        if tok in ("a", "an"):
            current = max(current, 1)
            continue
        if tok in g.units:
            current += g.units[tok]
        elif tok in g.tens:
            current += g.tens[tok]
        elif tok in g.scales:
            factor = g.scales[tok]
            current = max(current, 1) * factor
            if factor >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _norm_key(words: str) -> str:
    return " ".join(words.lower().split())


def _bounds(how: str, value: int) -> Bounds:
    if how == "min":
        return value, None
    if how == "above":
        return value + 1, None
    if how == "upto":
        return None, value
    if how == "below":
        return None, max(value - 1, 0)
    return value, value


def find_numbers(text: str, *, policy: str = "conservative", language: str = "en",
                 near: Callable[[int], bool] | None = None,
                 windows: Sequence[tuple[int, int]] | None = None) -> list[NumberPhrase]:
    """Every quantity phrase in `text`, in order, with its range under the vague-number `policy`;
    with `near`, only those whose number word is at an offset where `near` is true; with `windows` (sorted,
    disjoint (start, end) stretches), only those whose number word starts inside one."""
    g = _grammar(language)
    table = vague_policy(policy)
    out: list[NumberPhrase] = []
    for m in _matches(text, g, near, windows):
        qual = _norm_key(m.group("qual")) if m.group("qual") else None
        how = g.qualifiers.get(qual, "exact") if qual else "exact"
        lo: int | None
        hi: int | None
        value: int | None = None
        first = m.group("b1") or m.group("r1") or m.group("d1")
        if first:
            a = parse_number(first, language=language)
            b = parse_number(m.group("b2") or m.group("r2") or m.group("d2"), language=language)
            if a is None or b is None:
                continue
            if b < a:  # "12-5" is not a range; keep the first number
                lo, hi = _bounds(how, a)
                value = a
            else:
                lo, hi = (a, None) if how in ("min", "above") else (a, b)
                how = "range" if how in ("exact", "approx") else how
        elif m.group("fixed"):
            value = g.fixed[_norm_key(m.group("fixed"))]
            lo, hi = _bounds(how, value)
        elif m.group("n"):
            raw = m.group("n")
            value = parse_number(raw.rstrip("+"), language=language)
            if value is None:
                continue
            if raw.endswith("+") and how == "exact":
                how = "min"  # "150+"
            lo, hi = _bounds(how, value)
            if how == "upto" and up_to_rule(policy) == "figure":
                lo = value
        else:
            vague_words = _norm_key(m.group("vague"))
            if qual == "some" or qual in ("many",):
                continue  # "some several": not a phrase
            cls = g.vague[vague_words]
            bounds = table.get(cls)
            how = "vague"
            lo, hi = bounds if bounds is not None else (None, None)
            if qual is not None and g.qualifiers.get(qual) in ("min", "above") and bounds is not None:
                hi = None
        words = m.group(0)
        start = m.start()
        if m.group("qual") and qual == "some" and how == "vague":
            start = m.start("vague")
            words = m.group("vague")
        phrase = NumberPhrase(min=lo, max=hi, words=words, span=Span(start, m.end()), how=how, value=value)
        prev = out[-1] if out else None
        if (prev is not None and prev.how == "min" and how == "upto" and hi is not None and prev.min is not None
                and hi >= prev.min and _BUT_POSSIBLY.fullmatch(text, prev.span.end, start)):
            # "at least one but possibly up to 12": one range
            out[-1] = NumberPhrase(min=prev.min, max=hi, words=text[prev.span.start:m.end()],
                                   span=Span(prev.span.start, m.end()), how="range", value=prev.value)
            continue
        out.append(phrase)
    return out


_BUT_POSSIBLY = re.compile(r"\s*,?\s*(?:but|and|or)\s+(?:(?:possibly|perhaps|maybe|potentially|reportedly)\s+)?",
                           re.IGNORECASE)
