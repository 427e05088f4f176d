"""Importing a full GeoNames country dump (SY.txt, ...) into the user's gazetteer extension."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path

from civmon.errors import InputError
from civmon.gazetteer.table import EXTENSION_FILE, Entry, extension_lines, parse_line, table_text, user_dir

FEATURE_KINDS: dict[str, str] = {
    "PPLC": "city", "PPLA": "city", "PPLA2": "town", "PPLA3": "town", "PPLA4": "village", "PPL": "village",
    "PPLL": "village", "PPLF": "village", "PPLS": "village", "PPLX": "neighbourhood", "PPLQ": "village",
    "ADM1": "governorate", "ADM2": "district", "ADM3": "subdistrict", "CMPRF": "neighbourhood",
}
"""GeoNames feature codes kept by the importer, and the precision each gets."""


def _kind(code: str, population: int) -> str:
    kind = FEATURE_KINDS[code]
    if kind == "village" and population >= 100_000:
        return "city"
    if kind == "village" and population >= 10_000:
        return "town"
    return kind


def read_geonames(lines: Iterable[str], *, path: str = "-") -> Iterator[Entry]:
    """Populated places and admin units from GeoNames dump lines (19 tab-separated columns)."""
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) < 15:
            raise InputError(f"expected the 19-column GeoNames format, found {len(f)} columns", path=path, line=n)
        code = f[7]
        if code not in FEATURE_KINDS:
            continue
        try:
            lat, lon, pop = float(f[4]), float(f[5]), int(f[14] or 0)
        except ValueError:
            raise InputError("latitude, longitude or population is not a number", path=path, line=n) from None
        alts = tuple(a for a in f[3].split(",") if a and a != f[1])
        yield Entry(id=f[0], name=f[1], kind=_kind(code, pop), country=f[8], admin1=None, admin2=None,
                    lat=lat, lon=lon, population=pop, alternates=((f[2],) if f[2] != f[1] else ()) + alts)


def import_geonames(path: Path, *, directory: Path | None = None) -> int:
    """Add the places of a GeoNames dump to the user's extension (replacing same-id rows); returns the count."""
    try:
        with path.open(encoding="utf-8") as fh:
            new = list(read_geonames(fh, path=str(path)))
    except OSError as e:
        raise InputError(f"cannot read ({e.strerror})", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 (GeoNames dumps are UTF-8; unzip SY.zip first)", path=str(path)) from None
    target = directory or user_dir()
    ids = {e.id for e in new}
    kept = [e for e in (parse_line(line) for line in extension_lines(target)) if e.id not in ids]
    target.mkdir(parents=True, exist_ok=True)
    out = target / EXTENSION_FILE
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(table_text(kept + new).encode("utf-8"))
    return len(new)
