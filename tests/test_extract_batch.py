"""Batch extraction: the same claims in the same order with one process or several; bad lines are named
by number and the rest go on."""

from __future__ import annotations

import json

from civmon.extract.batch import LineResult, extract_lines

PLACES = ["Aleppo", "Idlib", "Raqqa", "Mosul", "Baidoa", "Sirte", "Rafah", "Hajin"]


def _lines(n: int) -> list[str]:
    out = []
    for i in range(n):
        text = (f"On {1 + i % 27} March 2021 an airstrike hit a house in {PLACES[i % len(PLACES)]}, killing "
                f"{2 + i % 9} civilians and wounding {i % 5} others, witnesses said.")
        out.append(json.dumps({"id": f"d{i}", "text": text, "published": "2021-03-28"}) + "\n")
    return out


def test_parallel_equals_serial() -> None:
    lines = _lines(70)
    lines.insert(5, "{not json\n")
    lines.insert(40, "\n")
    lines.insert(50, json.dumps({"id": "ar", "text": "نص", "language": "ar"}) + "\n")
    serial = list(extract_lines(lines, vague_policy="acled", workers=1))
    parallel = list(extract_lines(lines, vague_policy="acled", workers=2))
    assert parallel == serial
    assert [r.lineno for r in serial] == [n for n, line in enumerate(lines, start=1) if line.strip()]
    assert serial[5] == LineResult(6, error=serial[5].error)
    assert serial[5].error is not None and serial[5].error.startswith("not valid JSON")
    assert [r.language for r in serial if r.language] == ["ar"]
    ids = [json.loads(x)["doc_id"] for r in serial for x in r.output.splitlines()]
    assert ids == sorted(set(ids), key=lambda d: int(d[1:]))  # input order, one incident each


def test_short_input_stays_in_process() -> None:
    results = list(extract_lines(_lines(3), workers=4))
    assert [json.loads(r.output)["casualties"]["civilians_killed"]["min"] for r in results] == [2, 3, 4]
