"""Figures over incidents: period series, records and comparisons (stub interface; issue 2 fills it in)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from civmon.models import Incident


def series(incidents: Sequence[Incident], *, by: str = "month", start: date | None = None,
           end: date | None = None, belligerent: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """One object per period, empty periods included, in order: {"period", "likely": {...}, "all": {...}, "by_grade": {...}}."""
    return []
