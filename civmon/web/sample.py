"""A few short reports, written for civmon's own tests and demos, and a helper to load them into a store."""

from __future__ import annotations

from datetime import date

from civmon.ingest import RawDocument
from civmon.models import Document
from civmon.pipeline import store_document
from civmon.store import Store

SAMPLE_REPORTS: tuple[tuple[str, str, date, str], ...] = (
    ("medics-raqqa-0315", "Raqqa Medical Network", date(2017, 3, 15),
     "An airstrike by the US-led coalition hit a market in Raqqa, Syria on 14 March 2017, killing 12 civilians "
     "and injuring 20 others, local medics said."),
    ("idlib-watch-0403", "Idlib Watch", date(2017, 4, 3),
     "Witnesses said an airstrike hit Idlib, Syria on 2 April 2017 and killed 7 civilians. Omar Khaled, 12, was "
     "injured."),
)

SECOND_RAQQA_REPORT = (
    "Residents said coalition aircraft struck the central market of Raqqa on 14 March 2017. At least 15 civilians "
    "were killed, including four children."
)
"""Another publisher's account of the Raqqa market strike: the linker suggests joining it to the first."""


def load_samples(store: Store) -> list[str]:
    """Ingest the sample reports; returns the incident codes created."""
    codes: list[str] = []
    for doc_id, source, published, text in SAMPLE_REPORTS:
        doc = Document(id=doc_id, text=text, published=published, source=source, language="en",
                       url=f"https://example.org/{doc_id}")
        out = store_document(store, RawDocument(document=doc, raw=text.encode("utf-8"), path="<sample>"))
        codes.extend(out.created)
    return codes
