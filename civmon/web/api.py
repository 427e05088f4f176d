"""The JSON API under /api/: published incidents, documents, claims, stats, releases, exports; and token writes."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from civmon.errors import NotFoundError
from civmon.models import GRADES
from civmon.store import web_tables as wt
from civmon.web import security
from civmon.web.app import envelope
from civmon.web.methodology import methodology
from civmon.web.query import parse_query, query_parameters
from civmon.web.render import facets_of, latest_release, store_of

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
_CURSOR = re.compile(r"\A(\d{4}-\d{2}-\d{2})\|([A-Z0-9-]{1,40})\Z")


class ErrorBody(BaseModel):
    """What went wrong."""

    status: int
    code: str
    message: str


class Envelope(BaseModel):
    """The one response shape of the API."""

    ok: bool
    data: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)
    error: ErrorBody | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Envelope, "description": text} for code, text in (
        (400, "Bad request"), (401, "Not signed in"), (404, "Not found"), (422, "Invalid parameters"),
        (500, "Internal error"))}
router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
# The hot read-only routes are `async`: their SQLite reads take well under a millisecond and never wait on a write
# lock (WAL), so running them on the event loop saves a thread hand-off per request. Writes stay in the thread pool.
# They validate their query string with one model (civmon.web.query), read through the driver (wt.fast_rows), and
# answer with stored JSON spliced into the envelope, never parsed and re-encoded.
STATS_CACHE_SIZE = 256
LIST_CACHE_SIZE = 512
"""List pages kept per worker (the oldest dropped first); what is public changes only with a new release, and a new
release empties the cache."""


def ok(data: Any, *, meta: dict[str, Any] | None = None, status: int = 200) -> JSONResponse:
    """A success envelope as a response."""
    return JSONResponse(envelope(data, meta=meta), status_code=status)


def encode_cursor(sort_key: str) -> str:
    """The opaque cursor after a row."""
    return base64.urlsafe_b64encode(sort_key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The sort key in a cursor; 400 when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "invalid cursor") from None
    if not _CURSOR.match(raw):
        raise HTTPException(400, "invalid cursor")
    return raw


def list_filter(*, start: str | None, end: str | None, belligerent: str | None, country: str | None,
                admin1: str | None, grade: str | None, min_deaths: int | None, q: str | None) -> wt.ListFilter:
    """The list filter from query parameters (blank values ignored)."""
    return wt.ListFilter(start_month=start or None, end_month=end or None, belligerent=belligerent or None,
                         country=country or None, admin1=admin1 or None, grade=grade or None, min_deaths=min_deaths,
                         q=q.strip() if q and q.strip() else None)


def page_of(request: Request, f: wt.ListFilter, *, cursor: str | None, limit: int) -> tuple[list[str], str | None]:
    """One page of published incidents (each its list-row JSON) and the cursor of the next page (None at the end)."""
    after = decode_cursor(cursor) if cursor else None
    with store_of(request).engine.connect() as conn:
        rows = wt.list_published(conn, f, after=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return [r[1] for r in rows], (encode_cursor(rows[-1][0]) if more and rows else None)


Month = Annotated[str | None, Query(pattern=MONTH, description="YYYY-MM")]
Text = Annotated[str | None, Query(max_length=200)]
GRADE = "^(" + "|".join(GRADES) + ")$"
COUNTRY = r"^[A-Za-z]{2}$"


class IncidentQuery(BaseModel):
    """Filters and paging of the incident list."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    start: str | None = Field(default=None, alias="from", pattern=MONTH, title="From")
    end: str | None = Field(default=None, alias="to", pattern=MONTH, title="To")
    belligerent: str | None = Field(default=None, max_length=200, title="Belligerent")
    country: str | None = Field(default=None, pattern=COUNTRY, title="Country")
    admin1: str | None = Field(default=None, max_length=200, title="Admin1")
    grade: str | None = Field(default=None, pattern=GRADE, title="Grade")
    min_deaths: int | None = Field(default=None, ge=0, le=1_000_000, title="Min Deaths")
    q: str | None = Field(default=None, max_length=200, title="Q")
    cursor: str | None = Field(default=None, max_length=200, title="Cursor")
    limit: int = Field(default=50, ge=1, le=200, title="Limit")


