"""Dates and date ranges in report text, resolved to day ranges against the publication day.

Reads: the text, the publication day, and the language's `dates` lexicon (through
civmon.extract.date_patterns). Writes: DateMention values in text order.

Resolution rules:
- A day or month written without a year takes the latest year that puts it no later than the day
  after publication; without a publication day such a mention is dropped (no guessing).
- Relative words ("yesterday", "on Tuesday", "last week", "two days ago") need the publication day and
  are dropped without it; a bare weekday is the most recent such day up to publication (publication
  day itself included), "last <weekday>" is strictly before publication, "the <weekday> before last"
  is a week earlier still. These mentions carry `relative=True` (a calendar date whose year was
  inferred does not).
- Precision is `day` for a day or a short day range (including "overnight": the night before
  publication), `week`, `month` or `year` otherwise. Impossible dates (31/02) are dropped.
- A language without a lexicon falls back to the English one (numeric and ISO dates read the same).
- A date that only says when something was said or reported ("said on Monday") has basis `report`:
  `latest` is that day and `earliest` is None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from civmon.errors import ConfigError
from civmon.extract.date_patterns import DatePatterns, date_patterns
from civmon.extract.mentions import DateMention, DatePrecision
from civmon.models import DateBasis, DateRange, Span

_ONE = timedelta(days=1)
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_SPACES = "\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_BEFORE = 48  # how far before a month word a date expression can start
_AROUND = 28  # how far around a relative trigger word its expression can reach
_LOOKBACK_YEARS = 8
_STALE_DAYS = 60  # a yearless day read day-first this long before publication is suspect...
_RECENT_DAYS = 14  # ...when read month-first it falls this close before publication
_RANK_DAY, _RANK_RELATIVE, _RANK_MONTH, _RANK_YEAR = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate mention before overlap resolution and basis detection."""

    start: int
    end: int
    rank: int
    earliest: date | None
    latest: date | None
    precision: DatePrecision
    relative: bool = False
    first_md: tuple[int, int] | None = None  # month and day of a yearless start, for range merging
    has_year: bool = True


