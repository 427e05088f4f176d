"""`civmon user add`, `publish`, `unpublish` and `serve`: what they print and do; the web stays out of start-up."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civmon.cli import cli
from civmon.store import open_store
from civmon.store import web_tables as wt
from civmon.web.sample import load_samples
from civmon.web.security import verify_password


@pytest.fixture()
def db(tmp_path: Path) -> tuple[str, list[str]]:
    path = str(tmp_path / "c.db")
    store = open_store(path)
    codes = load_samples(store)
    store.close()
    return path, codes


def test_user_add_prints_a_one_time_password_that_works(db: tuple[str, list[str]]) -> None:
    path, _ = db
    r = CliRunner().invoke(cli, ["--db", path, "user", "add", "amina", "--role", "analyst", "--token"])
    assert r.exit_code == 0, r.output
    password = re.search(r"one-time password \(shown once, not stored\): (\S+)", r.output)
    assert password is not None and "API token" in r.output
    store = open_store(path)
    with store.engine.connect() as conn:
        found = wt.password_hash_of(conn, "amina")
    assert found is not None and found[1] == "analyst" and verify_password(found[0], password.group(1))
    store.close()


def test_user_add_refuses_an_unknown_role(db: tuple[str, list[str]]) -> None:
    r = CliRunner().invoke(cli, ["--db", db[0], "user", "add", "x", "--role", "viewer"])
    assert r.exit_code == 2


def test_publish_and_unpublish_make_releases(db: tuple[str, list[str]]) -> None:
    path, codes = db
    runner = CliRunner()
    r = runner.invoke(cli, ["--db", path, "publish", codes[0]])
    assert r.exit_code == 0 and r.output.startswith("release 1 ") and "civilians killed 12–12" in r.output
    r = runner.invoke(cli, ["--db", path, "publish", "--all", "--note", "everything"])
    assert r.exit_code == 0 and r.output.startswith("release 2 ") and "2 incident(s)" in r.output
    r = runner.invoke(cli, ["--db", path, "unpublish", codes[0]])
    assert r.exit_code == 0 and f"{codes[0]} unpublished" in r.output
    store = open_store(path)
    with store.engine.connect() as conn:
        assert wt.published_codes(conn) == [codes[1]]
        assert [r.number for r in wt.list_releases(conn)] == [3, 2, 1]
    assert [h.action for h in store.history(codes[0])][-3:] == ["published", "republished", "unpublished"]
    store.close()


@pytest.mark.parametrize(("args", "message"), [
    (["publish"], "give incident codes or --all"),
    (["publish", "ZZ-2000-01-0001"], "no incident"),
    (["unpublish", "SY-2017-03-0001"], "not published"),
])
def test_publish_errors_are_one_line(db: tuple[str, list[str]], args: list[str], message: str) -> None:
    r = CliRunner().invoke(cli, ["--db", db[0], *args])
    assert r.exit_code == 1 and message in r.output


def test_serve_help_and_fast_start_up() -> None:
    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "127.0.0.1" in r.output and "8000" in r.output
    probe = "import sys, civmon.cli; print(any(m.split('.')[0] in ('fastapi', 'uvicorn', 'starlette') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_publish_only_new_skips_what_is_public(db: tuple[str, list[str]]) -> None:
    path, codes = db
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", path, "publish", codes[0]]).exit_code == 0
    r = runner.invoke(cli, ["--db", path, "publish", "--all", "--only-new"])
    assert r.exit_code == 0 and r.output.startswith("release 2 ") and "1 incident(s)" in r.output
    r = runner.invoke(cli, ["--db", path, "publish", "--all", "--only-new"])
    assert r.exit_code == 0 and r.output.strip() == "nothing new to publish"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers_and_stops_on_sigterm(db: tuple[str, list[str]]) -> None:
    import signal
    import time
    import urllib.request

    path, _ = db
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "civmon", "--db", path, "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = b""
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/facets", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.2)
        assert b'"ok":true' in body
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    time.sleep(0.5)
    with pytest.raises(OSError):  # no worker was left behind serving
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/facets", timeout=2)
