"""The analysts' workbench: submit reports, review suggested links, edit and enter claims, merge/split, grade, publish."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from civmon.contract import claim_to_dict
from civmon.errors import InputError
from civmon.models import GRADES, PRECISIONS
from civmon.store import web_tables as wt
from civmon.store.codec import claim_from_row
from civmon.store.schema import claims as claims_table
from civmon.store.schema import incidents as incidents_table
from civmon.store.views import incident_view
from civmon.web import decisions, publishing, submit
from civmon.web.fetch import ALLOW_PRIVATE_SETTING
from civmon.web.pages import check_csrf
from civmon.web.render import renderer_of, store_of, user_of
from civmon.web.views import evidence_of, history_dict, incident_public, masked_ranges

router = APIRouter(prefix="/work", include_in_schema=False)
Csrf = Annotated[str, Form(max_length=200)]
Short = Annotated[str, Form(max_length=400)]
EDIT_FIGURES: tuple[str, ...] = ("killed", "civilians_killed", "children_killed", "women_killed", "injured",
                                 "civilians_injured", "children_injured", "missing")


def signed_in(request: Request, *, admin: bool = False) -> wt.User:
    """The signed-in analyst; otherwise a redirect to the sign-in page (403 when an admin is needed)."""
    user = user_of(request)
    if user is None:
        raise HTTPException(303, "sign in", headers={"Location": "/login?next=" + quote(request.url.path)})
    if user.must_change:
        raise HTTPException(303, "choose a password",
                            headers={"Location": "/account/password?next=" + quote(request.url.path)})
    if admin and user.role != "admin":
        raise HTTPException(403, "only an admin can do that")
    return user


def _back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _page(request: Request, name: str, ctx: dict[str, Any], user: wt.User, status: int = 200) -> Any:
    return renderer_of(request).response(request, name, ctx, user=user, status=status)


@router.get("")
def home(request: Request) -> Any:
    """The workbench: submit a report, and the latest incidents."""
    user = signed_in(request)
    store = store_of(request)
    with store.engine.connect() as conn:
        rows = conn.execute(select(incidents_table.c.code, incidents_table.c.grade, incidents_table.c.earliest,
                                   incidents_table.c.updated_at).where(incidents_table.c.status == "active")
                            .order_by(incidents_table.c.updated_at.desc(), incidents_table.c.code).limit(50)).all()
        public = set(wt.published_codes(conn))
        queue = len(wt.unreviewed_claims(conn, claims_table, limit=500))
    ctx = {"recent": rows, "public": public, "queue": queue, "allow_private": store.get_setting(ALLOW_PRIVATE_SETTING) == "1"}
    return _page(request, "work_home.html", ctx, user)


@router.post("/submit")
async def submit_report(request: Request, csrf_token: Csrf = "", mode: Annotated[str, Form(pattern="^(text|file|url)$")] = "text",
                        text: Annotated[str, Form(max_length=2_000_000)] = "", url: Short = "", source: Short = "",
                        published: Annotated[str, Form(max_length=10)] = "", language: Annotated[str, Form(max_length=20)] = "",
                        file: Annotated[UploadFile | None, File()] = None) -> Any:
    """Store a pasted, uploaded or fetched report; show its claims."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    store = store_of(request)
    limit = renderer_of(request).config.max_upload_bytes
    try:
        if mode == "file":
            if file is None or not file.filename:
                raise InputError("choose a file to upload")
            raw = await file.read(limit + 1)
            result = submit.submit_upload(store, raw, filename=file.filename, source=source, published=published,
                                          language=language, who=user.name, max_bytes=limit)
        elif mode == "url":
            result = submit.submit_url(store, url, source=source, published=published, language=language, who=user.name)
        else:
            result = submit.submit_text(store, text, source=source, url=url, published=published, language=language,
                                        who=user.name)
    except InputError as e:
        status = 413 if "larger than" in e.reason else 415 if "can be uploaded" in e.reason or "binary" in e.reason else 400
        return _page(request, "work_error.html", {"message": e.reason}, user, status=status)
    return _back("/work/document?id=" + quote(result["doc_id"], safe=""))


@router.get("/document")
def document(request: Request, id: Annotated[str, Query(max_length=400)]) -> Any:
    """A stored document with its claims, evidence highlighted, and where each claim was linked."""
    user = signed_in(request)
    store = store_of(request)
    doc = store.document(id)
    with store.engine.connect() as conn:
        rows = conn.execute(select(claims_table.c.claim_id, claims_table.c.incident_code, claims_table.c.data)
                            .where(claims_table.c.doc_id == id).order_by(claims_table.c.seq)).all()
        states = wt.review_states(conn, [r[0] for r in rows])
    text = doc.document.text
    found = [{"claim": claim_from_row(r[2]), "code": r[1], "state": states.get(r[0], "new")} for r in rows]
    ctx = {"doc": doc, "text": text, "claims": [{**f, "d": claim_to_dict(f["claim"]),
                                                "evidence": evidence_of(f["claim"], text)} for f in found],
           "names": masked_ranges(text)}
    return _page(request, "work_document.html", ctx, user)


