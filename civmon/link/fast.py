"""Linking at scale: the same blocking, evidence and clustering as the scalar path, vectorised with numpy.

Claims become columns (dates as day numbers, interned name keys, coordinates, counts); candidate
pairs come from one sorted sweep per block (country x governorate, by first day); every pair's
log-odds weight and cannot-link flag are computed as arrays, by the rules of civmon.link.compare
(tests check the two agree). Clustering runs per connected component of the positive pairs: with a
non-negative threshold, average linkage can only ever join claims such a path connects, so the
components are independent problems, most of them of one, two or three claims.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from civmon.link.cluster import PairEvidence, average_linkage
from civmon.link.compare import (
    ADMIN_INSIDE,
    ADMIN_SAME,
    AFTER_REPORT,
    COUNT_SLACK,
    DIFFUSE_DIFF,
    DIFFUSE_SAME,
    DIFFUSE_TARGETS,
    FAR_DAYS,
    NEXT_DAY,
    PRIOR,
    REPORT_SLACK_DAYS,
    SAME_DAY,
    TARGET_DIFF,
    TARGET_SAME,
    TOLERANCE_KM,
    claim_place,
    headline,
    interval,
)
from civmon.link.names import name_key, skeleton
from civmon.models import PRECISIONS, Claim, Place

_FINE = ("exact", "street", "landmark", "neighbourhood")
_SETTLEMENT = ("village", "town", "city")
_ADMIN = ("subdistrict", "district", "governorate", "country")
_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_UNKNOWN_RANK = len(PRECISIONS) - 1


class _Interner:
    """Strings to small ints (-1 for None/empty)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if not value:
            return -1
        got = self.ids.get(value)
        if got is None:
            got = self.ids[value] = len(self.ids)
        return got


@dataclass(slots=True)
class Columns:
    """One array per claim feature the comparison reads (numpy arrays; see `columns`)."""

    n: int
    ok: Any  # bool: an incident claim with a place and a date (the fast path's domain)
    doc: Any
    country: Any
    admin1: Any  # name-key id of the governorate (-1 unknown)
    admin1_skel: Any
    admin1_len: Any
    admin2: Any
    admin2_skel: Any
    admin2_len: Any
    name: Any
    name_skel: Any
    name_len: Any
    rank: Any
    near: Any
    resolved: Any  # bool: the place has a gazetteer id
    gaz: Any  # interned gazetteer id (-1 when unresolved)
    lat: Any  # radians, nan when unknown
    lon: Any
    lo: Any  # interval() in day numbers
    hi: Any
    day_precise: Any
    report: Any  # the date is a report date (on or before)
    target: Any
    diffuse: Any  # bool: the target is one of compare.DIFFUSE_TARGETS
    actor: Any  # -1 unless named
    weapon: Any
    c_lo: Any  # headline count bounds (-1 when none)
    c_hi: Any
    c_open: Any


