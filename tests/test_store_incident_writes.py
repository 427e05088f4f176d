"""Store.save_incident with `before` (and its row as read): writing only what changed leaves the same rows as a full
rewrite."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from civmon.models import Count, Grade, Incident, Place, Span
from civmon.store import Store, open_store
from civmon.store.schema import incident_belligerents, incidents

S = Span(0, 1)
BASE = Incident(code="SY-2016-03-0001", claims=(), country="SY", earliest=date(2016, 3, 10),
                latest=date(2016, 3, 10), place=Place("Kafr Nabl", "SY", "village", S, admin1="Idlib"),
                belligerents=("Russia",), figures={"civilians_killed": Count(4, 6, "4-6", S)},
                grade=Grade("Contested", "one source", "rules"))


def stored(store: Store) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    with store.engine.connect() as c:
        rows = [{k: v for k, v in r.items() if k != "updated_at"} for r in c.execute(select(incidents)).mappings()]
        bel = sorted((r[0], r[1]) for r in c.execute(select(incident_belligerents.c.code,
                                                               incident_belligerents.c.belligerent)))
    return rows, bel


@pytest.mark.parametrize("change", [
    {},
    {"belligerents": ("Russia", "Syria")},
    {"belligerents": ()},
    {"earliest": date(2016, 4, 1), "latest": date(2016, 4, 2)},
    {"country": "IQ"},
    {"grade": Grade("Fair", "two sources", "rules"), "figures": {"civilians_killed": Count(5, 5, "5", S)}},
    {"place": None, "strike_status": "declared", "open_figures": frozenset({"civilians_injured"})},
])
def test_store_save_incident_with_before_matches_a_full_rewrite(tmp_path: Path, change: dict[str, Any]) -> None:
    new = replace(BASE, **change)
    pictures = []
    for name, before in (("full", None), ("delta", BASE), ("row", BASE)):
        store = open_store(str(tmp_path / f"{name}.db"))
        with store.transaction() as conn:
            store.save_incident(conn, BASE)
        with store.transaction() as conn:
            row = store.incident_record(conn, BASE.code).row if name == "row" else None  # as read, not re-encoded
            store.save_incident(conn, new, before=before, stored_row=row)
        pictures.append(stored(store))
        store.close()
    assert pictures[0] == pictures[1] == pictures[2]
    assert pictures[1][1] == [(BASE.code, b) for b in sorted(set(new.belligerents))]


def test_store_save_incident_with_before_inserts_an_incident_not_yet_stored(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    with store.transaction() as conn:
        store.save_incident(conn, BASE, before=BASE)
    rows, bel = stored(store)
    assert [r["code"] for r in rows] == [BASE.code] and bel == [(BASE.code, "Russia")]
    store.close()