class StatsQuery(BaseModel):
    """Which series of the stats."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    belligerent: str | None = Field(default=None, max_length=200, title="Belligerent")
    country: str | None = Field(default=None, pattern=COUNTRY, title="Country")


@router.get("/incidents", summary="Published incidents, newest first (cursor-paged)",
            openapi_extra=query_parameters(IncidentQuery))
async def incidents(request: Request) -> Any:
    """Published incidents matching every filter, newest first."""
    p = parse_query(request, IncidentQuery)
    latest_release(request)  # checks the release number; a new release empties the worker's release cache
    pages: dict[IncidentQuery, bytes] = request.app.state.release_cache.setdefault("lists", {})
    body = pages.get(p)
    if body is None:
        f = list_filter(start=p.start, end=p.end, belligerent=p.belligerent, country=p.country, admin1=p.admin1,
                        grade=p.grade, min_deaths=p.min_deaths, q=p.q)
        rows, nxt = page_of(request, f, cursor=p.cursor, limit=p.limit)
        meta = json.dumps({"next_cursor": nxt, "limit": p.limit, "count": len(rows)})
        # rows are stored JSON: joined, never re-parsed
        body = ('{"ok":true,"data":[' + ",".join(rows) + '],"meta":' + meta + ',"error":null}').encode()
        if len(pages) >= LIST_CACHE_SIZE:
            del pages[next(iter(pages))]
        pages[p] = body
    return Response(body, media_type="application/json")


Code = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,40}$")]


@router.get("/incidents/{code}", summary="One published incident: figures, claims, evidence spans, history")
async def incident(request: Request, code: Code) -> Any:
    """A published incident in full."""
    with store_of(request).engine.connect() as conn:
        data = wt.snapshot_json(conn, code.upper())
    if data is None:
        raise NotFoundError(f"no published incident {code.upper()}")
    body = '{"ok":true,"data":' + data + ',"meta":{"spans":"code points of each document\'s text"},"error":null}'
    return Response(body, media_type="application/json")  # the stored snapshot, spliced in unparsed


@router.get("/documents/{doc_id:path}", summary="The archived copy of a source cited by a published incident")
def document(request: Request, doc_id: Annotated[str, Path(max_length=400)]) -> Any:
    """A public document's text (personal names masked) and its claims."""
    from civmon.web.publishing import public_source

    codes, doc = public_source(store_of(request), doc_id, noun="document")
    return ok(doc, meta={"incidents": codes})


@router.get("/claims/{claim_id:path}", summary="One claim of a published incident, with its evidence spans")
def claim(request: Request, claim_id: Annotated[str, Path(max_length=400)]) -> Any:
    """A claim that a published incident rests on."""
    with store_of(request).engine.connect() as conn:
        found = store_of(request).claims_by_id(conn, [claim_id])
        if claim_id not in found or found[claim_id][1] is None:
            raise NotFoundError(f"no public claim {claim_id!r}")
        data = wt.snapshot_data(conn, str(found[claim_id][1]))
    if data is None:
        raise NotFoundError(f"no public claim {claim_id!r}")
    for s in data["sources"]:
        for c in s["claims"]:
            if c["claim_id"] == claim_id:
                return ok(c, meta={"incident": data["code"]})
    raise NotFoundError(f"no public claim {claim_id!r}")


def _figures(request: Request) -> dict[str, Any]:
    rel = latest_release(request)
    return {"release": None, "at": None, "figures": {}} if rel is None else {
        "release": rel.number, "at": rel.at, "figures": rel.figures}


@router.get("/stats", summary="Monthly civilian deaths by grade (min and max), from the latest release",
            openapi_extra=query_parameters(StatsQuery))
