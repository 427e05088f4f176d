"""Blocking: which claim pairs are worth comparing, so linking cost stays near linear.

Claims are grouped by country, then by governorate (claims whose governorate is unknown join every
group of their country), then swept in date order: a pair is a candidate only when its date
ranges come within `window_days` of each other. Undated claims pair only with claims of the same
place name or placed close by (UNDATED_KM). Pairs never proposed here are treated as cannot-link by
clustering.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from civmon.link.compare import TOLERANCE_KM, claim_place, interval
from civmon.link.names import name_key, skeleton
from civmon.models import PRECISIONS, Claim

_UNKNOWN = ""
_ADMIN_PRECISIONS = frozenset({"subdistrict", "district", "governorate", "country"})


def _admin1_key(claim: Claim) -> str:
    place = claim_place(claim)
    if place is None or not place.admin1:
        return _UNKNOWN
    return name_key(place.admin1)


UNDATED_KM = 15.0
"""An undated claim is compared with claims of the same place name, or placed at a settlement or finer within
this distance (by coordinates): without a date only the place can narrow its candidates."""

_CELL_DEGREES = UNDATED_KM / 111.0


def _cell(claim: Claim) -> tuple[int, int] | None:
    """The grid cell (about UNDATED_KM wide) of a claim's settlement-or-finer place with coordinates."""
    place = claim_place(claim)
    if place is None or place.lat is None or place.lon is None or place.precision in _ADMIN_PRECISIONS:
        return None
    return int(math.floor(place.lat / _CELL_DEGREES)), int(math.floor(place.lon / _CELL_DEGREES))


def _lon_reach(lat: float | None) -> int:
    """How many grid cells east and west UNDATED_KM spans at a latitude (a degree of longitude shrinks by cos)."""
    shrink = max(math.cos(math.radians(min(abs(lat or 0.0) + _CELL_DEGREES, 89.0))), 0.05)
    return math.ceil(1.0 / shrink)


def _undated_close(a: Claim, b: Claim) -> bool:
    """Whether an undated claim (either) is worth comparing with another: the same place name (by skeleton), or
    both placed at a settlement or finer within UNDATED_KM of each other."""
    pa, pb = claim_place(a), claim_place(b)
    if pa is None or pb is None:
        return False
    if skeleton(pa.name) == skeleton(pb.name):
        return True
    if _cell(a) is None or _cell(b) is None:
        return False
    assert pa.lat is not None and pa.lon is not None and pb.lat is not None and pb.lon is not None
    return _km(pa.lat, pa.lon, pb.lat, pb.lon) <= UNDATED_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def candidate_pairs(claims: Sequence[Claim], *, window_days: int = 3) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of `claims` that blocking lets through, each once."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        place = claim_place(c)
        if c.kind == "incident" and place is not None:
            by_country[place.country].append(i)
    seen: set[tuple[int, int]] = set()
    for members in by_country.values():
        groups: dict[str, list[int]] = defaultdict(list)
        for i in members:
            groups[_admin1_key(claims[i])].append(i)
        unknown = groups.pop(_UNKNOWN, [])
        blocks = [g + unknown for g in groups.values()] or [unknown]
        for block in blocks:
            for pair in _sweep(claims, block, window_days=window_days):
                if pair not in seen:
                    seen.add(pair)
                    yield pair


def _sweep(claims: Sequence[Claim], block: list[int], *, window_days: int) -> Iterator[tuple[int, int]]:
    dated: list[tuple[date, date, int]] = []
    undated: list[int] = []
    by_name: dict[str, list[int]] = defaultdict(list)
    for i in block:
        place = claim_place(claims[i])
        if place is not None:
            by_name[skeleton(place.name)].append(i)
        span = interval(claims[i])
        if span is None:
            undated.append(i)
        else:
            dated.append((span[0], span[1], i))
    dated.sort()
    slack = timedelta(days=window_days)
    active: list[tuple[date, int]] = []  # (latest, index) of ranges that may still meet later ones
    for lo, hi, i in dated:
        active = [(h, j) for h, j in active if h + slack >= lo]
        for _, j in active:
            yield (min(i, j), max(i, j))
        active.append((hi, i))
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in block:
        cell = _cell(claims[i])
        if cell is not None:
            cells[cell].append(i)
    done: set[tuple[int, int]] = set()
    for i in undated:
        place = claim_place(claims[i])
        assert place is not None
        near = list(by_name[skeleton(place.name)])
        cell = _cell(claims[i])
        if cell is not None:
            reach = _lon_reach(place.lat)
            near += [j for dx in (-1, 0, 1) for dy in range(-reach, reach + 1)
                     for j in cells.get((cell[0] + dx, cell[1] + dy), ())]
        for j in near:
            pair = (min(i, j), max(i, j))
            if j != i and pair not in done and _undated_close(claims[i], claims[j]):
                done.add(pair)
                yield pair


