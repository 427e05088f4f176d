"""The layout of a raw web page saved as plain text: which lines are page furniture, and which is its dateline.

A page copied from the web brings along menus, share rows, cookie and login walls, by-lines, lists of other
articles' headlines ("Related", "Most read") and footers. `boilerplate_regions` returns those lines as spans
(claim assembly ignores the sentences inside them); `dateline` finds the page's own publication date, as
opposed to the dates of related headlines, and `published_date` resolves it to a day.

Everything works line by line (sentences never cross a line break), in one pass of a phrase automaton over
the whole text plus a few linear passes over the lines. The words come from the `page_layout` lexicon.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from civmon.extract.dates import find_dates
from civmon.extract.phrase_matcher import PhraseMatcher, fold
from civmon.lexicon import lexicon
from civmon.models import Span

SHORT_LINE_WORDS = 14
"""A line of at most this many words with a furniture cue is furniture."""
PROSE_WORDS = 14
"""A line of at least this many words is article prose (a paragraph, a standfirst, a post)."""
BLOCK_STOP_WORDS = 16
"""A list of headlines under a 'Related' heading runs until a line at least this long."""
HEADLINE_RUN = 3
"""This many headline-like lines in a row (menus, dates and blank lines between them allowed) are a list."""
CHROME_SHARE = 0.75
"""A line whose letters are at least this share menu or share-button words is furniture."""

LONG_LINE_WORDS = 40
"""A line longer than this is a paragraph (or a wall, when it has a wall cue); no other test is made."""
MENU_ITEMS = 3
"""A line of this many short items set apart by wide gaps or bars is a menu."""

_LINE = re.compile(r"[^\n]+")
_ITEM_GAP = re.compile(r"\s{3,}|\t+|\s+[|\u2022\u00b7/>\u203a\u00bb]\s+")
_WORD = re.compile(r"[^\W\d_][\w'\u2019&.-]*")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_LEAD_PUNCT = re.compile(r"[\s\W_]*")
_DATEISH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b|"
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|gmt|utc)?\b",
    re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?=T\d|\s\d{1,2}:\d{2}|\b)")
_US_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_STAMP = re.compile(
    r"(?:(?:updated|posted)\s*:?\s*)?(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?:gmt|utc|bst|cet|eet|est|edt))?"
    r"|\d{1,3}\s*(?:m|min|mins|minutes?|h|hrs?|hours?)(?:\s+ago)?)",
    re.IGNORECASE)
_BULLET_LINE = re.compile(r"[\u2022\u25cf\u25aa*\u2013-]\s|\d{1,2}[.)]\s+\S")
_ALNUM = re.compile(r"[^\W_]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_URL_DATE = re.compile(r"(?:https?://|www\.)\S*?/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|\b)",
                       re.IGNORECASE)
_WIRE_END = re.compile(r"\s[-\u2013\u2014]\s|\u2014|\u2013|:\s|\)\s*[-\u2013\u2014]")
_COUNTED = frozenset({"chrome", "furniture", "wall", "heading", "comments"})
_TEASER_MARK = re.compile(r"\s*[:|\u2013\u2014-]")
_NON_LETTER = re.compile(r"[\W\d_]+")
_NEUTRAL_TOKEN = re.compile(r"(?<!\S)(?:[@#\d]|https?://|www\.)\S*", re.IGNORECASE)
_CONTINUES = frozenset(",;:-\u2013\u2014(")
_CAPITAL_WORD = re.compile(r"[A-Z][A-Z'\u2019-]{2,}\b")


@dataclass(frozen=True, slots=True)
class _Cues:
    matcher: PhraseMatcher[frozenset[str]]
    symbols: tuple[str, ...]
    heading_tails: frozenset[str]
    continuation: frozenset[str]


@cache
def _cues(language: str) -> _Cues:
    lx = lexicon(language, "page_layout")
    table: dict[str, set[str]] = {}

    def add(words: Sequence[object], category: str) -> None:
        for w in words:
            key = " ".join(str(w).lower().split())
            if key:
                table.setdefault(key, set()).add(category)

    add(lx["chrome_words"], "chrome")
    add(lx["furniture_cues"], "furniture")
    add(lx["wall_cues"], "wall")
    add(lx["list_headings"], "heading")
    add(lx["byline_openers"], "byline_opener")
    add(lx["comment_headings"], "comments")
    add(lx["teaser_prefixes"], "teaser")
    add(lx["event_date_cues"], "event_date")
    add(lx["byline_cues"], "byline")
    for kind, words in lx["dateline_cues"].items():
        add(words, f"dateline_{kind}")
    symbols = tuple(str(s) for s in lx.get("furniture_symbols", ()))
    tails = frozenset(str(w).lower() for w in lx.get("heading_tails", ()))
    continuation = frozenset(str(w).lower() for w in lx.get("continuation_words", ()))
    return _Cues(PhraseMatcher({k: frozenset(v) for k, v in table.items()}), symbols, tails, continuation)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    words: int
    letters: int = 0
    chrome: int = 0
    cues: frozenset[str] = frozenset()
    head: tuple[frozenset[str], int] | None = None  # the cue starting the line and where it ends
    furniture: bool = False
    block: bool = False  # a standalone list heading: the short lines under it are a list
    prose: bool = False
    headline: bool = False
    dateish: bool = False
    listed: bool = False  # inside a list (a headings block or a run of headlines)
    bullet: bool = False  # a list item ("• Khan Shaykhun: 5 civilians killed"): claim assembly splits those itself
    tail: bool = False  # after the article's last paragraph


@dataclass(frozen=True, slots=True)
class _Layout:
    lines: tuple[_Line, ...]
    regions: tuple[Span, ...]
    first_prose: int
    title: Span | None = None
    dateline: tuple[Span, date] | None = None


@dataclass(frozen=True, slots=True)
class PageLayout:
    """What claim assembly needs from a page's layout, found in one pass."""

    regions: tuple[Span, ...]
    """Whole lines of furniture, in order; a sentence inside one is boilerplate."""
    title: Span | None
    """The page's own title: context for the article, not an anchor of its own."""
    dateline: Span | None
    """The words of the page's own publication date."""
    published: date | None
    """That date as a day: the document's publication day when it has none."""
    entry_breaks: tuple[int, ...]
    """Offsets where a live-blog entry begins: a sentence starting there opens a new item, like a bullet."""


