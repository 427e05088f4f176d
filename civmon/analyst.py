"""Analyst decisions: merge incidents, split claims off, grade by hand, confirm or reject a link, re-link.

Every decision is stored (who, when, why) in civmon.store.analyst, written into the history of each
incident it touches, and never undone by automatic linking: a merge stores must-links between the
claims it joined, a split stores cannot-links between the claims it parted (which linking obeys),
a confirmed link stores must-links between the claim and the rest of its incident, a rejected claim
leaves its incident and is never linked again, and a manual grade stands over the rules until an
analyst clears it. Each function runs in one transaction.
"""

from __future__ import annotations

import getpass
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, product

from sqlalchemy import Connection

from civmon.errors import InputError, NotFoundError
from civmon.link import Link, link_claims
from civmon.models import GRADES, Claim, Grade, GradeName
from civmon.pipeline import build_stored_incident, link_and_apply, new_code_for
from civmon.settings import int_setting, setting
from civmon.store import Store
from civmon.store import analyst as adb
from civmon.store.codec import incident_summary

ACTION_WIDTH = 40
"""The history table's action column width."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a decision did: the decision's id, and the incidents it created or changed."""

    decision: int | None
    code: str
    created: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()


def default_who() -> str:
    """The analyst's name by default: $USER, else the login name."""
    return os.environ.get("USER") or getpass.getuser()


def _action(verb: str, reason: str) -> str:
    text = f"{verb}: {reason}" if reason else verb
    return text if len(text) <= ACTION_WIDTH else text[:ACTION_WIDTH - 1] + "…"


def _active(store: Store, conn: Connection, code: str) -> list[Claim]:
    record = store.incident_record(conn, code)
    if record.status != "active":
        raise InputError(f"incident {code} was merged into {record.merged_into}; use that code")
    return list(record.incident.claims)


def _codes(codes: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))


def merge(store: Store, codes: Sequence[str], *, who: str, reason: str = "") -> Outcome:
    """Merge incidents into the first code given: its claims gain the others'; the others are retired."""
    wanted = _codes(codes)
    if len(wanted) < 2:
        raise InputError("merge needs two or more different incident codes")
    target, sources = wanted[0], wanted[1:]
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        groups = {code: _active(store, conn, code) for code in wanted}
        decision = adb.add_decision(conn, action="merge", codes=wanted, reason=reason, who=who,
                                    detail={"into": target, "claims": {k: [c.claim_id for c in v]
                                                                      for k, v in groups.items()}})
        ids = {k: [c.claim_id for c in v] for k, v in groups.items()}
        pairs = [(a, b) for x, y in combinations(wanted, 2) for a, b in product(ids[x], ids[y])]
        adb.add_constraints(conn, pairs, kind="must", decision_id=decision)
        before = incident_summary(store.incident_record(conn, target).incident)
        moved = [cid for code in sources for cid in ids[code]]
        store.assign_claims(conn, moved, target)
        combined = [c for code in wanted for c in groups[code]]
        incident = build_stored_incident(store, conn, target, combined)
        store.save_incident(conn, incident)
        adb.relabel_links(conn, [c.claim_id for c in combined], target)
        store.add_history(conn, target, who=who, action=_action(f"merge {', '.join(sources)}", reason),
                          before=before, after=incident_summary(incident) | {"reason": reason})
        for code in sources:
            src_before = incident_summary(store.incident_record(conn, code).incident)
            store.mark_merged(conn, code, into=target)
            store.add_history(conn, code, who=who, action=_action(f"merged-into {target}", reason),
                              before=src_before, after=None)
    return Outcome(decision=decision, code=target, changed=(target,), retired=tuple(sources))


