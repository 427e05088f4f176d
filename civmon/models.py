"""The domain model: frozen dataclasses that cross module boundaries.

Every extracted value carries the Span of the words it came from. Spans are Python string
(code point) offsets into the document's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Literal

Kind = Literal["incident", "aggregate"]
DateBasis = Literal["event", "report"]
ActorBasis = Literal["named", "context"]
Stance = Literal["denied", "investigating", "acknowledged", "confirmed", "claimed"]
GradeName = Literal["Confirmed", "Fair", "Weak", "Contested", "Discounted"]

PRECISIONS: tuple[str, ...] = (
    "exact", "street", "landmark", "neighbourhood", "village", "town", "city",
    "subdistrict", "district", "governorate", "country",
)
"""Place precision levels, finest first."""

CASUALTY_KEYS: tuple[str, ...] = (
    "killed", "civilians_killed", "children_killed", "women_killed", "men_killed", "combatants_killed",
    "injured", "civilians_injured", "children_injured", "women_injured", "missing",
)
"""The casualty categories of the claim contract, in output order."""

GRADES: tuple[str, ...] = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")
LIKELY_GRADES: frozenset[str] = frozenset({"Confirmed", "Fair"})
"""Airwars counts Fair + Confirmed incidents as the 'likely' total."""


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open [start, end) range of code points in a document's text."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        """The words of `text` this span covers."""
        return text[self.start:self.end]

    def to_list(self) -> list[int]:
        """The contract's `[start, end]` form."""
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Document:
    """One report as read: plain text plus what is known of where and when it came from."""

    id: str
    text: str
    published: date | None = None
    language: str | None = None
    source: str | None = None
    url: str | None = None
    kind: str = "report"  # "report" | "strike-report"


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty figure as a range: `max` None means open-ended ("at least 47").

    `min` None with a `max` means only an upper bound is known ("almost 1,000").
    `reports` keeps each claimant's own figure when claimants differ.
    """

    min: int | None
    max: int | None
    words: str
    span: Span
    by: str | None = None
    reports: tuple[Count, ...] = ()

    @property
    def is_open(self) -> bool:
        """True when the upper bound is open-ended."""
        return self.max is None and self.min is not None

    @property
    def is_empty(self) -> bool:
        """True when the words give no figure at all (a 'none' vague policy)."""
        return self.min is None and self.max is None

    @property
    def top(self) -> int | None:
        """The highest figure the words give: `max`, or `min` when open-ended."""
        return self.max if self.max is not None else self.min


def add_counts(parts: Iterable[Count], *, words: str, span: Span, by: str | None = None) -> Count:
    """The sum of several ranges ("three children and two women"): open if any part is open."""
    lo = 0
    hi: int | None = 0
    any_min = False
    for c in parts:
        if c.min is not None:
            lo += c.min
            any_min = True
        if hi is not None:
            hi = None if c.max is None else hi + c.max
    return Count(min=lo if any_min else None, max=hi, words=words, span=span, by=by)


def merge_counts(counts: Iterable[Count], *, open_as_number: bool = False) -> Count | None:
    """One range spanning several reports of the same figure: lowest minimum to highest maximum.

    With `open_as_number` (Airwars' incident figures), an open bound counts as its own number so the
    maximum stays a number; otherwise an open report keeps the merged maximum open. The first
    count's words and span lead; every distinct report is kept in `reports`.
    """
    items = [c for c in counts if not c.is_empty]
    if not items:
        return None
    flat: list[Count] = []
    for c in items:
        flat.extend(c.reports or (c,))
    mins = [c.min for c in flat if c.min is not None]
    if open_as_number:
        tops = [c.top for c in flat if c.top is not None]
        hi: int | None = max(tops) if tops else None
    else:
        hi = None if any(c.max is None for c in flat) else max(c.max for c in flat if c.max is not None)
    lo = min(mins) if mins else None
    if lo is not None and hi is not None and hi < lo:
        hi = lo
    lead = items[0]
    distinct: list[Count] = []
    for c in flat:
        if all((c.min, c.max, c.by, c.span) != (d.min, d.max, d.by, d.span) for d in distinct):
            distinct.append(replace(c, reports=()))
    reports = tuple(distinct) if len(distinct) > 1 else ()
    return Count(min=lo, max=hi, words=lead.words, span=lead.span, by=lead.by, reports=reports)


@dataclass(frozen=True, slots=True)
class DateRange:
    """When something happened (basis `event`) or was reported (basis `report`), as a day range."""

    earliest: date | None
    latest: date | None
    basis: DateBasis
    text: str
    span: Span

    @property
    def days(self) -> int | None:
        """Width of the range in days (1 for a single day); None when a bound is unknown."""
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1


@dataclass(frozen=True, slots=True)
class Place:
    """A place as resolved against the gazetteer, with an honest precision."""

    name: str
    country: str
    precision: str
    span: Span
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    near: bool = False
    gazetteer_id: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A belligerent, by its stable slug from the bundled actor table."""

    id: str
    name: str
    basis: ActorBasis
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """An official reaction to the incident and who gave it."""

    by: str
    stance: Stance
    span: Span


def _frozen_counts(counts: Mapping[str, Count]) -> Mapping[str, Count]:
    return MappingProxyType({k: counts[k] for k in CASUALTY_KEYS if k in counts})


@dataclass(frozen=True, slots=True)
class Claim:
    """What one document says about one incident (or one aggregate total)."""

    doc_id: str
    claim_id: str
    kind: Kind
    extractor: str
    date: DateRange | None = None
    place: Place | None = None
    places: tuple[Place, ...] = ()
    actor: Actor | None = None
    weapon: str | None = None
    target: str | None = None
    casualties: Mapping[str, Count] = field(default_factory=dict)
    responses: tuple[Response, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "casualties", _frozen_counts(self.casualties))


@dataclass(frozen=True, slots=True)
class Grade:
    """An incident's grade with the reason it was given."""

    grade: GradeName
    reason: str
    by: str = "rules"


@dataclass(frozen=True, slots=True)
class Incident:
    """One strike as several claims describe it, with its merged figures and grade."""

    code: str
    claims: tuple[Claim, ...]
    country: str
    earliest: date | None
    latest: date | None
    place: Place | None
    belligerents: tuple[str, ...]
    figures: Mapping[str, Count]
    grade: Grade
    strike_status: Literal["declared", "alleged"] = "alleged"
    open_figures: frozenset[str] = frozenset()
