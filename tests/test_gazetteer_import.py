"""Importing a GeoNames dump into the user extension, and the index picking it up."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from civmon.errors import InputError
from civmon.gazetteer.cli import gazetteer
from civmon.gazetteer.importer import import_geonames
from civmon.gazetteer.index import Index
from civmon.gazetteer.table import bundled_lines, extension_lines

# Two invented places in the 19-column GeoNames layout, plus a stream (feature code STM) that is skipped.
DUMP = "\n".join([
    "\t".join(["99000001", "Qaryat Zaytuna", "Qaryat Zaytuna", "Qaryat Zaytouna,Zeitouneh", "35.1", "36.7", "P",
               "PPL", "SY", "", "10", "", "", "", "750", "", "300", "Asia/Damascus", "2024-01-01"]),
    "\t".join(["99000002", "Hayy Nakhil", "Hayy Nakhil", "", "33.3", "44.4", "P", "PPLX", "IQ", "", "07", "", "", "",
               "0", "", "40", "Asia/Baghdad", "2024-01-01"]),
    "\t".join(["99000003", "Wadi Fake", "Wadi Fake", "", "33.0", "44.0", "H", "STM", "IQ", "", "07", "", "", "",
               "0", "", "40", "Asia/Baghdad", "2024-01-01"]),
]) + "\n"


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    p = tmp_path / "XX.txt"
    p.write_text(DUMP, encoding="utf-8")
    return p


def test_import_writes_places_and_the_index_finds_them(dump: Path, tmp_path: Path) -> None:
    target = tmp_path / "ext"
    assert import_geonames(dump, directory=target) == 2
    assert import_geonames(dump, directory=target) == 2  # re-import replaces, never duplicates
    lines = extension_lines(target)
    assert len(lines) == 2
    ix = Index(bundled_lines() + lines)
    (e,) = [e for e in ix.lookup("Qaryat Zeitouna") if e.id.startswith("99")]
    assert (e.id, e.country, e.kind, e.lat, e.lon) == ("99000001", "SY", "village", 35.1, 36.7)
    (n,) = [e for e in ix.lookup("Hayy Nakhil") if e.id.startswith("99")]
    assert n.kind == "neighbourhood"
    text = "Shells fell on Qaryat Zaytouna overnight."
    m = max((m for m in ix.matches(text) if any(e.id == "99000001" for e in m.entries)), key=lambda m: m.end - m.start)
    assert text[m.start:m.end] == "Qaryat Zaytouna"


def test_cli_import(dump: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(gazetteer, ["import", str(dump), "--dir", str(tmp_path / "ext")])
    assert result.exit_code == 0, result.output
    assert "imported 2 places" in result.output


def test_bad_dump_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.txt line 1"):
        import_geonames(p, directory=tmp_path / "ext")
