"""The SQL path for series: an `incident_facts` table kept beside the store's incidents, summed with GROUP BY.

`refresh_facts` brings the table up to date from the incidents saved since the last refresh (a
watermark on `incidents.updated_at`); `sql_series` returns exactly what `civmon.stats.series` returns
over the same incidents (the tests check this), in one GROUP BY over indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from civmon.models import GRADES, LIKELY_GRADES
from civmon.stats.figures import COLUMNS, IncidentFacts, empty_bucket, facts_of
from civmon.stats.periods import check_period, period_key, periods_between
from civmon.store import Store, codec
from civmon.store.schema import incidents

metadata = MetaData()
VALUE_COLUMNS: tuple[str, ...] = COLUMNS[1:]

incident_facts = Table(
    "incident_facts", metadata,
    Column("code", String(40), primary_key=True),
    Column("day", String(10), nullable=False),
    Column("week", String(8), nullable=False),
    Column("month", String(7), nullable=False),
    Column("year", String(4), nullable=False),
    Column("country", String(8), nullable=False),
    Column("admin1", String(200), nullable=True),
    Column("admin1_key", String(200), nullable=False),
    Column("grade", String(20), nullable=False),
    *(Column(name, Integer, nullable=False) for name in VALUE_COLUMNS),
    Index("ix_incident_facts_month_grade", "month", "grade"),
    Index("ix_incident_facts_country_month", "country", "month"),
    Index("ix_incident_facts_day", "day"),
)

incident_fact_belligerents = Table(
    "incident_fact_belligerents", metadata,
    Column("belligerent", String(100), nullable=False),
    Column("code", String(40), nullable=False),
    PrimaryKeyConstraint("belligerent", "code"),
    Index("ix_incident_fact_belligerents_code", "code"),
)



@dataclass(frozen=True, slots=True)
class Totals:
    """A table of sums kept beside the facts: grouped by `extra` (a belligerent, an admin-1 area or nothing),
    a day or a month, country and grade. Each row also keeps the first and last day it covers."""

    table: Table
    extra: str | None
    daily: bool


def _totals(name: str, *, extra: str | None, daily: bool) -> Totals:
    time_cols = ("day", "week", "month", "year") if daily else ("month", "year")
    sizes = {"day": 10, "week": 8, "month": 7, "year": 4, "belligerent": 100, "admin1_key": 200}
    key = [*((extra,) if extra else ()), time_cols[0], "country", "grade"]
    table = Table(
        name, metadata,
        *((Column(extra, String(sizes[extra]), nullable=False),) if extra else ()),
        *(Column(c, String(sizes[c]), nullable=False) for c in time_cols),
        Column("country", String(8), nullable=False),
        Column("grade", String(20), nullable=False),
        Column("first_day", String(10), nullable=False),
        Column("last_day", String(10), nullable=False),
        Column("incidents", Integer, nullable=False),
        *(Column(n, Integer, nullable=False) for n in VALUE_COLUMNS),
        PrimaryKeyConstraint(*key),
    )
    return Totals(table, extra, daily)


TOTALS: tuple[Totals, ...] = (
    _totals("incident_daily_totals", extra=None, daily=True),
    _totals("incident_daily_belligerent_totals", extra="belligerent", daily=True),
    _totals("incident_monthly_totals", extra=None, daily=False),
    _totals("incident_monthly_belligerent_totals", extra="belligerent", daily=False),
    _totals("incident_monthly_admin1_totals", extra="admin1_key", daily=False),
)
"""Every incident counts once in a table without `extra`, once per belligerent (rolled up) in the belligerent
tables; unfiltered, belligerent and admin-1 series read these instead of the facts rows."""

facts_meta = Table(
    "incident_facts_meta", metadata,
    Column("name", String(100), primary_key=True),
    Column("value", String(100), nullable=False),
)

_WATERMARK = "updated_at_watermark"
_BATCH = 500


def ensure_tables(conn: Connection) -> None:
    """Create the facts tables when missing (idempotent)."""
    metadata.create_all(conn, checkfirst=True)


def admin1_key(name: str | None) -> str:
    """The admin-1 name as filters compare it (casefolded; '' when unknown)."""
    return (name or "").casefold()


def fact_row(f: IncidentFacts) -> dict[str, Any]:
    """The `incident_facts` row of one incident's facts (dated incidents only)."""
    assert f.day is not None
    row: dict[str, Any] = {
        "code": f.code, "day": f.day.isoformat(), "week": period_key(f.day, "week"),
        "month": period_key(f.day, "month"), "year": period_key(f.day, "year"), "country": f.country,
        "admin1": f.admin1, "admin1_key": admin1_key(f.admin1), "grade": f.grade,
    }
    row.update(zip(VALUE_COLUMNS, f.values, strict=True))
    return row


