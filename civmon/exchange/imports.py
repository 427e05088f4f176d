"""`civmon import`: a dataset CSV (ACLED, UCDP GED, Airwars, any CSV) becomes ONE document whose rows are its claims.

Parsing is pure (`parse_table`: bytes in, claims and row problems out); `import_file` is the edge that
stores the document (raw bytes kept) through civmon.pipeline.store_claims, so rows link with claims
extracted from text but never with each other, and re-importing the same file changes nothing. A
graded dataset's grade is kept on the incidents its rows make; figures are the row's own.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from civmon.errors import InputError
from civmon.exchange.presets import GRADE_NAMES, Preset, actor_slug, country_code
from civmon.models import PRECISIONS, Actor, Claim, Count, DateRange, Document, Place, Span

DEFAULT_VALID_FROM = date(1989, 1, 1)
"""Dates before this are refused as impossible (UCDP GED begins in 1989; 1970-01-01 is an epoch artefact)."""

_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%Y/%m/%d", "%d-%b-%Y", "%d/%m/%Y")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z")
_PARENS = re.compile(r"\s*\([^)]*\)\s*\Z")
_FIGURES: tuple[tuple[str, str, str], ...] = tuple(
    (m, f"{m}_min", f"{m}_max") for m in ("civilians_killed", "civilians_injured", "children_killed", "women_killed"))


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A refused row: which file, line and column, and why."""

    path: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path} line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}; row not imported"


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """One accepted row: its claim, the dataset's code and grade, every belligerent it names, its text."""

    line: int
    code: str
    claim: Claim
    grade: str | None
    belligerents: tuple[str, ...]
    text: str | None


@dataclass(frozen=True, slots=True)
class ParsedTable:
    """What a dataset file holds: the document, accepted rows, refused rows and actors not in the actor table."""

    document: Document
    rows: tuple[ImportedRow, ...]
    problems: tuple[RowProblem, ...]
    new_actors: tuple[tuple[str, str], ...] = field(default=())
    """(slug, name as written) of every actor name the actor table and aliases do not know."""