def columns(claims: Sequence[Claim]) -> Columns:
    """The claims as feature columns."""
    import numpy as np

    n = len(claims)
    docs, countries, keys, skels, words = _Interner(), _Interner(), _Interner(), _Interner(), _Interner()
    gazetteer: dict[str, int] = {}
    cols: dict[str, list[Any]] = {k: [] for k in (
        "ok", "doc", "country", "admin1", "admin1_skel", "admin1_len", "admin2", "admin2_skel", "admin2_len",
        "name", "name_skel", "name_len", "rank", "near", "resolved", "gaz", "lat", "lon", "lo", "hi", "day_precise", "report",
        "target", "diffuse", "actor", "weapon", "c_lo", "c_hi", "c_open")}

    place_cache: dict[Place, tuple[Any, ...]] = {}
    place_keys = ("country", "admin1", "admin1_skel", "admin1_len", "admin2", "admin2_skel", "admin2_len", "name",
                  "name_skel", "name_len", "rank", "near", "resolved", "gaz", "lat", "lon")

    def name_cols(value: str | None) -> tuple[int, int, int]:
        key = name_key(value) if value else ""
        return keys(key), (skels(skeleton(value)) if key and value else -1), len(key)

    def place_cols(p: Place | None) -> tuple[Any, ...]:
        if p is None:
            return (-1, -1, -1, 0, -1, -1, 0, -1, -1, 0, _UNKNOWN_RANK, False, False, -1, math.nan, math.nan)
        got = place_cache.get(p)
        if got is None:
            has_xy = p.lat is not None and p.lon is not None
            got = place_cache[p] = (
                countries(p.country), *name_cols(p.admin1), *name_cols(p.admin2), *name_cols(p.name),
                _RANK.get(p.precision, _UNKNOWN_RANK), p.near, p.gazetteer_id is not None,
                -1 if p.gazetteer_id is None else gazetteer.setdefault(p.gazetteer_id, len(gazetteer)),
                math.radians(p.lat) if has_xy and p.lat is not None else math.nan,
                math.radians(p.lon) if has_xy and p.lon is not None else math.nan)
        return got

    for c in claims:
        p = claim_place(c)
        span = interval(c)
        cols["ok"].append(c.kind == "incident" and p is not None and span is not None)
        cols["doc"].append(docs(c.doc_id))
        for k, v in zip(place_keys, place_cols(p), strict=True):
            cols[k].append(v)
        cols["lo"].append(span[0].toordinal() if span else 0)
        cols["hi"].append(span[1].toordinal() if span else 0)
        cols["day_precise"].append(c.date is not None and c.date.basis == "event" and c.date.days == 1)
        cols["report"].append(c.date is not None and c.date.basis == "report")
        cols["target"].append(words(c.target))
        cols["diffuse"].append(c.target in DIFFUSE_TARGETS)
        cols["actor"].append(words(c.actor.id) if c.actor and c.actor.basis == "named" else -1)
        cols["weapon"].append(words(c.weapon))
        h = headline(c)
        lo = hi = -1
        if h is not None:
            b_lo = h.min if h.min is not None else h.max
            b_hi = h.top if h.top is not None else b_lo
            if b_lo is not None and b_hi is not None:
                lo, hi = b_lo, b_hi
        cols["c_lo"].append(lo)
        cols["c_hi"].append(hi)
        cols["c_open"].append(bool(h is not None and h.is_open))
    floats = {"lat", "lon"}
    bools = {"ok", "near", "resolved", "day_precise", "report", "diffuse", "c_open"}
    arrays = {k: np.array(v, dtype=np.float64 if k in floats else bool if k in bools else np.int64)
              for k, v in cols.items()}
    return Columns(n=n, **arrays)