def pairs_touching(claims: Sequence[Claim], first: int, *, window_days: int = 3) -> list[tuple[int, int]]:
    """The pairs of `candidate_pairs` (i < j) with i < `first`, found directly (cheap when `first` is small)."""
    info: list[tuple[str, str, tuple[date, date] | None] | None] = []
    for c in claims:
        place = claim_place(c)
        if c.kind != "incident" or place is None:
            info.append(None)
            continue
        info.append((place.country, _admin1_key(c), interval(c)))
    groups: dict[str, set[str]] = defaultdict(set)
    for item in info:
        if item is not None and item[1] != _UNKNOWN:
            groups[item[0]].add(item[1])
    slack = timedelta(days=window_days)
    out: list[tuple[int, int]] = []
    for i in range(min(first, len(claims))):
        a = info[i]
        if a is None:
            continue
        for j in range(i + 1, len(claims)):
            b = info[j]
            if b is None or a[0] != b[0] or (a[1] != b[1] and a[1] != _UNKNOWN and b[1] != _UNKNOWN):
                continue
            if a[2] is None or b[2] is None:
                if _undated_close(claims[i], claims[j]):
                    out.append((i, j))
            elif a[2][1] + slack >= b[2][0] and b[2][1] + slack >= a[2][0]:
                out.append((i, j))
    return out


WIDTH_CLASSES: tuple[int, ...] = (7, 31, 366)
"""Upper bounds (days) of the width classes a stored claim's date range is filed under; wider ranges go in a
last class. A store query for one class can then bound the range's first day from below as well."""


@dataclass(frozen=True, slots=True)
class BlockKey:
    """Where a claim sits for blocking: country, governorate key ('' unknown), its days (interval ordinals), and
    its spot (coordinates in degrees, precision rank, 'near') for the one place rule checked before comparing."""

    claim_id: str
    country: str
    area: str
    lo: int
    hi: int
    lat: float | None = None
    lon: float | None = None
    rank: int = len(PRECISIONS) - 1
    near: bool = False

    @property
    def width_class(self) -> int:
        """The index of the first WIDTH_CLASSES bound the range fits in (len(WIDTH_CLASSES) when wider)."""
        width = self.hi - self.lo
        return next((k for k, bound in enumerate(WIDTH_CLASSES) if width <= bound), len(WIDTH_CLASSES))


UNDATED_LO, UNDATED_HI = date(1900, 1, 1).toordinal(), date(2200, 12, 31).toordinal()
"""The days an undated claim is filed under: any day (a web page often gives no date at all). Such a key sits
in the last width class, so every dated claim of its country and governorate finds it, and it finds them."""


def block_key(claim: Claim) -> BlockKey | None:
    """A claim's blocking key, or None when it never pairs (not an incident, or no place). An undated claim
    covers every day (UNDATED_LO..UNDATED_HI): it may be any strike at its place, and comparison decides."""
    place = claim_place(claim)
    if claim.kind != "incident" or place is None:
        return None
    span = interval(claim)
    lo, hi = (span[0].toordinal(), span[1].toordinal()) if span is not None else (UNDATED_LO, UNDATED_HI)
    rank = PRECISIONS.index(place.precision) if place.precision in PRECISIONS else len(PRECISIONS) - 1
    # A place the gazetteer lacks carries an enclosing unit's coordinates: filed as 'near', so the store's distance
    # filter (far_apart) keeps what civmon.link.compare may still link by name (see compare.approximate).
    near = place.near or place.gazetteer_id is None
    return BlockKey(claim.claim_id, place.country, _admin1_key(claim), lo, hi, place.lat, place.lon, rank, near)


def far_apart(a: BlockKey, b: BlockKey, *, distance_km: float) -> bool:
    """True only when civmon.link.compare would call two claims' places a cannot-link by distance alone: both
    placed at a settlement or finer, with coordinates further apart than the limit and twice the coarser tolerance
    (doubled again when either is 'near', as block_key files places the gazetteer lacks)."""
    coarse = PRECISIONS[max(a.rank, b.rank)]
    if coarse in _ADMIN_PRECISIONS or a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    tol = TOLERANCE_KM.get(coarse, 12.0) * (2.0 if a.near or b.near else 1.0)
    return _km(a.lat, a.lon, b.lat, b.lon) > max(distance_km, 2 * tol)
