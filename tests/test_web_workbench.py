"""Workbench over the test client: sign in, submit, review a suggested link, edit, enter by hand, merge, split,
grade, publish; every change is in the incident's history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from civmon.store import Store, open_store
from civmon.web.app import WebConfig, create_app
from civmon.web.sample import SECOND_RAQQA_REPORT, load_samples
from civmon.web.security import CSRF_COOKIE, add_user

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture()
def env(tmp_path: Path) -> Iterator[tuple[Store, TestClient, list[str]]]:
    store = open_store(str(tmp_path / "web.db"))
    codes = load_samples(store)
    client = TestClient(create_app(store, config=WebConfig(tile_url="")))
    yield store, client, codes
    store.close()


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (and the cookie it sets)."""
    m = _CSRF.search(client.get(path).text)
    assert m is not None
    return m.group(1)


def sign_in(store: Store, client: TestClient, *, role: str = "analyst") -> str:
    made = add_user(store, "amina", role=role)
    token = csrf(client)
    r = client.post("/login", data={"name": "amina", "password": made.password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password?next=/work"
    assert client.get("/work", follow_redirects=False).headers["location"].startswith("/account/password")
    r = client.post("/account/password", data={"current": made.password, "new": "a long new passphrase",
                                               "repeat": "a long new passphrase", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/work"
    return token


def post(client: TestClient, path: str, data: dict[str, Any], token: str, **kw: Any) -> Any:
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False, **kw)


def test_workbench_needs_sign_in(env: tuple[Store, TestClient, list[str]]) -> None:
    _, client, _ = env
    r = client.get("/work/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_submit_review_grade_publish_changes_public_figures(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, codes = env
    raqqa = codes[0]
    token = sign_in(store, client)
    assert client.get("/api/incidents").json()["data"] == []
    r = post(client, "/work/submit", {"mode": "text", "text": SECOND_RAQQA_REPORT, "source": "Raqqa Residents Council",
                                       "published": "2017-03-16"}, token)
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "At least 15 civilians" in page.text and raqqa in page.text
    queue = client.get("/work/queue").text
    doc_id = r.headers["location"].split("id=", 1)[1]
    claim_id = next(m for m in re.findall(r'name="claim_id" value="([^"]+)"', queue) if m.startswith(doc_id))
    assert f'class="suggested" href="/work/incidents/{raqqa}"' in queue
    r = post(client, "/work/review", {"claim_id": claim_id, "decision": "accept"}, token)
    assert r.headers["location"] == f"/work/incidents/{raqqa}"
    assert f'name="claim_id" value="{claim_id}"' not in client.get("/work/queue").text
    r = post(client, f"/work/incidents/{raqqa}/grade", {"grade": "Fair", "reason": "two local sources agree"}, token)
    assert r.status_code == 303
    r = post(client, f"/work/incidents/{raqqa}/publish", {"note": "first release"}, token)
    assert r.status_code == 303
    listed = client.get("/api/incidents").json()["data"]
    assert [i["code"] for i in listed] == [raqqa]
    assert listed[0]["civilians_killed"] == {"min": 12, "max": 15} and listed[0]["grade"] == "Fair"
    assert 'id="total-killed">12–15<' in client.get("/").text
    actions = [h["action"] for h in client.get(f"/api/incidents/{raqqa}").json()["data"]["history"]]
    assert actions[:1] == ["created"] and "link-confirmed" in actions
    assert any(a.startswith("grade Fair") for a in actions)
    history = store.history(raqqa)
    graded = next(h for h in history if h.action.startswith("grade Fair"))
    assert graded.who == "amina" and graded.before and graded.after and graded.after["grade"] == "Fair"
    assert client.get("/releases").status_code == 200 and "first release" in client.get("/releases").text


def test_reject_move_new_incident_and_merge(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, codes = env
    raqqa, idlib = codes
    token = sign_in(store, client)
    claim = store.incident_record(None, idlib).incident.claims[0].claim_id
    r = post(client, "/work/review", {"claim_id": claim, "decision": "move", "to": raqqa}, token)
    assert r.headers["location"] == f"/work/incidents/{raqqa}"
    assert store.incident_record(None, idlib).status == "merged"
    assert {c.claim_id for c in store.incident_record(None, raqqa).incident.claims} >= {claim}
    r = post(client, "/work/review", {"claim_id": claim, "decision": "new"}, token)
    new_code = r.headers["location"].rsplit("/", 1)[-1]
    assert new_code not in (raqqa, idlib)
    assert [c.claim_id for c in store.incident_record(None, new_code).incident.claims] == [claim]
    r = post(client, f"/work/incidents/{raqqa}/merge", {"other": new_code}, token)
    assert r.status_code == 303
    assert store.incident_record(None, new_code).status == "merged"
    r = post(client, f"/work/incidents/{raqqa}/split", {"claim_id": claim}, token)
    split_code = r.headers["location"].rsplit("/", 1)[-1]
    assert [c.claim_id for c in store.incident_record(None, split_code).incident.claims] == [claim]
    r = post(client, "/work/review", {"claim_id": claim, "decision": "reject"}, token)
    assert r.headers["location"] == "/work/queue"
    assert store.incident_record(None, split_code).status == "retired"
    assert any(h.action.startswith("claim-rejected") for h in store.history(split_code))


def test_edit_claim_records_before_and_after(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, codes = env
    token = sign_in(store, client)
    claim = store.incident_record(None, codes[1]).incident.claims[0]
    page = client.get("/work/claim", params={"id": claim.claim_id})
    assert page.status_code == 200 and "7 civilians" in page.text
    r = post(client, "/work/claim", {"claim_id": claim.claim_id, "earliest": "2017-04-02", "latest": "2017-04-02",
                                      "place": claim.place.name if claim.place else "", "country": "SY",
                                      "precision": "city", "actor": "syrian-government", "civilians_killed_min": "7",
                                      "civilians_killed_max": "9", "killed_min": "7", "killed_max": "9"}, token)
    assert r.status_code == 303
    inc = store.incident_record(None, codes[1]).incident
    assert (inc.figures["civilians_killed"].min, inc.figures["civilians_killed"].max) == (7, 9)
    assert inc.belligerents == ("syrian-government",)
    edit = next(h for h in store.history(codes[1]) if h.action.startswith("claim-edited"))
    assert edit.who == "amina" and edit.before and edit.after
    assert edit.before["casualties"]["civilians_killed"]["max"] == 7
    assert edit.after["casualties"]["civilians_killed"]["max"] == 9


def test_edited_date_moves_the_claim_in_the_linkers_table(env: tuple[Store, TestClient, list[str]]) -> None:
    from sqlalchemy import select

    from civmon.store.migrations import link_blocks

    store, client, codes = env
    token = sign_in(store, client)
    claim = store.incident_record(None, codes[1]).incident.claims[0]
    r = post(client, "/work/claim", {"claim_id": claim.claim_id, "earliest": "2017-06-20", "latest": "2017-06-20",
                                      "place": claim.place.name if claim.place else "", "country": "SY",
                                      "precision": "city", "killed_min": "7", "killed_max": "7"}, token)
    assert r.status_code == 303
    with store.transaction() as conn:
        rows = conn.execute(select(link_blocks).where(link_blocks.c.claim_id == claim.claim_id)).mappings().all()
    day = date(2017, 6, 20).toordinal()
    assert [(row["lo"] <= day <= row["hi"]) for row in rows] == [True]


def test_manual_claim_for_a_phone_call(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, _ = env
    token = sign_in(store, client)
    r = post(client, "/work/manual", {"description": "Phone call with a nurse at the Deir ez-Zor hospital on 5 May 2017.",
                                       "source": "phone call", "published": "2017-05-05", "earliest": "2017-05-04",
                                       "place": "Deir ez-Zor", "country": "SY", "precision": "city",
                                       "civilians_killed_min": "3", "civilians_killed_max": "5"}, token)
    assert r.status_code == 303
    doc_page = client.get(r.headers["location"])
    code = re.search(r'linked to <a href="/work/incidents/([^"]+)"', doc_page.text)
    assert code is not None
    inc = store.incident_record(None, code.group(1)).incident
    assert inc.claims[0].extractor == "manual" and inc.figures["civilians_killed"].max == 5


@pytest.mark.parametrize(("data", "status"), [
    ({"mode": "file"}, 400),
    ({"mode": "text", "text": "  "}, 400),
])
def test_bad_submissions_are_explained(env: tuple[Store, TestClient, list[str]], data: dict[str, str],
                                       status: int) -> None:
    store, client, _ = env
    token = sign_in(store, client)
    assert post(client, "/work/submit", data, token).status_code == status


@pytest.mark.parametrize(("name", "body", "status"), [
    ("report.pdf", b"%PDF-1.4", 415),
    ("report.txt", b"\x00\x01binary", 415),
    ("report.txt", b"x" * 2_000_001, 413),
])
def test_upload_type_and_size_limits(env: tuple[Store, TestClient, list[str]], name: str, body: bytes,
                                     status: int) -> None:
    store, client, _ = env
    token = sign_in(store, client)
    r = client.post("/work/submit", data={"mode": "file", "csrf_token": token}, files={"file": (name, body)},
                    follow_redirects=False)
    assert r.status_code == status


def test_upload_of_a_text_file_is_read(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, _ = env
    token = sign_in(store, client)
    body = b"Medics said an airstrike hit Aleppo, Syria on 9 June 2017, killing 4 civilians."
    r = client.post("/work/submit", data={"mode": "file", "csrf_token": token}, files={"file": ("r.txt", body)},
                    follow_redirects=False)
    assert r.status_code == 303 and "4 civilians" in client.get(r.headers["location"]).text


def test_admin_setting_needs_admin(env: tuple[Store, TestClient, list[str]]) -> None:
    store, client, _ = env
    token = sign_in(store, client, role="analyst")
    assert post(client, "/work/settings", {"allow_private": "yes"}, token).status_code == 403
    assert client.cookies.get(CSRF_COOKIE) == token


def queued_claim(client: TestClient, doc_id: str) -> str:
    """The review-queue claim made from a document."""
    queue = client.get("/work/queue").text
    return next(str(m) for m in re.findall(r'name="claim_id" value="([^"]+)"', queue) if m.startswith(doc_id))


def relink_strictly(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """`civmon link --all` with a linker that joins nothing by itself: only analyst decisions keep claims together."""
    from click.testing import CliRunner

    from civmon.cli import cli
    from civmon.link import link_claims as real

    monkeypatch.setattr("civmon.analyst.link_claims", lambda fresh, **kw: real(fresh, **{**kw, "threshold": 1e9}))
    r = CliRunner().invoke(cli, ["--db", str(store.engine.url.database), "link", "--all", "--who", "batch"])
    assert r.exit_code == 0, r.output


def submit_second_raqqa(client: TestClient, token: str) -> str:
    """Submit the second report of the Raqqa strike in the workbench; the id of its queued claim."""
    r = post(client, "/work/submit", {"mode": "text", "text": SECOND_RAQQA_REPORT, "source": "Raqqa Residents Council",
                                       "published": "2017-03-16"}, token)
    return queued_claim(client, r.headers["location"].split("id=", 1)[1])


def home_of(store: Store, claim_id: str) -> set[str]:
    """The claims of the active incident holding this claim."""
    return next(({c.claim_id for c in i.claims} for i in store.incidents() if claim_id in {c.claim_id for c in i.claims}),
                set())


def test_accepted_link_is_an_analyst_decision_that_relinking_keeps(env: tuple[Store, TestClient, list[str]],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from civmon.store import analyst as adb

    store, client, codes = env
    raqqa = codes[0]
    first = store.incident_record(None, raqqa).incident.claims[0].claim_id
    token = sign_in(store, client)
    claim_id = submit_second_raqqa(client, token)
    post(client, "/work/review", {"claim_id": claim_id, "decision": "accept"}, token)
    with store.engine.connect() as conn:
        assert adb.constraints_for(conn, [claim_id]) == {tuple(sorted((first, claim_id))): "must"}
        assert [(d.action, d.who) for d in adb.decisions_for(conn, raqqa)] == [("link", "amina")]
    shown = client.get(f"/work/incidents/{raqqa}").text
    assert "link-confirmed" in shown and "amina" in shown
    third = ("Rescuers said coalition jets hit the Raqqa market on 14 March 2017 and that 13 civilians died there.")
    r = post(client, "/work/submit", {"mode": "text", "text": third, "source": "Civil Defence", "published": "2017-03-17"},
             token)
    third_claim = queued_claim(client, r.headers["location"].split("id=", 1)[1])
    relink_strictly(store, monkeypatch)
    assert {first, claim_id} <= home_of(store, claim_id)
    assert third_claim not in home_of(store, claim_id)  # the control: unconfirmed, the strict linker parts it


def test_new_incident_from_the_queue_stays_apart_after_relinking(env: tuple[Store, TestClient, list[str]],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store, client, codes = env
    raqqa = codes[0]
    first = store.incident_record(None, raqqa).incident.claims[0].claim_id
    token = sign_in(store, client)
    claim_id = submit_second_raqqa(client, token)
    assert claim_id in home_of(store, first)
    r = post(client, "/work/review", {"claim_id": claim_id, "decision": "new"}, token)
    new_code = r.headers["location"].rsplit("/", 1)[-1]
    assert new_code != raqqa and home_of(store, claim_id) == {claim_id}
    assert any(h.who == "amina" and h.action.startswith("split-from") for h in store.history(new_code))
    from click.testing import CliRunner

    from civmon.cli import cli
    r = CliRunner().invoke(cli, ["--db", str(store.engine.url.database), "link", "--all", "--who", "batch"])
    assert r.exit_code == 0, r.output
    assert first not in home_of(store, claim_id)


def test_rejected_claim_stays_out_after_linking(env: tuple[Store, TestClient, list[str]]) -> None:
    from click.testing import CliRunner

    from civmon.cli import cli

    store, client, codes = env
    token = sign_in(store, client)
    claim_id = submit_second_raqqa(client, token)
    post(client, "/work/review", {"claim_id": claim_id, "decision": "reject"}, token)
    for args in (["link"], ["link", "--all"]):
        r = CliRunner().invoke(cli, ["--db", str(store.engine.url.database), *args, "--who", "batch"])
        assert r.exit_code == 0, r.output
        assert home_of(store, claim_id) == set()
    assert any(h.who == "amina" and h.action.startswith("claim-rejected") for h in store.history(codes[0]))