@router.get("/queue")
def queue(request: Request) -> Any:
    """New claims with the incident each was linked to and the link evidence: accept, move, split off or reject."""
    user = signed_in(request)
    store = store_of(request)
    with store.engine.connect() as conn:
        pending = wt.unreviewed_claims(conn, claims_table, limit=100)
    items = []
    for claim_id, doc_id, code, data in pending:
        claim = claim_from_row(data)
        links = [{"other": lk.b if lk.a == claim_id else lk.a, "score": round(lk.score, 2), "reasons": list(lk.reasons)}
                 for lk in store.links_for([claim_id])]
        items.append({"claim": claim, "d": claim_to_dict(claim), "doc_id": doc_id, "code": code, "links": links})
    return _page(request, "work_queue.html", {"items": items}, user)


@router.post("/review")
def review(request: Request, claim_id: Short, decision: Annotated[str, Form(pattern="^(accept|reject|move|new)$")],
           csrf_token: Csrf = "", to: Annotated[str, Form(max_length=40)] = "") -> Any:
    """Apply a review decision to one claim."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    store = store_of(request)
    if decision in ("accept", "reject"):
        code = decisions.review(store, claim_id, decision=decision, who=user.name)
    else:
        code = decisions.move_claims(store, [claim_id], to=to.strip().upper() if decision == "move" else None,
                                     who=user.name)
    return _back(f"/work/incidents/{code}" if code and decision != "reject" else "/work/queue")


@router.get("/incidents/{code}")
def incident(request: Request, code: str) -> Any:
    """An incident in full (published or not), with the decisions an analyst can take."""
    user = signed_in(request)
    store = store_of(request)
    view = incident_view(store, code)
    with store.engine.connect() as conn:
        public = wt.snapshot_data(conn, view.record.incident.code)
    data = incident_public(view, names_public=True)
    texts = {d: sd.document.text for d, sd in view.documents.items()}
    ctx = {"inc": data, "record": view.record, "texts": texts, "public": public, "grades": GRADES,
           "history": history_dict(view.history), "names_public": publishing.names_public(store, view.record.incident.code)}
    return _page(request, "work_incident.html", ctx, user)


@router.post("/incidents/{code}/grade")
def grade(request: Request, code: str, grade: Annotated[str, Form(max_length=20)],
          reason: Annotated[str, Form(max_length=2000)], csrf_token: Csrf = "") -> Any:
    """Set a grade with a reason."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    decisions.set_grade(store_of(request), code, grade=grade, reason=reason, who=user.name)
    return _back(f"/work/incidents/{code}")


@router.post("/incidents/{code}/merge")
def merge(request: Request, code: str, other: Annotated[str, Form(max_length=40)], csrf_token: Csrf = "",
          reason: Annotated[str, Form(max_length=500)] = "") -> Any:
    """Merge another incident into this one."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    decisions.merge(store_of(request), code, other.strip().upper(), who=user.name, reason=reason)
    return _back(f"/work/incidents/{code}")


@router.post("/incidents/{code}/split")
async def split(request: Request, code: str, csrf_token: Csrf = "",
                reason: Annotated[str, Form(max_length=500)] = "") -> Any:
    """Move the chosen claims into a new incident."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    form = await request.form()
    chosen = [str(v) for v in form.getlist("claim_id")][:500]
    new = decisions.split(store_of(request), code, chosen, who=user.name, reason=reason)
    return _back(f"/work/incidents/{new}")


@router.post("/incidents/{code}/publish")
def publish(request: Request, code: str, csrf_token: Csrf = "", names: Annotated[str, Form(max_length=3)] = "",
            note: Annotated[str, Form(max_length=500)] = "") -> Any:
    """Publish (or republish) as a new release; names only when ticked."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    publishing.publish(store_of(request), [code], who=user.name, names=names == "yes", note=note)
    return _back(f"/work/incidents/{code}")


@router.post("/incidents/{code}/unpublish")
def unpublish(request: Request, code: str, csrf_token: Csrf = "", note: Annotated[str, Form(max_length=500)] = "") -> Any:
    """Take it off the public site, as a new release."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    publishing.unpublish(store_of(request), code, who=user.name, note=note)
    return _back(f"/work/incidents/{code}")