def page_layout(text: str, *, language: str = "en", folded: str | None = None) -> PageLayout:
    """Furniture regions, title, dateline and live-blog entry breaks of a page (plain text), in one call."""
    layout = _layout(text, language, folded)
    return PageLayout(regions=layout.regions, title=layout.title,
                      dateline=layout.dateline[0] if layout.dateline else None,
                      published=layout.dateline[1] if layout.dateline else None,
                      entry_breaks=tuple(entry_breaks(text, language=language, folded=folded)))


def boilerplate_regions(text: str, *, language: str = "en", folded: str | None = None) -> list[Span]:
    """Spans of whole lines that are page furniture (menus, share rows, walls, headline lists, footers), in order."""
    return list(_layout(text, language, folded).regions)


def in_regions(spans: Sequence[Span], regions: Sequence[Span]) -> list[bool]:
    """For each span (in text order), whether it lies inside one of `regions` (in text order); linear."""
    out: list[bool] = []
    k = 0
    for s in spans:
        while k < len(regions) and regions[k].end <= s.start:
            k += 1
        out.append(k < len(regions) and regions[k].start <= s.start and s.end <= regions[k].end)
    return out


def dateline(text: str, *, language: str = "en", folded: str | None = None) -> Span | None:
    """The words of the page's own publication date ('Published 14 March 2019' gives '14 March 2019'), if any."""
    found = _layout(text, language, folded).dateline
    return found[0] if found else None


def published_date(text: str, *, language: str = "en", folded: str | None = None) -> date | None:
    """The day the page says it was published (or, lacking that, updated); None when it does not say."""
    found = _layout(text, language, folded).dateline
    return found[1] if found else None


