"""Extractor throughput: start-up, whole `civmon extract` runs, documents/s, MB/s and claims/doc.

Usage: .venv/bin/python bench/extract_throughput.py [--data FILE ...] [--profile N] [--vague-policy NAME]
       [--repeat N]
Default data: the dev sets in ../shared/dev when that folder exists, else examples/reports/*.jsonl.
For each file: start-up (import + first document, in a fresh interpreter; and `civmon extract --workers 1`
over one document), the whole `civmon extract` run over every document with --workers 1 and with the
default workers (wall seconds, documents/s and CPU seconds of all its processes), and in-process
throughput after a warm-up document. Wall times depend on what else the machine runs: compare CPU
seconds, and the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civmon.contract import document_from_dict, document_to_dict
from civmon.extract import extract
from civmon.models import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED_DEV = ROOT.parent / "shared" / "dev"

_STARTUP = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from civmon.contract import document_from_dict
from civmon.extract import extract
t1, c1 = time.perf_counter(), time.process_time()
extract(document_from_dict(json.loads(sys.argv[1])))
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "import_cpu": c1 - c0, "first_cpu": c2 - c1}))
"""


def default_data() -> list[Path]:
    """The dev sets when ../shared/dev exists, else the bundled example JSONL files."""
    if SHARED_DEV.is_dir():
        return sorted(SHARED_DEV.glob("*.jsonl"))
    return sorted((ROOT / "examples" / "reports").glob("*.jsonl"))


def read_documents(path: Path) -> list[Document]:
    """Every document of a JSONL file (blank lines skipped)."""
    with path.open(encoding="utf-8") as f:
        return [document_from_dict(json.loads(line)) for line in f if line.strip()]


def startup(first_line: str) -> dict[str, float]:
    """Import and first-document time in a fresh interpreter, plus the whole process's wall time."""
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _STARTUP, first_line], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    wall = time.perf_counter() - t
    out: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    out["process"] = wall
    return out


def cli_run(path: Path, *, policy: str, workers: int | None, repeat: int) -> dict[str, float]:
    """The best of `repeat` whole `civmon extract` runs over the documents file `path`: wall seconds and the
    CPU seconds (user + system) of the command and every worker it forked."""
    cmd = [sys.executable, "-m", "civmon", "extract", "--vague-policy", policy, str(path)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    best: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        before = os.times()
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        wall = time.perf_counter() - t
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        if not best or wall < best["wall"]:
            best = {"wall": wall, "cpu": cpu}
    return best


def _documents_file(docs: list[Document], folder: Path, name: str) -> Path:
    """`docs` written as documents JSONL (what `civmon extract` reads), without any other field."""
    path = folder / name
    path.write_text("".join(json.dumps(document_to_dict(d), ensure_ascii=False) + "\n" for d in docs),
                    encoding="utf-8")
    return path


def throughput(docs: list[Document], *, policy: str) -> dict[str, float]:
    """Documents/s, MB/s (UTF-8 bytes) and claims/doc over `docs`, after one warm-up document."""
    if docs:
        extract(docs[0], vague_policy=policy)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    claims = 0
    t = time.perf_counter()
    for d in docs:
        claims += len(extract(d, vague_policy=policy))
    elapsed = time.perf_counter() - t
    n = len(docs)
    return {"docs": n, "mb": size / 1e6, "seconds": elapsed, "docs_per_s": n / elapsed if elapsed else 0.0,
            "mb_per_s": size / 1e6 / elapsed if elapsed else 0.0, "claims_per_doc": claims / n if n else 0.0}


def profile(docs: list[Document], *, policy: str, top: int) -> str:
    """The `top` functions by cumulative time over one pass of `docs` (after a warm-up document)."""
    if docs:
        extract(docs[0], vague_policy=policy)
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        extract(d, vague_policy=policy)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one block per data file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="+", type=Path, default=None, help="documents JSONL files")
    ap.add_argument("--vague-policy", default=None,
                    help="default: acled for a file whose name says acled, else airwars (as the scorer runs)")
    ap.add_argument("--repeat", type=int, default=3, help="whole runs per setting; the fastest is shown")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also print the top N functions by "
                    "cumulative time (cProfile)")
    args = ap.parse_args(argv)
    paths: list[Path] = args.data or default_data()
    if not paths:
        print("no data files found; pass --data FILE", file=sys.stderr)
        return 2
    for path in paths:
        policy: str = args.vague_policy or ("acled" if "acled" in path.name.lower() else "airwars")
        docs = read_documents(path)
        if not docs:
            print(f"{path}: no documents")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            one = _documents_file(docs[:1], Path(tmp), "one.jsonl")
            every = _documents_file(docs, Path(tmp), "all.jsonl")
            s = startup(one.read_text(encoding="utf-8"))
            runs = {"start-up, one document, --workers 1": (1, cli_run(one, policy=policy, workers=1,
                                                                        repeat=args.repeat))}
            for label, workers in (("whole run, --workers 1", 1), ("whole run, default workers", None)):
                runs[label] = (len(docs), cli_run(every, policy=policy, workers=workers,
                                                  repeat=args.repeat))
        r = throughput(docs, policy=policy)
        print(f"{path.name}: {r['docs']:.0f} docs, {r['mb']:.3f} MB, --vague-policy {policy}")
        print(f"  in-process start-up: import {s['import'] * 1000:.0f} ms ({s['import_cpu'] * 1000:.0f} ms CPU) + "
              f"first document {s['first'] * 1000:.0f} ms ({s['first_cpu'] * 1000:.0f} ms CPU); "
              f"whole process {s['process'] * 1000:.0f} ms")
        for label, (n, run) in runs.items():
            print(f"  civmon extract {label}: {run['wall']:.2f} s wall, {n / run['wall']:.1f} docs/s, "
                  f"{run['cpu']:.2f} s CPU")
        print(f"  throughput: {r['docs_per_s']:.1f} docs/s, {r['mb_per_s']:.3f} MB/s "
              f"({r['seconds']:.2f} s), {r['claims_per_doc']:.2f} claims/doc")
        if args.profile:
            print(profile(docs, policy=policy, top=args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
