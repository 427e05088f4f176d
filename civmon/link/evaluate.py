"""Pairwise precision and recall of a clustering against a true one (for tests and benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable
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
