"""Build a store of N published incidents (default 100,000) for the web load benchmark (bench/api_load.sh).

Each incident has one generated source document and claim; incidents are built and graded by civmon's own
code (build_incident) and their public snapshots made by civmon.web.views.incident_public, then written in
bulk. Usage: .venv/bin/python bench/make_web_store.py bench/web.db [N]
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from civmon.contract import content_hash
from civmon.incidents import build_incident
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.store import open_store
from civmon.store import web_tables as wt
from civmon.store.codec import claim_row, incident_row, month_of
from civmon.store.core import IncidentRecord, StoredDocument, now_iso
from civmon.store.schema import claims, documents, incident_belligerents, incidents
from civmon.store.views import IncidentView
from civmon.web.publishing import dashboard_figures
from civmon.web.views import deaths, incident_public, incident_summary_row, search_text

PLACES = (
    ("Ar Raqqah", "SY", "Ar-Raqqa", 35.95, 39.01), ("Aleppo", "SY", "Aleppo", 36.20, 37.16),
    ("Idlib", "SY", "Idleb", 35.93, 36.63), ("Homs", "SY", "Homs", 34.73, 36.71),
    ("Mosul", "IQ", "Ninewa", 36.34, 43.13), ("Fallujah", "IQ", "Anbar", 33.35, 43.78),
    ("Gaza", "PS", "Gaza Strip", 31.50, 34.47), ("Khan Yunis", "PS", "Gaza Strip", 31.35, 34.31),
    ("Sa'dah", "YE", "Sa'dah", 16.94, 43.76), ("Hodeidah", "YE", "Al Hudaydah", 14.80, 42.95),
)
ACTORS = (("us-led-coalition", "US-led coalition"), ("russia", "Russia"), ("syrian-government", "Syrian government"),
          ("israel", "Israel"), ("saudi-led-coalition", "Saudi-led coalition"), ("turkey", "Turkey"))
PRECISION = ("city", "city", "city", "neighbourhood", "landmark", "governorate")


def one(i: int, rng: random.Random) -> tuple[Document, Claim]:
    """A generated report and its claim."""
    name, cc, admin1, lat, lon = rng.choice(PLACES)
    actor_id, actor_name = rng.choice(ACTORS)
    day = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 365 * 10))
    killed = rng.randrange(0, 60)
    text = (f"Local medics said an airstrike by the {actor_name} hit {name} on {day:%d %B %Y}, killing {killed} "
            f"civilians and wounding several others, report {i}.")
    doc = Document(id=f"bench-{i:06d}", text=text, published=day + timedelta(days=1), source=f"Monitor {i % 40}",
                   url=f"https://example.org/bench/{i}", language="en")

    def span(words: str) -> Span:
        s = text.index(words)
        return Span(s, s + len(words))

    precision = rng.choice(PRECISION)
    claim = Claim(
        doc_id=doc.id, claim_id=f"{doc.id}#1", kind="incident", extractor="bench",
        date=DateRange(day, day, "event", f"{day:%d %B %Y}", span(f"{day:%d %B %Y}")),
        place=Place(name=name, country=cc, precision=precision, span=span(name), admin1=admin1,
                    lat=lat + rng.uniform(-0.05, 0.05), lon=lon + rng.uniform(-0.05, 0.05)),
        actor=Actor(actor_id, actor_name, "named", span(actor_name)),
        casualties={"civilians_killed": Count(killed, killed + rng.randrange(0, 5), f"{killed} civilians",
                                              span(f"{killed} civilians"))})
    return doc, claim


def main(path: str, n: int) -> None:
    """Write N incidents, their documents and claims, and their published snapshots, then one release."""
    t0 = time.perf_counter()
    Path(path).unlink(missing_ok=True)
    store = open_store(path)
    rng = random.Random(7)
    at = now_iso()
    seq: dict[tuple[str, str], int] = {}
    batch: dict[str, list[dict[str, object]]] = {k: [] for k in ("doc", "claim", "inc", "bel", "pub", "pbel", "pdoc")}

    def flush() -> None:
        with store.transaction() as conn:
            for table, key in ((documents, "doc"), (claims, "claim"), (incidents, "inc"), (incident_belligerents, "bel"),
                               (wt.published, "pub"), (wt.published_belligerents, "pbel"),
                               (wt.published_documents, "pdoc")):
                if batch[key]:
                    conn.execute(insert(table), batch[key])
                    batch[key].clear()

    for i in range(n):
        doc, claim = one(i, rng)
        month = month_of(claim.date.earliest if claim.date else None)
        cc = claim.place.country if claim.place else "XX"
        seq[(cc, month)] = seq.get((cc, month), 0) + 1
        code = f"{cc}-{month}-{seq[(cc, month)]:04d}"
        inc = build_incident(code, [claim], publishers={doc.id: doc.source})
        stored = StoredDocument(document=doc, content_hash=content_hash(doc.text), retrieved_at=at, path=None,
                                raw_sha256=None)
        view = IncidentView(record=IncidentRecord(incident=inc, status="active", merged_into=None, updated_at=at),
                            documents={doc.id: stored}, links=(), history=())
        data = incident_public(view, names_public=False)
        data.update(published_at=at, release=1)
        lo, hi = deaths(inc)
        batch["doc"].append({"doc_id": doc.id, "content_hash": stored.content_hash, "text": doc.text, "raw": None,
                             "raw_sha256": None, "retrieved_at": at, "url": doc.url, "source": doc.source,
                             "published": doc.published.isoformat() if doc.published else None, "language": "en",
                             "kind": "report", "path": None})
        batch["claim"].append(claim_row(claim, seq=0, incident_code=code))
        batch["inc"].append(incident_row(inc, status="active", merged_into=None, updated_at=at))
        batch["bel"].extend({"code": code, "belligerent": b} for b in inc.belligerents)
        batch["pub"].append({"code": code, "data": json.dumps(data, ensure_ascii=False),
                             "summary": json.dumps(incident_summary_row(data), ensure_ascii=False, separators=(",", ":")),
                             "country": cc,
                             "admin1": inc.place.admin1 if inc.place else None, "month": month,
                             "sort_key": f"{inc.earliest.isoformat() if inc.earliest else '0000-00-00'}|{code}",
                             "grade": inc.grade.grade, "deaths_min": lo, "deaths_max": hi, "search": search_text(data),
                             "published_at": at, "release_no": 1, "names_public": 0})
        batch["pbel"].extend({"code": code, "belligerent": b} for b in inc.belligerents)
        batch["pdoc"].append({"doc_id": doc.id, "code": code})
        if len(batch["doc"]) >= 5000:
            flush()
    flush()
    with store.transaction() as conn:
        wt.add_release(conn, number=1, at=at, who="bench", note=f"{n} generated incidents", changes=[],
                       figures=dashboard_figures(conn))
    store.close()
    print(f"{path}: {n} published incidents in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/web.db", int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
