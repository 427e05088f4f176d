"""The extractor: a pure function from a Document to its Claims (no database, no network)."""

from __future__ import annotations

from civmon.extract.claims import extract

__all__ = ["extract"]
