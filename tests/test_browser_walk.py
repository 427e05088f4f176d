"""In Debian's Chromium (Playwright, no browser download): the analyst's path from sign-in to a changed public
figure; hostile source text never executes; evidence after Arabic and emoji is highlighted exactly.

These tests FAIL (never skip) when /usr/bin/chromium is missing: `make unit` installs it.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hostile_claims import hostile_claim
from playwright.sync_api import BrowserContext, Dialog, Page, sync_playwright

from civmon.ingest import RawDocument
from civmon.models import Document
from civmon.pipeline import store_claims, store_document
from civmon.store import Store, open_store
from civmon.web.app import WebConfig, create_app
from civmon.web.publishing import publish
from civmon.web.sample import SECOND_RAQQA_REPORT, load_samples
from civmon.web.security import add_user

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).parents[1] / "build" / "screenshots"
HOSTILE = ('<script>window.__xss=1</script> Medics said an airstrike hit Homs, Syria on 5 May 2017, killing 3 '
           'civilians. <img src=x onerror="window.__xss=2"> <a href="javascript:window.__xss=3">more</a> '
           '"><svg onload=window.__xss=4> <iframe src="javascript:window.parent.__xss=5"></iframe>')
UNICODE = ("تقرير من حلب 🇸🇾👩‍👧 ✨ — Witnesses said an airstrike hit Aleppo, Syria on 8 July 2017 and killed 9 "
           "civilians 😢 near the bakery.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Store, str, list[str]]]:
    import uvicorn

    store = open_store(str(Path(tempfile.mkdtemp(prefix="civmon-browser-")) / "b.db"))
    codes = load_samples(store)
    password = add_user(store, "amina", role="analyst").password
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, config=WebConfig(tile_url="")), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}", store, password, codes
    server.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    """One Chromium session for the module, with a fresh user-data-dir."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: apt-get install -y chromium (make unit does this)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(prefix="civmon-chromium-"),
                                                   executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield ctx
        finally:
            ctx.close()


def _page(browser: BrowserContext) -> Page:
    page: Page = browser.new_page()
    page.set_default_timeout(15_000)
    return page


def test_analyst_path_changes_the_public_figure(site: tuple[str, Store, str, list[str]], browser: BrowserContext) -> None:
    base, store, password, codes = site
    raqqa = codes[0]
    page = _page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    assert page.text_content("#total-killed") == "0–0"
    page.goto(base + "/login")
    page.fill("input[name=name]", "amina")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url("**/account/password?next=/work")  # the one-time password must be replaced first
    page.fill("#password-form input[name=current]", password)
    page.fill("#password-form input[name=new]", "a long new passphrase")
    page.fill("#password-form input[name=repeat]", "a long new passphrase")
    page.click("#password-form button[type=submit]")
    page.wait_for_url(base + "/work")
    page.fill("textarea[name=text]", SECOND_RAQQA_REPORT)
    page.fill("input[name=source]", "Raqqa Residents Council")
    page.click("#submit-form button[type=submit]")
    page.wait_for_url("**/work/document?id=*")
    doc_id = page.url.split("id=", 1)[1]
    marks = page.locator("pre.source-text mark")
    assert marks.count() >= 2 and "At least 15 civilians" in marks.all_text_contents()
    page.screenshot(path=str(SHOTS / "1-submitted.png"), full_page=True)
    page.goto(base + "/work/queue")
    assert store.claim_counts()["documents"] == 3
    item = page.locator(f"article.queue-item[data-claim^='{doc_id}']")
    assert item.locator("a.suggested").get_attribute("href") == f"/work/incidents/{raqqa}"
    page.screenshot(path=str(SHOTS / "2-queue.png"), full_page=True)
    item.locator("button.accept").click()
    page.wait_for_url(f"**/work/incidents/{raqqa}")
    page.select_option("#grade-form select[name=grade]", "Fair")
    page.fill("#grade-form input[name=reason]", "two independent local sources agree")
    page.click("#grade-form button[type=submit]")
    page.wait_for_url(f"**/work/incidents/{raqqa}")
    assert "grade Fair" in (page.text_content("table.history") or "")
    page.click("#publish-form button[type=submit]")
    page.wait_for_url(f"**/work/incidents/{raqqa}")
    page.goto(base + "/")
    assert page.text_content("#total-killed") == "12–15"
    assert page.locator("svg.chart rect.bar[data-grade=Fair]").count() == 1
    page.wait_for_function("document.getElementById('map').dataset.drawn === '1'")
    assert page.locator("#map path.area-approx").count() == 1 and page.locator("#map path.point-exact").count() == 0
    page.screenshot(path=str(SHOTS / "3-dashboard-after-publish.png"), full_page=True)
    page.goto(f"{base}/incidents/{raqqa}")
    assert page.text_content("#civilians-killed") == "12–15"
    assert "Fair" in (page.text_content(".grade-box") or "")
    page.screenshot(path=str(SHOTS / "4-incident-page.png"), full_page=True)
    page.goto(base + "/docs")  # the API docs render from vendored assets, with no network
    page.wait_for_selector(".swagger-ui .opblock")
    assert errors == []
    page.close()


