"""The gazetteer's key table: folded key -> row numbers, plus what the matcher needs to find keys in text.

The table of the bundled gazetteer is computed once at build time (scripts/build_gazetteer.py writes
civmon/data/gazetteer-keys.txt beside the rows, uncompressed: unzipping took longer than reading) and
loaded with a few C-level splits; rows a user
imported are keyed at start-up (few) and merged in. A key file that does not fit the rows it is read
with (another row count or checksum: the rows were rebuilt without it) is ignored and the table is built
from the rows instead, so a stale file costs time, never correctness.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from importlib import resources

KEYS_FILE = "gazetteer-keys.txt"
_MAGIC = "civmon-gazetteer-keys\t3"  # bump when build_keys changes what it computes


@dataclass(frozen=True, slots=True)
class KeyTable:
    """Folded key -> row numbers ('3,17' until first used), other spellings of keys (one word for a long
    key, no inner article), and the word runs that begin a longer key or spelling; the keys and the
    spellings in sorted order, when known (as read from a key file)."""

    rows: dict[str, list[int] | str]
    alias: dict[str, str]
    longer: frozenset[str]
    sorted_rows: list[str] | None = None
    sorted_alias: list[str] | None = None


def begins(table: KeyTable, word: str) -> bool:
    """True when some key or other spelling begins with the one (folded) word `word`: it is a one-word key
    or spelling, or begins a longer one."""
    return " " not in word and (word in table.rows or word in table.longer or word in table.alias)


def joined_alias(key: str) -> str | None:
    """The one-word spelling of a long multi-word key ('Rab Dhuure' is also written 'Rabdhure')."""
    if " " in key and len(key) >= 8 and not key.startswith("al ") and " al " not in key:
        return key.replace(" ", "")
    return None


def bare_alias(key: str) -> str | None:
    """A multi-word key without the article inside it ('Deir al-Balah' is also written 'Deir Balah'); the
    first and last words stay, so the result still has two words or more."""
    words = key.split(" ")
    if len(words) < 3 or "al" not in words[1:-1]:
        return None
    bare = [w for i, w in enumerate(words) if w != "al" or i in (0, len(words) - 1)]
    return " ".join(bare) if len(bare) >= 2 else None


def row_numbers(value: list[int] | str) -> list[int]:
    """The row numbers of one key, however stored."""
    return value if isinstance(value, list) else [int(x) for x in value.split(",")]


def _finish(rows: dict[str, list[int] | str]) -> KeyTable:
    rows.pop("", None)
    alias: dict[str, str] = {}
    longer: set[str] = set()
    for k in rows:
        if " " not in k:
            continue
        words = k.split(" ")
        longer.update(" ".join(words[:n]) for n in range(1, len(words)))
        joined = joined_alias(k)
        if joined is not None and joined not in rows:
            alias.setdefault(joined, k)
        bare = bare_alias(k)
        if bare is not None and bare not in rows:
            alias.setdefault(bare, k)
    for other in alias:
        words = other.split(" ")
        longer.update(" ".join(words[:n]) for n in range(1, len(words)))
    return KeyTable(rows, alias, frozenset(longer))


def build_keys(lines: list[str], *, offset: int = 0) -> KeyTable:
    """The key table of table rows (unparsed lines; row numbers start at `offset`)."""
    rows: dict[str, list[int] | str] = {}
    get = rows.get
    for i, line in enumerate(lines, start=offset):
        for k in line[line.rindex("\t") + 1:].split("|"):  # the keys column (table.line_keys)
            have = get(k)
            if have is None:
                rows[k] = [i]
            else:
                have.append(i)  # type: ignore[union-attr]  # built here: always a list
    return _finish(rows)


def merge(base: KeyTable, extra: KeyTable) -> KeyTable:
    """One table holding the rows of both (`extra` numbered after `base`)."""
    if not extra.rows:
        return base
    rows = dict(base.rows)
    for k, v in extra.rows.items():
        rows[k] = row_numbers(rows[k]) + row_numbers(v) if k in rows else v
    return _finish(rows)


def keys_text(table: KeyTable, *, row_count: int, checksum: int) -> str:
    """The key table as text: a header naming the rows it fits, then keys and their row numbers, the other
    spellings and the keys they spell, and the beginnings of longer keys (one '|'-separated line each)."""
    keys = sorted(table.rows)
    aliases = sorted(table.alias)
    return "\n".join([
        f"{_MAGIC}\t{row_count}\t{checksum}",
        "|".join(keys), "|".join(",".join(map(str, row_numbers(table.rows[k]))) for k in keys),
        "|".join(aliases), "|".join(table.alias[a] for a in aliases),
        "|".join(sorted(table.longer)),
    ]) + "\n"


def parse_keys(text: str, *, row_count: int, checksum: int) -> KeyTable | None:
    """The key table in `text`, or None when it was written for other rows (or is not a key file)."""
    parts = text.split("\n")
    if len(parts) < 6 or parts[0] != f"{_MAGIC}\t{row_count}\t{checksum}":
        return None
    keys, rows, aliases, targets, longer = (p.split("|") if p else [] for p in parts[1:6])
    if len(keys) != len(rows) or len(aliases) != len(targets):
        return None
    numbers: dict[str, list[int] | str] = dict(zip(keys, rows, strict=True))
    return KeyTable(numbers, dict(zip(aliases, targets, strict=True)), frozenset(longer),
                    sorted_rows=keys, sorted_alias=aliases)  # keys_text writes both sorted


def checksum(raw: bytes) -> int:
    """The checksum a key file records of the rows file it was built from."""
    return zlib.crc32(raw)


def bundled_keys(*, row_count: int, raw_checksum: int) -> KeyTable | None:
    """The prebuilt key table of the bundled rows, or None when it is missing or stale."""
    try:
        raw = resources.files("civmon").joinpath("data", KEYS_FILE).read_bytes()
    except OSError:
        return None
    return parse_keys(raw.decode("utf-8"), row_count=row_count, checksum=raw_checksum)
