"""Comparing two incident claims: evidence weights (log-odds) with short reasons, or a cannot-link.

Each field adds a weight in log-odds to a prior; the score is its logistic. A clear contradiction
(same document, different day beyond the window, places at town precision far apart, different
governorates or neighbourhoods) is a cannot-link, which clustering never overrides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from civmon.link.names import same_name
from civmon.models import PRECISIONS, Claim, Count, Place

PRIOR = -2.5
"""Log-odds that two same-country claims in one date window describe one strike, before evidence."""

REPORT_SLACK_DAYS = 3
"""A `report` date means on or before: the strike may be this many days earlier."""

TOLERANCE_KM: dict[str, float] = {
    "exact": 0.5, "street": 1.0, "landmark": 1.0, "neighbourhood": 1.5, "village": 3.0, "town": 6.0,
    "city": 12.0, "subdistrict": 25.0, "district": 40.0, "governorate": 120.0, "country": math.inf,
}
"""How far apart two places may lie and still be one spot, by the coarser precision."""

SAME_DAY = 2.0
"""Both claims give the same single day for the strike (event basis)."""

NEXT_DAY = 1.0
"""Log-odds for dates one day apart. A reported date is often a day off (a night strike, a time zone,
"yesterday" read against the publication day), so a neighbouring day is still evidence FOR one strike
against the prior (any two dates within the window), only weaker than the same day. Two strikes on
consecutive days at one place stay apart through what else differs (target, toll): average linkage
needs the whole cluster to agree, so a same-place claim that contradicts either side keeps them apart."""

AFTER_REPORT = -1.0
"""Log-odds for a strike dated the day after another claim's report date: a report cannot tell of a later
strike, so only an error in the event date could make them one (no one-day allowance here)."""

FAR_DAYS = -2.0
"""Log-odds for dates two or more days apart (still within the window)."""

TARGET_SAME, TARGET_DIFF = 1.5, -2.0
"""Log-odds for the same / a different target type."""

DIFFUSE_TARGETS = frozenset({"residential building", "road"})
"""Targets nearly every report of a strike names in passing (homes, buildings, a street), whichever facility was
hit, so the first one a page names often differs between outlets: a difference involving one of them is weak
evidence (DIFFUSE_DIFF), and sharing one weaker than sharing a facility (DIFFUSE_SAME)."""

DIFFUSE_SAME, DIFFUSE_DIFF = 1.0, -0.5

ADMIN_SAME, ADMIN_INSIDE = 0.5, 0.3
"""Log-odds for two claims placed in the same admin area, or a place inside the other claim's admin area."""

COUNT_SLACK = 0.3
"""Two killed figures agree when they differ by at most this share of the larger (or by one)."""

_FINE = frozenset({"exact", "street", "landmark", "neighbourhood"})
_SETTLEMENT = frozenset({"village", "town", "city"})
_ADMIN = frozenset({"subdistrict", "district", "governorate", "country"})


@dataclass(frozen=True, slots=True)
class Comparison:
    """The evidence between two claims: summed log-odds, reasons, and whether they can never link."""

    weight: float
    reasons: tuple[str, ...]
    cannot: bool = False

    @property
    def score(self) -> float:
        """The link probability in [0, 1] (0 for a cannot-link)."""
        return 0.0 if self.cannot else 1.0 / (1.0 + math.exp(-self.weight))


def claim_place(claim: Claim) -> Place | None:
    """The place a claim is about: its place, else the first of its places."""
    return claim.place or (claim.places[0] if claim.places else None)


def claim_country(claim: Claim) -> str | None:
    """The country of a claim's place, if any."""
    place = claim_place(claim)
    return place.country if place else None


def interval(claim: Claim) -> tuple[date, date] | None:
    """The days the strike may have happened on: a report date widens back by REPORT_SLACK_DAYS."""
    d = claim.date
    if d is None or (d.earliest is None and d.latest is None):
        return None
    lo = d.earliest or d.latest
    hi = d.latest or d.earliest
    assert lo is not None and hi is not None
    if d.basis == "report":
        lo = lo - timedelta(days=REPORT_SLACK_DAYS)
    return (lo, hi) if lo <= hi else (hi, lo)


def _day_precise(claim: Claim) -> bool:
    return claim.date is not None and claim.date.basis == "event" and claim.date.days == 1


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places with coordinates, else None."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _rank(place: Place) -> int:
    return PRECISIONS.index(place.precision) if place.precision in PRECISIONS else len(PRECISIONS) - 1


