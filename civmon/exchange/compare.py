"""`civmon compare --with DATASET`: incidents one side has and the other lacks.

One side is the incidents holding a claim imported from the dataset (`import:<name>` extractor); the
other is the incidents holding a claim from any other source (text read by civmon, other datasets).
Only incidents within the dataset's own dates and countries count as missing from it, so a dataset
is not blamed for what it never covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from civmon.models import Incident


@dataclass(frozen=True, slots=True)
class Comparison:
    """Incidents in both, only in the dataset, and only in civmon's other sources (within the dataset's coverage)."""

    dataset: str
    both: tuple[Incident, ...]
    dataset_only: tuple[Incident, ...]
    others_only: tuple[Incident, ...]
    first: date | None
    last: date | None
    countries: tuple[str, ...]


def _from_dataset(i: Incident, dataset: str) -> bool:
    return any(c.extractor == f"import:{dataset}" for c in i.claims)


def _from_others(i: Incident, dataset: str) -> bool:
    return any(c.extractor != f"import:{dataset}" for c in i.claims)


def compare_with(incidents: Sequence[Incident], *, dataset: str) -> Comparison:
    """Split incidents by which side has them (a pure function over stored incidents)."""
    ours = [i for i in incidents if _from_dataset(i, dataset)]
    days = [d for i in ours for d in (i.earliest, i.latest) if d is not None]
    first, last = (min(days), max(days)) if days else (None, None)
    countries = tuple(sorted({i.country for i in ours}))
    both = tuple(i for i in ours if _from_others(i, dataset))
    dataset_only = tuple(i for i in ours if not _from_others(i, dataset))
    others_only = tuple(
        i for i in incidents
        if _from_others(i, dataset) and not _from_dataset(i, dataset) and i.country in countries
        and i.earliest is not None and first is not None and last is not None and first <= i.earliest <= last
    )
    return Comparison(dataset, both, dataset_only, others_only, first, last, countries)
