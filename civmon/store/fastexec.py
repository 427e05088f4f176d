"""Run the ingest path's hot statements with less overhead: on SQLite straight through the DB-API connection.

SQLAlchemy Core's execute costs ~50 µs per call (compile-cache lookup, parameter processing, result set-up)
where sqlite3's costs ~10 µs, and ingest runs ~20 statements per document. `rows` and `write` take the same
statement objects and parameter dicts as `Connection.execute`; on SQLite they run the statement's SQL (compiled
once, with named parameters; expanding IN lists rendered per length) on the transaction's own DB-API
connection, elsewhere they call `Connection.execute`. Only statements whose columns need no type processing
(strings, numbers, bytes) belong here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Dialect
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_POSTCOMPILE = re.compile(r"__\[POSTCOMPILE_(\w+)\]")


@cache
def _dialect() -> Dialect:
    return sqlite.dialect(paramstyle="named")


@lru_cache(maxsize=1024)
def _compiled(stmt: ClauseElement, keys: tuple[str, ...]) -> tuple[str, dict[str, Any], tuple[str, ...]]:
    """The statement's SQLite SQL (an insert names the columns in `keys`), its fixed parameter values and its
    expanding (IN list) parameter names."""
    c = cast(SQLCompiler, stmt.compile(dialect=_dialect(), column_keys=list(keys)))
    sql = str(c)
    expanding = tuple(dict.fromkeys(_POSTCOMPILE.findall(sql)))
    fixed = {name: b.value for b, name in c.bind_names.items()
             if not b.required and not b.expanding and name not in expanding and b.value is not None}
    return sql, fixed, expanding


@lru_cache(maxsize=4096)
def _expanded(sql: str, lengths: tuple[tuple[str, int], ...]) -> str:
    """`sql` with each expanding parameter rendered as `n` named parameters (name_0 .. name_{n-1})."""
    sizes = dict(lengths)

    def render(m: re.Match[str]) -> str:
        name = m.group(1)
        return ", ".join(f":{name}_{i}" for i in range(sizes[name])) or "NULL"

    return _POSTCOMPILE.sub(render, sql)


def sql_for(stmt: ClauseElement, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The SQLite SQL (named parameters) and the parameter values a statement runs with here."""
    return _bind(stmt, params)


def _bind(stmt: ClauseElement, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    sql, fixed, expanding = _compiled(stmt, tuple(params))
    bound = fixed | dict(params)
    if expanding:
        lengths = []
        for name in expanding:
            values = list(bound.pop(name))
            lengths.append((name, len(values)))
            bound |= {f"{name}_{i}": v for i, v in enumerate(values)}
        sql = _expanded(sql, tuple(lengths))
    return sql, bound


def _driver(conn: Connection) -> Any | None:
    """The transaction's sqlite3 connection, or None on any other backend."""
    if conn.dialect.name != "sqlite":
        return None
    return conn.connection.driver_connection


def rows(conn: Connection, stmt: ClauseElement, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """The rows a select returns, as tuples in the select's column order."""
    driver = _driver(conn)
    if driver is None:
        return [tuple(r) for r in conn.execute(stmt, dict(params or {}))]  # type: ignore[call-overload]
    sql, bound = _bind(stmt, params or {})
    return list(driver.execute(sql, bound).fetchall())


def write(conn: Connection, stmt: ClauseElement,
          params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> int:
    """Run an insert, update or delete (one parameter set, or many); the number of rows it touched."""
    driver = _driver(conn)
    if driver is None:
        many = [dict(p) for p in params] if isinstance(params, Sequence) else dict(params)
        return int(conn.execute(stmt, many).rowcount)  # type: ignore[call-overload]
    if isinstance(params, Sequence):
        if not params:
            return 0
        sql, fixed, expanding = _compiled(stmt, tuple(params[0]))
        if expanding:
            return sum(write(conn, stmt, p) for p in params)
        return int(driver.executemany(sql, [fixed | dict(p) for p in params]).rowcount)
    sql, bound = _bind(stmt, params)
    return int(driver.execute(sql, bound).rowcount)
