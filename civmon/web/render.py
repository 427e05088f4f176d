"""Page rendering and request helpers: the Jinja2 environment (autoescaped), CSRF cookie, signed-in user."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from civmon.store import Store
from civmon.store import web_tables as wt
from civmon.web import security
from civmon.web.app import HERE, WebConfig
from civmon.web.views import safe_url


def _json_attr(value: Any) -> str:
    """JSON for a data-* attribute or a <script type=application/json> block ('<' escaped so it cannot end the tag)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def figure_text(fig: Any) -> str:
    """A figure as people read it: "12", "12–15", "15+", "up to 1000", "unknown"."""
    if not fig:
        return "–"
    lo, hi = fig.get("min"), fig.get("max")
    if lo is None and hi is None:
        return "unknown"
    if lo is None:
        return f"up to {hi}"
    if hi is None:
        return f"{lo}+"
    if lo == hi:
        return f"{lo}+" if fig.get("open") else str(lo)
    return f"{lo}–{hi}"


class Renderer:
    """Renders the templates under civmon/web/templates with autoescaping on."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"),
                               autoescape=select_autoescape(("html", "xml"), default=True), auto_reload=False)
        self.env.filters["json_attr"] = _json_attr
        self.env.filters["figure"] = figure_text
        self.env.filters["safe_url"] = safe_url
        self.env.globals["Markup"] = Markup

    def page(self, request: Any, name: str, ctx: dict[str, Any], *, user: wt.User | None) -> str:
        """A rendered page; the CSRF token for its forms comes from the browser's cookie (or a new one)."""
        csrf = request.cookies.get(security.CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
        if not csrf:
            csrf = security.new_secret()
            request.state.new_csrf = csrf
        return self.env.get_template(name).render(request=request, user=user, csrf=csrf, config=self.config,
                                                  csrf_field=security.CSRF_FIELD, **ctx)

    def response(self, request: Any, name: str, ctx: dict[str, Any], *, user: wt.User | None,
                 status: int = 200) -> Any:
        """An HTML response for a page, setting the CSRF cookie when the browser had none."""
        from fastapi.responses import HTMLResponse

        html = self.page(request, name, ctx, user=user)
        resp = HTMLResponse(html, status_code=status)
        new = getattr(request.state, "new_csrf", None)
        if new:
            resp.set_cookie(security.CSRF_COOKIE, new, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return resp


def latest_release(request: Any) -> wt.Release | None:
    """The newest release, parsed once per worker and re-read only when a newer one exists."""
    cache: dict[str, Any] = request.app.state.release_cache
    with store_of(request).engine.connect() as conn:
        number = wt.latest_release_number(conn)
        if number is None:
            return None
        if cache.get("number") != number:
            cache.clear()
            cache.update(number=number, release=wt.latest_release(conn), charts={})
    found: wt.Release | None = cache["release"]
    return found


def facets_of(request: Any) -> dict[str, list[str]]:
    """The list filters' values, computed once per worker per release (they change only when publishing)."""
    rel = latest_release(request)
    cache: dict[str, Any] = request.app.state.release_cache
    if rel is None:
        return {"countries": [], "belligerents": [], "admin1": []}
    if "facets" not in cache:
        with store_of(request).engine.connect() as conn:
            cache["facets"] = wt.published_facets(conn)
    found: dict[str, list[str]] = cache["facets"]
    return found


def cached_chart(request: Any, key: tuple[str, str], make: Any) -> str:
    """A chart of the latest release, drawn once per worker per (belligerent, country)."""
    charts: dict[tuple[str, str], str] = request.app.state.release_cache.setdefault("charts", {})
    if key not in charts:
        charts[key] = make()
    return charts[key]


def store_of(request: Any) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def renderer_of(request: Any) -> Renderer:
    """The app's renderer."""
    r: Renderer = request.app.state.renderer
    return r


def user_of(request: Any) -> wt.User | None:
    """The signed-in user of a browser request, if any."""
    if hasattr(request.state, "user"):
        cached: wt.User | None = request.state.user
        return cached
    user = security.session_user(store_of(request), request.cookies.get(security.SESSION_COOKIE))
    request.state.user = user
    return user
