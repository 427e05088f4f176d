"""No regular expression in civmon lets two whitespace runs meet (`\\s*-?\\s*`, `\\s*\\s+`, ...): over a long blank
stretch (blanked page furniture) the engine would try every split of it, which takes hours on a web page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "civmon"
_ADJACENT_RUNS = re.compile(r"\\s[*+](?:-\?)?\\s[*+]")


@pytest.mark.parametrize("path", sorted(ROOT.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_adjacent_whitespace_runs(path: Path) -> None:
    found = [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _ADJACENT_RUNS.search(line)]
    assert not found, f"{path.name}: whitespace runs meet (write \\s*(?:-\\s*)? or one run): {found}"


def test_the_check_finds_what_it_looks_for() -> None:
    assert _ADJACENT_RUNS.search(r"(\d+)\s*-?\s*(km)") and _ADJACENT_RUNS.search(r"a\s*\s+b")
    assert not _ADJACENT_RUNS.search(r"(\d+)\s*(?:-\s*)?(km)")
