"""Benchmark: link N synthetic claims (default 1,000,000) on one core, then 1,000 new ones incrementally.

Prints wall time, peak RSS and pairwise precision/recall against the generator's truth. The 1,000
new claims are drawn from the same seeded world (held out at random), each linked as its own
document into the linked index of the N.

    .venv/bin/python bench/link_scale.py                 # the full size
    .venv/bin/python bench/link_scale.py --claims 50000  # a quick run
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from collections.abc import Mapping, Sequence

import numpy as np

from civmon.link import link_claims
from civmon.link.index import LinkIndex
from civmon.link.synthetic import generate
from civmon.models import Claim


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
    """A cluster label per claim, from code -> claim ids."""
    index = {c.claim_id: k for k, c in enumerate(claims)}
    out = np.full(len(claims), -1, dtype=np.int64)
    for k, ids in enumerate(groups.values()):
        for cid in ids:
            out[index[cid]] = k
    return out


def main() -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall time suffers when busy)")
    t = time.perf_counter()
    data = list(generate(args.claims + args.new, seed=args.seed))
    held = set(random.Random(args.seed).sample(range(len(data)), args.new))
    base = [c for k, (c, _) in enumerate(data) if k not in held]
    base_truth = np.array([inc for k, (_, inc) in enumerate(data) if k not in held])
    new = [c for k, (c, _) in enumerate(data) if k in held]
    print(f"generated {len(base):,} + {len(new):,} claims in {time.perf_counter() - t:.1f} s "
          f"(peak RSS so far {peak_rss_mb():,.0f} MB)", flush=True)

    t, cpu = time.perf_counter(), time.process_time()
    clusters = link_claims(base, existing={})
    link_s, link_cpu = time.perf_counter() - t, time.process_time() - cpu
    n_links = sum(len(c.links) for c in clusters)
    groups = {f"C{k}": c.claim_ids for k, c in enumerate(clusters)}
    p, r, both, pred_pairs, true_pairs = pairwise(labels_of(base, groups), base_truth)
    print(f"linked {len(base):,} claims into {len(clusters):,} incidents in {link_s:.1f} s wall, {link_cpu:.1f} s CPU "
          f"({n_links:,} links kept with scores and reasons); peak RSS {peak_rss_mb():,.0f} MB", flush=True)
    print(f"pairwise precision {p:.4f}, recall {r:.4f}, F1 {2 * p * r / (p + r) if p + r else 0:.4f} "
          f"({both:,} correct of {pred_pairs:,} predicted pairs; {true_pairs:,} true pairs)", flush=True)

    index = LinkIndex()
    by_id = {c.claim_id: c for c in base}
    for code, ids in groups.items():
        index.add(code, [by_id[i] for i in ids])
    t, cpu = time.perf_counter(), time.process_time()
    for c in new:
        index.link([c])
    inc_s, inc_cpu = time.perf_counter() - t, time.process_time() - cpu
    all_claims = base + new
    truth = np.array([inc for _, inc in ((c, i) for c, i in data)])
    order = {c.claim_id: k for k, c in enumerate(c for c, _ in data)}
    truth = truth[[order[c.claim_id] for c in all_claims]]
    p2, r2, *_ = pairwise(labels_of(all_claims, {k: [c.claim_id for c in v] for k, v in index.incidents.items()}),
                          truth)
    print(f"linked {len(new):,} new claims (one document each) into the linked {len(base):,} in {inc_s:.2f} s wall, {inc_cpu:.2f} s CPU "
          f"({inc_s / max(len(new), 1) * 1000:.1f} ms each); pairwise precision {p2:.4f}, recall {r2:.4f} after; "
          f"peak RSS {peak_rss_mb():,.0f} MB", flush=True)


if __name__ == "__main__":
    main()
