"""The SQL path for series: an `incident_facts` table kept beside the store's incidents, summed with GROUP BY.

`refresh_facts` brings the table up to date from the incidents saved since the last refresh (a
watermark on `incidents.updated_at`); `sql_series` returns exactly what `civmon.stats.series` returns
over the same incidents (the tests check this), in one GROUP BY over indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
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


def fact_row(f: IncidentFacts) -> dict[str, Any]:
    """The `incident_facts` row of one incident's facts (dated incidents only)."""
    assert f.day is not None
    row: dict[str, Any] = {
        "code": f.code, "day": f.day.isoformat(), "week": period_key(f.day, "week"),
        "month": period_key(f.day, "month"), "year": period_key(f.day, "year"), "country": f.country,
        "admin1": f.admin1, "grade": f.grade,
    }
    row.update(zip(VALUE_COLUMNS, f.values, strict=True))
    return row


def write_facts(conn: Connection, facts: Iterable[IncidentFacts]) -> int:
    """Insert or replace facts rows (undated incidents are left out of series, so they are not stored)."""
    rows: list[dict[str, Any]] = []
    who: list[dict[str, str]] = []
    codes: list[str] = []
    for f in facts:
        codes.append(f.code)
        if f.day is None:
            continue
        rows.append(fact_row(f))
        who.extend({"belligerent": b, "code": f.code} for b in f.belligerents)
    for i in range(0, len(codes), _BATCH):
        part = codes[i:i + _BATCH]
        conn.execute(delete(incident_facts).where(incident_facts.c.code.in_(part)))
        conn.execute(delete(incident_fact_belligerents).where(incident_fact_belligerents.c.code.in_(part)))
    if rows:
        conn.execute(insert(incident_facts), rows)
    if who:
        conn.execute(insert(incident_fact_belligerents), who)
    return len(rows)


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
        for i in range(0, len(gone), _BATCH):
            part = gone[i:i + _BATCH]
            conn.execute(delete(incident_facts).where(incident_facts.c.code.in_(part)))
            conn.execute(delete(incident_fact_belligerents).where(incident_fact_belligerents.c.code.in_(part)))
        n = 0
        for i in range(0, len(live), _BATCH):
            part = live[i:i + _BATCH]
            rows = list(conn.execute(select(incidents).where(incidents.c.code.in_(part))).mappings())
            by_code = store.claims_of(conn, part)
            n += write_facts(conn, (facts_of(codec.incident_from_row(r, by_code[r["code"]])) for r in rows))
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
        out.append(func.lower(t.admin1) == admin1.lower())
    if belligerent is not None:
        out.append(t.code.in_(select(incident_fact_belligerents.c.code)
                              .where(incident_fact_belligerents.c.belligerent == belligerent)))
    return out


def sql_series(conn: Connection, *, by: str = "month", start: date | None = None, end: date | None = None,
               belligerent: str | None = None, country: str | None = None,
               admin1: str | None = None) -> list[dict[str, Any]]:
    """`civmon.stats.series` computed in SQL over the facts tables (call `refresh_facts` first)."""
    check_period(by)
    t = incident_facts.c
    period = t[by]
    q = (select(period, t.grade, func.count(), func.min(t.day), func.max(t.day),
                *(func.sum(t[name]) for name in VALUE_COLUMNS))
         .where(*_filters(start=start, end=end, belligerent=belligerent, country=country, admin1=admin1))
         .group_by(period, t.grade))
    grouped: dict[str, dict[str, Any]] = {}
    lo_day: str | None = None
    hi_day: str | None = None
    for row in conn.execute(q):
        key, grade, n, first, last, *sums = row
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


def _empty_row() -> dict[str, Any]:
    return {"likely": empty_bucket(), "all": empty_bucket(), "by_grade": dict.fromkeys(GRADES, 0)}


def store_series(store: Store, *, by: str = "month", start: date | None = None, end: date | None = None,
                 belligerent: str | None = None, country: str | None = None,
                 admin1: str | None = None) -> list[dict[str, Any]]:
    """Refresh the facts tables, then the series in SQL."""
    refresh_facts(store)
    with store.engine.connect() as conn:
        return sql_series(conn, by=by, start=start, end=end, belligerent=belligerent, country=country, admin1=admin1)
