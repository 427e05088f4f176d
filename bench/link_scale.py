"""Benchmark: link N synthetic claims (default 1,000,000) on one core, then 1,000 new ones through the store.

1. Links the N claims in one batch (civmon.link.link_claims: blocking, evidence, constrained average
   linkage) and prints wall time, CPU time, peak RSS and pairwise precision/recall against the
   generator's truth.
2. Writes the N claims and their incidents into a SQLite store (documents, claims, the linker's blocking
   table, graded incidents; set-up, timed apart), then ingests the held-out new claims, one document
   each, through the real ingest path (document, MinHash signature, claims, candidate lookup in the
   store's blocking table, linking, incident rebuild and grade, links and history): once with one
   transaction per document (civmon.pipeline.store_claims, as `civmon ingest`), once as one batch
   (civmon.pipeline.store_batch), each on a fresh copy of the store (flushed to disk before the clock starts);
   prints wall and CPU time, the time closing the store takes (its last WAL checkpoint), and precision/recall
   over all N + new claims as the store holds them. The harness's own N generated claims are frozen out of the
   cyclic GC during this part (`civmon ingest` holds none of them); --no-gc-freeze leaves them in.

    .venv/bin/python bench/link_scale.py                 # the full size
    .venv/bin/python bench/link_scale.py --claims 50000  # a quick run
    .venv/bin/python bench/link_scale.py --reuse         # keep the store built by an earlier run of this size
    .venv/bin/python bench/link_scale.py --reuse --store-only  # and skip step 1 (only the 1,000-new measurement)
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import shutil
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

from civmon.incidents import build_incident
from civmon.ingest.reader import RawDocument
from civmon.link import Cluster, link_claims
from civmon.link.blocking import block_key
from civmon.link.synthetic import generate
from civmon.models import Claim, Document
from civmon.pipeline import DocumentOutcome, store_batch, store_claims
from civmon.store import open_store
from civmon.store.codec import claim_country, claim_row, incident_row, month_of
from civmon.store.migrations import block_row, link_blocks
from civmon.store.schema import claims as claims_table
from civmon.store.schema import documents, incident_codes, incidents

BATCH = 20_000


def _pairs(labels: np.ndarray) -> int:
    _, counts = np.unique(labels, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def pairwise(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, int, int, int]:
    """Pairwise precision and recall of predicted labels against true ones (with the pair counts)."""
    both = _pairs(pred.astype(np.int64) * (int(truth.max()) + 1) + truth)
    p, t = _pairs(pred), _pairs(truth)
    return (both / p if p else 1.0), (both / t if t else 1.0), both, p, t


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def labels_of(claims: Sequence[Claim], groups: Mapping[str, Sequence[str]]) -> np.ndarray:
    """A cluster label per claim, from code -> claim ids (claims in no group get labels of their own)."""
    index = {c.claim_id: k for k, c in enumerate(claims)}
    out = np.full(len(claims), -1, dtype=np.int64)
    for k, ids in enumerate(groups.values()):
        for cid in ids:
            out[index[cid]] = k
    alone = np.flatnonzero(out < 0)
    out[alone] = len(groups) + np.arange(alone.size)
    return out


_WORDS = tuple(f"{a}{b}{c}" for a in "bdfgklmnrstz" for b in "aeiou" for c in ("n", "r", "l", "sh", "m", "k"))


def _text(c: Claim) -> str:
    """A made-up text of its own per document (so near-duplicate detection finds no reposts)."""
    rng = random.Random(c.doc_id)
    place = c.place.name if c.place else "somewhere"
    return f"Report {c.doc_id} from {place}: " + " ".join(rng.choice(_WORDS) for _ in range(40)) + "."


def _document(c: Claim) -> Document:
    return Document(id=c.doc_id, text=_text(c), source=f"outlet-{int(c.doc_id[3:]) % 97}")


def build_store(path: Path, base: Sequence[Claim], clusters: Sequence[Cluster]) -> None:
    """Write the linked claims into a fresh store: documents, claims, blocking rows and graded incidents."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(str(path))
    by_id = {c.claim_id: c for c in base}
    seq: dict[tuple[str, str], int] = defaultdict(int)
    stamp = "2026-01-01T00:00:00+00:00"
    with store.transaction() as conn:
        for s in range(0, len(base), BATCH):
            chunk = base[s:s + BATCH]
            conn.execute(insert(documents), [
                {"doc_id": c.doc_id, "content_hash": str(hash((c.doc_id, "bench")) & (2**63 - 1)),
                 "text": _text(c), "raw": None, "raw_sha256": None, "retrieved_at": stamp, "url": None,
                 "source": _document(c).source, "published": None, "language": "en", "kind": "report",
                 "path": None} for c in chunk])
        rows: list[dict[str, object]] = []
        incident_rows: list[dict[str, object]] = []
        for cluster in clusters:
            members = [by_id[i] for i in cluster.claim_ids]
            draft = build_incident("", members, publishers={c.doc_id: _document(c).source for c in members})
            country, month = draft.country or claim_country(members[0]), month_of(draft.earliest)
            seq[(country, month)] += 1
            code = f"{country}-{month}-{seq[(country, month)]:04d}"
            incident_rows.append(incident_row(draft, status="active", merged_into=None, updated_at=stamp)
                                 | {"code": code})
            rows += [claim_row(c, seq=0, incident_code=code) for c in members]
            if len(rows) >= BATCH:
                conn.execute(insert(claims_table), rows)
                conn.execute(insert(incidents), incident_rows)
                rows, incident_rows = [], []
        if rows:
            conn.execute(insert(claims_table), rows)
            conn.execute(insert(incidents), incident_rows)
        for s in range(0, len(base), BATCH):
            blocks = [block_row(k) for k in map(block_key, base[s:s + BATCH]) if k is not None]
            if blocks:
                conn.execute(insert(link_blocks), blocks)
        conn.execute(insert(incident_codes), [{"country": c, "month": m, "last_seq": n} for (c, m), n in seq.items()])
    store.close()


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", default="/tmp/civmon-link-scale.db", help="The store file the new claims go into.")
    ap.add_argument("--reuse", action="store_true", help="Reuse the base store an earlier run of this size built.")
    ap.add_argument("--no-store", action="store_true", help="Skip the store part (batch linking only).")
    ap.add_argument("--store-only", action="store_true",
                    help="With --reuse and a base store already built: skip linking all N claims (step 1).")
    ap.add_argument("--no-gc-freeze", action="store_true",
                    help="Leave the harness's generated claims in the cyclic GC during the store part (to see its cost).")
    args = ap.parse_args()

    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall time suffers when busy)")
    t = time.perf_counter()
    data = list(generate(args.claims + args.new, seed=args.seed))
    held = set(random.Random(args.seed).sample(range(len(data)), args.new))
    base = [c for k, (c, _) in enumerate(data) if k not in held]
    base_truth = np.array([inc for k, (_, inc) in enumerate(data) if k not in held])
    new = [c for k, (c, _) in enumerate(data) if k in held]
    new_truth = np.array([inc for k, (_, inc) in enumerate(data) if k in held])
    del data
    print(f"generated {len(base):,} + {len(new):,} claims in {time.perf_counter() - t:.1f} s "
          f"(peak RSS so far {peak_rss_mb():,.0f} MB)", flush=True)

    db = Path(args.db)
    base_db = Path(f"{db}.base-{len(base)}-{args.seed}")
    if args.store_only and args.reuse and base_db.exists():
        print(f"LINK ALL: skipped (--store-only); the base store {base_db} is reused", flush=True)
        _store_part(db, base_db, base, new, np.concatenate([base_truth, new_truth]), freeze=not args.no_gc_freeze)
        return
    t, cpu = time.perf_counter(), time.process_time()
    clusters = link_claims(base, existing={})
    link_s, link_cpu = time.perf_counter() - t, time.process_time() - cpu
    n_links = sum(len(c.links) for c in clusters)
    groups = {f"C{k}": c.claim_ids for k, c in enumerate(clusters)}
    p, r, both, pred_pairs, true_pairs = pairwise(labels_of(base, groups), base_truth)
    print(f"LINK ALL: linked {len(base):,} claims into {len(clusters):,} incidents in {link_s:.1f} s wall, "
          f"{link_cpu:.1f} s CPU ({n_links:,} links kept with scores and reasons); peak RSS {peak_rss_mb():,.0f} MB",
          flush=True)
    print(f"LINK ALL: pairwise precision {p:.4f}, recall {r:.4f}, F1 {2 * p * r / (p + r) if p + r else 0:.4f} "
          f"({both:,} correct of {pred_pairs:,} predicted pairs; {true_pairs:,} true pairs)", flush=True)
    if args.no_store:
        return
    del groups
    if not (args.reuse and base_db.exists()):
        t, cpu = time.perf_counter(), time.process_time()
        build_store(base_db, base, clusters)
        print(f"store: wrote {len(base):,} claims and {len(clusters):,} incidents to {base_db} in "
              f"{time.perf_counter() - t:.1f} s wall, {time.process_time() - cpu:.1f} s CPU (set-up)", flush=True)
    del clusters
    _store_part(db, base_db, base, new, np.concatenate([base_truth, new_truth]), freeze=not args.no_gc_freeze)