_Contribution = tuple[dict[str, Any], tuple[str, ...]]
"""A facts row and its belligerents: what one incident adds to the totals tables."""


def _stored(conn: Connection, codes: list[str]) -> list[_Contribution]:
    """The facts rows (and belligerents) stored for these codes."""
    out: list[_Contribution] = []
    for i in range(0, len(codes), _BATCH):
        part = codes[i:i + _BATCH]
        who: dict[str, list[str]] = {}
        for code, b in conn.execute(select(incident_fact_belligerents.c.code, incident_fact_belligerents.c.belligerent)
                                    .where(incident_fact_belligerents.c.code.in_(part))):
            who.setdefault(code, []).append(b)
        for r in conn.execute(select(incident_facts).where(incident_facts.c.code.in_(part))).mappings():
            out.append((dict(r), tuple(who.get(r["code"], ()))))
    return out


def _remove(conn: Connection, codes: list[str]) -> list[_Contribution]:
    """Delete the facts of these codes; returns what they had added to the totals tables."""
    old = _stored(conn, codes)
    for i in range(0, len(codes), _BATCH):
        part = codes[i:i + _BATCH]
        conn.execute(delete(incident_facts).where(incident_facts.c.code.in_(part)))
        conn.execute(delete(incident_fact_belligerents).where(incident_fact_belligerents.c.code.in_(part)))
    return old


def _month_bounds(month: str) -> tuple[str, str]:
    first = date.fromisoformat(f"{month}-01")
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first.isoformat(), (nxt - timedelta(days=1)).isoformat()


