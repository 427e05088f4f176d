"""JSON API: one envelope on every route (success and error), filters, cursor pagination, tokens, exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from civmon.store import Store, open_store
from civmon.web.app import WebConfig, create_app
from civmon.web.publishing import publish
from civmon.web.sample import load_samples
from civmon.web.security import add_user

ENVELOPE_KEYS = {"ok", "data", "meta", "error"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, TestClient, list[str]]]:
    store = open_store(str(tmp_path_factory.mktemp("api") / "api.db"))
    codes = load_samples(store)
    publish(store, codes, who="tester", note="first")
    client = TestClient(create_app(store, config=WebConfig(tile_url="")))
    yield store, client, codes
    store.close()


def api_get_routes(client: TestClient) -> list[str]:
    """Every GET route under /api/ in the app, as path templates."""
    spec: dict[str, Any] = client.get("/openapi.json").json()
    return sorted(p for p, ops in spec["paths"].items() if p.startswith("/api/") and "get" in ops)


def fill(path: str, codes: list[str]) -> tuple[str, str]:
    """A path for a route template that should succeed, and one that should be 404."""
    good = (path.replace("{code}", codes[0]).replace("{doc_id}", "medics-raqqa-0315")
            .replace("{claim_id}", "medics-raqqa-0315%231").replace("{number}", "1"))
    bad = (path.replace("{code}", "ZZ-1999-01-0001").replace("{doc_id}", "no-such-doc")
           .replace("{claim_id}", "no-such%231").replace("{number}", "999"))
    return good, bad


def test_every_get_route_answers_in_the_envelope(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, codes = env
    routes = api_get_routes(client)
    assert {"/api/incidents", "/api/incidents/{code}", "/api/documents/{doc_id}", "/api/stats"} <= set(routes)
    for path in routes:
        good, bad = fill(path, codes)
        r = client.get(good)
        assert r.status_code == 200, (path, r.text)
        if r.headers["content-type"].startswith("application/json"):
            body = r.json()
            assert set(body) == ENVELOPE_KEYS and body["ok"] is True and body["error"] is None, path
        if bad != good:
            e = client.get(bad)
            assert e.status_code == 404, (path, e.text)
            body = e.json()
            assert set(body) == ENVELOPE_KEYS and body["ok"] is False and body["data"] is None
            assert body["error"]["status"] == 404 and body["error"]["code"] == "not_found" and body["error"]["message"]


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("GET", "/api/no-such-route", 404, "not_found"),
    ("GET", "/api/incidents?limit=0", 422, "invalid"),
    ("GET", "/api/incidents?from=2017-13", 422, "invalid"),
    ("GET", "/api/incidents?cursor=not-a-cursor", 400, "bad_request"),
    ("GET", "/api/releases/0", 422, "invalid"),
    ("POST", "/api/documents", 422, "invalid"),
    ("POST", "/api/incidents/SY-2017-03-0001/publish", 401, "unauthorized"),
    ("DELETE", "/api/incidents", 405, "method_not_allowed"),
])
def test_errors_use_the_envelope(env: tuple[Store, TestClient, list[str]], method: str, path: str, status: int,
                                 code: str) -> None:
    _, client, _ = env
    r = client.request(method, path)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == ENVELOPE_KEYS and body["ok"] is False and body["error"]["code"] == code


def test_unknown_code_and_unpublished_incident_are_not_public(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "p.db"))
    codes = load_samples(store)
    client = TestClient(create_app(store, config=WebConfig(tile_url="")))
    assert client.get(f"/api/incidents/{codes[0]}").status_code == 404
    assert client.get(f"/incidents/{codes[0]}").status_code == 404
    assert client.get("/api/documents/medics-raqqa-0315").status_code == 404
    assert client.get("/api/incidents").json()["data"] == []


@pytest.mark.parametrize(("query", "expect"), [
    ("", {"raqqa", "idlib"}),
    ("country=sy", {"raqqa", "idlib"}),
    ("country=IQ", set()),
    ("belligerent=us-led-coalition", {"raqqa"}),
    ("min_deaths=10", {"raqqa"}),
    ("min_deaths=7", {"raqqa", "idlib"}),
    ("from=2017-04", {"idlib"}),
    ("to=2017-03", {"raqqa"}),
    ("q=raqqa", {"raqqa"}),
    ("q=idlib%20watch", {"idlib"}),
    ("q=%25", set()),
    ("grade=Weak", {"raqqa", "idlib"}),
    ("grade=Confirmed", set()),
])
def test_list_filters(env: tuple[Store, TestClient, list[str]], query: str, expect: set[str]) -> None:
    _, client, codes = env
    names = {codes[0]: "raqqa", codes[1]: "idlib"}
    body = client.get(f"/api/incidents?{query}").json()
    assert {names[i["code"]] for i in body["data"]} == expect


def test_admin1_filter(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, _ = env
    admin1 = client.get("/api/facets").json()["data"]["admin1"]
    assert admin1
    body = client.get("/api/incidents", params={"admin1": admin1[0]}).json()
    assert body["data"] and all(i["admin1"] == admin1[0] for i in body["data"])


def test_cursor_pagination_walks_everything_once(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, codes = env
    seen: list[str] = []
    url = "/api/incidents?limit=1"
    for _ in range(5):
        body = client.get(url).json()
        seen.extend(i["code"] for i in body["data"])
        if body["meta"]["next_cursor"] is None:
            break
        url = f"/api/incidents?limit=1&cursor={body['meta']['next_cursor']}"
    assert seen == sorted(codes, reverse=True)


def test_detail_has_claims_evidence_spans_and_history(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, codes = env
    data = client.get(f"/api/incidents/{codes[0]}").json()["data"]
    claim = data["sources"][0]["claims"][0]
    text = store.document("medics-raqqa-0315").document.text
    assert claim["evidence"] and all(text[e["start"]:e["end"]] == e["words"] for e in claim["evidence"])
    assert data["sources"][0]["publisher"] == "Raqqa Medical Network" and data["sources"][0]["published"] == "2017-03-15"
    assert data["history"][0]["action"] == "created" and data["history"][-1]["action"] == "published"
    assert data["place"]["approximate"] is True and data["place"]["radius_m"] > 0


def test_stats_records_releases_and_exports(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, codes = env
    stats = client.get("/api/stats").json()
    assert [e["period"] for e in stats["data"]["series"]] == ["2017-03", "2017-04"]
    assert stats["data"]["totals"]["min"] == 19 and stats["meta"]["release"] == 1
    by_b = client.get("/api/stats?belligerent=us-led-coalition").json()["data"]["series"]
    assert [e["min"] for e in by_b] == [12]
    rel = client.get("/api/releases/1").json()["data"]
    assert {c["code"] for c in rel["changes"]} == set(codes) and rel["note"] == "first"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))
    assert {r["code"] for r in rows} == set(codes)
    assert len(client.get("/api/export").json()["data"]) == 2


def test_token_writes(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, _ = env
    made = add_user(store, "script", role="analyst", token=True)
    auth = {"Authorization": f"Bearer {made.token}"}
    assert client.post("/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer nope"}).status_code == 401
    r = client.post("/api/documents", headers=auth, json={
        "text": "Medics said an airstrike hit Homs, Syria on 5 May 2017, killing 3 civilians.",
        "source": "Homs medics", "published": "2017-05-06"})
    assert r.status_code == 201 and r.json()["ok"] and r.json()["data"]["claims"] == 1
    code = r.json()["data"]["created"][0]
    g = client.post(f"/api/incidents/{code}/grade", headers=auth, json={"grade": "Fair", "reason": "checked"})
    assert g.json()["data"] == {"code": code, "grade": "Fair", "reason": "checked", "by": "script"}
    p = client.post(f"/api/incidents/{code}/publish", headers=auth)
    assert p.json()["data"]["release"] >= 2
    assert client.get(f"/api/incidents/{code}").json()["data"]["grade"] == "Fair"
    u = client.post(f"/api/incidents/{code}/unpublish", headers=auth)
    assert u.status_code == 200 and client.get(f"/api/incidents/{code}").status_code == 404


def test_openapi_and_docs(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, _ = env
    spec = client.get("/openapi.json").json()
    assert "/api/incidents" in spec["paths"] and "Envelope" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize(("path", "is_json"), [("/api/stats", True), ("/", False)])
def test_a_crash_is_a_500_envelope_without_details(env: tuple[Store, TestClient, list[str]],
                                                   monkeypatch: pytest.MonkeyPatch, path: str, is_json: bool) -> None:
    import civmon.store.web_tables as wt

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("secret internals")

    _, client, _ = env
    monkeypatch.setattr(wt, "latest_release_number", boom)
    r = TestClient(client.app, raise_server_exceptions=False).get(path)
    assert r.status_code == 500 and "secret internals" not in r.text
    if is_json:
        assert r.json()["error"] == {"status": 500, "code": "internal", "message": "internal error; it has been logged"}


def test_every_write_route_refuses_without_a_token_in_the_envelope(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, codes = env
    spec: dict[str, Any] = client.get("/openapi.json").json()
    posts = [p for p, ops in spec["paths"].items() if "post" in ops]
    assert len(posts) == 4
    bodies = {"/api/documents": {"text": "x"}, "/api/incidents/{code}/grade": {"grade": "Fair", "reason": "r"}}
    for path in posts:
        r = client.post(path.replace("{code}", codes[0]), json=bodies.get(path))
        assert r.status_code == 401, path
        body = r.json()
        assert set(body) == ENVELOPE_KEYS and body["ok"] is False and body["error"]["code"] == "unauthorized"
        assert r.headers["www-authenticate"] == "Bearer"


def test_cached_list_and_stats_follow_each_release(tmp_path: Path) -> None:
    from civmon.web.publishing import unpublish

    store = open_store(str(tmp_path / "cache.db"))
    codes = load_samples(store)
    client = TestClient(create_app(store, config=WebConfig(tile_url="")))

    def listed() -> list[str]:
        return [i["code"] for i in client.get("/api/incidents", params={"limit": 10}).json()["data"]]

    def counted() -> int:
        return int(client.get("/api/stats").json()["data"]["totals"].get("incidents", 0))

    assert listed() == [] and counted() == 0
    publish(store, codes[:1], who="tester")
    assert listed() == codes[:1] and listed() == codes[:1] and counted() == 1
    publish(store, codes[1:], who="tester")
    assert sorted(listed()) == sorted(codes) and counted() == 2
    unpublish(store, codes[0], who="tester")
    assert listed() == codes[1:] and counted() == 1
    store.close()