class _Refused(Exception):
    def __init__(self, column: str | None, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def parse_date(value: str) -> date:
    """A dataset's date cell as a date (ISO, '22 March 2017', 'March 22, 2017', ...); ValueError otherwise."""
    text = _TIME_PART.sub("", value.strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def cell_spans(text: str, start: int, end: int) -> list[Span]:
    """The span of each cell's content in one CSV record text[start:end] (inside the quotes when quoted)."""
    out: list[Span] = []
    i = start
    while i <= end:
        if i < end and text[i] == '"':
            j = i + 1
            while j < end and not (text[j] == '"' and (j + 1 >= end or text[j + 1] != '"')):
                j += 2 if text[j] == '"' else 1
            out.append(Span(i + 1, j))
            i = j + 1
            while i < end and text[i] not in ",\r\n":
                i += 1
        else:
            j = i
            while j < end and text[j] not in ",\r\n":
                j += 1
            out.append(Span(i, j))
            i = j
        if i >= end or text[i] != ",":
            break
        i += 1
    return out


class _Row:
    """One CSV record with the spans of its cells in the document text."""

    def __init__(self, cells: dict[str, str], preset: Preset, text: str, start: int, end: int,
                 spans: dict[str, Span]) -> None:
        self.cells, self.preset, self.text, self.start, self.end = cells, preset, text, start, end
        self.spans = spans

    def column(self, name: str) -> str | None:
        return self.preset.columns.get(name)

    def get(self, name: str) -> str:
        col = self.column(name)
        return (self.cells.get(col) or "").strip() if col else ""

    def span(self, name: str) -> Span:
        col = self.column(name)
        found = self.spans.get(col) if col else None
        return found if found is not None and self.get(name) else Span(self.start, self.end)

    def number(self, name: str) -> int | None:
        value = self.get(name).replace(",", "")
        if not value:
            return None
        try:
            n = float(value)
        except ValueError:
            raise _Refused(self.column(name), f"{value!r} is not a number") from None
        if n < 0 or n != int(n):
            raise _Refused(self.column(name), f"{value!r} is not a whole number of people")
        return int(n)

    def coordinate(self, name: str, limit: float) -> float | None:
        value = self.get(name)
        if not value:
            return None
        try:
            x = float(value)
        except ValueError:
            raise _Refused(self.column(name), f"{value!r} is not a coordinate") from None
        if not -limit <= x <= limit:
            raise _Refused(self.column(name), f"{value} is outside -{limit:g}..{limit:g}")
        return x

    def day(self, name: str, *, valid_from: date, valid_to: date) -> date | None:
        value = self.get(name)
        if not value:
            return None
        try:
            d = parse_date(value)
        except ValueError:
            raise _Refused(self.column(name), f"{value!r} is not a date (use YYYY-MM-DD)") from None
        if not valid_from <= d <= valid_to:
            raise _Refused(self.column(name), f"{d.isoformat()} is an impossible date for this dataset "
                                              f"(outside {valid_from.isoformat()}..{valid_to.isoformat()})")
        return d


def _count(row: _Row, lo_field: str, hi_field: str, *, single: str | None = None) -> Count | None:
    lo, hi = row.number(lo_field), row.number(hi_field)
    if single is not None:
        one = row.number(single)
        lo = one if lo is None else lo
        hi = one if hi is None else hi
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and hi < lo:
        raise _Refused(row.column(hi_field), f"maximum {hi} is below minimum {lo}")
    words = "–".join(str(x) for x in dict.fromkeys((lo, hi)) if x is not None)
    field_name = single if single is not None and row.get(single) else lo_field
    return Count(min=lo, max=hi, words=words, span=row.span(field_name), by=row.preset.publisher)


def _figures(row: _Row) -> dict[str, Count]:
    out: dict[str, Count] = {}
    killed = _count(row, "killed_min", "killed_max", single="killed")
    if killed is not None:
        out["killed"] = killed
    for key, lo, hi in _FIGURES:
        c = _count(row, lo, hi, single=key if key == "civilians_killed" else None)
        if c is not None:
            out[key] = c
    return out


def _precision(row: _Row, *, has_point: bool) -> str:
    value = row.get("precision").casefold()
    if value:
        if value in PRECISIONS:
            return value
        if value in row.preset.precision:
            return row.preset.precision[value]
        raise _Refused(row.column("precision"), f"unknown precision {row.get('precision')!r}; known: "
                                                f"{', '.join(sorted(row.preset.precision) or PRECISIONS)}")
    if has_point or row.get("location"):
        return "town"
    return "governorate" if row.get("admin1") else "country"


def _actors(row: _Row) -> tuple[list[Actor], list[tuple[str, str]]]:
    cell = row.get("belligerent")
    names = [n.strip() for n in cell.split(",")] if row.preset.several_belligerents else [cell]
    actors: list[Actor] = []
    unknown: list[tuple[str, str]] = []
    for name in (n for n in names if n):
        slug, known = actor_slug(name)
        if not known and _PARENS.search(name):
            slug, known = actor_slug(_PARENS.sub("", name))
        if not known:
            unknown.append((slug, name))
        if all(a.id != slug for a in actors):
            actors.append(Actor(id=slug, name=name, basis="named", span=row.span("belligerent")))
    return actors, unknown


def _claim(row: _Row, *, doc_id: str, line: int, code: str, valid_from: date,
           valid_to: date) -> tuple[Claim, list[Actor], list[tuple[str, str]]]:
    first = row.day("date", valid_from=valid_from, valid_to=valid_to)
    if first is None:
        raise _Refused(row.column("date") or "date", "no date")
    last = row.day("date_end", valid_from=valid_from, valid_to=valid_to) or first
    if last < first:
        raise _Refused(row.column("date_end"), f"ends ({last.isoformat()}) before it begins ({first.isoformat()})")
    country_cell = row.get("country")
    country = country_code(country_cell) if country_cell else None
    if country is None:
        raise _Refused(row.column("country") or "country",
                       f"unknown country {country_cell!r}" if country_cell else "no country")
    lat, lon = row.coordinate("latitude", 90), row.coordinate("longitude", 180)
    if (lat is None) != (lon is None):
        raise _Refused(row.column("longitude" if lon is None else "latitude"), "a coordinate without its pair")
    precision = _precision(row, has_point=lat is not None)
    name_field = next((f for f in ("location", "location_alt", "admin1") if row.get(f)), None)
    place = Place(name=row.get(name_field) if name_field else country, country=country, precision=precision,
                  span=row.span(name_field or "country"), admin1=row.get("admin1") or None, lat=lat, lon=lon)
    actors, unknown = _actors(row)
    claim = Claim(doc_id=doc_id, claim_id=f"{doc_id}#{code}", kind="incident", extractor=f"import:{row.preset.name}",
                  date=DateRange(first, last, "event", row.get("date"), row.span("date")), place=place,
                  actor=actors[0] if actors else None, weapon=row.get("strike_type").casefold() or None,
                  casualties=_figures(row))
    return claim, actors, unknown


def _grade(row: _Row) -> str | None:
    value = row.get("grade")
    if not value or not row.preset.graded:
        return None
    grade = GRADE_NAMES.get(value.casefold())
    if grade is None:
        raise _Refused(row.column("grade"), f"unknown grade {value!r}; known: {', '.join(sorted(GRADE_NAMES))}")
    return grade


def _line_starts(text: str) -> list[int]:
    starts, at = [0], 0
    for line in text.splitlines(keepends=True):
        at += len(line)
        starts.append(at)
    return starts


def decode(raw: bytes, *, path: str) -> str:
    """A CSV file's text: UTF-8 with or without a BOM; InputError otherwise."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start}); save the file as UTF-8 CSV", path=path) from None


def parse_table(raw: bytes, *, path: str, preset: Preset, valid_from: date = DEFAULT_VALID_FROM,
                valid_to: date | None = None) -> ParsedTable:
    """Read a dataset CSV into one document and a claim per accepted row; refused rows become RowProblems."""
    text = decode(raw, path=path)
    doc_id = f"{preset.name}:{hashlib.sha256(raw).hexdigest()[:16]}"
    document = Document(id=doc_id, text=text, source=preset.publisher, kind="dataset", language="en")
    until = valid_to or date.today()
    starts = _line_starts(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise InputError("empty file: no header row", path=path)
    header = [h.strip() for h in header]
    missing = [f"{f} ({c!r})" for f, c in preset.columns.items() if f in ("date",) and c not in header]
    if missing and preset.name != "csv":
        raise InputError(f"no column for {', '.join(missing)}; columns found: {', '.join(header)} (map one with "
                         "--map field=column)", path=path)
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    new_actors: dict[str, str] = {}
    begin = reader.line_num + 1
    for record in reader:
        line, end_line = begin, reader.line_num
        begin = end_line + 1
        if not any(cell.strip() for cell in record):
            continue
        cells = dict(zip(header, record, strict=False))
        lo, hi = starts[line - 1], starts[min(end_line, len(starts) - 1)]
        row = _Row(cells, preset, text, lo, hi, dict(zip(header, cell_spans(text, lo, hi), strict=False)))
        try:
            code = row.get("code") or f"line{line}"
            if code in seen:
                raise _Refused(row.column("code"), f"duplicate code {code!r} (first on line {seen[code]})")
            seen[code] = line
            grade = _grade(row)
            claim, actors, unknown = _claim(row, doc_id=doc_id, line=line, code=code, valid_from=valid_from,
                                            valid_to=until)
        except _Refused as e:
            problems.append(RowProblem(path, line, e.column, e.message))
            continue
        new_actors.update(unknown)
        rows.append(ImportedRow(line=line, code=code, claim=claim, grade=grade,
                                belligerents=tuple(a.id for a in actors), text=row.get("text") or None))
    return ParsedTable(document=document, rows=tuple(rows), problems=tuple(problems),
                       new_actors=tuple(sorted(new_actors.items())))


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where a row's own text (ACLED notes, UCDP headline), extracted, says something else than the row."""

    path: str
    line: int
    what: str
    row_says: str
    text_says: str

    def __str__(self) -> str:
        return f"{self.path} line {self.line}: {self.what}: the row says {self.row_says}, its text says {self.text_says}"


def _range(c: Count | None) -> tuple[int, int] | None:
    if c is None or c.min is None and c.max is None:
        return None
    lo = c.min if c.min is not None else 0
    return lo, c.top if c.top is not None else lo


def check_texts(parsed: ParsedTable, *, path: str) -> list[Disagreement]:
    """Extract each row's text and list where it disagrees with the row: deaths, date, belligerent."""
    from civmon.extract import extract
    from civmon.stats.figures import rolled_up

    out: list[Disagreement] = []
    for r in parsed.rows:
        if not r.text or r.claim.date is None or r.claim.date.earliest is None:
            continue
        doc = Document(id=f"{parsed.document.id}/line{r.line}", text=r.text, published=r.claim.date.latest,
                       language="en")
        found = [c for c in extract(doc) if c.kind == "incident"]
        if not found:
            continue
        said = found[0]
        for key in ("civilians_killed", "killed"):
            mine, theirs = _range(r.claim.casualties.get(key)), _range(said.casualties.get(key))
            if mine is not None and theirs is not None:
                if theirs[1] < mine[0] or theirs[0] > mine[1]:
                    out.append(Disagreement(path, r.line, key.replace("_", " "), _fmt(mine), _fmt(theirs)))
                break
        d = said.date
        if d is not None and d.basis == "event" and d.earliest is not None and d.latest is not None:
            lo, hi = r.claim.date.earliest, r.claim.date.latest or r.claim.date.earliest
            if (d.latest - lo).days < -1 or (d.earliest - hi).days > 1:
                out.append(Disagreement(path, r.line, "date", f"{lo.isoformat()}",
                                        f"{d.earliest.isoformat()}..{d.latest.isoformat()}"))
        if said.actor is not None and said.actor.basis == "named" and r.belligerents:
            if said.actor.id not in rolled_up(r.belligerents) and not set(r.belligerents) & set(
                    rolled_up((said.actor.id,))):
                out.append(Disagreement(path, r.line, "belligerent", ", ".join(r.belligerents), said.actor.id))
    return out


def _fmt(r: tuple[int, int]) -> str:
    return str(r[0]) if r[0] == r[1] else f"{r[0]}–{r[1]}"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What one import did."""

    path: str
    doc_id: str
    duplicate: bool
    rows: int
    created: tuple[str, ...]
    updated: tuple[str, ...]
    problems: tuple[RowProblem, ...]
    new_actors: tuple[tuple[str, str], ...]
    disagreements: tuple[Disagreement, ...]


def import_file(store: Any, raw: bytes, *, path: str, preset: Preset, valid_from: date = DEFAULT_VALID_FROM,
                valid_to: date | None = None, check_text: bool = True) -> ImportSummary:
    """Import one dataset file into the store (one transaction for the document and its rows' claims)."""
    from civmon.ingest import RawDocument
    from civmon.pipeline import store_claims

    parsed = parse_table(raw, path=path, preset=preset, valid_from=valid_from, valid_to=valid_to)
    outcome = store_claims(store, RawDocument(document=parsed.document, raw=raw, path=path),
                           [r.claim for r in parsed.rows], who=f"civmon import {preset.name}")
    if not outcome.duplicate:
        keep_dataset_grades(store, parsed, codes=outcome.created, preset=preset)
    disagreements = check_texts(parsed, path=path) if check_text and not outcome.duplicate else []
    return ImportSummary(path=path, doc_id=parsed.document.id, duplicate=outcome.duplicate, rows=len(parsed.rows),
                         created=outcome.created, updated=outcome.updated, problems=parsed.problems,
                         new_actors=parsed.new_actors, disagreements=tuple(disagreements))


def keep_dataset_grades(store: Any, parsed: ParsedTable, *, codes: Sequence[str], preset: Preset) -> int:
    """Give each incident made from one row alone that row's grade and every belligerent it names; returns how many.

    The grade is stored as a standing grade (civmon.analyst.grade, by `import:<preset>`), so re-linking
    and new claims do not undo it; an analyst can clear it like any other.
    """
    from civmon import analyst

    by_claim = {r.claim.claim_id: r for r in parsed.rows}
    mine: list[tuple[str, ImportedRow]] = []
    with store.transaction() as conn:
        for code in codes:
            inc = store.incident_record(conn, code).incident
            if len(inc.claims) == 1 and inc.claims[0].claim_id in by_claim:
                mine.append((code, by_claim[inc.claims[0].claim_id]))
    for code, row in mine:
        if row.grade is not None:
            analyst.grade(store, code, row.grade, reason=f"as graded by {preset.publisher} ({row.code})",
                          who=f"import:{preset.name}")
    with store.transaction() as conn:
        for code, row in mine:
            inc = store.incident_record(conn, code).incident
            who = tuple(dict.fromkeys((*inc.belligerents, *row.belligerents)))
            if who != inc.belligerents:
                store.save_incident(conn, replace(inc, belligerents=who))
    return len(mine)