def find_dates(text: str, *, published: date | None, language: str = "en") -> list[DateMention]:
    """Every date mention in `text`, in text order, resolved to day ranges."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(published, datetime):
        published = published.date()
    try:
        pats = date_patterns(language)
    except ConfigError:
        pats = date_patterns("en")  # numeric and ISO dates read the same in any language
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length when lower-cased
        low = text.translate(_ASCII_LOWER)
    if not low.isascii():  # no-break and thin spaces (and a no-break space misread as 'Â ') separate words
        low = low.replace("â\xa0", "  ").replace("Â\xa0", "  ")
        for c in _SPACES:  # str.replace is far faster than str.translate
            if c in low:
                low = low.replace(c, " ")
    month_hits = _hits(low, pats, pats.month_needles, pats.month_words)
    year_hits = [m.start() for m in pats.year_like.finditer(low)]
    candidates = _absolute(text, low, pats, published, month_hits, year_hits)
    candidates += _months_and_years(text, low, pats, published, month_hits, year_hits)
    if published is not None:
        candidates += _relative(text, low, pats, published)
    chosen = _drop_restated(low, pats, _merge_ranges(low, pats, _without_overlaps(candidates)))
    out: list[DateMention] = []
    limit = _after(published)
    for found in chosen:
        if found.earliest is None or found.latest is None:
            continue
        if limit is not None and found.earliest > limit:
            continue  # a report cannot tell of a strike after it was published: a plan, a typo or a bad 'published'
        found = _week_of(low, pats, found)
        basis = _basis(low, pats, found.start, found.end)
        earliest = None if basis == "report" else found.earliest
        rng = DateRange(earliest, found.latest, basis, text[found.start:found.end], Span(found.start, found.end))
        out.append(DateMention(rng, found.precision, relative=found.relative))
    return out


def _after(published: date | None) -> date | None:
    """The day after publication (the last day a report can date an event to), if known."""
    if published is None:
        return None
    try:
        return published + _ONE
    except OverflowError:
        return published


def _hits(low: str, pats: DatePatterns, needles: tuple[str, ...], words: frozenset[str]) -> list[int]:
    """Sorted starts of each of `words` in the text, found through the word beginnings in `needles`."""
    hits: list[int] = []
    for needle in needles:
        at = low.find(needle)
        while at >= 0:
            if at == 0 or not low[at - 1].isalnum():
                word = pats.word.match(low, at)
                if word is not None and word.group() in words:
                    hits.append(at)
            at = low.find(needle, at + 1)
    hits.sort()
    return hits


def _windows(low: str, hits: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """Merged stretches of text around each hit, each ending at a space."""
    out: list[tuple[int, int]] = []
    for at in hits:
        lo = max(0, at - before)
        hi = low.find(" ", at + after)
        hi = len(low) if hi < 0 else hi
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _month_matches(low: str, pats: DatePatterns, hits: list[int]) -> Iterator[re.Match[str]]:
    """Day-and-month matches anchored on each month word: "12 [October]" and "[October] 12"."""
    for at in hits:
        lo = max(0, at - _BEFORE)
        head = pats.day_head.search(low, lo, at)
        if head is not None:
            m = pats.day_month.match(low, head.start())
            if m is not None and m.start("m") == at:
                yield m
        head = pats.month_head.search(low, lo, at)
        m = pats.month_day.match(low, head.start() if head is not None else at)
        if m is not None and m.start("m") == at:
            yield m


# --- year inference and calendar helpers -------------------------------------------------------


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _infer_day(month: int, day: int, published: date | None) -> date | None:
    """The latest (month, day) no later than the day after publication."""
    if published is None:
        return None
    try:
        limit = published + _ONE
    except OverflowError:
        limit = published
    for year in range(limit.year, limit.year - _LOOKBACK_YEARS, -1):
        found = _day(year, month, day)
        if found is not None and found <= limit:
            return found
    return None


def _span_days(
    y: int | None, m1: int, d1: int, m2: int, d2: int, published: date | None
) -> tuple[date | None, date | None]:
    """The first and last day of "d1 m1 [to d2 m2] [y]"; (None, None) when invalid or unresolvable."""
    end = _day(y, m2, d2) if y is not None else _infer_day(m2, d2, published)
    if end is None:
        return None, None
    start_year = end.year if (m1, d1) <= (m2, d2) else end.year - 1
    start = _day(start_year, m1, d1)
    if start is None or start > end or (end - start).days > 62:
        return None, None
    return start, end


def _month_days(year: int, month: int) -> tuple[date, date] | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _infer_month(month: int, published: date) -> tuple[date, date] | None:
    limit = published + _ONE if published < date.max else published
    year = limit.year if date(limit.year, month, 1) <= limit else limit.year - 1
    return _month_days(year, month)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- candidate finders -------------------------------------------------------------------------


def _month_ok(word: str, pats: DatePatterns, *, has_year: bool) -> bool:
    """False for a lower-case word that is usually not a month ("may", "march") unless a year stands by."""
    word = word.rstrip(".")
    return has_year or word.lower() not in pats.ambiguous_months or word != word.lower()


def _number(word: str) -> int:
    return int("".join(ch for ch in word if ch.isdigit()))


def _absolute(
    text: str, low: str, pats: DatePatterns, published: date | None, hits: list[int], year_hits: list[int]
) -> list[_Found]:
    """Calendar dates written out: "12 October 2023", "Oct. 12th", "18/01", "2023-10-12", day ranges."""
    found: list[_Found] = []
    if hits:
        for m in _month_matches(low, pats, hits):
            rx = m.re
            y = int(m["y"]) if m["y"] else None
            if not _month_ok(text[m.start("m"):m.end("m")], pats, has_year=y is not None):
                continue
            m1 = pats.months[m["m"].rstrip(".").lower()]
            m2 = pats.months[m["m2"].rstrip(".").lower()] if m.groupdict().get("m2") else m1
            d1 = _number(m["d1"])
            d2 = _number(m["d2"]) if m["d2"] else d1
            if rx is pats.month_day and m["m2"] is None and m["d2"] is None and _looks_like_count(text, m.end()):
                continue
            first = m.start("d1") if rx is pats.day_month else m.start("m")
            start = m.start("wd") if m["wd"] else m.start("open") if m["open"] and m["d2"] else first
            end = m.end()
            if m.end("m") == end and low[end - 1] == "." and low[m.start("m"):end - 1] in pats.full_months:
                end -= 1  # "on 7 March." ends a sentence: the full stop is not an abbreviation's
            if pats.name_after.match(low, end):
                continue
            # An impossible or unresolvable day is kept as a candidate without days: it still
            # outranks the month or year inside it ("30 February 2023"), and is dropped at the end.
            earliest, latest = _span_days(y, m1, d1, m2, d2, published)
            found.append(_Found(start, end, _RANK_DAY, earliest, latest, "day",
                                first_md=(m1, d1), has_year=y is not None))
    slashes = []
    at = low.find("/")
    while at >= 0:
        slashes.append(at)
        at = low.find("/", at + 1)
    triggers = sorted(slashes + year_hits) if year_hits else slashes
    numeric = (m for lo, hi in _windows(low, triggers, 8, 8) for m in pats.numeric.finditer(low, lo, hi))
    for m in numeric:
        d1 = int(m["d1"])
        d2 = int(m["d2"]) if m["d2"] else d1
        month = int(m["mo"] or m["mo2"])
        ytxt = m["y"] or m["y2"]
        y = None if ytxt is None else int(ytxt) + (2000 if len(ytxt) == 2 else 0)
        if y is None and d2 == d1 and m["mo"] and _month_first(d1, month, published):
            d1, d2, month = month, month, d1  # '02/03' published on 3 February: 3 February, not last March
        earliest, latest = _span_days(y, month, d1, month, d2, published)  # None days: a blocker, dropped later
        found.append(_Found(m.start(), m.end(), _RANK_DAY, earliest, latest, "day",
                            first_md=(month, d1), has_year=y is not None))
    for at in year_hits:
        iso = pats.iso.match(low, at)
        if iso is not None:
            day = _day(int(iso["y"]), int(iso["mo"]), int(iso["d"]))
            found.append(_Found(iso.start(), iso.end(), _RANK_DAY, day, day, "day"))
    return found


def _month_first(d1: int, month: int, published: date | None) -> bool:
    """True when a yearless 'dd/mm' reads better as 'mm/dd': read day first it would fall months before
    publication (the year rolled back), read month first it falls in the fortnight before publication."""
    if published is None or not 1 <= d1 <= 12 or d1 == month:
        return False
    day_first, month_first = _infer_day(month, d1, published), _infer_day(d1, month, published)
    if month_first is None:
        return False
    return (day_first is None or (published - day_first).days > _STALE_DAYS) and (
        published - month_first).days <= _RECENT_DAYS


def _looks_like_count(text: str, end: int) -> bool:
    """True for "May 12 people": a capitalised month word followed by a number and a plural noun."""
    tail = text[end:end + 12].lstrip()
    word = tail.split(" ", 1)[0].lower().rstrip(".,;")
    return word in {"people", "civilians", "children", "persons", "men", "women", "killed", "dead"}


def _months_and_years(
    text: str, low: str, pats: DatePatterns, published: date | None, hits: list[int], year_hits: list[int]
) -> list[_Found]:
    """ "March 2017", "in March" (month precision) and "in 2016" (year precision)."""
    found: list[_Found] = []
    for at in hits:
        m = pats.month_year.match(low, at)
        if m is None:
            continue
        word = m["m"].rstrip(".")
        original = text[m.start("m"):m.end("m")]
        month = pats.months[word]
        if m["y"]:
            if not _month_ok(original, pats, has_year=True):
                continue
            days = _month_days(int(m["y"]), month)
        else:
            if word not in pats.full_months or not _month_ok(original, pats, has_year=False) or published is None:
                continue
            if not pats.month_cue_before.search(low, max(0, m.start() - 24), m.start()):
                continue
            days = _infer_month(month, published)
        end = m.end()
        if not m["y"] and low[end - 1] == ".":
            end -= 1
        if pats.name_after.match(low, end):
            continue
        if days is not None:
            found.append(_Found(m.start(), end, _RANK_MONTH, days[0], days[1], "month"))
    for at in year_hits:
        m = pats.year.match(low, at)
        if m is None or not pats.year_cue_before.search(low, max(0, m.start() - 16), m.start()):
            continue
        y = int(m["y"])
        found.append(_Found(m.start(), m.end(), _RANK_YEAR, date(y, 1, 1), date(y, 12, 31), "year"))
    return found


def _relative(text: str, low: str, pats: DatePatterns, published: date) -> list[_Found]:
    """Words that count from the publication day: "yesterday", "on Tuesday", "last week", "two days ago"."""
    found: list[_Found] = []
    windows = _windows(low, _hits(low, pats, pats.relative_needles, pats.relative_words), _AROUND, _AROUND)
    for m in (m for lo, hi in windows for m in pats.relative.finditer(low, lo, hi)):
        if m["day"] and _inside_a_name(text, m.start()):
            continue
        try:
            rng = _resolve_relative(m, low, pats, published)
        except (OverflowError, ValueError):
            continue
        if rng is not None:
            found.append(_Found(m.start(), m.end(), _RANK_RELATIVE, rng[0], rng[1], rng[2], relative=True))
    return found


def _inside_a_name(text: str, start: int) -> bool:
    """True for a capitalised word that continues a capitalised name mid-sentence ("Russia Today")."""
    if not text[start].isupper():
        return False
    before = text[max(0, start - 40):start].rstrip()
    if not before or not before[-1].isalpha():
        return False
    word = before.split()[-1]
    return word[:1].isupper()


def _resolve_relative(
    m: re.Match[str], text: str, pats: DatePatterns, p: date
) -> tuple[date, date, DatePrecision] | None:
    g = m.groupdict()
    start = m.start()
    if g["unit"]:
        n_word = " ".join(g["n"].lower().split())
        n = int(n_word) if n_word.isdigit() else pats.number_words[n_word]
        unit = g["unit"].lower()
        per = pats.ago_units[unit]
        if per == 1:
            day = p - timedelta(days=n)
            return day, day, "day"
        if per == 7:
            day = p - timedelta(days=7 * n)
            return day - timedelta(days=3), day + timedelta(days=3), "week"
        if per == 30:
            index = p.year * 12 + p.month - 1 - n
            days = _month_days(index // 12, index % 12 + 1)
            return None if days is None else (days[0], days[1], "month")
        return date(p.year - n, 1, 1), date(p.year - n, 12, 31), "year"
    if g["night"]:
        return p - _ONE, p, "day"
    if g["day"]:
        day = p + timedelta(days=pats.relative_days[" ".join(g["day"].lower().split())])
        return day, day, "day"
    if g["pu"]:
        return _period(" ".join(g["pq"].lower().split()), g["pu"].lower(), pats, p)
    if pats.weekday_future_before.search(text, max(0, start - 12), start):
        return None
    weekday = pats.weekdays[g["wd"].lower()]
    delta = (p.weekday() - weekday) % 7
    if (g["wq"] or g["bl"]) and delta == 0:
        delta = 7
    if g["bl"]:
        delta += 7
    day = p - timedelta(days=delta)
    return day, day, "day"


def _period(which: str, unit: str, pats: DatePatterns, p: date) -> tuple[date, date, DatePrecision] | None:
    """ "this week", "last month", "the past year", "last weekend" as day ranges."""
    rolling = "past" in which
    this = which in pats.period_this
    if unit == "weekend":
        saturday = _monday(p) + timedelta(days=5)
        if not this or saturday > p:
            saturday -= timedelta(days=7)
        return saturday, min(saturday + _ONE, p), "day"
    if unit == "week":
        if rolling:
            return p - timedelta(days=7), p, "week"
        if this:
            return _monday(p), p, "week"
        monday = _monday(p) - timedelta(days=7)
        return monday, monday + timedelta(days=6), "week"
    if unit == "month":
        if rolling:
            return p - timedelta(days=30), p, "month"
        if this:
            return p.replace(day=1), p, "month"
        index = p.year * 12 + p.month - 2
        days = _month_days(index // 12, index % 12 + 1)
        return None if days is None else (days[0], days[1], "month")
    if rolling:
        return p - timedelta(days=365), p, "year"
    if this:
        return date(p.year, 1, 1), p, "year"
    return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), "year"


# --- resolution of overlaps, ranges, weeks and basis -----------------------------------------


def _without_overlaps(candidates: list[_Found]) -> list[_Found]:
    """Keep the best of overlapping candidates (day forms first, then the longest), in text order."""
    candidates.sort(key=lambda f: f.start)
    kept: list[_Found] = []
    cluster: list[_Found] = []
    reach = -1
    for cand in candidates:
        if cluster and cand.start >= reach:
            kept.extend(_best_of(cluster))
            cluster = []
        cluster.append(cand)
        reach = max(reach, cand.end) if len(cluster) > 1 else cand.end
    kept.extend(_best_of(cluster))
    return kept


def _best_of(cluster: list[_Found]) -> list[_Found]:
    """Greedy choice inside one run of mutually chained candidates, returned in text order."""
    if len(cluster) < 2:
        return cluster
    chosen: list[_Found] = []
    for cand in sorted(cluster, key=lambda f: (f.rank, f.start - f.end, f.start)):
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda f: f.start)


def _merge_ranges(text: str, pats: DatePatterns, found: list[_Found]) -> list[_Found]:
    """Join "12 October to 3 November 2023" and "between 12 October and 3 November" into one range."""
    out: list[_Found] = []
    for cur in found:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.rank == _RANK_DAY and cur.rank == _RANK_DAY
            and cur.latest is not None and cur.end - prev.start < 80
        ):
            joined = pats.range_between.match(text, prev.end, cur.start)
            if joined and joined.end() == cur.start and (
                not joined["and"] or pats.range_open_before.search(text, max(0, prev.start - 12), prev.start)
            ):
                earliest = prev.earliest
                if not prev.has_year and prev.first_md is not None:
                    m1, d1 = prev.first_md
                    year = cur.latest.year if (m1, d1) <= (cur.latest.month, cur.latest.day) else cur.latest.year - 1
                    earliest = _day(year, m1, d1)
                if earliest is not None and earliest <= cur.latest and (cur.latest - earliest).days <= 62:
                    out[-1] = replace(prev, end=cur.end, earliest=earliest, latest=cur.latest, has_year=cur.has_year)
                    continue
        out.append(cur)
    return out


def _drop_restated(low: str, pats: DatePatterns, found: list[_Found]) -> list[_Found]:
    """Drop a relative day that the text restates as a calendar date right after it ("Friday [1 January]",
    "Monday, on 16 October")."""
    out: list[_Found] = []
    for i, cur in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            cur.relative and cur.precision == "day" and nxt is not None and nxt.rank == _RANK_DAY
            and nxt.start - cur.end <= 12 and pats.restate_gap.fullmatch(low, cur.end, nxt.start) is not None
        ):
            continue
        out.append(cur)
    return out


def _week_of(text: str, pats: DatePatterns, found: _Found) -> _Found:
    """ "the week of 9 October": the Monday-to-Sunday week that holds the day."""
    if found.rank != _RANK_DAY or found.earliest is None or found.earliest != found.latest:
        return found
    m = pats.week_of_before.search(text, max(0, found.start - 30), found.start)
    if m is None:
        return found
    monday = _monday(found.earliest)
    return replace(found, start=m.start(), earliest=monday, latest=monday + timedelta(days=6), precision="week")


def _basis(text: str, pats: DatePatterns, start: int, end: int) -> DateBasis:
    """`report` when the words around the date only say when something was said or reported."""
    lo = max(0, start - 60)
    cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), text.rfind(" that ", lo, start))
    if pats.report_before.search(text, cut + 1 if cut >= 0 else lo, start):
        return "report"
    if pats.report_after.match(text, end, end + 24):
        return "report"
    return "event"
