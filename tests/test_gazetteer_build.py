"""The build script's rules for admin units: a district's seat found by a different spelling of its name."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_gazetteer.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _town(name: str, population: int = 5000, *alternates: str) -> dict[str, Any]:
    return {"name": name, "alternatenames": list(alternates), "population": population}


TOWNS = [_town("Qurayyat Nahr"), _town("Tall Zahab", 12000, "Tell ez-Zahab"), _town("Dayr Sulayman", 800),
         _town("Paiko", 30000)]


@pytest.mark.parametrize(("district", "seat"), [
    ("Qurayat Nahar", "Qurayyat Nahr"),  # doubled letters and vowels vary
    ("Tal-Zahab", "Tall Zahab"),  # hyphen, one word or two
    ("Tell ez Zahab", "Tall Zahab"),  # through an alternate name
    ("Deir Suleiman", "Dayr Sulayman"),
])
def test_a_district_finds_its_seat_spelt_differently(build: ModuleType, district: str, seat: str) -> None:
    (town,) = build._seat_by_spelling(district, TOWNS)
    assert town["name"] == seat


@pytest.mark.parametrize("district", [
    "Paikoro",  # alike, but another place
    "Naher",  # too short to judge
    "Zahab Tall",  # other first letter
    "Umm Batna",
])
def test_unlike_or_short_names_find_no_seat(build: ModuleType, district: str) -> None:
    assert build._seat_by_spelling(district, TOWNS) == []