def candidate_pairs(col: Columns, *, window_days: int, only_first: int | None = None,
                    mask: Any = None) -> tuple[Any, Any]:
    """Blocked pairs (i < j) as two index arrays: same country, same governorate (unknown joins all), dates
    within `window_days`. With `only_first`, only pairs with i < only_first (at least one new claim); with
    `mask`, only among the claims it marks."""
    import numpy as np

    idx = np.flatnonzero(col.ok if mask is None else col.ok & mask)
    if idx.size < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    country, admin = col.country[idx], col.admin1[idx]
    known = admin >= 0
    # Blocks: (country, governorate); a claim with no governorate joins every block of its country.
    block_of = country * (int(col.admin1.max()) + 2) + (admin + 1)
    entries_i = [idx[known]]
    entries_b = [block_of[known]]
    if not known.all():
        unk = idx[~known]
        unk_country = col.country[unk]
        blocks = np.unique(np.stack([country[known], block_of[known]], axis=1), axis=0) if known.any() else (
            np.zeros((0, 2), dtype=np.int64))
        for c in np.unique(unk_country):
            members = unk[unk_country == c]
            own = blocks[blocks[:, 0] == c, 1]
            if own.size == 0:
                own = np.array([int(c) * (int(col.admin1.max()) + 2)])
            entries_i.append(np.repeat(members, own.size))
            entries_b.append(np.tile(own, members.size))
    ent = np.concatenate(entries_i)
    blk = np.concatenate(entries_b)
    lo, hi = col.lo[ent], col.hi[ent]
    span = int(max(col.hi.max() - col.lo.min(), 0)) + 4 * window_days + 10
    key = blk * span + (lo - int(col.lo.min()))
    order = np.argsort(key, kind="stable")
    ent, key, blk, hi = ent[order], key[order], blk[order], hi[order]
    reach = blk * span + (hi + window_days - int(col.lo.min()))
    end = np.searchsorted(key, reach, side="right")
    pos = np.arange(ent.size)
    counts = np.maximum(end - pos - 1, 0)
    total = int(counts.sum())
    first = np.repeat(pos, counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    second = first + 1 + (np.arange(total) - starts)
    a, b = ent[first], ent[second]
    i, j = np.minimum(a, b), np.maximum(a, b)
    keep = i != j
    i, j = i[keep], j[keep]
    if only_first is not None:
        keep = i < only_first
        i, j = i[keep], j[keep]
    if not known.all():
        code = np.unique(i * col.n + j)
        i, j = code // col.n, code % col.n
    return i, j


np: Any = None


def _np() -> Any:
    global np
    if np is None:
        import numpy

        np = numpy
    return np


class _Gathered:
    """The columns of `col` at the indices `idx`, gathered once each on first use."""

    def __init__(self, col: Columns, idx: Any) -> None:
        self._col, self._idx = col, idx
        self._got: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        got = self._got.get(name)
        if got is None:
            got = self._got[name] = getattr(self._col, name)[self._idx]
        return got


def _same_g(x: _Gathered, y: _Gathered, key: str) -> Any:
    """same_name over gathered interned keys: equal key, or equal skeleton when both keys have 5+ letters."""
    kx, ky = getattr(x, key), getattr(y, key)
    sx, sy = getattr(x, f"{key}_skel"), getattr(y, f"{key}_skel")
    lx, ly = getattr(x, f"{key}_len"), getattr(y, f"{key}_len")
    return (kx >= 0) & (ky >= 0) & ((kx == ky) | ((np.minimum(lx, ly) >= 5) & (sx == sy)))


def evidence(col: Columns, i: Any, j: Any, *, window_days: int, distance_km: float) -> tuple[Any, Any]:
    """Log-odds weights and cannot-link flags of pairs (i, j), by the rules of civmon.link.compare."""
    _np()
    m = i.size
    gi, gj = _Gathered(col, i), _Gathered(col, j)
    weight = np.full(m, PRIOR)
    cannot = gi.doc == gj.doc
    # Dates.
    gap = np.maximum(np.maximum(gi.lo, gj.lo) - np.minimum(gi.hi, gj.hi), 0)
    width = np.maximum(gi.hi - gi.lo, gj.hi - gj.lo) + 1
    both_day = gi.day_precise & gj.day_precise
    w_date = np.where(both_day, SAME_DAY, np.where(width <= REPORT_SLACK_DAYS + 1, 1.0, np.where(width <= 10, 0.5, 0.2)))
    w_date = np.where(gap == 0, w_date, np.where(gap == 1, np.where(gi.report | gj.report, AFTER_REPORT, NEXT_DAY), FAR_DAYS))
    cannot |= gap > window_days
    weight += w_date
    # Places: a is the finer of the two.
    swap = gi.rank > gj.rank
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    ga, gb = _Gathered(col, a), _Gathered(col, b)
    cannot |= ga.country != gb.country
    both_adm1 = (ga.admin1 >= 0) & (gb.admin1 >= 0)
    cannot |= both_adm1 & ~_same_g(ga, gb, "admin1")
    ra, rb = ga.rank, gb.rank
    fine = np.array([_RANK[p] for p in _FINE])
    settle = np.array([_RANK[p] for p in _SETTLEMENT])
    a_fine, b_fine = np.isin(ra, fine), np.isin(rb, fine)
    a_settle, b_settle = np.isin(ra, settle), np.isin(rb, settle)
    coarse_admin = rb >= _RANK["subdistrict"]
    named_same = _same_g(ga, gb, "name")
    # A place the gazetteer lacks carries an enclosing unit's coordinates: 'near' a resolved one of its name
    # (compare.approximate).
    near = ga.near | gb.near | (named_same & (ga.resolved != gb.resolved))
    # Two settlements found in the gazetteer as different entries: no distance evidence (compare.two_settlements).
    ts = a_settle & b_settle & ga.resolved & gb.resolved & (ga.gaz != gb.gaz)
    # Admin-precision coarse place.
    is_country = rb == _RANK["country"]
    same_admin_name = named_same & (ra == rb)
    gov = rb == _RANK["governorate"]
    inner_1 = ga.admin1 >= 0
    inner_2 = ga.admin2 >= 0


    def cross(kc: str, kf: str) -> Any:
        """same_name(coarse.kc, fine.kf) over mixed columns, by comparing raw keys/skeletons."""
        kc_key, kc_sk, kc_ln = getattr(gb, kc), getattr(gb, f"{kc}_skel"), getattr(gb, f"{kc}_len")
        kf_key, kf_sk, kf_ln = getattr(ga, kf), getattr(ga, f"{kf}_skel"), getattr(ga, f"{kf}_len")
        return (kc_key >= 0) & (kf_key >= 0) & ((kc_key == kf_key) | ((np.minimum(kc_ln, kf_ln) >= 5)
                                                                      & (kc_sk == kf_sk)))

    inside = np.zeros(m, dtype=bool)
    for kc in ("name", "admin2", "admin1"):
        for kf in ("admin1", "admin2"):
            hit = cross(kc, kf)
            if kc == "admin2":
                hit &= ~gov
            inside |= hit
    inside &= inner_1 | inner_2
    w_admin = np.where(is_country, 0.0, np.where(same_admin_name, ADMIN_SAME, np.where(inside, ADMIN_INSIDE, 0.0)))
    # Settlement or finer coarse place.
    dlat, dlon = gb.lat - ga.lat, gb.lon - ga.lon
    h = np.sin(dlat / 2) ** 2 + np.cos(ga.lat) * np.cos(gb.lat) * np.sin(dlon / 2) ** 2
    d = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    has_d = ~np.isnan(d)
    tol_by_rank = np.array([TOLERANCE_KM.get(p, 12.0) for p in PRECISIONS])
    tol = tol_by_rank[rb] * np.where(near, 2.0, 1.0)
    spot = ~coarse_admin
    c_far = has_d & (d > np.maximum(distance_km, 2 * tol))
    c_adm2 = (ga.admin2 >= 0) & (gb.admin2 >= 0) & ~_same_g(ga, gb, "admin2")
    close = ~has_d | (d <= tol)
    same_spot = named_same & ((ra == rb) | close)
    w_same = np.where(a_fine | (ra == _RANK["village"]), 3.0, 1.5)
    apart = ~has_d | (d > tol)  # compare: `d is None or d > tol` (no distance cannot show two places are one)
    c_fine = a_fine & b_fine & ~near & apart
    c_settle = a_settle & b_settle & ~near & apart
    fineness = np.where(b_fine, 1.0, np.where(rb == _RANK["village"], 0.6, 0.4))
    with np.errstate(invalid="ignore", divide="ignore"):
        w_dist = np.where(has_d & (d <= tol), 0.5 + 2.0 * fineness * (1.0 - d / tol), -1.0)
    same_adm2 = (ga.admin2 >= 0) & (gb.admin2 >= 0) & _same_g(ga, gb, "admin2")
    in_city = a_fine & b_settle & cross("name", "admin2")
    w_spot = np.where(same_spot, w_same, np.where(ts, 0.0, np.where(
        has_d, w_dist, np.where(in_city, 1.0, np.where(same_adm2, 0.3, 0.0)))))
    spot_cannot = c_far | (~c_far & c_adm2) | (~c_far & ~c_adm2 & ~same_spot & (c_fine | c_settle))
    cannot |= spot & spot_cannot
    weight += np.where(spot, w_spot, w_admin)
    # Target, actor, counts, weapon.
    tt = (gi.target >= 0) & (gj.target >= 0)
    diffuse = gi.diffuse | gj.diffuse  # compare.compare_targets: diffuse targets weigh less either way
    w_target = np.where(gi.target == gj.target, np.where(diffuse, DIFFUSE_SAME, TARGET_SAME),
                        np.where(diffuse, DIFFUSE_DIFF, TARGET_DIFF))
    weight += np.where(tt, w_target, 0.0)
    aa = (gi.actor >= 0) & (gj.actor >= 0)
    weight += np.where(aa, np.where(gi.actor == gj.actor, 0.5, -0.3), 0.0)
    has = (gi.c_lo >= 0) & (gj.c_lo >= 0)
    la, ha, lb, hb = gi.c_lo, gi.c_hi, gj.c_lo, gj.c_hi
    cgap = np.maximum(la, lb) - np.minimum(ha, hb)
    big = np.maximum(ha, hb)
    slack = np.maximum(1.0, COUNT_SLACK * big)
    opened = (gi.c_open & (hb >= la)) | (gj.c_open & (ha >= lb))
    w_open = np.where(cgap > slack, 0.5, 1.0)
    w_close = np.where(big >= 5, 1.5, 0.7)
    w_far = np.where((big >= 2 * np.maximum(np.minimum(ha, hb), 1)) & (cgap >= 3), -1.5, -0.5)
    weight += np.where(has, np.where(opened, w_open, np.where(cgap <= slack, w_close, w_far)), 0.0)
    ww = (gi.weapon >= 0) & (gi.weapon == gj.weapon)
    weight += np.where(ww, 0.3, 0.0)
    return weight, cannot


def scored_pairs(col: Columns, *, window_days: int, distance_km: float, only_first: int | None = None,
                 chunk: int = 500_000) -> tuple[Any, Any, Any, Any]:
    """Every blocked pair with its weight and cannot-link flag, country by country and in chunks (compact dtypes)."""
    _np()
    parts: list[tuple[Any, Any, Any, Any]] = []
    for country in np.unique(col.country[col.ok]):
        i, j = candidate_pairs(col, window_days=window_days, only_first=only_first, mask=col.country == country)
        for s in range(0, i.size, chunk):
            ci, cj = i[s:s + chunk], j[s:s + chunk]
            w, c = evidence(col, ci, cj, window_days=window_days, distance_km=distance_km)
            parts.append((ci.astype(np.int32), cj.astype(np.int32), w, c))
    if not parts:
        e = np.zeros(0, dtype=np.int32)
        return e, e, np.zeros(0), np.zeros(0, dtype=bool)
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(4))


