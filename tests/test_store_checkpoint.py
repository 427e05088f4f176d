"""Store: WAL checkpoints run in a background thread; commits stay durable and the store closes cleanly."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from civmon.store import open_store
from civmon.store.checkpoint import Checkpointer
from civmon.store.schema import settings


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("civmon-checkpoint")]


def _wal_frames(path: Path) -> int:
    """Frames the WAL holds that a checkpoint has not copied back yet (a no-op passive checkpoint tells)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_autocheckpoint=0")
        _, log, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(log) - int(done)
    finally:
        conn.close()


def _commit_rows(store_path: Path, n: int, *, every: int) -> list[str]:
    store = open_store(str(store_path))
    assert store.checkpointer is not None
    store.checkpointer.every = every
    for i in range(n):
        with store.transaction() as conn:
            conn.execute(insert(settings).values(name=f"k{i}", value="x" * 2000))
    names = [f"k{i}" for i in range(n)]
    store.close()
    return names


def test_store_checkpoint_writer_connections_leave_checkpoints_to_the_thread(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "s.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL, as before
    store.close()


@pytest.mark.parametrize(("n", "every"), [(3, 100), (40, 5), (120, 10)])
def test_store_checkpoint_commits_survive_and_close_leaves_no_thread_or_wal_backlog(tmp_path: Path, n: int,
                                                                                    every: int) -> None:
    path = tmp_path / "s.db"
    names = _commit_rows(path, n, every=every)
    assert not _checkpoint_threads()
    assert _wal_frames(path) == 0
    again = open_store(str(path))
    with again.engine.connect() as conn:
        stored = set(conn.execute(select(settings.c.name)).scalars())
    again.close()
    assert set(names) <= stored


def test_store_checkpoint_thread_copies_the_wal_back_while_the_writer_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(str(path))
    assert store.checkpointer is not None
    store.checkpointer.every = 10
    before = path.stat().st_size
    for i in range(60):
        with store.transaction() as conn:
            conn.execute(insert(settings).values(name=f"k{i}", value="y" * 4000))
    deadline = time.monotonic() + 10
    while path.stat().st_size <= before and time.monotonic() < deadline:
        time.sleep(0.01)
    grown = path.stat().st_size > before  # pages reached the database file while the store stayed open
    store.close()
    assert grown
    assert not _checkpoint_threads()


def test_store_checkpoint_thread_ends_by_itself_when_idle(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    cp = Checkpointer(str(path), every=1, idle_s=0.05)
    cp.committed()
    assert _checkpoint_threads()
    deadline = time.monotonic() + 10
    while _checkpoint_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _checkpoint_threads()
    cp.committed()  # a later commit starts it again
    cp.close()
    assert not _checkpoint_threads()


def test_store_checkpoint_cycle_lets_the_next_transaction_restart_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    wal = Path(f"{path}-wal")
    store = open_store(str(path))
    assert store.checkpointer is not None
    store.checkpointer.every = 10**9  # no background thread: the cycle runs here

    def write(start: int) -> None:
        for i in range(start, start + 20):
            with store.transaction() as conn:
                conn.execute(insert(settings).values(name=f"k{i}", value="z" * 3000))

    write(0)
    first = wal.stat().st_size
    conn = sqlite3.connect(path)
    store.checkpointer.cycle(conn)
    conn.close()
    write(20)
    assert wal.stat().st_size < 1.3 * first  # written again from its start, not appended to
    write(40)
    assert wal.stat().st_size > 1.5 * first  # without a checkpoint it grows
    store.close()
    assert not _checkpoint_threads()


def test_store_checkpoint_last_pass_waits_for_the_transaction_under_way(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(str(path))
    cp = store.checkpointer
    assert cp is not None
    conn = sqlite3.connect(path, check_same_thread=False)
    worker = threading.Thread(target=cp.cycle, args=(conn,))
    with store.transaction() as tx, store.transaction():  # a nested transaction does not wait for itself
        tx.execute(insert(settings).values(name="k", value="v"))
        worker.start()
        worker.join(0.2)
        assert worker.is_alive()  # its last pass waits until no transaction is under way
    worker.join(10)
    assert not worker.is_alive()
    with store.transaction() as tx:  # and transactions begin again afterwards
        tx.execute(insert(settings).values(name="k2", value="v"))
    conn.close()
    store.close()
