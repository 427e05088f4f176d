"""Dates and date ranges in report text, resolved against the publication day (stub; see issue 2)."""

from __future__ import annotations

from datetime import date

from civmon.extract.mentions import DateMention


def find_dates(text: str, *, published: date | None, language: str = "en") -> list[DateMention]:
    """Every date mention in `text`, in text order, resolved to day ranges."""
    return []
