"""Compiled patterns and word tables for civmon.extract.dates, built once per language from its lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from civmon.lexicon import lexicon

_FLAGS = re.ASCII  # patterns are lower case and run over a lower-cased copy of the text


@dataclass(frozen=True, slots=True)
class DatePatterns:
    """Everything the date finder needs for one language: word tables and compiled regexes."""

    months: Mapping[str, int]
    full_months: frozenset[str]
    ambiguous_months: frozenset[str]
    weekdays: Mapping[str, int]
    number_words: Mapping[str, int]
    ago_units: Mapping[str, int]
    relative_days: Mapping[str, int]
    relative_nights: frozenset[str]
    period_this: frozenset[str]
    period_last: frozenset[str]
    weekday_last: frozenset[str]
    month_needles: tuple[str, ...]  # word beginnings of every month word
    month_words: frozenset[str]  # every month pattern match contains one of these words
    relative_needles: tuple[str, ...]  # word beginnings of every relative trigger word
    relative_words: frozenset[str]  # every relative pattern match contains one of these words
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    day_head: re.Pattern[str]  # the words before a month in "Monday, between 12 and 14 [October]", ending there
    month_head: re.Pattern[str]  # the words before a month in "Monday, [October 12]", ending there
    numeric: re.Pattern[str]
    iso: re.Pattern[str]
    month_year: re.Pattern[str]
    year: re.Pattern[str]
    word: re.Pattern[str]  # a run of (lower-case ASCII) letters
    year_like: re.Pattern[str]  # any 19xx/20xx digit run: the trigger for the digit-led patterns
    relative: re.Pattern[str]
    month_cue_before: re.Pattern[str]
    year_cue_before: re.Pattern[str]
    week_of_before: re.Pattern[str]
    weekday_future_before: re.Pattern[str]
    report_before: re.Pattern[str]
    report_after: re.Pattern[str]
    name_after: re.Pattern[str]
    range_between: re.Pattern[str]
    range_open_before: re.Pattern[str]
    restate_gap: re.Pattern[str]  # what may separate a weekday from the calendar date restating it


def _words(items: Iterable[Any]) -> list[str]:
    return [str(w).strip().lower() for w in items if str(w).strip()]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, spaces matching any run of whitespace."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique) + ")"


def _needles(words: Iterable[str]) -> tuple[str, ...]:
    """The fewest word beginnings such that each word starts with one of them."""
    unique = sorted(set(words), key=len)
    kept: list[str] = []
    for word in unique:
        if not any(word.startswith(k) for k in kept):
            kept.append(word)
    return tuple(kept)


def _table(raw: Mapping[Any, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for number, spellings in raw.items():
        for word in _words(spellings):
            out[word] = int(number)
    return out


@cache
def date_patterns(language: str) -> DatePatterns:
    """The compiled date patterns for `language`, built on first use."""
    lex = lexicon(language, "dates")
    months = _table(lex["months"])
    weekdays = _table(lex["weekdays"])
    full_weekdays = [_words(v)[0] for v in lex["weekdays"].values()]
    number_words = {str(k).lower(): int(v) for k, v in lex["number_words"].items()}
    ago_units = {str(k).lower(): int(v) for k, v in lex["ago_units"].items()}
    relative_days = {str(k).lower(): int(v) for k, v in lex["relative_days"].items()}

    mon = alternation(months) + r"(?![a-z])\.?"
    wd = alternation(weekdays) + r"(?![a-z])\.?"
    ordinal = alternation(_words(lex["ordinal_suffixes"]))
    day = rf"(?:[12][0-9]|3[01]|0?[1-9])(?![0-9]){ordinal}?(?![a-z])"
    year = r"(?:19|20)[0-9]{2}(?![0-9])"
    openers = alternation(_words(lex["range_openers"]))
    joiner_words = [w for w in _words(lex["range_joiners"]) if w != "and"]
    joiner = rf"(?:\s*[-\u2013\u2014]\s*|\s+{alternation(joiner_words)}\s+|(?(open)\s+and\s+|(?!)))"
    times = alternation(_words(lex["times_of_day"]))
    weekday_prefix = rf"(?:(?P<wd>{wd}),?\s+(?:(?:the\s+)?{times}\s+(?:of\s+)?)?)?"

    day_month = re.compile(
        rf"(?<![\w/:.-]){weekday_prefix}(?:(?P<open>{openers})\s+)?(?:the\s+)?"
        rf"(?P<d1>{day})(?:{joiner}(?:the\s+)?(?P<d2>{day}))?(?:\s+of)?\s+(?P<m>{mon})"
        rf"(?:,?\s+(?P<y>{year}))?",
        _FLAGS,
    )
    day_head = re.compile(
        rf"(?<![\w/:.-]){weekday_prefix}(?:(?P<open>{openers})\s+)?(?:the\s+)?"
        rf"{day}(?:{joiner}(?:the\s+)?{day})?(?:\s+of)?\s+$",
        _FLAGS,
    )
    month_head = re.compile(rf"(?<![\w/-]){weekday_prefix}(?:{openers}\s+)?$", _FLAGS)
    month_day = re.compile(
        rf"(?<![\w/-]){weekday_prefix}(?:(?P<open>{openers})\s+)?(?P<m>{mon})(?:\s+|(?<=\.))(?:the\s+)?"
        rf"(?P<d1>{day})(?:{joiner}(?:(?P<m2>{mon})\s*)?(?P<d2>{day}))?(?![\w:/])"
        rf"(?:,?\s+(?P<y>{year}))?",
        _FLAGS,
    )
    # The digit-led patterns open with a bare digit class so the regex engine can skip to digits fast;
    # the "no word before" test is a lookbehind placed after that first digit.
    numeric = re.compile(
        r"(?P<d1>[0-9](?<![\w/.:,-][0-9])[0-9]?)(?:\s*[-\u2013]\s*(?P<d2>[0-9]{1,2}))?"
        r"(?:/(?P<mo>[0-9]{2})(?:/(?P<y>[0-9]{4}|[0-9]{2}))?|(?P<sep>[/.-])(?P<mo2>[0-9]{1,2})(?P=sep)(?P<y2>[0-9]{4}))"
        r"(?![\w/]|[.,:-][0-9]|\s*%)",
        _FLAGS,
    )
    iso = re.compile(
        r"(?P<y>(?:19|20)(?<![\w/.:-]..)[0-9]{2})(?P<sep>[-/])(?P<mo>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
        r"(?![\w/]|[.:-][0-9])",
        _FLAGS,
    )
    month_year = re.compile(rf"(?<![\w/-])(?P<m>{mon})(?:,?\s+(?:of\s+)?(?P<y>{year}))?", _FLAGS)
    year_re = re.compile(r"(?P<y>(?:19|20)(?<![\w/.,:$-]..)[0-9]{2})(?![\w/]|[.,:-][0-9]|\s*%)", _FLAGS)

    numbers = alternation(number_words)
    units = alternation(ago_units)
    this = alternation(_words(lex["period_this"]))
    last = alternation(_words(lex["period_last"]))
    period_units = alternation(_words(lex["period_units"]))
    wlast = alternation(_words(lex["weekday_last"]))
    before_last = alternation([str(lex["weekday_before_last"]).lower()])
    relative = re.compile(
        rf"\b(?:(?P<n>[0-9]{{1,2}}|{numbers})\s+(?P<unit>{units})\s+{re.escape(str(lex['ago_word']))}"
        rf"|(?P<night>{alternation(_words(lex['relative_nights']))})"
        rf"|(?P<day>{alternation(relative_days)})"
        rf"|(?P<pq>{this}|{last})\s+(?P<pu>{period_units})"
        rf"|(?:(?P<wq>{wlast})\s+)?(?P<wd>{alternation(full_weekdays)})(?P<bl>\s+{before_last})?"
        rf")\b",
        _FLAGS,
    )

    report_verbs = alternation(_words(lex["report_verbs"]))
    report_nouns = alternation(_words(lex["report_nouns"]))
    lead = r"(?:\s+(?:late|early|earlier|later))?(?:\s+(?:on|in|during|at|by|from))?(?:\s+the\s+[a-z]+\s+of)?\s*,?\s*$"
    report_before = re.compile(
        rf"(?:\b{report_verbs}(?:\s+(?:in|on|via|through)\s+(?:a|an|the|its|their|his|her)\s+(?:[a-z]+\s+){{0,2}}?"
        rf"{report_nouns}(?:\s+(?:released|issued|published|posted|dated))?)?"
        rf"|\b{report_nouns}(?:\s+(?:released|issued|published|posted|dated))?){lead}",
        _FLAGS,
    )
    report_after = re.compile(rf"\s*{alternation(_words(lex['report_verbs_after']))}\b", _FLAGS)

    relative_words = [p.split()[-1] for p in [*relative_days, *_words(lex["relative_nights"])]] + [
        *full_weekdays, *ago_units, *_words(lex["period_units"]), str(lex["ago_word"]).lower()
    ]
    return DatePatterns(
        months=MappingProxyType(months),
        full_months=frozenset(_words(v)[0] for v in lex["months"].values()),
        ambiguous_months=frozenset(_words(lex["ambiguous_months"])),
        weekdays=MappingProxyType(weekdays),
        number_words=MappingProxyType(number_words),
        ago_units=MappingProxyType(ago_units),
        relative_days=MappingProxyType(relative_days),
        relative_nights=frozenset(_words(lex["relative_nights"])),
        period_this=frozenset(_words(lex["period_this"])),
        period_last=frozenset(_words(lex["period_last"])),
        weekday_last=frozenset(_words(lex["weekday_last"])),
        month_needles=_needles(months),
        month_words=frozenset(months),
        relative_needles=_needles(relative_words),
        relative_words=frozenset(relative_words),
        day_month=day_month,
        month_day=month_day,
        day_head=day_head,
        month_head=month_head,
        numeric=numeric,
        iso=iso,
        month_year=month_year,
        year=year_re,
        word=re.compile("[a-z]+"),
        year_like=re.compile(r"(?:19|20)(?<![0-9]..)[0-9]{2}(?![0-9])", _FLAGS),
        relative=relative,
        month_cue_before=re.compile(rf"\b{alternation(_words(lex['month_cues']))}[\s-]*$", _FLAGS),
        year_cue_before=re.compile(rf"\b{alternation(_words(lex['year_cues']))}[\s-]*$", _FLAGS),
        week_of_before=re.compile(rf"\b{alternation(_words(lex['week_of']))}\s+(?:on\s+)?$", _FLAGS),
        weekday_future_before=re.compile(rf"\b{alternation(_words(lex['weekday_future']))}\s+$", _FLAGS),
        report_before=report_before,
        report_after=report_after,
        name_after=re.compile(rf"\s+{alternation(_words(lex['name_heads']))}\b", _FLAGS),
        range_between=re.compile(
            rf"\s*(?:[-\u2013\u2014]|{alternation(joiner_words)}|(?P<and>and))\s*$", _FLAGS
        ),
        range_open_before=re.compile(rf"\b{openers}\s+$", _FLAGS),
        restate_gap=re.compile(rf"[\s,(\[]*(?:{alternation(_words(lex['restate_words']))}\s+)*", _FLAGS),
    )
