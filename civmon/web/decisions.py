"""Analyst decisions the workbench makes: grade, merge, split, move/accept/reject a claim, edit a claim.

A thin layer of its own until civmon/analyst.py provides these: each decision runs in one transaction,
rebuilds the incidents it touches with civmon.incidents.build_incident, and records a history entry
(who, when, before, after) on every incident it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import Connection

from civmon.contract import claim_to_dict
from civmon.errors import InputError, NotFoundError
from civmon.incidents import build_incident
from civmon.models import GRADES, Claim, Grade, Incident
from civmon.store import Store
from civmon.store import web_tables as wt
from civmon.store.codec import UNKNOWN_COUNTRY, claim_country, claim_row, incident_summary, month_of
from civmon.store.core import now_iso
from civmon.store.schema import claims as claims_table


def _rebuild(store: Store, conn: Connection, code: str, *, who: str, action: str) -> Incident | None:
    """Rebuild an incident from the claims now pointing at it; retire it when none are left."""
    record = store.incident_record(conn, code)
    before = incident_summary(record.incident)
    members = store.claims_of(conn, [code])[code]
    if not members:
        store.save_incident(conn, replace(record.incident, claims=()), status="retired")
        store.add_history(conn, code, who=who, action=f"{action} (no claims left: retired)", before=before, after=None)
        return None
    incident = build_incident(code, members, publishers=store.publishers(conn, [c.doc_id for c in members]))
    if record.incident.grade.by not in ("rules", "") and not action.startswith("grade"):
        incident = replace(incident, grade=record.incident.grade)
    store.save_incident(conn, incident)
    store.add_history(conn, code, who=who, action=action, before=before, after=incident_summary(incident))
    return incident


def _new_code(store: Store, conn: Connection, members: Sequence[Claim]) -> str:
    country = next((claim_country(c) for c in members if claim_country(c) != UNKNOWN_COUNTRY), UNKNOWN_COUNTRY)
    days = [c.date.earliest for c in members if c.date is not None and c.date.earliest is not None]
    return store.allocate_code(conn, country=country, month=month_of(min(days) if days else None))


def set_grade(store: Store, code: str, *, grade: str, reason: str, who: str) -> Incident:
    """Give an incident an analyst's grade with a reason."""
    if grade not in GRADES:
        raise InputError(f"grade must be one of {', '.join(GRADES)}")
    if not reason.strip():
        raise InputError("give the reason for the grade")
    with store.transaction() as conn:
        record = store.incident_record(conn, code)
        if record.status != "active":
            raise InputError(f"incident {code} is {record.status}")
        before = incident_summary(record.incident)
        incident = replace(record.incident, grade=Grade(grade=cast(Any, grade), reason=reason.strip(), by=who))
        store.save_incident(conn, incident)
        store.add_history(conn, code, who=who, action="graded", before=before, after=incident_summary(incident))
    return incident


def move_claims(store: Store, claim_ids: Sequence[str], *, to: str | None, who: str) -> str:
    """Move claims to another incident, or (`to` None) into a new one; returns the receiving code."""
    if not claim_ids:
        raise InputError("choose at least one claim")
    with store.transaction() as conn:
        found = store.claims_by_id(conn, list(claim_ids))
        missing = [i for i in claim_ids if i not in found]
        if missing:
            raise NotFoundError(f"no claim {missing[0]!r}")
        if to is not None:
            target = store.incident_record(conn, to)
            if target.status != "active":
                raise InputError(f"incident {to} is {target.status}")
            code = to
        else:
            code = _new_code(store, conn, [c for c, _ in found.values()])
            store.save_incident(conn, build_incident(code, [c for c, _ in found.values()], publishers=store.publishers(
                conn, [c.doc_id for c, _ in found.values()])))
        sources = sorted({src for _, src in found.values() if src is not None and src != code})
        wt.set_claim_incident(conn, claims_table, list(claim_ids), code)
        for cid in claim_ids:
            wt.set_review(conn, cid, state="accepted", who=who, now=now_iso())
        if to is None:
            store.add_history(conn, code, who=who, action="created (split)", before=None,
                              after=incident_summary(store.incident_record(conn, code).incident))
        else:
            _rebuild(store, conn, code, who=who, action="claims-moved-in")
        for src in sources:
            _rebuild(store, conn, src, who=who, action=f"claims-moved-to {code}")
    return code


def merge(store: Store, into: str, other: str, *, who: str) -> Incident | None:
    """Merge incident `other` into `into`: all its claims move, and it is marked merged."""
    if into == other:
        raise InputError("cannot merge an incident into itself")
    with store.transaction() as conn:
        target = store.incident_record(conn, into)
        source = store.incident_record(conn, other)
        if target.status != "active" or source.status != "active":
            raise InputError("both incidents must be active to merge")
        moving = [c.claim_id for c in source.incident.claims]
        wt.set_claim_incident(conn, claims_table, moving, into)
        store.mark_merged(conn, other, into=into)
        store.add_history(conn, other, who=who, action=f"merged-into {into}",
                          before=incident_summary(source.incident), after=None)
        return _rebuild(store, conn, into, who=who, action=f"merged {other}")


def review(store: Store, claim_id: str, *, decision: str, who: str) -> str | None:
    """Accept a claim's suggested incident, or reject the claim (it leaves its incident); returns the code."""
    if decision not in ("accept", "reject"):
        raise InputError("decision must be accept or reject")
    with store.transaction() as conn:
        found = store.claims_by_id(conn, [claim_id])
        if claim_id not in found:
            raise NotFoundError(f"no claim {claim_id!r}")
        _, code = found[claim_id]
        wt.set_review(conn, claim_id, state="accepted" if decision == "accept" else "rejected", who=who, now=now_iso())
        if code is None:
            return None
        if decision == "accept":
            record = store.incident_record(conn, code)
            store.add_history(conn, code, who=who, action="link-confirmed", before=None,
                              after={"claim": claim_id, "claims": [c.claim_id for c in record.incident.claims]})
        else:
            wt.set_claim_incident(conn, claims_table, [claim_id], None)
            _rebuild(store, conn, code, who=who, action=f"claim-rejected {claim_id}")
    return code


def edit_claim(store: Store, claim_id: str, edited: Claim, *, who: str) -> str | None:
    """Replace a claim's fields with an analyst's version; its incident is rebuilt and the edit recorded."""
    if edited.claim_id != claim_id:
        raise InputError("the edited claim must keep its id")
    with store.transaction() as conn:
        found = store.claims_by_id(conn, [claim_id])
        if claim_id not in found:
            raise NotFoundError(f"no claim {claim_id!r}")
        old, code = found[claim_id]
        wt.replace_claim_data(conn, claims_table, claim_id, claim_row(edited, seq=0))
        wt.set_review(conn, claim_id, state="edited", who=who, now=now_iso())
        if code is not None:
            record = store.incident_record(conn, code)
            store.add_history(conn, code, who=who, action=f"claim-edited {claim_id}", before=claim_to_dict(old),
                              after=claim_to_dict(edited))
            if record.status == "active":
                _rebuild(store, conn, code, who=who, action="rebuilt after claim edit")
    return code
