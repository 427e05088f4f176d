"""Tables and queries for analyst decisions (merge, split, grade), declared strikes and near-duplicates.

Tables live on this module's own MetaData and are created by its migration step (registered in
civmon/store/migrations.py); queries are functions over a Store or a Connection.
"""

from __future__ import annotations

from sqlalchemy import Connection, MetaData

metadata = MetaData()


def migrate(conn: Connection) -> None:
    """Create this module's tables (idempotent)."""
    metadata.create_all(conn, checkfirst=True)