def entry_breaks(text: str, *, language: str = "en", folded: str | None = None) -> list[int]:
    """Offsets where a new entry of a live blog or post list begins: the first line after a time-stamp line."""
    lines = _layout(text, language, folded).lines
    out = []
    for i, ln in enumerate(lines[:-1]):
        if ln.listed or not _STAMP.fullmatch(text, ln.start, ln.end):
            continue
        nxt = next((j for j in range(i + 1, len(lines)) if not lines[j].furniture or lines[j].listed), None)
        if nxt is not None and not lines[nxt].listed and not _STAMP.fullmatch(text, lines[nxt].start, lines[nxt].end):
            out.append(lines[nxt].start)
    return out


def headline(text: str, *, language: str = "en", folded: str | None = None) -> Span | None:
    """The page's own title: the last headline-like line above the article's first paragraph, if any."""
    return _layout(text, language, folded).title


_RECENT: OrderedDict[tuple[str, str], _Layout] = OrderedDict()
_RECENT_SIZE = 4
_LOCK = threading.Lock()


def _layout(text: str, language: str, folded: str | None) -> _Layout:
    """The layout of `text`, kept for the last few texts (claim assembly asks for regions, title and date)."""
    key = (text, language)
    with _LOCK:
        found = _RECENT.get(key)
    if found is None:
        found = _compute_layout(text, language, fold(text) if folded is None else folded)
        with _LOCK:
            _RECENT[key] = found
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return found


def _compute_layout(text: str, language: str, folded: str) -> _Layout:
    cues = _cues(language)
    lines = [_Line(start=s, end=e, words=len(text[s:e].split())) for s, e in _line_spans(text)]
    if not lines:
        return _Layout((), (), 0)
    _attach_cues(text, folded, lines, cues)
    for ln in lines:
        _classify(text, ln, cues)
        ln.bullet = _BULLET_LINE.match(text, ln.start, ln.end) is not None
    _mark_wrapped(text, lines, cues)
    _mark_blocks(lines)
    first_prose = next((i for i, ln in enumerate(lines) if ln.prose), len(lines))
    if first_prose < len(lines):  # a page of short lines only (a ticker, a post) is not a list of others' headlines
        _mark_headline_runs(lines, first_prose)
    last_prose = max((i for i, ln in enumerate(lines) if ln.prose and not ln.furniture), default=None)
    if last_prose is not None:  # below the article: furniture, but for a list the article itself ends with
        linked = False  # ... unless furniture (a share row, a heading) stands between them: then it is links
        for ln in lines[last_prose + 1:]:
            ln.tail = True
            ln.furniture = ln.furniture or not ln.bullet or linked
            linked = linked or ln.furniture
    title = next((i for i in range(first_prose - 1, -1, -1) if lines[i].headline and not lines[i].furniture), None) \
        if first_prose < len(lines) else None
    _mark_teasers(text, lines, title)
    _mark_comments(lines, first_prose)
    found = _find_dateline(text, lines, first_prose, language)
    if found is not None and found[0] != first_prose and lines[found[0]].words <= SHORT_LINE_WORDS:
        lines[found[0]].furniture = True  # its date is the document's publication day, not an event's
    return _Layout(tuple(lines), tuple(_merge(text, lines)), first_prose,
                   title=Span(lines[title].start, lines[title].end) if title is not None else None,
                   dateline=(found[1], found[2]) if found else None)


def _mark_teasers(text: str, lines: list[_Line], title: int | None) -> None:
    """Headline-like lines above the page's title (a subtitle just above it aside), and 'WATCH: ...'-like teasers
    anywhere, are other pages' links."""
    for i, ln in enumerate(lines):
        if ln.furniture or i == title:
            continue
        if title is not None and i < title - 1 and ln.headline:
            ln.furniture = True
        elif ln.head is not None and "teaser" in ln.head[0] and ln.words <= BLOCK_STOP_WORDS and \
                _TEASER_MARK.match(text, ln.head[1], ln.end):
            ln.furniture = True


def _mark_comments(lines: list[_Line], first_prose: int) -> None:
    """From a comments heading below the article ('12 Comments', 'Leave a Reply', 'Most relevant') to the end."""
    start = next((i for i in range(first_prose + 1, len(lines)) if "comments" in lines[i].cues
                  and lines[i].words <= 5 and lines[i].chrome >= lines[i].letters), None)
    if start is None:
        return
    for ln in lines[start:]:
        ln.furniture = True
        ln.listed = True


