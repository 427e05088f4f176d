"""Read-side views assembled from several store queries (what `show` and `report` print)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from civmon.errors import NotFoundError
from civmon.link import Link
from civmon.render.period import PeriodReport, period_report
from civmon.settings import int_setting
from civmon.store.core import HistoryEntry, IncidentRecord, Store, StoredDocument


@dataclass(frozen=True, slots=True)
class IncidentView:
    """An incident with the documents its claims quote, its links and its history."""

    record: IncidentRecord
    documents: dict[str, StoredDocument]
    links: tuple[Link, ...]
    history: tuple[HistoryEntry, ...]


def incident_view(store: Store, code: str) -> IncidentView:
    """Everything `civmon show` needs about one incident; NotFoundError when the code is unknown."""
    record = store.incident_record(None, code.strip().upper())
    docs: dict[str, StoredDocument] = {}
    for c in record.incident.claims:
        if c.doc_id not in docs:
            try:
                docs[c.doc_id] = store.document(c.doc_id)
            except NotFoundError:
                continue
    return IncidentView(record=record, documents=docs,
                        links=tuple(store.links_for([c.claim_id for c in record.incident.claims])),
                        history=tuple(store.history(record.incident.code)))


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a YYYY-MM month."""
    y, m = (int(x) for x in month.split("-"))
    first = date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


def report_view(store: Store, *, month: str | None = None, start: date | None = None,
                end: date | None = None) -> PeriodReport:
    """The period report for a month (with records) or for a from/to range."""
    if month is not None:
        start, end = month_bounds(month)
        label = month
    else:
        label = f"{start.isoformat() if start else 'the beginning'} to {end.isoformat() if end else 'now'}"
    period = store.incidents(start=start, end=end)
    every = store.incidents() if month is not None else period
    return period_report(period, every=every, label=label, month=month, mass_min=int_setting("mass_casualty_min"))