def _publish_doc(store: Store, doc_id: str, text: str, *, by_hand: bool = False, **kw: Any) -> str:
    doc = Document(id=doc_id, text=text, published=date(2017, 7, 9), language="en", **kw)
    raw = RawDocument(document=doc, raw=text.encode(), path="<browser test>")
    out = store_claims(store, raw, [hostile_claim(doc_id, text)]) if by_hand else store_document(store, raw)
    publish(store, list(out.created), who="tester")
    return out.created[0]


def test_hostile_source_text_never_executes(site: tuple[str, Store, str, list[str]], browser: BrowserContext) -> None:
    base, store, _, _ = site
    code = _publish_doc(store, "hostile-browser", HOSTILE, by_hand=True, source='<img src=x onerror="window.__xss=6">',
                        url="javascript:window.__xss=7")
    page = _page(browser)
    dialogs: list[str] = []
    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    for path in (f"/incidents/{code}", "/incidents", "/", "/releases", "/sources/hostile-browser",
                 "/api/documents/hostile-browser", f"/work/incidents/{code}", "/work/queue"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{base}/incidents/{code}")
    assert page.locator("pre.source-text script, pre.source-text img, pre.source-text svg, pre.source-text a").count() == 0
    assert "<script>window.__xss=1</script>" in (page.text_content("pre.source-text") or "")
    assert page.locator("a[href^='javascript:']").count() == 0
    for link in page.locator("pre.source-text mark").all():
        link.click()
    assert page.evaluate("window.__xss") is None and dialogs == []
    page.screenshot(path=str(SHOTS / "5-hostile-source.png"), full_page=True)
    page.close()


def test_spans_after_arabic_and_emoji_are_highlighted_exactly(site: tuple[str, Store, str, list[str]],
                                                              browser: BrowserContext) -> None:
    base, store, _, _ = site
    code = _publish_doc(store, "unicode-browser", UNICODE, source="Aleppo monitors")
    data = store.incident_record(None, code).incident.claims[0]
    expected = sorted({UNICODE[c.span.start:c.span.end] for c in data.casualties.values()} |
                      ({UNICODE[data.date.span.start:data.date.span.end]} if data.date else set()))
    assert "9 civilians" in expected
    page = _page(browser)
    page.goto(f"{base}/incidents/{code}")
    marks = sorted(set(page.locator("pre.source-text mark").all_text_contents()))
    assert set(expected) <= set(marks), (expected, marks)
    assert page.text_content("pre.source-text") == UNICODE
    page.screenshot(path=str(SHOTS / "6-unicode-spans.png"), full_page=True)
    page.close()
