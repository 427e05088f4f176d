"""Choosing one gazetteer row for a name: by countries in play, enclosing units and population."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence

from civmon.gazetteer.index import index
from civmon.gazetteer.table import Entry
from civmon.models import PRECISIONS, Place, Span

ADMIN_KINDS = frozenset({"district", "governorate", "country"})
SETTLEMENT_KINDS = frozenset({"village", "town", "city", "neighbourhood"})
EARTH_KM = 6371.0


def score(e: Entry, *, countries: Sequence[str] = (), admin1: Collection[str] = (), prefer: str | None = None) -> float:
    """How likely row `e` is the place meant, given the countries and admin-1 units in play."""
    s = 0.5 * math.log10(e.population + 1)
    if countries:
        if e.country == countries[0]:
            s += 6.0
        elif e.country in countries:
            s += 4.0
    if e.admin1 and e.admin1 in admin1:
        s += 2.0
    if prefer is not None:
        s += 3.0 if e.kind == prefer or (prefer == "district" and e.kind == "governorate") else 0.0
    elif e.kind in SETTLEMENT_KINDS or e.kind == "country":
        s += 1.0
    return s


def choose(entries: Sequence[Entry], *, countries: Sequence[str] = (), admin1: Iterable[str] = (),
           prefer: str | None = None) -> Entry | None:
    """The best-scoring row (ties: first in table order)."""
    if not entries:
        return None
    admin = admin1 if isinstance(admin1, (set, frozenset)) else frozenset(admin1)
    return max(entries, key=lambda e: score(e, countries=countries, admin1=admin, prefer=prefer))


def precision_of(e: Entry) -> str:
    """The Place precision of a row's kind (unknown kinds count as 'town')."""
    return e.kind if e.kind in PRECISIONS else "town"


def to_place(e: Entry, span: Span, *, name: str | None = None, near: bool = False, precision: str | None = None,
             lat: float | None = None, lon: float | None = None, gazetteer_id: str | None = "") -> Place:
    """A Place for row `e` at `span`, optionally renamed, moved or made coarser, with another gazetteer id or
    none (the default "": the row's)."""
    return Place(name=name or e.name, country=e.country, precision=precision or precision_of(e), span=span,
                 admin1=e.admin1, admin2=e.admin2, lat=e.lat if lat is None else lat,
                 lon=e.lon if lon is None else lon, near=near, gazetteer_id=e.id if gazetteer_id == "" else gazetteer_id)


def admin1_entry(e: Entry) -> Entry | None:
    """The governorate row enclosing `e` (itself when it is one)."""
    if e.kind in ("governorate", "country") or not e.admin1:
        return e if e.kind == "governorate" else None
    rows = [r for r in index().lookup(e.admin1) if r.kind == "governorate" and r.country == e.country]
    return rows[0] if rows else None


def country_entry(code: str) -> Entry | None:
    """The country row for an ISO alpha-2 code."""
    for e in index().entries_for_key("__country__" + code.lower()):
        return e
    return None


def project(lat: float, lon: float, *, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away from (lat, lon) along a compass bearing (degrees), on a sphere."""
    d = km / EARTH_KM
    b = math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def resolve_name(name: str, *, countries: Sequence[str] = ()) -> Place | None:
    """The most likely place called `name` (span covers the name itself), or None when unknown."""
    e = choose(index().lookup(name), countries=countries)
    return None if e is None else to_place(e, Span(0, len(name)))