def _store_part(db: Path, base_db: Path, base: Sequence[Claim], new: Sequence[Claim], truth: np.ndarray, *,
                freeze: bool = True) -> None:
    """Ingest the new claims into copies of the base store, per document and as one batch; print the figures."""
    open_store(str(base_db)).close()  # a reused base store gets the current schema once, not in every copy
    # The harness holds the 1,000,000 generated claims (for the truth); `civmon ingest` holds none of them. Freeze
    # them out of the cyclic garbage collector so its full collections during ingest do not walk them.
    gc.collect()
    if freeze:
        gc.freeze()
    for batch in (False, True):
        inc_s, inc_cpu, close_s, joined, stored = _ingest_new(db, base_db, new, batch=batch)
        how = ("as ONE batch (civmon.pipeline.store_batch: one transaction, each document linked against the "
               "store as the ones before left it)" if batch else
               "one document and one transaction each (civmon.pipeline.store_claims, as `civmon ingest` does)")
        print(f"STORE: ingested {len(new):,} new claims {how} into the SQLite store of {len(base):,} claims in "
              f"{inc_s:.2f} s wall, {inc_cpu:.2f} s CPU ({inc_s / max(len(new), 1) * 1000:.1f} ms each; {joined} "
              f"joined a stored incident); closing the store (its last WAL checkpoint) took {close_s:.2f} s more; "
              f"load average {os.getloadavg()[0]:.2f}{'' if freeze else '; harness claims NOT frozen out of the GC'}",
              flush=True)
        p2, r2, *_ = pairwise(labels_of([*base, *new], stored), truth)
        print(f"STORE: pairwise precision {p2:.4f}, recall {r2:.4f} over all {len(base) + len(new):,} claims as "
              f"stored; peak RSS {peak_rss_mb():,.0f} MB", flush=True)