def split(store: Store, code: str, claim_ids: Sequence[str], *, who: str, reason: str = "") -> Outcome:
    """Move the named claims of an incident to a new incident with a new code; they never re-link with the rest."""
    code = code.strip().upper()
    wanted = list(dict.fromkeys(i.strip() for i in claim_ids if i.strip()))
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        claims = _active(store, conn, code)
        have = {c.claim_id for c in claims}
        missing = [i for i in wanted if i not in have]
        if missing:
            raise NotFoundError(f"incident {code} has no claim {', '.join(missing)}; its claims: "
                                f"{', '.join(sorted(have))}")
        if not wanted:
            raise InputError("split needs the ids of the claims to move (--claims ID,ID)")
        if len(wanted) == len(have):
            raise InputError(f"split would move every claim of {code}; name only the claims that leave")
        moving = [c for c in claims if c.claim_id in wanted]
        staying = [c for c in claims if c.claim_id not in wanted]
        before = incident_summary(store.incident_record(conn, code).incident)
        draft = build_stored_incident(store, conn, "", moving)
        new_code = new_code_for(store, conn, draft, moving)
        decision = adb.add_decision(conn, action="split", codes=[code, new_code], reason=reason, who=who,
                                    detail={"from": code, "into": new_code, "claims": wanted})
        adb.add_constraints(conn, [(a.claim_id, b.claim_id) for a in moving for b in staying], kind="cannot",
                            decision_id=decision)
        store.assign_claims(conn, wanted, new_code)
        left = build_stored_incident(store, conn, code, staying)
        right = build_stored_incident(store, conn, new_code, moving)
        store.save_incident(conn, left)
        store.save_incident(conn, right)
        adb.delete_links_between(conn, wanted, [c.claim_id for c in staying])
        adb.relabel_links(conn, wanted, new_code)
        store.add_history(conn, code, who=who, action=_action(f"split {new_code} off", reason), before=before,
                          after=incident_summary(left) | {"reason": reason})
        store.add_history(conn, new_code, who=who, action=_action(f"split-from {code}", reason), before=None,
                          after=incident_summary(right) | {"reason": reason})
    return Outcome(decision=decision, code=code, created=(new_code,), changed=(code,))


def _grade_name(grade: str) -> GradeName:
    for g in GRADES:
        if g.lower() == grade.strip().lower():
            return g  # type: ignore[return-value]
    raise InputError(f"unknown grade {grade!r}; use one of {', '.join(GRADES)}")


def grade(store: Store, code: str, grade_name: str, *, reason: str, who: str) -> Outcome:
    """Give an incident an analyst's grade, which stands over the rules until cleared."""
    code = code.strip().upper()
    if not reason.strip():
        raise InputError("a manual grade needs a reason (--reason TEXT)")
    given = Grade(_grade_name(grade_name), reason.strip(), by=who)
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        claims = _active(store, conn, code)
        before = incident_summary(store.incident_record(conn, code).incident)
        decision = adb.add_decision(conn, action="grade", codes=[code], reason=given.reason, who=who,
                                    detail={"grade": given.grade})
        adb.set_manual_grade(conn, code, given, decision_id=decision)
        incident = build_stored_incident(store, conn, code, claims)
        store.save_incident(conn, incident)
        store.add_history(conn, code, who=who, action=_action(f"grade {given.grade}", given.reason),
                          before=before, after=incident_summary(incident) | {"reason": given.reason})
    return Outcome(decision=decision, code=code, changed=(code,))


def clear_grade(store: Store, code: str, *, who: str, reason: str = "") -> Outcome:
    """Drop an analyst's grade: the rules grade the incident again."""
    code = code.strip().upper()
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        claims = _active(store, conn, code)
        if adb.manual_grade(conn, code) is None:
            raise InputError(f"incident {code} has no analyst's grade to clear")
        before = incident_summary(store.incident_record(conn, code).incident)
        decision = adb.add_decision(conn, action="clear-grade", codes=[code], reason=reason, who=who, detail={})
        adb.clear_manual_grade(conn, code)
        incident = build_stored_incident(store, conn, code, claims)
        store.save_incident(conn, incident)
        store.add_history(conn, code, who=who, action=_action("grade cleared", reason), before=before,
                          after=incident_summary(incident) | {"reason": reason})
    return Outcome(decision=decision, code=code, changed=(code,))


def _claim_home(store: Store, conn: Connection, claim_id: str) -> str | None:
    found = store.claims_by_id(conn, [claim_id])
    if claim_id not in found:
        raise NotFoundError(f"no claim {claim_id!r}")
    return found[claim_id][1]


