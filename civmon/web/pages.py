"""The public pages (dashboard, incident list and page, methodology, releases) and signing in and out."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse

from civmon.errors import InputError, NotFoundError
from civmon.models import GRADES
from civmon.store import web_tables as wt
from civmon.web import security
from civmon.web.api import MONTH, list_filter, page_of
from civmon.web.figures import chart_svg
from civmon.web.methodology import methodology
from civmon.web.render import cached_chart, facets_of, latest_release, renderer_of, store_of, user_of

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=200)]


def check_csrf(request: Request, token: str | None) -> None:
    """403 unless the form's CSRF token matches the cookie (and, when the browser sends one, the origin is ours)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise HTTPException(403, "cross-site form submission refused")
    if not security.csrf_ok(request.cookies.get(security.CSRF_COOKIE), token):
        raise HTTPException(403, "the form expired or came from another site; reload the page and try again")


@router.get("/")
async def dashboard(request: Request, belligerent: Text = None,
              country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{0,2}$")] = None) -> Any:
    """The dashboard: monthly chart by grade with the min-max band, totals, records and the map."""
    rel = latest_release(request)
    figs = rel.figures if rel else {}
    if belligerent:
        series, scope = figs.get("by_belligerent", {}).get(belligerent, []), f"attributed to {belligerent}"
    elif country:
        series, scope = figs.get("by_country", {}).get(country.upper(), []), f"in {country.upper()}"
    else:
        series, scope = figs.get("overall", []), "all published incidents"
    title = f"Civilians killed per month, {scope}: minimum stacked by grade, with the min–max band"
    known = (not belligerent or belligerent in figs.get("by_belligerent", {})) and (
        not country or country.upper() in figs.get("by_country", {}))
    chart = (cached_chart(request, (belligerent or "", (country or "").upper()), lambda: chart_svg(series, title=title))
             if known and rel is not None else chart_svg(series, title=title))
    ctx = {"release": rel, "series": series, "scope": scope, "chart": chart,
           "totals": figs.get("totals", {}), "records": figs.get("records", []),
           "belligerents": sorted(figs.get("by_belligerent", {})), "countries": sorted(figs.get("by_country", {})),
           "belligerent": belligerent or "", "country": (country or "").upper()}
    return renderer_of(request).response(request, "dashboard.html", ctx, user=user_of(request))


@router.get("/incidents")
async def incident_list(request: Request, start: Annotated[str | None, Query(alias="from", pattern=MONTH + "|^$")] = None,
                  end: Annotated[str | None, Query(alias="to", pattern=MONTH + "|^$")] = None,
                  belligerent: Text = None, country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{0,2}$")] = None,
                  admin1: Text = None, grade: Annotated[str | None, Query(pattern="^(|" + "|".join(GRADES) + ")$")] = None,
                  min_deaths: Annotated[str | None, Query(pattern=r"^\d{0,7}$")] = None, q: Text = None,
                  cursor: Annotated[str | None, Query(max_length=200)] = None) -> Any:
    """Published incidents with filters, newest first, a page at a time."""
    f = list_filter(start=start, end=end, belligerent=belligerent, country=country, admin1=admin1, grade=grade,
                    min_deaths=int(min_deaths) if min_deaths else None, q=q)
    found, nxt = page_of(request, f, cursor=cursor, limit=renderer_of(request).config.page_size)
    rows = [json.loads(r) for r in found]
    facets = facets_of(request)
    params = {k: v for k, v in (("from", start), ("to", end), ("belligerent", belligerent), ("country", country),
                                ("admin1", admin1), ("grade", grade), ("min_deaths", min_deaths), ("q", q)) if v}
    ctx = {"rows": rows, "next_cursor": nxt, "params": params, "facets": facets, "grades": GRADES}
    return renderer_of(request).response(request, "incidents.html", ctx, user=user_of(request))


@router.get("/incidents/{code}")
async def incident_page(request: Request, code: Annotated[str, Path(max_length=40)]) -> Any:
    """A published incident: figures, sources with highlighted evidence, responses, grade, history."""
    store = store_of(request)
    with store.engine.connect() as conn:
        data = wt.snapshot_data(conn, code.upper())
    if data is None:
        raise NotFoundError(f"no published incident {code.upper()}")
    texts: dict[str, str] = {}
    from civmon.web.views import public_text

    for s in data["sources"]:
        try:
            texts[s["doc_id"]] = public_text(store.document(s["doc_id"]), names_public=bool(data.get("names_public")))
        except NotFoundError:
            texts[s["doc_id"]] = ""
    ctx = {"inc": data, "texts": texts}
    return renderer_of(request).response(request, "incident.html", ctx, user=user_of(request))


@router.get("/sources/{doc_id:path}")
def source_page(request: Request, doc_id: Annotated[str, Path(max_length=400)]) -> Any:
    """The archived copy of a source cited by a published incident, with its evidence highlighted."""
    from civmon.web.publishing import public_source

    codes, doc = public_source(store_of(request), doc_id)
    return renderer_of(request).response(request, "source.html", {"doc": doc, "codes": codes}, user=user_of(request))


@router.get("/methodology")
def methodology_page(request: Request) -> Any:
    """How figures are made, from the code's own rule tables."""
    return renderer_of(request).response(request, "methodology.html", {"m": methodology()}, user=user_of(request))


@router.get("/releases")
def releases_page(request: Request) -> Any:
    """Every release with what changed."""
    with store_of(request).engine.connect() as conn:
        rels = wt.list_releases(conn)
    return renderer_of(request).response(request, "releases.html", {"releases": rels}, user=user_of(request))


@router.get("/releases/{number}")
def release_page(request: Request, number: Annotated[int, Path(ge=1, le=10**9)]) -> Any:
    """One release: its changes and the figures as they then stood."""
    with store_of(request).engine.connect() as conn:
        rel = wt.release(conn, number)
    if rel is None:
        raise NotFoundError(f"no release {number}")
    title = f"Civilians killed per month as of release {rel.number}"
    ctx = {"rel": rel, "chart": chart_svg(rel.figures.get("overall", []), title=title)}
    return renderer_of(request).response(request, "release.html", ctx, user=user_of(request))


@router.get("/login")
def login_form(request: Request, next: Annotated[str, Query(max_length=300)] = "/work") -> Any:
    """The sign-in form."""
    return renderer_of(request).response(request, "login.html", {"next": _local(next), "error": None}, user=None)


def _local(url: str) -> str:
    """Only same-site paths are followed after signing in."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/work"


@router.post("/login")
def login(request: Request, name: Annotated[str, Form(max_length=100)], password: Annotated[str, Form(max_length=200)],
          csrf_token: Annotated[str, Form(max_length=200)] = "", next: Annotated[str, Form(max_length=300)] = "/work") -> Any:
    """Check the password (rate limited) and start a session."""
    check_csrf(request, csrf_token)
    store = store_of(request)
    client = request.client.host if request.client else "unknown"
    r = renderer_of(request)
    if security.too_many_attempts(store, name, client):
        return r.response(request, "login.html", {"next": _local(next), "error": "Too many failed attempts; "
                          "wait 15 minutes and try again."}, user=None, status=429)
    token = security.sign_in(store, name, password, client=client)
    if token is None:
        return r.response(request, "login.html", {"next": _local(next), "error": "Wrong name or password."},
                          user=None, status=401)
    user = security.session_user(store, token)
    target = "/account/password?next=" + quote(_local(next), safe="/") if user and user.must_change else _local(next)
    resp = RedirectResponse(target, status_code=303)
    resp.set_cookie(security.SESSION_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                    max_age=security.SESSION_HOURS * 3600, path="/")
    return resp


@router.get("/account/password")
def password_form(request: Request, next: Annotated[str, Query(max_length=300)] = "/work") -> Any:
    """Choose a password (required after signing in with a one-time password)."""
    user = user_of(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    return renderer_of(request).response(request, "password.html", {"next": _local(next), "error": None}, user=user)


@router.post("/account/password")
def password_change(request: Request, current: Annotated[str, Form(max_length=200)],
                    new: Annotated[str, Form(max_length=200)], repeat: Annotated[str, Form(max_length=200)],
                    csrf_token: Annotated[str, Form(max_length=200)] = "",
                    next: Annotated[str, Form(max_length=300)] = "/work") -> Any:
    """Set the new password."""
    check_csrf(request, csrf_token)
    user = user_of(request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    try:
        if new != repeat:
            raise InputError("the two new passwords differ")
        security.change_password(store_of(request), user.name, current=current, new=new)
    except InputError as e:
        return renderer_of(request).response(request, "password.html", {"next": _local(next), "error": e.reason},
                                             user=user, status=400)
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Any:
    """End the session."""
    check_csrf(request, csrf_token)
    security.sign_out(store_of(request), request.cookies.get(security.SESSION_COOKIE))
    resp = RedirectResponse("/", status_code=303)
    resp.delete_cookie(security.SESSION_COOKIE, path="/")
    return resp
