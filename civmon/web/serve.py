"""Running the web app under uvicorn: one process, or several workers each with its own SO_REUSEPORT socket.

uvicorn's own workers share one listening socket, and whichever worker wakes first accepts: under load one took
68 of wrk's 100 connections and the other 32, so the busier worker's requests waited twice as long (the p99).
With SO_REUSEPORT every worker listens on its own socket and the kernel spreads new connections between them.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from typing import Any

APP = "civmon.web.asgi:app"
BACKLOG = 2048


def _config(**kw: Any) -> Any:
    import uvicorn

    return uvicorn.Config(APP, log_level="warning", proxy_headers=True, access_log=False, backlog=BACKLOG, **kw)


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port that other processes may bind too (SO_REUSEPORT)."""
    family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(addr)
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock


def _worker(host: str, port: int) -> None:
    import uvicorn

    sock = reuseport_socket(host, port)
    uvicorn.Server(_config()).run(sockets=[sock])


def _stop(procs: list[Any]) -> None:
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join(timeout=10)
        if p.is_alive():
            p.kill()


def run(*, host: str, port: int, workers: int) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM stops every worker); returns the exit status."""
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        import uvicorn

        if workers == 1:
            uvicorn.Server(_config(host=host, port=port)).run()
        else:
            uvicorn.run(APP, host=host, port=port, workers=workers, log_level="warning", proxy_headers=True,
                        access_log=False, backlog=BACKLOG)
        return 0
    reuseport_socket(host, port).close()  # fail here, once, when the address is taken
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(host, port), name=f"civmon-web-{i}") for i in range(workers)]

    def terminate(_signum: int, _frame: Any) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, terminate)
    status = 0
    try:
        for p in procs:
            p.start()
        while all(p.is_alive() for p in procs):
            time.sleep(0.5)
        status = 1  # a worker died on its own
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        _stop(procs)
        signal.signal(signal.SIGTERM, previous)
    return status
