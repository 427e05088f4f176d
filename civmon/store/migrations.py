"""The migrations registry: an ordered list of named steps, recorded in `schema_migrations`.

`apply_pending` runs, in order and each in its own transaction, every step not yet recorded. Steps are
idempotent (create with checkfirst, add a column only when missing), so step 0001 on a fresh store builds
the current schema and later steps find nothing to do, while an older store gets exactly what it lacks.
Add a step by appending to MIGRATIONS; never rename or reorder the existing ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, inspect, select

from civmon.store import analyst, schema, web_tables


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema step."""

    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


def _later_tables(conn: Connection) -> None:
    """Stores that ran 0002/0003 before those modules had tables get them now (idempotent)."""
    analyst.migrate(conn)
    web_tables.migrate(conn)


def _updated_at_index(conn: Connection) -> None:
    """The watermark that `civmon stats` reads new incident facts by (idempotent)."""
    index = next(i for i in schema.incidents.indexes if i.name == "ix_incidents_updated_at")
    index.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_analyst", analyst.migrate),
    Migration("0003_web", web_tables.migrate),
    Migration("0004_web_and_analyst_tables", _later_tables),
    Migration("0005_incidents_updated_at_index", _updated_at_index),
)


def applied(engine: Engine) -> list[str]:
    """Names of the migrations recorded in the store, in the order they were applied."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(schema.schema_migrations.name):
            return []
        rows = conn.execute(select(schema.schema_migrations.c.name).order_by(schema.schema_migrations.c.name))
        return [r[0] for r in rows]


def apply_pending(engine: Engine, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet recorded, each in one transaction; return the names applied."""
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
    done = set(applied(engine))
    ran: list[str] = []
    for m in migrations:
        if m.name in done:
            continue
        with engine.begin() as conn:
            m.apply(conn)
            conn.execute(insert(schema.schema_migrations).values(
                name=m.name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
        ran.append(m.name)
    return ran