def _ingest_new(db: Path, base_db: Path, new: Sequence[Claim], *,
                batch: bool) -> tuple[float, float, float, int, dict[str, list[str]]]:
    """Copy the base store to `db` and ingest `new` (one document each) into it; (wall, CPU, wall to close the store,
    joined, code -> ids)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base_db, db)
    # The copy goes to disk before the clock starts: otherwise ingest's first WAL checkpoint (its fsync) would wait for
    # the kernel to write back the harness's whole freshly copied store (a store in use was not just written whole).
    with open(db, "rb+") as f:
        os.fsync(f.fileno())
    store = open_store(str(db))
    items = [(RawDocument(document=_document(c), raw=_text(c).encode(), path="<bench>"), [c]) for c in new]
    t, cpu = time.perf_counter(), time.process_time()
    if batch:
        outcomes = store_batch(store, items)
    else:
        outcomes = [store_claims(store, item, found) for item, found in items]
    inc_s, inc_cpu = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    store.close()
    close_s = time.perf_counter() - t
    joined = sum(bool(o.updated) for o in outcomes if isinstance(o, DocumentOutcome))
    with store.engine.connect() as conn:
        codes = conn.execute(select(claims_table.c.claim_id, claims_table.c.incident_code)).all()
    store.close()
    stored: dict[str, list[str]] = defaultdict(list)
    for cid, code in codes:
        if code is not None:
            stored[code].append(cid)
    return inc_s, inc_cpu, close_s, joined, stored

if __name__ == "__main__":
    main()
