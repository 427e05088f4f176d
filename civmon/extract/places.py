"""Places in report text, resolved against the bundled gazetteer (stub; see issue 2)."""

from __future__ import annotations

from civmon.extract.mentions import PlaceMention


def find_places(text: str, *, language: str = "en", countries: tuple[str, ...] = ()) -> list[PlaceMention]:
    """Every place mention in `text`, in text order; `countries` (ISO alpha-2) disambiguates."""
    return []
