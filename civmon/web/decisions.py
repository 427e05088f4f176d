"""Analyst decisions the workbench makes: grade, merge, split, move/accept/reject a claim, edit a claim.

Grade, merge and split are civmon.analyst's (stored decisions, must/cannot-links, standing manual grades);
accepting a suggested link, rejecting a claim and making it a new incident are its confirm_link, reject_claim
and new_incident; moving a claim elsewhere is a split then a merge through it. Editing a claim is the web's own
thin layer. The web's review table only says which claims have left the queue. Every decision records history
(who, when, before, after).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import Connection

from civmon import analyst
from civmon.contract import claim_to_dict
from civmon.errors import InputError, NotFoundError
from civmon.models import GRADES, Claim, Incident
from civmon.pipeline import build_stored_incident
from civmon.store import Store
from civmon.store import web_tables as wt
from civmon.store.codec import claim_row, incident_summary
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
    incident = build_stored_incident(store, conn, code, members)
    store.save_incident(conn, incident)
    store.add_history(conn, code, who=who, action=action, before=before, after=incident_summary(incident))
    return incident


def set_grade(store: Store, code: str, *, grade: str, reason: str, who: str) -> Incident:
    """Give an incident an analyst's grade with a reason (it stands over the rules until cleared)."""
    if grade not in GRADES:
        raise InputError(f"grade must be one of {', '.join(GRADES)}")
    analyst.grade(store, code, grade, reason=reason, who=who)
    return store.incident_record(None, code.strip().upper()).incident


def _mark_reviewed(store: Store, claim_ids: Sequence[str], *, state: str, who: str) -> None:
    """Take claims off the review queue (the decision itself is civmon.analyst's, stored already)."""
    with store.transaction() as conn:
        for cid in claim_ids:
            wt.set_review(conn, cid, state=state, who=who, now=now_iso())


def move_claims(store: Store, claim_ids: Sequence[str], *, to: str | None, who: str) -> str:
    """Move claims of one incident to another (`to`), or into a new incident (`to` None); returns the receiving code.

    Splitting them off stores cannot-links with the claims they leave; joining `to` stores must-links.
    """
    if not claim_ids:
        raise InputError("choose at least one claim")
    with store.engine.connect() as conn:
        found = store.claims_by_id(conn, list(claim_ids))
    missing = [i for i in claim_ids if i not in found]
    if missing:
        raise NotFoundError(f"no claim {missing[0]!r}")
    homes = {code for _, code in found.values()}
    if len(homes) != 1 or None in homes:
        raise InputError("the claims must all belong to one incident")
    home = str(homes.pop())
    if to is None:
        out = analyst.new_incident(store, list(claim_ids), who=who, reason="new incident from the review queue")
        moved = out.created[0] if out.created else out.code
    elif to.strip().upper() == home:
        moved = analyst.confirm_link(store, claim_ids[0], who=who, reason="confirmed from the review queue").code
        for cid in claim_ids[1:]:
            analyst.confirm_link(store, cid, who=who, reason="confirmed from the review queue")
    else:
        record = store.incident_record(None, home)
        whole = {c.claim_id for c in record.incident.claims} <= set(claim_ids)
        moved = home if whole else analyst.split(store, home, list(claim_ids), who=who,
                                                 reason="moved from the review queue").created[0]
        moved = analyst.merge(store, [to, moved], who=who, reason="linked from the review queue").code
    _mark_reviewed(store, claim_ids, state="accepted", who=who)
    return moved


def merge(store: Store, into: str, other: str, *, who: str, reason: str = "") -> str:
    """Merge incident `other` into `into` (through civmon.analyst); returns `into`."""
    if into.strip().upper() == other.strip().upper():
        raise InputError("cannot merge an incident into itself")
    return analyst.merge(store, [into, other], who=who, reason=reason).code


def split(store: Store, code: str, claim_ids: Sequence[str], *, who: str, reason: str = "") -> str:
    """Move the chosen claims of an incident into a new one (through civmon.analyst); returns the new code."""
    return analyst.split(store, code, claim_ids, who=who, reason=reason).created[0]


def review(store: Store, claim_id: str, *, decision: str, who: str) -> str | None:
    """Accept a claim's suggested incident (a must-link decision), or reject the claim (it leaves its incident and
    is never linked again); returns the incident's code."""
    if decision not in ("accept", "reject"):
        raise InputError("decision must be accept or reject")
    if decision == "accept":
        out = analyst.confirm_link(store, claim_id, who=who, reason="")
    else:
        out = analyst.reject_claim(store, claim_id, who=who, reason="rejected in the review queue")
    _mark_reviewed(store, [claim_id], state="accepted" if decision == "accept" else "rejected", who=who)
    return out.code or None


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
        store.reindex_claims(conn, [edited])  # the linker's blocking table follows the edited date and place
        wt.set_review(conn, claim_id, state="edited", who=who, now=now_iso())
        if code is not None:
            record = store.incident_record(conn, code)
            store.add_history(conn, code, who=who, action=f"claim-edited {claim_id}", before=claim_to_dict(old),
                              after=claim_to_dict(edited))
            if record.status == "active":
                _rebuild(store, conn, code, who=who, action="rebuilt after claim edit")
    return code
