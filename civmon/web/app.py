"""The web application factory: one FastAPI app with the public pages, the workbench and the JSON API.

Every JSON answer under /api/ is one envelope: {"ok", "data", "meta", "error"}; errors carry
{"status", "code", "message"}. Pages are server-rendered Jinja2 with autoescaping; scripts come only
from /static (a strict Content-Security-Policy forbids inline script).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civmon.settings import setting
from civmon.store import Store

HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class WebConfig:
    """Settings of the web app: the map's tile server ('' for none) and upload limits."""

    tile_url: str = field(default_factory=lambda: setting("tile_url"))
    max_upload_bytes: int = 2_000_000
    page_size: int = 50

    @property
    def tile_origin(self) -> str:
        """The scheme://host of the tile server, for the Content-Security-Policy."""
        if not self.tile_url.startswith(("http://", "https://")):
            return ""
        scheme, rest = self.tile_url.split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}".replace("{s}", "*")


def envelope(data: Any, *, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The success envelope."""
    return {"ok": True, "data": data, "meta": meta or {}, "error": None}


def error_envelope(status: int, code: str, message: str) -> dict[str, Any]:
    """The error envelope."""
    return {"ok": False, "data": None, "meta": {}, "error": {"status": status, "code": code, "message": message}}


ERROR_CODES: dict[int, str] = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                               405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_type",
                               422: "invalid", 429: "rate_limited", 500: "internal"}


class SecurityHeaders:
    """ASGI middleware adding the Content-Security-Policy and other protective headers to every response."""

    def __init__(self, app: Any, *, tile_origin: str) -> None:
        self.app = app
        img = f"'self' data: {tile_origin}".strip()
        csp = (f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        self.headers = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
        self.docs_headers = [h for h in self.headers if h[0] != b"content-security-policy"]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """Pass the request through, adding headers to the response start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] in ("/docs", "/docs/oauth2-redirect") else self.headers

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(store: Store, *, config: WebConfig | None = None) -> Any:
    """The FastAPI app over a store (routes for pages, workbench and API; envelope error handlers)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import HTMLResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from civmon.errors import CivmonError, InputError, NotFoundError
    from civmon.store.web_tables import ensure_tables
    from civmon.version import __version__
    from civmon.web import api, pages, workbench
    from civmon.web.render import Renderer

    ensure_tables(store.engine)
    cfg = config or WebConfig()
    app = FastAPI(title="civmon", version=__version__, description=(
        "Civilian-harm monitor: sourced, graded incident records. Every /api/ answer is one envelope "
        '{"ok", "data", "meta", "error"}; lists are paged with an opaque `cursor`.'),
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = store
    app.state.config = cfg
    app.state.renderer = Renderer(cfg)
    app.state.release_cache = {}

    def _is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/api"

    def _error(request: Request, status: int, message: str) -> Any:
        code = ERROR_CODES.get(status, "error")
        if _is_api(request):
            return JSONResponse(error_envelope(status, code, message), status_code=status)
        html = app.state.renderer.page(request, "error.html", {"status": status, "message": message}, user=None)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if exc.status_code in (301, 302, 303, 307) and exc.headers:
            return HTMLResponse("", status_code=exc.status_code, headers=exc.headers)
        message = str(exc.detail) if exc.detail else ERROR_CODES.get(exc.status_code, "error")
        resp = _error(request, exc.status_code, message)
        if exc.headers:
            resp.headers.update(exc.headers)
        return resp

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return _error(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Any:
        return _error(request, 404, str(exc))

    @app.exception_handler(CivmonError)
    async def civmon_error(request: Request, exc: CivmonError) -> Any:
        status = 400 if isinstance(exc, InputError) else 500
        return _error(request, status, exc.reason if isinstance(exc, InputError) else str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Any:
        import logging

        logging.getLogger("civmon.web").error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "internal error; it has been logged")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Any:
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(openapi_url="/openapi.json", title="civmon API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(workbench.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders, tile_origin=cfg.tile_origin)
    return app