def components(n: int, i: Any, j: Any) -> Any:
    """Connected-component labels (the smallest member index) of the graph with edges (i, j)."""
    _np()
    labels = np.arange(n)
    if i.size == 0:
        return labels
    while True:
        m = np.minimum(labels[i], labels[j])
        before = labels.copy()
        np.minimum.at(labels, i, m)
        np.minimum.at(labels, j, m)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels


def cluster_pairs(n: int, i: Any, j: Any, weight: Any, cannot: Any, *, groups: Sequence[Sequence[int]] = (),
                  threshold: float = 0.0) -> list[list[int]]:
    """Average-linkage clusters of nodes 0..n-1, solved per component of the positive, allowed pairs
    (exact for threshold >= 0: a merge needs one such pair across)."""
    _np()
    if threshold < 0:
        raise ValueError("the component decomposition needs a threshold >= 0")
    group_of = np.full(n, -1)
    gi: list[int] = []
    gj: list[int] = []
    for k, g in enumerate(groups):
        group_of[list(g)] = k
        gi += [g[0]] * (len(g) - 1)
        gj += list(g[1:])
    pos = ~cannot & (weight > threshold)
    ei = np.concatenate([i[pos], np.array(gi, dtype=np.int64)])
    ej = np.concatenate([j[pos], np.array(gj, dtype=np.int64)])
    labels = components(n, ei, ej)
    sizes = np.bincount(labels, minlength=n)
    out: list[list[int]] = [[int(x)] for x in np.flatnonzero(sizes[labels] == 1)]
    pair_comp = labels[i]
    inside = (labels[j] == pair_comp) & (sizes[pair_comp] > 1)
    pi, pj, pw, pc, pl = i[inside], j[inside], weight[inside], cannot[inside], pair_comp[inside]
    order = np.argsort(pl, kind="stable")
    pi, pj, pw, pc, pl = pi[order], pj[order], pw[order], pc[order], pl[order]
    multi = np.flatnonzero(sizes > 1)
    node_order = np.argsort(labels, kind="stable")
    node_lab = labels[node_order]
    node_bounds = np.searchsorted(node_lab, multi), np.searchsorted(node_lab, multi, side="right")
    pair_bounds = np.searchsorted(pl, multi), np.searchsorted(pl, multi, side="right")
    good = np.concatenate([[0], np.cumsum((pw > threshold) & ~pc)])
    good_in = good[pair_bounds[1]] - good[pair_bounds[0]]
    grouped = np.bincount(labels[group_of >= 0], minlength=n)[multi] if groups else np.zeros(multi.size, dtype=int)
    m_of = sizes[multi]
    clique = (good_in == m_of * (m_of - 1) // 2) & (grouped == 0)
    for k in range(multi.size):
        nodes = node_order[node_bounds[0][k]:node_bounds[1][k]].tolist()
        s, e = pair_bounds[0][k], pair_bounds[1][k]
        if clique[k]:
            out.append(nodes)  # every pair compared, allowed and positive: average linkage joins them all
            continue
        local = {v: t for t, v in enumerate(nodes)}
        ev = {(local[int(x)], local[int(y)]): PairEvidence(float(w), bool(c))
              for x, y, w, c in zip(pi[s:e].tolist(), pj[s:e].tolist(), pw[s:e].tolist(), pc[s:e].tolist(),
                                    strict=True)}
        local_groups: dict[int, list[int]] = {}
        for v in nodes:
            if group_of[v] >= 0:
                local_groups.setdefault(int(group_of[v]), []).append(local[v])
        for part in average_linkage(len(nodes), ev, groups=list(local_groups.values()), threshold=threshold):
            out.append([nodes[t] for t in part])
    return out