def _compare_dates(a: Claim, b: Claim, *, window_days: int) -> tuple[float, str, bool]:
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None:
        return 0.0, "no date", False
    gap = max((max(ia[0], ib[0]) - min(ia[1], ib[1])).days, 0)
    if gap == 0:
        if _day_precise(a) and _day_precise(b):
            return SAME_DAY, "same day", False
        width = max((ia[1] - ia[0]).days, (ib[1] - ib[0]).days) + 1
        if width <= REPORT_SLACK_DAYS + 1:
            return 1.0, f"dates overlap (within {width} days)", False
        return (0.5 if width <= 10 else 0.2), f"dates overlap ({width}-day range)", False
    label = f"{gap} day{'s' if gap > 1 else ''} apart"
    if gap > window_days:
        return 0.0, label, True
    reported = (a.date is not None and a.date.basis == "report") or (b.date is not None and b.date.basis == "report")
    if gap == 1:
        return (AFTER_REPORT if reported else NEXT_DAY), label, False
    return FAR_DAYS, label, False


def _contains(coarse: Place, fine: Place) -> bool | None:
    """Whether an admin-precision place contains another: True, False, or None when unknown."""
    names = [n for n in (coarse.name, coarse.admin2 if coarse.precision != "governorate" else None,
                         coarse.admin1) if n]
    inner = [n for n in (fine.admin1, fine.admin2) if n]
    if not inner:
        return None
    return any(same_name(x, y) for x in names for y in inner) or None


def approximate(a: Place, b: Place) -> bool:
    """One place resolved in the gazetteer and the other not. The unresolved one carries the coordinates of an
    enclosing unit, so when the names agree ('Jandairis' found, 'Jinderes' not) their distance is treated as
    'near' (twice the tolerance), as civmon.link.blocking.block_key files unresolved places."""
    return (a.gazetteer_id is None) != (b.gazetteer_id is None)


def two_settlements(a: Place, b: Place) -> bool:
    """Two villages, towns or cities found in the gazetteer as different entries: two places, however close,
    so their distance is no evidence for one strike (it is for a place the gazetteer lacks, which carries an
    enclosing unit's coordinates, and for finer places inside a settlement)."""
    return (a.precision in _SETTLEMENT and b.precision in _SETTLEMENT and a.gazetteer_id is not None
            and b.gazetteer_id is not None and a.gazetteer_id != b.gazetteer_id)


def _compare_places(pa: Place, pb: Place, *, distance_limit: float) -> tuple[float, str, bool]:
    if pa.country != pb.country:
        return 0.0, f"different countries: {pa.country} vs {pb.country}", True
    if pa.admin1 and pb.admin1 and not same_name(pa.admin1, pb.admin1):
        return 0.0, f"different governorates: {pa.admin1} vs {pb.admin1}", True
    if _rank(pa) > _rank(pb):
        pa, pb = pb, pa  # pa is the finer place
    coarse = pb.precision
    if coarse in _ADMIN:
        if coarse == "country":
            return 0.0, "country only", False
        if same_name(pa.name, pb.name) and pa.precision == pb.precision:
            return ADMIN_SAME, f"same {coarse}: {pb.name}", False
        inside = _contains(pb, pa)
        return (ADMIN_INSIDE, f"inside {coarse}: {pb.name}", False) if inside else (0.0, f"{coarse} only", False)
    named_same = same_name(pa.name, pb.name)
    near = pa.near or pb.near or (named_same and approximate(pa, pb))
    d = distance_km(pa, pb)
    tol = TOLERANCE_KM.get(coarse, 12.0) * (2.0 if near else 1.0)
    dist = f"{d:.1f} km apart" if d is not None else ""
    if d is not None and d > max(distance_limit, 2 * tol):
        return 0.0, dist, True
    if pa.admin2 and pb.admin2 and not same_name(pa.admin2, pb.admin2):
        return 0.0, f"different districts: {pa.admin2} vs {pb.admin2}", True
    if named_same and (pa.precision == pb.precision or d is None or d <= tol):
        weight = 3.0 if pa.precision in _FINE or pa.precision == "village" else 1.5
        return weight, f"same {pa.precision}: {pa.name}", False
    if pa.precision in _FINE and pb.precision in _FINE and not near and (d is None or d > tol):
        return 0.0, f"different {pa.precision}s: {pa.name} vs {pb.name}", True
    if pa.precision in _SETTLEMENT and pb.precision in _SETTLEMENT and not near and (d is None or d > tol):
        return 0.0, f"different places: {pa.name} vs {pb.name}", True
    if two_settlements(pa, pb):
        return 0.0, f"different places nearby: {pa.name} vs {pb.name}" + (f", {dist}" if dist else ""), False
    if d is not None:
        if d <= tol:
            fineness = 1.0 if pb.precision in _FINE else 0.6 if pb.precision == "village" else 0.4
            return 0.5 + 2.0 * fineness * (1.0 - d / tol), dist, False
        return -1.0, dist, False
    if pa.precision in _FINE and pb.precision in _SETTLEMENT and pa.admin2 and same_name(pa.admin2, pb.name):
        return 1.0, f"{pa.name} inside {pb.name}", False  # a neighbourhood inside its city
    if pa.admin2 and pb.admin2 and same_name(pa.admin2, pb.admin2):
        return 0.3, f"same district: {pa.admin2}", False
    return 0.0, f"{pa.name} / {pb.name}: no distance", False