def _line_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _attach_cues(text: str, folded: str, lines: list[_Line], cues: _Cues) -> None:
    """One automaton pass over the text; each hit is credited to its line."""
    k = 0
    cats: dict[int, set[str]] = {}
    for start, end, value in cues.matcher.find(text, folded=folded):
        while k < len(lines) and lines[k].end <= start:
            k += 1
        if k == len(lines):
            break
        ln = lines[k]
        if start < ln.start or end > ln.end:
            continue
        cats.setdefault(k, set()).update(value)
        if value & _COUNTED:
            ln.chrome += _letters(text[start:end])
        if ln.head is None and _LEAD_PUNCT.fullmatch(text, ln.start, start) is not None:
            ln.head = (value, end)
    for i, found in cats.items():
        lines[i].cues = frozenset(found)


def _letters(words: str) -> int:
    return len(_NON_LETTER.sub("", words))


def _classify(text: str, ln: _Line, cues: _Cues) -> None:
    if "wall" in ln.cues:
        ln.furniture = True
        return
    if ln.words > LONG_LINE_WORDS:
        ln.prose = True  # a paragraph: nothing else to learn from it
        return
    words = text[ln.start:ln.end]
    ln.letters = _letters(words)
    for t in _NEUTRAL_TOKEN.findall(words):
        ln.chrome += _letters(t)  # handles, hashtags, counters ("1.2K") and links weigh nothing
    ln.dateish = bool(_DATEISH.search(words))
    short = ln.words <= SHORT_LINE_WORDS
    if ln.head is not None and "heading" in ln.head[0] and _heading(text, ln, cues):
        ln.furniture = True
    elif short and ("furniture" in ln.cues or any(s in words for s in cues.symbols)):
        ln.furniture = True
    elif ln.words == 1 and _URL.match(words):
        ln.furniture = True
    elif ln.letters == 0 and ln.words <= 6 and not ln.dateish:
        ln.furniture = True  # counters and stray numbers ("1.2K  245")
    elif ln.letters and ln.chrome >= CHROME_SHARE * ln.letters:
        ln.furniture = True
    elif _menu_items(words):
        ln.furniture = True
    elif _byline(text, ln):
        ln.furniture = True
    if ln.furniture:
        return
    ln.prose = ln.words >= PROSE_WORDS or (ln.words >= 6 and bool(_SENTENCE_END.search(words)))
    if not ln.prose and not ln.dateish and 3 <= ln.words:
        first = _ALNUM.search(words)  # "Russian jets strike ..." and "12 killed in ..." both read as headlines
        ln.headline = first is not None and (first.group().isupper() or first.group().isdigit())


def _mark_wrapped(text: str, lines: list[_Line], cues: _Cues) -> None:
    """Lines of a paragraph broken at a fixed width ('killing at least' / 'nine civilians.') are prose, not headlines."""
    carried = False
    for i, ln in enumerate(lines):
        if ln.furniture or ln.prose:
            carried = False
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        last = text[ln.start:ln.end].rsplit(None, 1)[-1]
        opens = nxt is not None and not nxt.furniture and nxt.start - ln.end <= 2 and (
            text[nxt.start].islower() or last[-1] in _CONTINUES or last.lower() in cues.continuation)
        if opens or (carried and ln.words >= 3):
            ln.prose = True
            ln.headline = False
        carried = opens


def _menu_items(words: str) -> bool:
    """Three or more items of one to three words set apart by wide gaps or bars, none a sentence ('News   Videos')."""
    items = [i for i in _ITEM_GAP.split(words) if i.strip()]
    if len(items) < MENU_ITEMS:
        return False
    return all(len(i.split()) <= 3 and not _SENTENCE_END.search(i.strip()) for i in items)


def _byline(text: str, ln: _Line) -> bool:
    if ln.words > 12:
        return False
    if "byline" in ln.cues:
        return True
    if ln.head is None or "byline_opener" not in ln.head[0]:
        return False
    rest = _WORD.search(text, ln.head[1], ln.end)
    return rest is not None and rest.group()[0].isupper() and ln.words <= 10


