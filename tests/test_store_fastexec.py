"""civmon.store.fastexec: the DB-API path on SQLite gives what SQLAlchemy's execute gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.sql import ClauseElement

from civmon.store import fastexec

meta = MetaData()
items = Table("items", meta, Column("id", Integer, primary_key=True, autoincrement=True),
              Column("name", String(20), nullable=False), Column("group_", String(5), nullable=True),
              Column("blob", LargeBinary, nullable=True))

ROWS: list[dict[str, Any]] = [{"name": "ash", "group_": "a", "blob": b"\x00\x01"}, {"name": "birch", "group_": "b", "blob": None},
        {"name": "cedar", "group_": "a", "blob": b"z"}, {"name": "damson", "group_": None, "blob": None}]


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    engine = create_engine(f"sqlite:///{tmp_path / 'f.db'}")
    meta.create_all(engine)
    with engine.begin() as c:
        c.execute(insert(items), ROWS)
        yield c
    engine.dispose()


@pytest.mark.parametrize(("stmt", "params"), [
    (select(items.c.name).where(items.c.name.in_(bindparam("names", expanding=True))).order_by(items.c.name),
     {"names": ["cedar", "ash", "nobody"]}),
    (select(items.c.name).where(items.c.name.in_(bindparam("names", expanding=True))), {"names": []}),
    (select(items.c.name, items.c.blob).where(items.c.group_.in_([bindparam("g"), "b"])).order_by(items.c.id),
     {"g": "a"}),
    (select(items).where(items.c.id == bindparam("i")), {"i": 2}),
    (select(items.c.name).where(items.c.group_.in_(bindparam("gs", expanding=True)),
                                items.c.name.in_(bindparam("gs", expanding=True))), {"gs": ["a", "ash"]}),
])
def test_store_fastexec_rows_match_sqlalchemy(conn: Connection, stmt: ClauseElement, params: dict[str, Any]) -> None:
    expected = [tuple(r) for r in conn.execute(stmt, params)]  # type: ignore[call-overload]
    assert fastexec.rows(conn, stmt, params) == expected


@pytest.mark.parametrize(("stmt", "params", "touched"), [
    (update(items).where(items.c.group_ == bindparam("g")).values(name=bindparam("n")), {"g": "a", "n": "x"}, 2),
    (update(items).where(items.c.id.in_(bindparam("ids", expanding=True))).values(group_="c"), {"ids": [1, 4]}, 2),
    (delete(items).where(items.c.name == bindparam("n")), [{"n": "ash"}, {"n": "birch"}, {"n": "nobody"}], 2),
    (insert(items), [{"name": "elm", "group_": "e"}, {"name": "fir", "group_": None}], 2),
    (insert(items), {"name": "gum", "blob": b"\xff"}, 1),
])
def test_store_fastexec_writes_what_sqlalchemy_writes(tmp_path: Path, stmt: ClauseElement,
                                                      params: Any, touched: int) -> None:
    tables = []
    for k, fast in enumerate((False, True)):
        engine = create_engine(f"sqlite:///{tmp_path / f'w{k}.db'}")
        meta.create_all(engine)
        with engine.begin() as c:
            c.execute(insert(items), ROWS)
            n = fastexec.write(c, stmt, params) if fast else c.execute(stmt, params).rowcount  # type: ignore[call-overload]
            assert n == touched
        with engine.connect() as c:
            tables.append([tuple(r) for r in c.execute(select(items).order_by(items.c.id))])
        engine.dispose()
    assert tables[0] == tables[1]


def test_store_fastexec_rolls_back_with_the_sqlalchemy_transaction(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    meta.create_all(engine)
    with pytest.raises(RuntimeError), engine.begin() as c:
        fastexec.write(c, insert(items), ROWS)
        raise RuntimeError("abandon")
    with engine.connect() as c:
        assert fastexec.rows(c, select(items.c.id)) == []
    engine.dispose()
