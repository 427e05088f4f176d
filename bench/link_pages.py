"""Benchmark: pairwise precision/recall of linking web pages about the same strikes, through the real ingest path.

Every page of FOLDER is read and ingested as `civmon ingest FOLDER` does (read, extract, store, link, one
transaction per document) into a fresh temporary SQLite store; then each page's incidents are read back
and page pairs are scored against a truth file (`page<TAB>strike[,strike]` per line; pages sharing a strike
id should share an incident, every other pair should not).

    .venv/bin/python bench/link_pages.py tests/link_pages                     # truth: FOLDER/truth.tsv
    .venv/bin/python bench/link_pages.py PAGES --truth TRUTH.tsv -v          # and list every wrong pair
    .venv/bin/python bench/link_pages.py tests/link_pages --order shuffle --seed 3   # another ingest order
    .venv/bin/python bench/link_pages.py PAGES --pairs PAIRS.tsv   # truth as tied pairs: `pageA<TAB>pageB` a line
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from civmon.ingest import RawDocument, read_paths
from civmon.link.evaluate import PairScore, page_pair_scores, read_truth, truth_from_pairs
from civmon.models import Claim
from civmon.pipeline import ingest
from civmon.store import open_store


def page_incidents(folder: Path, *, order: str = "sorted", seed: int = 0,
                   ) -> tuple[dict[str, set[str]], dict[str, list[Claim]]]:
    """Ingest every page under `folder` into a fresh store; page file name -> incident codes, and -> its claims."""
    results = read_paths([str(folder)])
    if order == "reversed":
        results.reverse()
    elif order == "shuffle":
        random.Random(seed).shuffle(results)
    page_of = {r.document.id: Path(r.path).name for r in results if isinstance(r, RawDocument)}
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "pages.db"))
        try:
            summary = ingest(store, results)
            for problem in summary.problems:
                print(f"problem: {problem}", file=sys.stderr)
            found: dict[str, set[str]] = {page: set() for page in page_of.values()}
            claims: dict[str, list[Claim]] = defaultdict(list)
            for incident in store.incidents():
                for c in incident.claims:
                    found[page_of.get(c.doc_id, c.doc_id)].add(incident.code)
                    claims[page_of.get(c.doc_id, c.doc_id)].append(c)
        finally:
            store.close()
    return found, dict(claims)


def describe(claim: Claim) -> str:
    """One line: a claim's date, place, actor, target and killed figure as extracted."""
    d = claim.date
    day = "no date" if d is None or (d.earliest is None and d.latest is None) else (
        f"{d.earliest}..{d.latest} ({d.basis})")
    p = claim.place
    place = "no place" if p is None else f"{p.name} [{p.precision}, {p.admin1}, {p.lat}, {p.lon}]"
    k = claim.casualties.get("civilians_killed") or claim.casualties.get("killed")
    killed = "" if k is None else f" killed {k.min}-{k.max}"
    actor = claim.actor.id if claim.actor else "-"
    return f"{day} | {place} | {actor} | {claim.target or '-'}{killed}"


def report(found: dict[str, set[str]], claims: dict[str, list[Claim]], truth: dict[str, frozenset[str]], *,
           verbose: bool) -> PairScore:
    """Print P/R/F1 (and, verbose, every wrong pair with both pages' claims); returns the score."""
    score = page_pair_scores(found, truth)
    print(f"pages {len(truth)}  true pairs {score.true_pairs}  predicted pairs {score.predicted_pairs}  "
          f"correct {score.correct_pairs}")
    print(f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}")
    if verbose:
        for a, b in combinations(sorted(truth), 2):
            linked = bool(found.get(a, set()) & found.get(b, set()))
            same = bool(truth[a] & truth[b])
            if linked != same:
                print(f"\n{'FALSE LINK' if linked else 'MISSED'}: {a} ~ {b}")
                for page in (a, b):
                    for c in claims.get(page, []):
                        print(f"    {page}: {describe(c)}")
                    if not claims.get(page):
                        print(f"    {page}: no incident claim")
    return score


def main() -> None:
    """Parse the arguments, ingest, score and print."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--truth", type=Path, default=None, help="The truth file (default FOLDER/truth.tsv).")
    ap.add_argument("--pairs", type=Path, default=None,
                    help="Truth as pairs of pages tied to one incident instead (other pages stand alone).")
    ap.add_argument("--order", choices=("sorted", "reversed", "shuffle"), default="sorted")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    found, claims = page_incidents(args.folder, order=args.order, seed=args.seed)
    if args.pairs is not None:
        truth = truth_from_pairs(args.pairs.read_text(encoding="utf-8"), found)
    else:
        truth = read_truth((args.truth or args.folder / "truth.tsv").read_text(encoding="utf-8"))
    report(found, claims, truth, verbose=args.verbose)


if __name__ == "__main__":
    main()
