"""Extraction over a stream of JSONL documents, in order, on every core: `civmon extract` reads through this.

Each line becomes one `LineResult`: the claims as JSONL text, or the reason the line was refused. With more
than one worker, the extractor is warmed once (patterns compiled, gazetteer loaded) and worker processes are
forked from that state, so start-up is paid once and documents are shared out in order-keeping chunks.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from civmon.contract import claim_to_dict, document_from_dict
from civmon.errors import InputError
from civmon.extract.claims import extract
from civmon.lexicon import SUPPORTED_LANGUAGES
from civmon.models import Document

_CHUNK = 8  # documents per hand-out to a worker: small enough to balance, large enough to keep pickling cheap
_PARALLEL_FROM = 32  # fewer documents than this are not worth a second process
_WARM = 8  # documents extracted before forking
_WARM_UP = ("A strike killed a nurse and her two sons in Aleppo on 1 May 2020, and wounded 3 others. Elsewhere "
            "casualties were reported; no one was hurt in Idlib, officials said.")
"""A text that runs the paths the first documents may not (victim lists, harm with no number, denials)."""


@dataclass(frozen=True, slots=True)
class LineResult:
    """What one input line gave: claims as JSONL (`output`), or an `error`, or an unsupported `language`."""

    lineno: int
    output: str = ""
    error: str | None = None
    language: str | None = None


def extract_line(lineno: int, line: str, *, vague_policy: str, language: str | None) -> LineResult:
    """The claims of one JSONL document line, as JSONL text (or why the line gives none)."""
    try:
        doc = document_from_dict(json.loads(line))
    except InputError as e:
        return LineResult(lineno, error=e.reason)
    except ValueError as e:
        return LineResult(lineno, error=f"not valid JSON ({e})")
    if doc.language is None and language:
        doc = replace(doc, language=language)
    lang = doc.language or "en"
    if lang not in SUPPORTED_LANGUAGES:
        return LineResult(lineno, language=lang)
    out = "".join(json.dumps(claim_to_dict(c), ensure_ascii=False) + "\n"
                  for c in extract(doc, vague_policy=vague_policy))
    return LineResult(lineno, output=out)


def _job(item: tuple[int, str], vague_policy: str, language: str | None) -> LineResult:
    return extract_line(item[0], item[1], vague_policy=vague_policy, language=language)


def default_workers() -> int:
    """The cores this process may use (at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def extract_lines(lines: Iterable[str], *, vague_policy: str = "conservative", language: str | None = None,
                  workers: int = 1) -> Iterator[LineResult]:
    """Every non-blank line's result, in input order, using up to `workers` processes."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    job = partial(_job, vague_policy=vague_policy, language=language)
    head: list[tuple[int, str]] = []
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        for item in numbered:  # look ahead: a short input is done faster in this process
            head.append(item)
            if len(head) >= _PARALLEL_FROM:
                break
    if len(head) < _PARALLEL_FROM:
        yield from map(job, head)
        yield from map(job, numbered)
        return
    # the first documents are done here: that warms every pattern and table the input needs (compiled once,
    # then shared by the forked workers) and is work done, not a dummy warm-up
    yield from map(job, head[:_WARM])
    extract(Document(id="warm-up", text=_WARM_UP), vague_policy=vague_policy)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        yield from pool.imap(job, _chain(head[_WARM:], numbered), chunksize=_CHUNK)


def _chain(head: list[tuple[int, str]], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield from head
    yield from rest