def _int(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 7:
        raise InputError(f"{value!r} is not a whole number")
    return int(value)


async def _claim_fields(request: Request) -> dict[str, Any]:
    form = await request.form()

    def get(name: str, limit: int = 200) -> str:
        return str(form.get(name) or "")[:limit].strip()

    precision = get("precision") or "town"
    if precision not in PRECISIONS:
        raise InputError(f"precision must be one of {', '.join(PRECISIONS)}")
    figures = {k: (_int(get(f"{k}_min")), _int(get(f"{k}_max"))) for k in EDIT_FIGURES}
    return {"earliest": get("earliest") or None, "latest": get("latest") or None, "place": get("place") or None,
            "country": get("country") or None, "precision": precision, "actor": get("actor") or None, "figures": figures}


@router.get("/claim")
def claim_form(request: Request, id: Annotated[str, Query(max_length=400)]) -> Any:
    """Edit a claim's fields beside its evidence."""
    user = signed_in(request)
    store = store_of(request)
    with store.engine.connect() as conn:
        found = store.claims_by_id(conn, [id])
    if id not in found:
        raise HTTPException(404, f"no claim {id!r}")
    claim, code = found[id]
    text = store.document(claim.doc_id).document.text
    ctx = {"claim": claim, "d": claim_to_dict(claim), "code": code, "text": text, "evidence": evidence_of(claim, text),
           "figures": EDIT_FIGURES, "precisions": PRECISIONS}
    return _page(request, "work_claim.html", ctx, user)


@router.post("/claim")
async def claim_save(request: Request, claim_id: Short, csrf_token: Csrf = "") -> Any:
    """Save an analyst's edit of a claim (recorded in its incident's history)."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    store = store_of(request)
    with store.engine.connect() as conn:
        found = store.claims_by_id(conn, [claim_id])
    if claim_id not in found:
        raise HTTPException(404, f"no claim {claim_id!r}")
    old, _ = found[claim_id]
    edited = edited_claim(old, await _claim_fields(request))
    code = decisions.edit_claim(store, claim_id, edited, who=user.name)
    return _back(f"/work/incidents/{code}" if code else "/work/queue")


def edited_claim(old: Any, fields: dict[str, Any]) -> Any:
    """The claim with the form's fields, keeping the spans of values the analyst left unchanged."""
    from dataclasses import replace

    fresh = submit.manual_claim(old.doc_id, claim_id=old.claim_id, **fields)
    keep_date = old.date if old.date and fresh.date and (old.date.earliest, old.date.latest) == (
        fresh.date.earliest, fresh.date.latest) else fresh.date
    keep_place = old.place if old.place and fresh.place and (old.place.name, old.place.country) == (
        fresh.place.name, fresh.place.country) else fresh.place
    keep_actor = old.actor if old.actor and fresh.actor and old.actor.id == fresh.actor.id else fresh.actor
    casualties = dict(old.casualties)
    for k in EDIT_FIGURES:
        new = fresh.casualties.get(k)
        prev = old.casualties.get(k)
        if new is None:
            casualties.pop(k, None)
        elif prev is None or (prev.min, prev.max) != (new.min, new.max):
            casualties[k] = replace(new, words=prev.words if prev else "entered by hand", span=prev.span if prev else new.span)
    return replace(old, date=keep_date, place=keep_place, actor=keep_actor, casualties=casualties,
                   extractor=old.extractor if old.extractor.endswith("+analyst") else f"{old.extractor}+analyst")


@router.get("/manual")
def manual_form(request: Request) -> Any:
    """Enter a claim by hand for a source the extractor cannot read."""
    user = signed_in(request)
    return _page(request, "work_manual.html", {"figures": EDIT_FIGURES, "precisions": PRECISIONS, "d": None}, user)


@router.post("/manual")
async def manual_save(request: Request, description: Annotated[str, Form(max_length=20000)], csrf_token: Csrf = "",
                      source: Short = "", published: Annotated[str, Form(max_length=10)] = "", url: Short = "") -> Any:
    """Store the described source and its hand-entered claim, and link it."""
    check_csrf(request, csrf_token)
    user = signed_in(request)
    result = submit.submit_manual(store_of(request), description=description, source=source, published=published,
                                  url=url, claim_fields=await _claim_fields(request), who=user.name)
    return _back("/work/document?id=" + quote(result["doc_id"], safe=""))


@router.post("/settings")
def settings(request: Request, csrf_token: Csrf = "", allow_private: Annotated[str, Form(max_length=3)] = "") -> Any:
    """Admin: allow fetching URLs on loopback/private addresses (for local test servers)."""
    check_csrf(request, csrf_token)
    signed_in(request, admin=True)
    store_of(request).set_setting(ALLOW_PRIVATE_SETTING, "1" if allow_private == "yes" else "0")
    return _back("/work")

