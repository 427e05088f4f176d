"""Security: escaping of hostile source text, CSRF, cookies, passwords, sign-in rate limit, URL fetching rules."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hostile_claims import hostile_claim

from civmon.errors import InputError
from civmon.ingest import RawDocument
from civmon.models import Document
from civmon.pipeline import store_claims
from civmon.store import Store, open_store
from civmon.web import security
from civmon.web.app import WebConfig, create_app
from civmon.web.fetch import ALLOW_PRIVATE_SETTING, address_allowed, fetch_url
from civmon.web.publishing import publish
from civmon.web.submit import submit_url

HOSTILE = ('<script>window.__xss=1</script> Medics said an airstrike hit Homs, Syria on 5 May 2017, killing 3 '
           'civilians. <img src=x onerror="window.__xss=2"> <a href="javascript:window.__xss=3">more</a> '
           '"><svg onload=window.__xss=4>')


def hostile_store(path: Path) -> tuple[Store, str]:
    """A store with one published incident whose source text, publisher and URL are hostile."""
    store = open_store(str(path))
    doc = Document(id="hostile-1", text=HOSTILE, published=date(2017, 5, 6), source='<b onmouseover="x()">Evil</b>',
                   url="javascript:alert(1)", language="en")
    out = store_claims(store, RawDocument(document=doc, raw=HOSTILE.encode(), path="<test>"),
                       [hostile_claim(doc.id, HOSTILE)])
    publish(store, list(out.created), who="tester")
    return store, out.created[0]


@pytest.fixture()
def hostile(tmp_path: Path) -> Iterator[tuple[Store, TestClient, str]]:
    store, code = hostile_store(tmp_path / "x.db")
    yield store, TestClient(create_app(store, config=WebConfig(tile_url=""))), code
    store.close()


RAW_MARKUP = re.compile(r"<script>window|<img src=x|<svg onload|onerror=\"|onmouseover=\"|href=\"javascript:", re.I)


@pytest.mark.parametrize("path", ["/incidents/{code}", "/incidents", "/", "/releases", "/releases/1",
                                  "/sources/hostile-1"])
def test_public_pages_escape_hostile_text(hostile: tuple[Store, TestClient, str], path: str) -> None:
    _, client, code = hostile
    r = client.get(path.format(code=code))
    assert r.status_code == 200
    assert not RAW_MARKUP.search(r.text)
    if path in ("/incidents/{code}", "/sources/hostile-1"):
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in r.text
        assert "javascript:alert" not in r.text  # an unsafe URL is not rendered as a link at all


def test_workbench_pages_escape_hostile_text(hostile: tuple[Store, TestClient, str]) -> None:
    store, client, code = hostile
    made = security.add_user(store, "ana", role="analyst")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    client.post("/login", data={"name": "ana", "password": made.password, "csrf_token": token.group(1)})
    for path in (f"/work/incidents/{code}", "/work/document?id=hostile-1", "/work/queue",
                 "/work/claim?id=hostile-1%231"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert not RAW_MARKUP.search(r.text), path


def test_security_headers(hostile: tuple[Store, TestClient, str]) -> None:
    _, client, _ = hostile
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[tuple[Store, TestClient]]:
    store = open_store(str(tmp_path / "s.db"))
    yield store, TestClient(create_app(store, config=WebConfig(tile_url="")))
    store.close()


def _token(client: TestClient) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert m is not None
    return m.group(1)


def test_passwords_are_argon2_and_only_shown_once(client: tuple[Store, TestClient]) -> None:
    store, _ = client
    made = security.add_user(store, "ana", role="admin")
    with store.engine.connect() as conn:
        from civmon.store import web_tables as wt

        found = wt.password_hash_of(conn, "ana")
    assert found is not None and found[0].startswith("$argon2id$") and made.password not in found[0]
    assert security.verify_password(found[0], made.password) and not security.verify_password(found[0], "wrong")


@pytest.mark.parametrize("name", ["", "a b", "x" * 101, "<script>"])
def test_bad_user_names_are_refused(client: tuple[Store, TestClient], name: str) -> None:
    with pytest.raises(InputError):
        security.add_user(client[0], name, role="analyst")


def test_session_cookie_flags(client: tuple[Store, TestClient]) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    r = c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": _token(c)},
               follow_redirects=False)
    cookie = r.headers["set-cookie"]
    assert "civmon_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in tests
    https = TestClient(c.app, base_url="https://testserver")
    r = https.post("/login", data={"name": "ana", "password": made.password, "csrf_token": _token(https)},
                   follow_redirects=False)
    assert "Secure" in r.headers["set-cookie"]


@pytest.mark.parametrize("token", ["", "forged"])
def test_forms_without_the_csrf_token_are_refused(client: tuple[Store, TestClient], token: str) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    _token(c)
    r = c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 403


def test_cross_site_origin_is_refused(client: tuple[Store, TestClient]) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    r = c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": _token(c)},
               headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403


def test_every_workbench_form_carries_the_csrf_token(client: tuple[Store, TestClient]) -> None:
    templates = Path(__file__).parents[1] / "civmon" / "web" / "templates"
    for path in templates.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", text, re.S):
            assert 'name="{{ csrf_field }}"' in form, path.name


def test_sign_in_is_rate_limited(client: tuple[Store, TestClient]) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    token = _token(c)
    for _ in range(security.LOGIN_MAX_FAILURES):
        assert c.post("/login", data={"name": "ana", "password": "nope", "csrf_token": token}).status_code == 401
    r = c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 429


def test_next_after_sign_in_stays_on_site(client: tuple[Store, TestClient]) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    r = c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": _token(c),
                               "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/account/password?next=/work"


@pytest.mark.parametrize(("new", "repeat", "current_ok", "error"), [
    ("short", "short", True, "at least 12"),
    ("a long new passphrase", "a different one here", True, "differ"),
    ("a long new passphrase", "a long new passphrase", False, "current password is wrong"),
])
def test_one_time_password_must_be_replaced_well(client: tuple[Store, TestClient], new: str, repeat: str,
                                                 current_ok: bool, error: str) -> None:
    store, c = client
    made = security.add_user(store, "ana", role="analyst")
    token = _token(c)
    c.post("/login", data={"name": "ana", "password": made.password, "csrf_token": token})
    r = c.post("/account/password", data={"current": made.password if current_ok else "nope", "new": new,
                                          "repeat": repeat, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 400 and error in r.text
    assert c.get("/work", follow_redirects=False).headers["location"].startswith("/account/password")


@pytest.mark.parametrize(("ip", "allowed"), [
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False), ("::1", False),
    ("fe80::1", False), ("::ffff:127.0.0.1", False), ("0.0.0.0", False), ("8.8.8.8", True), ("2001:4860::8888", True),
])
def test_address_rules(ip: str, allowed: bool) -> None:
    assert address_allowed(ip, allow_private=False) is allowed


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        routes: dict[str, tuple[int, dict[str, str], bytes]] = {
            "/report": (200, {"Content-Type": "text/html; charset=utf-8"},
                        b"<html><body><article><p>Medics said an airstrike hit Hama, Syria on 3 June 2017, killing "
                        b"6 civilians.</p></article></body></html>"),
            "/hop": (302, {"Location": "/report"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/big": (200, {"Content-Type": "text/plain"}, b"x" * 3_000_000),
            "/pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF"),
        }
        status, headers, body = routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading at its size cap

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_refuses_loopback_by_default(local_server: str) -> None:
    with pytest.raises(InputError, match="refused"):
        fetch_url(local_server + "/report")


@pytest.mark.parametrize(("path", "error"), [
    ("/loop", "redirected more than"), ("/big", "larger than"), ("/pdf", "only web pages"), ("/missing", "HTTP 404"),
])
def test_fetch_limits(local_server: str, path: str, error: str) -> None:
    with pytest.raises(InputError, match=error):
        fetch_url(local_server + path, allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "http://user:pw@example.org/"])
def test_fetch_refuses_other_schemes_and_credentials(url: str) -> None:
    with pytest.raises(InputError):
        fetch_url(url, allow_private=True)


def test_submit_url_follows_a_redirect_when_the_admin_allows_local(local_server: str, tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "f.db"))
    with pytest.raises(InputError, match="refused"):
        submit_url(store, local_server + "/hop", source="Hama medics", published=None, language=None, who="t")
    store.set_setting(ALLOW_PRIVATE_SETTING, "1")
    out = submit_url(store, local_server + "/hop", source="Hama medics", published=None, language=None, who="t")
    assert out["claims"] == 1 and out["created"]
    assert store.document(out["doc_id"]).document.url == local_server + "/report"
    store.close()
