"""The store: schema, migrations, SQLite by default and PostgreSQL by URL, behind one narrow interface."""

from civmon.store.core import HistoryEntry, IncidentRecord, Store, StoredDocument, engine_for, open_store
from civmon.store.migrations import MIGRATIONS, Migration, applied, apply_pending

__all__ = [
    "MIGRATIONS", "HistoryEntry", "IncidentRecord", "Migration", "Store", "StoredDocument", "applied",
    "apply_pending", "engine_for", "open_store",
]