def _heading(text: str, ln: _Line, cues: _Cues) -> bool:
    """A list heading alone on its line opens a block; 'Read more: <headline>' is furniture on its own."""
    assert ln.head is not None
    rest = text[ln.head[1]:ln.end].strip()
    if not rest or not any(c.isalnum() for c in rest):
        ln.block = True
        return True
    if rest[0] in ":|\u00bb>\u203a-\u2013\u2014":
        return True
    before = text[ln.start:ln.head[1]].lower().split()
    if (before and before[-1] in cues.heading_tails and len(rest.split()) <= 4) or (
            ln.words <= 4 and ln.chrome >= ln.letters):
        ln.block = True  # "More from Middle East", "More in Syria", "Latest reports"
        return True
    return False


def _mark_blocks(lines: list[_Line]) -> None:
    inside = False
    for ln in lines:
        if ln.block:
            inside = True
            ln.listed = True
            continue
        if not inside:
            continue
        if ln.words >= BLOCK_STOP_WORDS and not ln.furniture:
            inside = False
            continue
        ln.listed = True
        ln.furniture = True
        ln.prose = False


def _mark_headline_runs(lines: list[_Line], first_prose: int) -> None:
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and not lines[i].prose:
            run.append(i)
            continue
        heads = [j for j in run if lines[j].headline and not lines[j].listed and not lines[j].bullet]
        if i == first_prose and heads:
            title = heads.pop()  # the page's own title, just above its first paragraph
            run = [j for j in run if j < title]
        if len(heads) >= HEADLINE_RUN:
            first, last = heads[0], heads[-1]
            while last + 1 in run and lines[last + 1].dateish and lines[last + 1].words <= 6:
                last += 1  # the date stamp under the last headline
            for j in run:
                if first <= j <= last and not lines[j].bullet:
                    lines[j].furniture = True
                    lines[j].listed = True
        run = []


def _merge(text: str, lines: list[_Line]) -> list[Span]:
    out: list[Span] = []
    for ln in lines:
        if not ln.furniture:
            continue
        if out and not text[out[-1].end:ln.start].strip():
            out[-1] = Span(out[-1].start, ln.end)
        else:
            out.append(Span(ln.start, ln.end))
    return out


# --- the dateline -------------------------------------------------------------------------------------------


def _find_dateline(text: str, lines: list[_Line], first_prose: int,
                   language: str) -> tuple[int, Span, date] | None:
    """The line, words and day of the page's own date: cued lines first, then date lines above the article."""
    ranked: list[tuple[int, int, int, Span, date]] = []  # (rank, order, line, words, day)
    for i, ln in enumerate(lines):
        if ln.listed or not ln.dateish or "event_date" in ln.cues:
            continue  # "Date of incident: 12 March 2019" is the event's day, not the page's
        found = _dates_in(text, ln.start, ln.end, language)
        if not found:
            continue
        rank = _cued_rank(text, ln, found, language)
        if rank is not None:
            span, day = rank[1]
            ranked.append((rank[0] + (10 if ln.tail else 0), i, i, span, day))
            continue
        if i <= first_prose + 3 and (not ln.tail or i <= first_prose + 2) and _mostly_date(text, ln, found):
            order = first_prose - i if i < first_prose else i
            ranked.append((2, order, i, found[0][0], found[0][1]))
    for i in range(first_prose, min(first_prose + 3, len(lines))):
        wire = _wire_date(text, lines[i], language)
        if wire is not None:
            ranked.append((3, i, i, wire[0], wire[1]))
            break
    for i, ln in enumerate(lines):
        m = None if ln.listed else _URL_DATE.search(text, ln.start, ln.end)
        if m is not None:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            ranked.append((4, i, i, Span(m.start(1), m.end(3)), day))
            break
    if not ranked:
        return None
    best = min(ranked, key=lambda r: (r[0], r[1]))
    return best[2], best[3], best[4]


