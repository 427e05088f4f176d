"""Gazetteer rows: the bundled compiled table plus the user's imported extension, read once."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from civmon.errors import InputError
from civmon.gazetteer.normalise import name_key
from civmon.settings import setting

COLUMNS: tuple[str, ...] = ("id", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "population",
                            "alternates", "keys")
"""Columns of the compiled table (tab-separated; alternates and folded keys joined by '|')."""

EXTENSION_FILE = "gazetteer-extension.tsv.gz"


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer row: a place, an administrative unit or a country."""

    id: str
    name: str
    kind: str  # a models.PRECISIONS value: village/town/city/district/governorate/country/...
    country: str
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    alternates: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()


def user_dir() -> Path:
    """Where imported gazetteer extensions live: the `gazetteer_dir` setting ($CIVMON_GAZETTEER_DIR)."""
    return Path(setting("gazetteer_dir")).expanduser()


def entry_keys(name: str, alternates: Iterable[str], *, kind: str = "", country: str = "") -> tuple[str, ...]:
    """The distinct folded keys a row is found by: its name's, and its alternates' of 3+ letters.

    A country row is also found by "__country__<code>" (which no text can match).
    """
    keys = [name_key(name)] + ([f"__country__{country.lower()}"] if kind == "country" else [])
    for a in alternates:
        k = name_key(a)
        if len(k) >= 3 and k != "al" and k not in keys:
            keys.append(k)
    return tuple(k for k in keys if len(k) >= 2 and k != "al")


def _lines(text: str, *, where: str) -> list[str]:
    lines = text.split("\n")
    if lines[0].split("\t") != list(COLUMNS):
        raise InputError(f"gazetteer table columns must be {', '.join(COLUMNS)}", path=where)
    return [line for line in lines[1:] if line]


def parse_line(line: str) -> Entry:
    """One table row as an Entry."""
    r = line.split("\t")
    return Entry(id=r[0], name=r[1], kind=r[2], country=r[3], admin1=r[4] or None, admin2=r[5] or None,
                 lat=float(r[6]), lon=float(r[7]), population=int(r[8] or 0),
                 alternates=tuple(r[9].split("|")) if r[9] else (), keys=tuple(r[10].split("|")))


def line_keys(line: str) -> list[str]:
    """The folded keys of one table row, without parsing the rest of it."""
    return line[line.rindex("\t") + 1:].split("|")


def format_entry(e: Entry) -> str:
    """One row of the table format (no tabs, newlines or '|' may occur inside a field)."""
    def clean(v: object) -> str:
        return str(v).replace("\t", " ").replace("\n", " ").replace("|", " ")

    fields = [e.id, e.name, e.kind, e.country, e.admin1 or "", e.admin2 or "", e.lat, e.lon, e.population]
    return "\t".join([*(clean(f) for f in fields), "|".join(clean(a) for a in e.alternates),
                      "|".join(e.keys or entry_keys(e.name, e.alternates, kind=e.kind, country=e.country))])


def table_text(entries: Iterable[Entry]) -> str:
    """The whole table (header first) as text, ready to gzip."""
    return "\t".join(COLUMNS) + "\n" + "".join(format_entry(e) + "\n" for e in entries)


BUNDLED_FILE = "gazetteer.tsv"
"""The compiled table in civmon/data, uncompressed (reading it is faster than unzipping it)."""


def bundled_bytes() -> bytes:
    """The bytes of civmon/data/gazetteer.tsv."""
    return resources.files("civmon").joinpath("data", BUNDLED_FILE).read_bytes()


def bundled_lines(raw: bytes | None = None) -> list[str]:
    """Every row of civmon/data/gazetteer.tsv (or of `raw`, its bytes already read), unparsed."""
    data = bundled_bytes() if raw is None else raw
    return _lines(data.decode("utf-8"), where=f"civmon/data/{BUNDLED_FILE}")


def extension_lines(directory: Path | None = None) -> list[str]:
    """Rows the user imported, unparsed (empty when there is no extension file)."""
    path = (directory or user_dir()) / EXTENSION_FILE
    if not path.is_file():
        return []
    return _lines(gzip.decompress(path.read_bytes()).decode("utf-8"), where=str(path))


def bundled_entries() -> list[Entry]:
    """Every row of the bundled table, parsed."""
    return [parse_line(line) for line in bundled_lines()]