async def stats(request: Request) -> Any:
    """The monthly series overall, or for one belligerent or country."""
    # encoded once per worker per release: the release cache empties when a newer release appears
    p = parse_query(request, StatsQuery)
    rel = _figures(request)  # checks the release number; a new release empties the worker's release cache
    bodies: dict[tuple[str, str], bytes] = request.app.state.release_cache.setdefault("stats", {})
    key = (p.belligerent or "", (p.country or "").upper())
    cached = bodies.get(key)
    if cached is None:
        figs = rel["figures"]
        if p.belligerent:
            series = figs.get("by_belligerent", {}).get(p.belligerent, [])
        elif p.country:
            series = figs.get("by_country", {}).get(p.country.upper(), [])
        else:
            series = figs.get("overall", [])
        cached = bytes(ok({"series": series, "totals": figs.get("totals", {})},
                          meta={"release": rel["release"], "at": rel["at"], "unit": "civilians killed",
                                "by": "month"}).body)
        if len(bodies) >= STATS_CACHE_SIZE:
            bodies.clear()
        bodies[key] = cached
    return Response(cached, media_type="application/json")


@router.get("/records", summary="Record months: the highest likely civilian-death minimums")
def records(request: Request) -> Any:
    """Months ranked by the likely (Fair + Confirmed) civilian-death minimum."""
    rel = _figures(request)
    return ok(rel["figures"].get("records", []), meta={"release": rel["release"]})


@router.get("/facets", summary="Values the incident list can be filtered by")
def facets(request: Request) -> Any:
    """Countries, belligerents and admin-1 areas of published incidents, and the grades."""
    out: dict[str, Any] = dict(facets_of(request))
    out["grades"] = list(GRADES)
    return ok(out)


