"""Publishing: put incidents on (or take them off) the public site, each time as a numbered, dated release.

A release records what changed (each incident's public figures before and after) and the dashboard's
figures as they then stood, so a number quoted in the press can be cited by release and reproduced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from civmon.errors import InputError, NotFoundError
from civmon.store import Store
from civmon.store import web_tables as wt
from civmon.store.codec import month_of
from civmon.store.core import now_iso
from civmon.store.views import incident_view
from civmon.web.figures import monthly_series, record_months, totals_of
from civmon.web.views import deaths, document_public, incident_public, incident_summary_row, search_text

NAMES_SETTING = "web_names_public:"
"""Prefix of the store setting that says an analyst published an incident's personal names deliberately."""


def names_public(store: Store, code: str) -> bool:
    """True when an analyst chose to publish the personal names in this incident's sources."""
    return store.get_setting(NAMES_SETTING + code) == "1"


def public_source(store: Store, doc_id: str, *, noun: str = "source") -> tuple[list[str], dict[str, Any]]:
    """A source cited by published incidents: their codes and the document's public form (its text with names
    masked unless every citing incident publishes them, and its claims in those incidents)."""
    from sqlalchemy import select

    from civmon.store.schema import claims as claims_table

    with store.engine.connect() as conn:
        codes = wt.document_is_public(conn, doc_id)
        if not codes:
            raise NotFoundError(f"no public {noun} {doc_id!r}")
        ids = [r[0] for r in conn.execute(select(claims_table.c.claim_id).where(claims_table.c.doc_id == doc_id))]
        mine = [c for c, code in store.claims_by_id(conn, ids).values() if code in codes]
    names = all(names_public(store, c) for c in codes)
    return codes, document_public(store.document(doc_id), names_public=names, claims=mine)


def snapshot(store: Store, code: str, *, names: bool, release_no: int, at: str) -> wt.Snapshot:
    """The public snapshot of an active incident."""
    view = incident_view(store, code)
    if view.record.status != "active":
        raise InputError(f"incident {code} was merged into {view.record.merged_into}; publish that one instead")
    inc = view.record.incident
    data = incident_public(view, names_public=names)
    data["published_at"] = at
    data["release"] = release_no
    lo, hi = deaths(inc)
    sort_key = f"{inc.earliest.isoformat() if inc.earliest else '0000-00-00'}|{inc.code}"
    return wt.Snapshot(code=inc.code, data=data, summary=incident_summary_row(data), country=inc.country, admin1=inc.place.admin1 if inc.place else None,
                       month=month_of(inc.earliest), sort_key=sort_key, grade=inc.grade.grade, deaths_min=lo,
                       deaths_max=hi, search=search_text(data), belligerents=inc.belligerents,
                       doc_ids=tuple(s["doc_id"] for s in data["sources"]), names_public=names)


def dashboard_figures(conn: Connection) -> dict[str, Any]:
    """The published figures: overall, per belligerent and per country monthly series, totals and records."""
    overall = monthly_series(wt.monthly_by_grade(conn))
    facets = wt.published_facets(conn)
    return {
        "overall": overall, "totals": totals_of(overall), "records": record_months(overall),
        "by_belligerent": {b: monthly_series(wt.monthly_by_grade(conn, belligerent=b)) for b in facets["belligerents"]},
        "by_country": {c: monthly_series(wt.monthly_by_grade(conn, country=c)) for c in facets["countries"]},
    }


def _brief(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {"grade": data["grade"], "civilians_killed": data["civilians_killed"], "earliest": data["earliest"],
            "place": (data.get("place") or {}).get("name"), "sources": len(data["sources"])}


def publish(store: Store, codes: Sequence[str], *, who: str, names: bool | None = None,
            note: str = "") -> wt.Release:
    """Publish (or republish) incidents as one new release; `names` True publishes personal names deliberately."""
    if not codes:
        raise InputError("nothing to publish: give incident codes or --all")
    wanted = [c.strip().upper() for c in codes]
    for code in wanted:
        store.incident_record(None, code)  # NotFoundError for an unknown code, before anything is written
        if names is not None:
            store.set_setting(NAMES_SETTING + code, "1" if names else "0")
    at = now_iso()
    with store.transaction() as conn:
        number = wt.next_release_number(conn)
        changes = []
        for code in wanted:
            before = wt.snapshot_data(conn, code)
            snap = snapshot(store, code, names=names_public(store, code), release_no=number, at=at)
            action = "published" if before is None else "republished"
            snap.data["history"].append({"at": at, "who": who, "action": action, "changed": [], "before": {},
                                         "after": {}})
            wt.put_snapshot(conn, snap, now=at, release_no=number)
            store.add_history(conn, code, who=who, action=action, before=_brief(before), after=_brief(dict(snap.data)))
            changes.append({"code": code, "action": "published" if before is None else "updated",
                            "before": _brief(before), "after": _brief(dict(snap.data))})
        figures = dashboard_figures(conn)
        wt.add_release(conn, number=number, at=at, who=who, note=note, changes=changes, figures=figures)
    return wt.Release(number=number, at=at, who=who, note=note, changes=changes, figures=figures)


def unpublish(store: Store, code: str, *, who: str, note: str = "") -> wt.Release:
    """Take an incident off the public site, as a new release."""
    code = code.strip().upper()
    at = now_iso()
    with store.transaction() as conn:
        before = wt.snapshot_data(conn, code)
        if before is None:
            raise NotFoundError(f"incident {code} is not published")
        number = wt.next_release_number(conn)
        wt.drop_snapshot(conn, code)
        store.add_history(conn, code, who=who, action="unpublished", before=_brief(before), after=None)
        changes = [{"code": code, "action": "unpublished", "before": _brief(before), "after": None}]
        figures = dashboard_figures(conn)
        wt.add_release(conn, number=number, at=at, who=who, note=note, changes=changes, figures=figures)
    return wt.Release(number=number, at=at, who=who, note=note, changes=changes, figures=figures)


def all_active_codes(store: Store) -> list[str]:
    """Every active incident's code (for `publish --all`)."""
    return [inc.code for inc in store.incidents()]