def _cued_rank(text: str, ln: _Line, found: list[tuple[Span, date]],
               language: str) -> tuple[int, tuple[Span, date]] | None:
    """A date right after a 'Published' (rank 0) or 'Updated' (rank 1) cue on the line."""
    if not any(c.startswith("dateline_") for c in ln.cues):
        return None
    cues = _cues(language)
    best: tuple[int, tuple[Span, date]] | None = None
    for _start, end, value in cues.matcher.find(text[ln.start:ln.end]):
        kinds = [c for c in value if c.startswith("dateline_")]
        if not kinds:
            continue
        rank = 0 if "dateline_published" in kinds else 1
        cue_end = ln.start + end
        after = [f for f in found if cue_end <= f[0].start <= cue_end + 40]
        if after and (best is None or rank < best[0]):
            best = (rank, after[0])
    return best


def _mostly_date(text: str, ln: _Line, found: list[tuple[Span, date]]) -> bool:
    """A short line that is a date with at most a by-line, a time or a reading time around it."""
    if ln.words > 14:
        return False
    pieces = []
    pos = ln.start
    for span, _ in found:
        pieces.append(text[pos:span.start])
        pos = span.end
    pieces.append(text[pos:ln.end])
    rest = " ".join(pieces)
    rest = _DATEISH.sub(" ", rest)
    words = [w for w in _WORD.findall(rest) if w.lower() not in _MINOR]
    return len(words) <= 5


_MINOR = frozenset({"by", "and", "on", "at", "the", "min", "mins", "read", "minute", "minutes", "gmt", "utc", "am",
                    "pm", "local", "time", "edt", "est", "bst", "cet", "eet", "ast", "published", "updated",
                    "posted", "last", "first"})


def _wire_date(text: str, ln: _Line, language: str) -> tuple[Span, date] | None:
    """'BEIRUT, 14 March 2019 (AFP) - ...': a capitalised place, a date, then a dash or colon."""
    head = text[ln.start:min(ln.end, ln.start + 90)]
    if not _CAPITAL_WORD.match(head):
        return None
    stop = _WIRE_END.search(head)
    if stop is None:
        return None
    found = _dates_in(text, ln.start, ln.start + stop.end(), language)
    return found[0] if found else None


def _dates_in(text: str, start: int, end: int, language: str) -> list[tuple[Span, date]]:
    """The full days (with a year) written between start and end, in order."""
    piece = text[start:end]
    out: list[tuple[Span, date]] = []
    for d in find_dates(piece, published=None, language=language):
        if d.precision != "day" or d.relative:
            continue
        day = d.range.latest if d.range.basis == "report" or d.range.earliest is None else d.range.earliest
        if day is None:
            continue
        out.append((Span(start + d.range.span.start, start + d.range.span.end), day))
    taken = [s for s, _ in out]
    months, dmy, mdy = _month_patterns(language)
    for m in dmy.finditer(piece):
        _add_numeric(out, taken, start, m, int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))
    for m in mdy.finditer(piece):
        _add_numeric(out, taken, start, m, int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
    for m in _ISO.finditer(piece):
        _add_numeric(out, taken, start, m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    for m in _US_NUMERIC.finditer(piece):
        a, b = int(m.group(1)), int(m.group(2))
        if b > 12 >= a:
            _add_numeric(out, taken, start, m, int(m.group(3)), a, b)
    out.sort(key=lambda f: f[0].start)
    return out


@cache
def _month_patterns(language: str) -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """Day-month-year and month-day-year as pages mangle them ('Mar 14,2019', '14 Mar 201914 Mar', '14 March\u060c 2019')."""
    months = {str(name).lower(): int(number) for number, names in lexicon(language, "dates")["months"].items()
              for name in names}
    alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    dmy = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({alt})\.?\s*[,\u060c]?\s*((?:19|20)\d\d)",
                     re.IGNORECASE)
    mdy = re.compile(rf"\b({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*[,\u060c]\s*((?:19|20)\d\d)", re.IGNORECASE)
    return months, dmy, mdy


def _add_numeric(out: list[tuple[Span, date]], taken: list[Span], start: int, m: re.Match[str],
                 year: int, month: int, day: int) -> None:
    span = Span(start + m.start(), start + m.end())
    if any(s.start < span.end and span.start < s.end for s in taken):
        return
    try:
        out.append((span, date(year, month, day)))
    except ValueError:
        return