def compare_targets(a: str, b: str) -> tuple[float, str]:
    """Log-odds and reason for two claims' targets (diffuse targets weigh less either way)."""
    diffuse = a in DIFFUSE_TARGETS or b in DIFFUSE_TARGETS
    if a == b:
        return (DIFFUSE_SAME if diffuse else TARGET_SAME), f"same target: {a}"
    return (DIFFUSE_DIFF if diffuse else TARGET_DIFF), f"targets differ: {a} vs {b}"


def headline(claim: Claim) -> Count | None:
    """The killed figure claims are compared on: civilians killed, else killed."""
    return claim.casualties.get("civilians_killed") or claim.casualties.get("killed")


def _bounds(c: Count) -> tuple[int, int] | None:
    lo = c.min if c.min is not None else c.max
    hi = c.top if c.top is not None else lo
    return None if lo is None or hi is None else (lo, hi)


def _label(c: Count, b: tuple[int, int]) -> str:
    if c.is_open:
        return f"{b[0]}+"
    return str(b[0]) if b[0] == b[1] else f"{b[0]}-{b[1]}"


def _compare_counts(a: Claim, b: Claim) -> tuple[float, str]:
    ca, cb = headline(a), headline(b)
    ba, bb = (_bounds(ca) if ca else None), (_bounds(cb) if cb else None)
    if ba is None or bb is None:
        return 0.0, ""
    assert ca is not None and cb is not None
    label = f"counts {_label(ca, ba)} vs {_label(cb, bb)}"
    gap = max(ba[0], bb[0]) - min(ba[1], bb[1])
    big = max(ba[1], bb[1])
    if (ca.is_open and bb[1] >= ba[0]) or (cb.is_open and ba[1] >= bb[0]):
        return (0.5 if gap > max(1.0, COUNT_SLACK * big) else 1.0), label  # "at least n" fits any higher figure
    if gap <= max(1.0, COUNT_SLACK * big):
        return (1.5 if big >= 5 else 0.7), label
    if big >= 2 * max(min(ba[1], bb[1]), 1) and gap >= 3:
        return -1.5, label.replace("counts", "counts differ:")
    return -0.5, label


def compare_claims(a: Claim, b: Claim, *, window_days: int = 3, distance_km_limit: float = 15.0) -> Comparison:
    """The evidence that two incident claims describe one strike, with its reasons."""
    if a.doc_id == b.doc_id:
        return Comparison(0.0, ("same document",), cannot=True)
    pa, pb = claim_place(a), claim_place(b)
    if pa is None or pb is None:
        return Comparison(0.0, ("no place",), cannot=True)
    weight = PRIOR
    reasons: list[str] = []
    w, why, cannot = _compare_dates(a, b, window_days=window_days)
    if cannot:
        return Comparison(0.0, (why,), cannot=True)
    weight += w
    reasons.append(why)
    w, why, cannot = _compare_places(pa, pb, distance_limit=distance_km_limit)
    if cannot:
        return Comparison(0.0, (why,), cannot=True)
    weight += w
    reasons.append(why)
    if a.target and b.target:
        w, why = compare_targets(a.target, b.target)
        weight += w
        reasons.append(why)
    if a.actor and b.actor and a.actor.basis == "named" and b.actor.basis == "named":
        same = a.actor.id == b.actor.id
        weight += 0.5 if same else -0.3
        reasons.append(f"same actor: {a.actor.id}" if same else f"different actors: {a.actor.id} vs {b.actor.id}")
    w, why = _compare_counts(a, b)
    if why:
        weight += w
        reasons.append(why)
    if a.weapon and b.weapon and a.weapon == b.weapon:
        weight += 0.3
        reasons.append(f"same weapon: {a.weapon}")
    return Comparison(weight, tuple(r for r in reasons if r))