def confirm_link(store: Store, claim_id: str, *, who: str, reason: str = "") -> Outcome:
    """Confirm a claim's suggested incident: must-links keep it with the incident's other claims from now on."""
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        code = _claim_home(store, conn, claim_id)
        if code is None:
            raise InputError(f"claim {claim_id} is in no incident; link it first (civmon link) or name one to join")
        claims = _active(store, conn, code)
        others = [c.claim_id for c in claims if c.claim_id != claim_id]
        decision = adb.add_decision(conn, action="link", codes=[code], reason=reason, who=who,
                                    detail={"claim": claim_id, "with": others})
        adb.add_constraints(conn, [(claim_id, o) for o in others], kind="must", decision_id=decision)
        summary = incident_summary(store.incident_record(conn, code).incident)
        store.add_history(conn, code, who=who, action=_action("link-confirmed", reason), before=summary,
                          after=summary | {"confirmed": claim_id, "reason": reason})
    return Outcome(decision=decision, code=code, changed=(code,))


def reject_claim(store: Store, claim_id: str, *, who: str, reason: str = "") -> Outcome:
    """Reject a claim: it leaves its incident (rebuilt, or retired when left empty) and linking never takes it again."""
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        code = _claim_home(store, conn, claim_id)
        decision = adb.add_decision(conn, action="reject", codes=[code] if code else [], reason=reason, who=who,
                                    detail={"claim": claim_id})
        adb.set_rejected(conn, claim_id, decision_id=decision)
        if code is None:
            return Outcome(decision=decision, code="")
        record = store.incident_record(conn, code)
        before = incident_summary(record.incident)
        staying = [c for c in record.incident.claims if c.claim_id != claim_id]
        adb.delete_links_between(conn, [claim_id], [c.claim_id for c in staying])
        adb.unassign_claims(conn, [claim_id])
        action = _action(f"claim-rejected {claim_id}", reason)
        if not staying:
            store.save_incident(conn, replace(record.incident, claims=()), status="retired")
            store.add_history(conn, code, who=who, action=action, before=before, after=None)
            return Outcome(decision=decision, code=code, retired=(code,))
        incident = build_stored_incident(store, conn, code, staying)
        store.save_incident(conn, incident)
        store.add_history(conn, code, who=who, action=action, before=before,
                          after=incident_summary(incident) | {"reason": reason})
    return Outcome(decision=decision, code=code, changed=(code,))


def new_incident(store: Store, claim_ids: Sequence[str], *, who: str, reason: str = "") -> Outcome:
    """Make claims of one incident an incident of their own (a split; cannot-links keep them from the rest).

    When they already are the whole incident the decision is recorded and the incident keeps its code.
    """
    wanted = list(dict.fromkeys(i.strip() for i in claim_ids if i.strip()))
    if not wanted:
        raise InputError("choose at least one claim")
    adb.ensure_tables(store.engine)
    with store.engine.connect() as conn:
        homes = {_claim_home(store, conn, i) for i in wanted}
    if len(homes) != 1 or None in homes:
        raise InputError("the claims must all belong to one incident")
    code = str(homes.pop())
    with store.engine.connect() as conn:
        whole = {c.claim_id for c in _active(store, conn, code)} <= set(wanted)
    if not whole:
        return split(store, code, wanted, who=who, reason=reason)
    with store.transaction() as conn:
        decision = adb.add_decision(conn, action="new-incident", codes=[code], reason=reason, who=who,
                                    detail={"claims": wanted})
        summary = incident_summary(store.incident_record(conn, code).incident)
        store.add_history(conn, code, who=who, action=_action("kept as its own incident", reason), before=summary,
                          after=summary | {"confirmed": wanted, "reason": reason})
    return Outcome(decision=decision, code=code, changed=(code,))


def link_unlinked(store: Store, *, who: str) -> Outcome:
    """Link every incident claim that belongs to no incident into the stored incidents (or new ones)."""
    adb.ensure_tables(store.engine)
    created: list[str] = []
    updated: list[str] = []
    with store.transaction() as conn:
        ids = adb.unlinked_claim_ids(conn)
        found = store.claims_by_id(conn, ids)
        by_doc: dict[str, list[Claim]] = {}
        for i in ids:
            if i in found:
                by_doc.setdefault(found[i][0].doc_id, []).append(found[i][0])
        for claims in by_doc.values():  # document by document, as ingest does: small date windows
            made, joined = link_and_apply(store, conn, claims, who=who)
            created += made
            updated += [c for c in joined if c not in updated and c not in created]
    return Outcome(decision=None, code="", created=tuple(created), changed=tuple(updated))