def _keys(totals: Totals, row: dict[str, Any], who: tuple[str, ...]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """(key, static columns) of each row of `totals` that one incident adds to."""
    if totals.daily:
        static = {"day": row["day"], "week": row["week"], "month": row["month"], "year": row["year"],
                  "first_day": row["day"], "last_day": row["day"]}
        when = row["day"]
    else:
        first, last = _month_bounds(row["month"])
        static = {"month": row["month"], "year": row["year"], "first_day": first, "last_day": last}
        when = row["month"]
    base = {**static, "country": row["country"], "grade": row["grade"]}
    if totals.extra is None:
        return [((when, row["country"], row["grade"]), base)]
    values = who if totals.extra == "belligerent" else (row["admin1_key"],)
    return [((v, when, row["country"], row["grade"]), {**base, totals.extra: v}) for v in values]


def _upsert(conn: Connection, t: Table, changed: dict[tuple[Any, ...], list[int]],
            statics: dict[tuple[Any, ...], dict[str, Any]]) -> None:
    """Add each delta to its row (creating it), then drop rows left with no incidents."""
    names = ["incidents", *VALUE_COLUMNS]
    key_cols = list(t.primary_key.columns)
    rows = [{**statics[k], **dict(zip(names, d, strict=True))} for k, d in changed.items()]
    dialect = conn.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        lite = sqlite_insert(t)
        conn.execute(lite.on_conflict_do_update(
            index_elements=key_cols, set_={n: t.c[n] + lite.excluded[n] for n in names}), rows)
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(t)
        conn.execute(pg.on_conflict_do_update(
            index_elements=key_cols, set_={n: t.c[n] + pg.excluded[n] for n in names}), rows)
    else:  # portable: one UPDATE per key, INSERT where there was no row
        for k, d in changed.items():
            match = [c == v for c, v in zip(key_cols, k, strict=True)]
            if conn.execute(update(t).where(*match).values(
                    **{n: t.c[n] + x for n, x in zip(names, d, strict=True)})).rowcount == 0:
                conn.execute(insert(t).values(**statics[k], **dict(zip(names, d, strict=True))))
    gone = [{f"k{i}": v for i, v in enumerate(k)} for k, d in changed.items() if d[0] < 0]
    if gone:
        conn.execute(delete(t).where(*(c == bindparam(f"k{i}") for i, c in enumerate(key_cols)),
                                     t.c.incidents <= 0), gone)


def _apply_deltas(conn: Connection, old: list[_Contribution], new: list[_Contribution]) -> None:
    """Subtract what replaced incidents had added to every totals table and add what they add now."""
    for totals in TOTALS:
        t = totals.table
        deltas: dict[tuple[Any, ...], list[int]] = {}
        statics: dict[tuple[Any, ...], dict[str, Any]] = {}
        for sign, contributions in ((-1, old), (1, new)):
            for row, who in contributions:
                for key, static in _keys(totals, row, who):
                    d = deltas.setdefault(key, [0] * (1 + len(VALUE_COLUMNS)))
                    statics.setdefault(key, static)
                    d[0] += sign
                    for i, name in enumerate(VALUE_COLUMNS, start=1):
                        d[i] += sign * int(row[name])
        changed = {k: d for k, d in deltas.items() if any(d)}
        if changed:
            _upsert(conn, t, changed, statics)


def _rebuild(conn: Connection, totals: Totals, *, days: list[str], months: list[str]) -> None:
    f, fb = incident_facts.c, incident_fact_belligerents.c
    t = totals.table
    time_cols = [f.day, f.week, f.month, f.year] if totals.daily else [f.month, f.year]
    keys = [*([fb.belligerent] if totals.extra == "belligerent" else []),
            *([f.admin1_key] if totals.extra == "admin1_key" else []), *time_cols, f.country, f.grade]
    sums = [func.min(f.day), func.max(f.day), func.count(), *(func.sum(f[n]) for n in VALUE_COLUMNS)]
    src = select(*keys, *sums)
    if totals.extra == "belligerent":
        src = src.join_from(incident_facts, incident_fact_belligerents, fb.code == f.code)
    where_col, values, mine = (f.day, days, t.c.day) if totals.daily else (f.month, months, t.c.month)
    for i in range(0, len(values), _BATCH):
        part = values[i:i + _BATCH]
        conn.execute(delete(t).where(mine.in_(part)))
        conn.execute(insert(t).from_select([c.name for c in t.columns],
                                           src.where(where_col.in_(part)).group_by(*keys)))


def reaggregate(conn: Connection, days: Iterable[str]) -> None:
    """Recompute the totals tables over these days (and their months) from the facts rows."""
    ordered = sorted(set(days))
    months = sorted({d[:7] for d in ordered})
    for totals in TOTALS:
        _rebuild(conn, totals, days=ordered, months=months)


def write_facts(conn: Connection, facts: Iterable[IncidentFacts], *, aggregate: bool = True) -> set[str]:
    """Insert or replace facts rows and update the totals tables by the difference; returns the days touched.

    Undated incidents are left out of series, so they are not stored. With `aggregate` False (bulk
    loads) the totals tables are left alone and the caller runs `reaggregate` over the returned days.
    """
    rows: list[dict[str, Any]] = []
    who: list[dict[str, str]] = []
    codes: list[str] = []
    for f in facts:
        codes.append(f.code)
        if f.day is None:
            continue
        rows.append(fact_row(f))
        who.extend({"belligerent": b, "code": f.code} for b in f.belligerents)
    old = _remove(conn, codes)
    if rows:
        conn.execute(insert(incident_facts), rows)
    if who:
        conn.execute(insert(incident_fact_belligerents), who)
    if aggregate:
        new_who: dict[str, list[str]] = {}
        for w in who:
            new_who.setdefault(w["code"], []).append(w["belligerent"])
        _apply_deltas(conn, old, [(r, tuple(new_who.get(r["code"], ()))) for r in rows])
    return {r["day"] for r, _ in old} | {r["day"] for r in rows}


def refresh_facts(store: Store) -> int:
    """Bring the facts tables up to date with incidents saved since the last refresh; returns rows rewritten."""
    with store.transaction() as conn:
        ensure_tables(conn)
        mark = conn.execute(select(facts_meta.c.value).where(facts_meta.c.name == _WATERMARK)).scalar() or ""
        q = (select(incidents.c.code, incidents.c.status, incidents.c.updated_at)
             .where(incidents.c.updated_at >= mark))
        changed = list(conn.execute(q))
        if not changed:
            return 0
        gone = [r[0] for r in changed if r[1] != "active"]
        live = [r[0] for r in changed if r[1] == "active"]
        _apply_deltas(conn, _remove(conn, gone), [])
        n = 0
        for i in range(0, len(live), _BATCH):
            part = live[i:i + _BATCH]
            rows = list(conn.execute(select(incidents).where(incidents.c.code.in_(part))).mappings())
            by_code = store.claims_of(conn, part)
            found = [facts_of(codec.incident_from_row(r, by_code[r["code"]])) for r in rows]
            write_facts(conn, found)
            n += len(found)
        top = max(r[2] for r in changed)
        if conn.execute(update(facts_meta).where(facts_meta.c.name == _WATERMARK).values(value=top)).rowcount == 0:
            conn.execute(insert(facts_meta).values(name=_WATERMARK, value=top))
        return n


def _filters(*, start: date | None, end: date | None, belligerent: str | None, country: str | None,
             admin1: str | None) -> list[ColumnElement[bool]]:
    t = incident_facts.c
    out: list[ColumnElement[bool]] = []
    if start is not None:
        out.append(t.day >= start.isoformat())
    if end is not None:
        out.append(t.day <= end.isoformat())
    if country is not None:
        out.append(t.country == country.upper())
    if admin1 is not None:
        out.append(t.admin1_key == admin1_key(admin1))
    if belligerent is not None:
        out.append(t.code.in_(select(incident_fact_belligerents.c.code)
                              .where(incident_fact_belligerents.c.belligerent == belligerent)))
    return out


def sql_series(conn: Connection, *, by: str = "month", start: date | None = None, end: date | None = None,
               belligerent: str | None = None, country: str | None = None,
               admin1: str | None = None) -> list[dict[str, Any]]:
    """`civmon.stats.series` computed in SQL over the facts tables (call `refresh_facts` first)."""
    check_period(by)
    totals = _totals_for(by=by, start=start, end=end, belligerent=belligerent, admin1=admin1)
    if totals is None:  # no totals table fits: sum the facts rows themselves
        t = incident_facts.c
        q = (select(t[by], t.grade, func.count(), func.min(t.day), func.max(t.day),
                    *(func.sum(t[name]) for name in VALUE_COLUMNS))
             .where(*_filters(start=start, end=end, belligerent=belligerent, country=country, admin1=admin1))
             .group_by(t[by], t.grade))
    else:
        d = totals.table.c
        where = []
        if start is not None:
            where.append(d.first_day >= start.isoformat())
        if end is not None:
            where.append(d.last_day <= end.isoformat())
        if country is not None:
            where.append(d.country == country.upper())
        if belligerent is not None:
            where.append(d.belligerent == belligerent)
        if admin1 is not None:
            where.append(d.admin1_key == admin1_key(admin1))
        q = (select(d[by], d.grade, func.sum(d.incidents), func.min(d.first_day), func.max(d.last_day),
                    *(func.sum(d[name]) for name in VALUE_COLUMNS)).where(*where).group_by(d[by], d.grade))
    grouped: dict[str, dict[str, Any]] = {}
    lo_day: str | None = None
    hi_day: str | None = None
    for row in conn.execute(q):
        key, grade, n, first, last, *sums = row
        n = int(n)
        lo_day = first if lo_day is None or first < lo_day else lo_day
        hi_day = last if hi_day is None or last > hi_day else hi_day
        bucket = grouped.setdefault(key, _empty_row())
        bucket["by_grade"][grade] = bucket["by_grade"].get(grade, 0) + n
        scopes = ("all", "likely") if grade in LIKELY_GRADES else ("all",)
        for scope in scopes:
            bucket[scope]["incidents"] += n
            for name, v in zip(VALUE_COLUMNS, sums, strict=True):
                bucket[scope][name] += int(v or 0)
    lo = start or (date.fromisoformat(lo_day) if lo_day else None)
    hi = end or (date.fromisoformat(hi_day) if hi_day else None)
    if lo is None or hi is None:
        return []
    out = []
    for first_day in periods_between(lo, hi, by):
        key = period_key(first_day, by)
        out.append({"period": key, **grouped.get(key, _empty_row())})
    return out


def _month_aligned(start: date | None, end: date | None) -> bool:
    return (start is None or start.day == 1) and (end is None or (end + timedelta(days=1)).day == 1)


def _totals_for(*, by: str, start: date | None, end: date | None, belligerent: str | None,
                admin1: str | None) -> Totals | None:
    """The smallest totals table that answers the query exactly, or None (then the facts rows are summed)."""
    if belligerent is not None and admin1 is not None:
        return None
    extra = "belligerent" if belligerent is not None else ("admin1_key" if admin1 is not None else None)
    monthly = by in ("month", "year") and _month_aligned(start, end)
    for totals in TOTALS:
        if totals.extra == extra and totals.daily != monthly:
            return totals
    return None


def _empty_row() -> dict[str, Any]:
    return {"likely": empty_bucket(), "all": empty_bucket(), "by_grade": dict.fromkeys(GRADES, 0)}


def store_series(store: Store, *, by: str = "month", start: date | None = None, end: date | None = None,
                 belligerent: str | None = None, country: str | None = None,
                 admin1: str | None = None) -> list[dict[str, Any]]:
    """Refresh the facts tables, then the series in SQL."""
    refresh_facts(store)
    with store.engine.connect() as conn:
        return sql_series(conn, by=by, start=start, end=end, belligerent=belligerent, country=country, admin1=admin1)
