"""Schemathesis against the app's own OpenAPI spec: no request it generates gets a 500, and every /api/ answer
is the envelope."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from civmon.store import open_store
from civmon.web.app import WebConfig, create_app
from civmon.web.publishing import publish
from civmon.web.sample import load_samples


def _app() -> Any:
    store = open_store(str(Path(tempfile.mkdtemp(prefix="civmon-fuzz-")) / "fuzz.db"))
    publish(store, load_samples(store), who="fuzz")
    return create_app(store, config=WebConfig(tile_url=""))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if case.formatted_path.startswith("/api/") and "csv" not in response.headers.get("content-type", [""])[0]:
        body = response.json()
        assert set(body) == {"ok", "data", "meta", "error"}
        assert body["ok"] is (response.status_code < 400)
