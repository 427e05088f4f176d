"""A background WAL checkpointer for a SQLite store file.

A store's connections run with `wal_autocheckpoint=0`, so no commit waits for a checkpoint (copying the WAL back
into the database, with its fsyncs). Instead, every `every` commits a daemon thread runs
`PRAGMA wal_checkpoint(PASSIVE)` on a connection of its own while the writer goes on (sqlite3 releases the GIL
while it works), then a short second pass between two transactions so that the WAL restarts from its start.
Durability is unchanged: commits go to the WAL exactly as before (synchronous=NORMAL), and a checkpoint syncs as
SQLite's own would. The thread starts on demand, ends by itself after `idle_s` without work, and `close()` stops
it and checkpoints what is left."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Checkpointer:
    """Checkpoints one SQLite file's WAL from a daemon thread, every `every` commits."""

    def __init__(self, path: str, *, every: int = 100, idle_s: float = 1.0) -> None:
        self.path = path
        self.every = every
        self.idle_s = idle_s
        self._pending = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._active = 0  # store transactions under way (in any thread)
        self._catching = False  # a checkpoint's short last pass is running: no transaction may begin
        self._depth = threading.local()

    def committed(self) -> None:
        """Count one commit; wake (or start) the thread when `every` have piled up."""
        self._pending += 1
        if self._pending < self.every:
            return
        self._pending = 0
        with self._lock:
            self._stop = False
            self._wake.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"civmon-checkpoint {self.path}",
                                                daemon=True)
                self._thread.start()

    def close(self) -> None:
        """Stop the thread (waiting for a checkpoint under way) and checkpoint what the WAL still holds."""
        with self._lock:
            thread = self._thread
            self._stop = True
            self._wake.set()
        if thread is not None:
            thread.join()
        self._pending = 0
        self.checkpoint()

    def checkpoint(self) -> None:
        """One passive checkpoint, on a connection of its own."""
        conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            conn.close()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            while True:
                self._wake.wait(self.idle_s)
                with self._lock:
                    if self._stop or not self._wake.is_set():
                        self._thread = None  # under the lock: a commit from now on starts a new thread
                        return
                    self._wake.clear()
                try:
                    self.cycle(conn)
                except sqlite3.Error:  # the commits are safe in the WAL already; the next cycle tries again
                    pass
        finally:
            with self._lock:
                if self._thread is threading.current_thread():  # ended by an error other than sqlite3's
                    self._thread = None
            conn.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around each store transaction: it waits while a checkpoint's short last pass runs (nested ones do not)."""
        depth = getattr(self._depth, "n", 0)
        if depth == 0:
            with self._cond:
                while self._catching:
                    self._cond.wait()
                self._active += 1
        self._depth.n = depth + 1
        try:
            yield
        finally:
            self._depth.n = depth
            if depth == 0:
                with self._cond:
                    self._active -= 1
                    self._cond.notify_all()

    def cycle(self, conn: sqlite3.Connection) -> None:
        """A long passive checkpoint while the writer goes on, then a short one between two transactions.

        SQLite restarts the WAL from its start (so that it stops growing) only in a transaction that began after a
        checkpoint copied every frame; the short pass copies the frames committed during the long one while no
        transaction is under way.
        """
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        with self._cond:
            self._catching = True
            while self._active:
                self._cond.wait()
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            with self._cond:
                self._catching = False
                self._cond.notify_all()