def _groups(ids: Sequence[str], must: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Union-find over must-links: root id -> members (only groups of two or more)."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in must:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[str]] = {}
    for i in ids:
        out.setdefault(find(i), []).append(i)
    return {k: v for k, v in out.items() if len(v) > 1}


def relink_all(store: Store, *, who: str) -> Outcome:
    """Re-link every incident claim from scratch, keeping analyst must-links together and cannot-links apart.

    Incidents keep their codes where most of their claims stay together; an incident left without
    claims is retired into the one most of its claims joined; manual grades stay with their codes.
    """
    adb.ensure_tables(store.engine)
    created: list[str] = []
    changed: list[str] = []
    retired: list[str] = []
    with store.transaction() as conn:
        codes = adb.active_codes(conn)
        current = store.claims_of(conn, codes)
        loose = store.claims_by_id(conn, adb.unlinked_claim_ids(conn))
        claims: dict[str, Claim] = {c.claim_id: c for cs in current.values() for c in cs if c.kind == "incident"}
        claims.update({i: c for i, (c, _) in loose.items()})
        code_of = {c.claim_id: code for code, cs in current.items() for c in cs}
        cons = adb.all_constraints(conn)
        groups = _groups(list(claims), [p for p, k in cons.items() if k == "must"])
        grouped = {i for g in groups.values() for i in g}
        existing = {f"must:{root}": [claims[i] for i in g] for root, g in groups.items()}
        fresh = [c for i, c in claims.items() if i not in grouped]
        clusters = link_claims(fresh, existing=existing, window_days=int_setting("link_window_days"),
                               distance_km=float(setting("link_distance_km")),
                               cannot=[p for p, k in cons.items() if k == "cannot"])
        parts: list[tuple[list[str], Sequence[Link]]] = []
        used_groups: set[str] = set()
        for cl in clusters:
            members = list(cl.claim_ids)
            if cl.code is not None:
                used_groups.add(cl.code)
                members = [c.claim_id for c in existing[cl.code]] + members
            parts.append((members, cl.links))
        parts += [([c.claim_id for c in g], ()) for k, g in existing.items() if k not in used_groups]
        parts.sort(key=lambda p: (-len(p[0]), p[0]))
        taken: set[str] = set()
        dest: Counter[tuple[str, str]] = Counter()
        for members, found_links in parts:
            votes = Counter(code_of[i] for i in members if i in code_of)
            code = next((c for c, _ in votes.most_common() if c not in taken), None)
            old = {c.claim_id for c in current.get(code, [])} if code else set()
            member_claims = [claims[i] for i in members]
            if code is not None and old == set(members):
                taken.add(code)
                continue
            if code is None:
                draft = build_stored_incident(store, conn, "", member_claims)
                code = new_code_for(store, conn, draft, member_claims)
                before = None
                created.append(code)
            else:
                before = incident_summary(store.incident_record(conn, code).incident)
                changed.append(code)
            taken.add(code)
            for i in members:
                if i in code_of:
                    dest[(code_of[i], code)] += 1
            store.assign_claims(conn, members, code)
            incident = build_stored_incident(store, conn, code, member_claims)
            store.save_incident(conn, incident)
            store.save_links(conn, found_links, code=code)
            store.add_history(conn, code, who=who, action="relinked", before=before, after=incident_summary(incident))
        for code in codes:
            if code in taken:
                continue
            into = max((n, to) for (frm, to), n in dest.items() if frm == code)[1] if any(
                frm == code for frm, _ in dest) else None
            if into is None:
                continue
            src_before = incident_summary(store.incident_record(conn, code).incident)
            store.mark_merged(conn, code, into=into)
            store.add_history(conn, code, who=who, action=f"merged-into {into}", before=src_before, after=None)
            retired.append(code)
    return Outcome(decision=None, code="", created=tuple(created), changed=tuple(changed), retired=tuple(retired))