@router.get("/map", summary="Newest published incidents with their places, for the map")
def map_points(request: Request, limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> Any:
    """Places of published incidents: points only for exact places, otherwise approximate areas."""
    with store_of(request).engine.connect() as conn:
        rows = wt.map_points(conn, limit=limit)
    out = [{"code": r["code"], "grade": r["grade"], "civilians_killed": r["civilians_killed"], "place": r["place"]}
           for r in rows if r.get("place") and r["place"].get("lat") is not None]
    return ok(out, meta={"count": len(out)})


@router.get("/releases", summary="Releases, newest first, with what changed")
def releases(request: Request) -> Any:
    """Every release: number, date, who, note and the incidents it changed."""
    with store_of(request).engine.connect() as conn:
        rels = wt.list_releases(conn)
    return ok([{"number": r.number, "at": r.at, "who": r.who, "note": r.note, "changes": r.changes,
                "totals": r.figures.get("totals", {})} for r in rels])


@router.get("/releases/{number}", summary="One release with the figures as they then stood")
def release(request: Request, number: Annotated[int, Path(ge=1, le=10**9)]) -> Any:
    """A release in full, so a quoted figure can be reproduced."""
    with store_of(request).engine.connect() as conn:
        rel = wt.release(conn, number)
    if rel is None:
        raise NotFoundError(f"no release {number}")
    return ok({"number": rel.number, "at": rel.at, "who": rel.who, "note": rel.note, "changes": rel.changes,
               "figures": rel.figures})


@router.get("/methodology", summary="The rule tables the code uses: grades, vague numbers, linking, maps, privacy")
def method() -> Any:
    """The methodology, generated from the code's own tables."""
    return ok(methodology())


EXPORT_COLUMNS = ("code", "earliest", "latest", "country", "admin1", "place", "precision", "belligerents", "grade",
                  "civilians_killed_min", "civilians_killed_max", "sources", "release")


@router.get("/export", summary="Every published incident as CSV or JSON", response_model=None,
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
def export(request: Request, format: Annotated[str, Query(pattern="^(csv|json)$")] = "json") -> Any:
    """All published incidents (CSV rows, or the JSON envelope of their full snapshots)."""
    with store_of(request).engine.connect() as conn:
        rows = wt.all_snapshots(conn)
    if format == "json":
        return ok(rows, meta={"count": len(rows)})
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(EXPORT_COLUMNS)
    for r in rows:
        place = r.get("place") or {}
        w.writerow([r["code"], r["earliest"], r["latest"], r["country"], r.get("admin1"), place.get("name"),
                    place.get("precision"), ";".join(r["belligerents"]), r["grade"], r["civilians_killed"]["min"],
                    r["civilians_killed"]["max"], len(r["sources"]), r.get("release")])
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="civmon-incidents.csv"'})


# --- token-authenticated writes ------------------------------------------------------------------------


def api_user(request: Request, authorization: str | None) -> wt.User:
    """The user of an `Authorization: Bearer <token>` header; 401 otherwise."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(401, "send an API token: Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    user = security.token_user(store_of(request), authorization[7:].strip())
    if user is None:
        raise HTTPException(401, "unknown API token", headers={"WWW-Authenticate": "Bearer"})
    return user


class NewDocument(BaseModel):
    """A report submitted by a script."""

    text: str = Field(min_length=1, max_length=2_000_000)
    source: str | None = Field(default=None, max_length=400)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    language: str | None = Field(default=None, max_length=20)


class GradeBody(BaseModel):
    """An analyst's grade and its reason."""

    grade: str = Field(pattern="^(" + "|".join(GRADES) + ")$")
    reason: str = Field(min_length=1, max_length=2000)


Auth = Annotated[str | None, Header(description="Bearer API token")]


@router.post("/documents", summary="Submit a report (API token); returns the claims extracted and incidents touched",
             status_code=201)
def submit(request: Request, body: Annotated[NewDocument, Body()], authorization: Auth = None) -> Any:
    """Extract, store and link a report."""
    from civmon.web.submit import submit_text

    user = api_user(request, authorization)
    result = submit_text(store_of(request), body.text, source=body.source, url=body.url, published=body.published,
                         language=body.language, who=user.name)
    return ok(result, status=201)


@router.post("/incidents/{code}/grade", summary="Grade an incident with a reason (API token)")
def grade(request: Request, code: Code, body: Annotated[GradeBody, Body()], authorization: Auth = None) -> Any:
    """Set an analyst's grade."""
    from civmon.web.decisions import set_grade

    user = api_user(request, authorization)
    inc = set_grade(store_of(request), code.upper(), grade=body.grade, reason=body.reason, who=user.name)
    return ok({"code": inc.code, "grade": inc.grade.grade, "reason": inc.grade.reason, "by": inc.grade.by})


@router.post("/incidents/{code}/publish", summary="Publish an incident as a new release (API token)")
def publish(request: Request, code: Code, authorization: Auth = None) -> Any:
    """Publish one incident."""
    from civmon.web.publishing import publish as do_publish

    user = api_user(request, authorization)
    rel = do_publish(store_of(request), [code], who=user.name)
    return ok({"release": rel.number, "at": rel.at, "changes": rel.changes})


@router.post("/incidents/{code}/unpublish", summary="Take an incident off the public site (API token)")
def unpublish(request: Request, code: Code, authorization: Auth = None) -> Any:
    """Unpublish one incident."""
    from civmon.web.publishing import unpublish as do_unpublish

    user = api_user(request, authorization)
    rel = do_unpublish(store_of(request), code, who=user.name)
    return ok({"release": rel.number, "at": rel.at, "changes": rel.changes})


@router.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
def unknown(request: Request, rest: str) -> Any:
    """Any other /api/ request: 405 when the path exists with other methods, else 404 (both in the envelope)."""
    path = f"/api/{rest}"
    for template, ops in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))
        if "documents" in template or "claims" in template:
            pattern = pattern.replace("[^/]+", ".+")
        if re.fullmatch(pattern, path):
            allowed = ", ".join(sorted(m.upper() for m in ops))
            raise HTTPException(405, f"{request.method} is not allowed on {path}; use {allowed}",
                                headers={"Allow": allowed})
    raise NotFoundError(f"no API route {path}")
