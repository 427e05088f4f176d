"""Pairwise precision and recall of a clustering against a true one (for tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True, slots=True)
class PairScore:
    """Pairwise precision, recall and F1, with the pair counts behind them."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def same_cluster_pairs(clusters: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    """Every unordered pair of ids that share a cluster."""
    out: set[frozenset[str]] = set()
    for cluster in clusters:
        out.update(frozenset(p) for p in combinations(sorted(set(cluster)), 2))
    return out


def pairwise_scores(predicted: Iterable[Iterable[str]], truth: Iterable[Iterable[str]]) -> PairScore:
    """Pairwise P/R/F1 of `predicted` clusters against `truth` (empty sets score 1.0)."""
    pred, true = same_cluster_pairs(predicted), same_cluster_pairs(truth)
    correct = len(pred & true)
    p = correct / len(pred) if pred else 1.0
    r = correct / len(true) if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return PairScore(p, r, f1, len(true), len(pred), correct)


def read_truth(text: str) -> dict[str, frozenset[str]]:
    """A truth file's pages and strikes: one `page<TAB>strike[,strike...]` line each; '#' starts a comment."""
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        page, _, ids = line.partition("\t") if "\t" in line else line.partition(" ")
        strikes = frozenset(s.strip() for s in ids.split(",") if s.strip())
        if not strikes:
            raise ValueError(f"truth line without a strike id: {line!r}")
        out[page.strip()] = strikes
    return out


def page_pair_scores(found: Mapping[str, Iterable[str]], truth: Mapping[str, Iterable[str]]) -> PairScore:
    """Pairwise P/R/F1 over pages: two pages pair when they share an incident (`found`: page -> incident codes)
    and truly pair when they share a strike (`truth`: page -> strike ids). Only pages in `truth` count."""
    def groups(by_page: Mapping[str, Iterable[str]]) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for page, keys in by_page.items():
            if page in truth:
                for key in set(keys):
                    members.setdefault(key, []).append(page)
        return list(members.values())

    return pairwise_scores(groups(found), groups(truth))


def truth_from_pairs(text: str, pages: Iterable[str]) -> dict[str, frozenset[str]]:
    """Truth from a pairs file (`pageA<TAB>pageB` per line: two pages tied to one incident; '#' comments): pages
    tied directly or through others share a strike id; every other page of `pages` is a strike of its own."""
    parent: dict[str, str] = {p: p for p in pages}

    def root(p: str) -> str:
        parent.setdefault(p, p)
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) != 2:
            raise ValueError(f"a pairs line names two pages: {line!r}")
        a, b = root(parts[0].strip()), root(parts[1].strip())
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {p: frozenset({root(p)}) for p in list(parent)}
