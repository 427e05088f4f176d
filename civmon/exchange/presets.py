"""Import presets: which CSV column holds which field, for ACLED, UCDP GED and Airwars' archive tables.

A field is civmon's name for a value; `--map field=column` sets or overrides one. Names of actors and
countries map to slugs and ISO codes through civmon/data/import_actor_aliases.yaml and actors.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType

import yaml

from civmon.errors import ConfigError
from civmon.lexicon import data_text

FIELDS: tuple[str, ...] = (
    "code", "date", "date_end", "location", "location_alt", "admin1", "country", "latitude", "longitude",
    "precision", "belligerent", "strike_type", "grade", "text", "source",
    "killed", "killed_min", "killed_max", "civilians_killed", "civilians_killed_min", "civilians_killed_max",
    "civilians_injured_min", "civilians_injured_max", "children_killed_min", "children_killed_max",
    "women_killed_min", "women_killed_max",
)
"""Every field an import can read."""


@dataclass(frozen=True, slots=True)
class Preset:
    """A dataset's column layout and how its precision codes and grades read."""

    name: str
    publisher: str
    columns: Mapping[str, str]
    precision: Mapping[str, str] = field(default_factory=dict)
    """The dataset's precision code -> a civmon precision (PRECISIONS)."""
    graded: bool = False
    """True when the dataset grades incidents (its grade is kept); else civmon's rules grade them."""
    several_belligerents: bool = False
    """True when the belligerent cell may list several, comma-separated."""

    def with_map(self, overrides: Mapping[str, str]) -> Preset:
        """This preset with some fields read from other columns (`--map field=column`)."""
        unknown = sorted(set(overrides) - set(FIELDS))
        if unknown:
            raise ConfigError(f"unknown import field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
        return Preset(self.name, self.publisher, MappingProxyType({**self.columns, **overrides}), self.precision,
                      self.graded or "grade" in overrides, self.several_belligerents)


PRESETS: dict[str, Preset] = {
    "acled": Preset("acled", "ACLED", MappingProxyType({
        "code": "event_id_cnty", "date": "event_date", "belligerent": "actor1", "strike_type": "sub_event_type",
        "location": "location", "admin1": "admin1", "country": "country", "latitude": "latitude",
        "longitude": "longitude", "precision": "geo_precision", "killed": "fatalities", "text": "notes",
        "source": "source",
    }), MappingProxyType({"1": "town", "2": "district", "3": "governorate"})),
    "ucdp": Preset("ucdp", "UCDP GED", MappingProxyType({
        "code": "id", "date": "date_start", "date_end": "date_end", "belligerent": "side_a",
        "location": "where_coordinates", "admin1": "adm_1", "country": "country", "latitude": "latitude",
        "longitude": "longitude", "precision": "where_prec", "killed": "best", "killed_min": "low",
        "killed_max": "high", "civilians_killed": "deaths_civilians", "text": "source_headline",
    }), MappingProxyType({"1": "exact", "2": "town", "3": "district", "4": "governorate", "5": "governorate",
                          "6": "country", "7": "country"})),
    "airwars": Preset("airwars", "Airwars", MappingProxyType({
        "code": "incident_code", "date": "date", "date_end": "date_end", "location": "location_en",
        "location_alt": "location_ar", "admin1": "governorate", "country": "country", "latitude": "latitude",
        "longitude": "longitude", "precision": "geolocation_accuracy", "belligerent": "belligerent",
        "strike_type": "strike_type", "grade": "grading",
        **{f"{m}_{s}": f"{m}_{s}" for m in ("civilians_killed", "civilians_injured", "children_killed",
                                            "women_killed") for s in ("min", "max")},
    }), MappingProxyType({"exact location": "exact", "exact": "exact", "street": "street",
                          "nearby landmark": "landmark", "neighbourhood": "neighbourhood",
                          "neighborhood": "neighbourhood", "village": "village", "town": "town", "city": "city",
                          "subdistrict": "subdistrict", "district": "district", "governorate": "governorate",
                          "province": "governorate", "country": "country"}), graded=True, several_belligerents=True),
    "csv": Preset("csv", "CSV import", MappingProxyType({f: f for f in FIELDS}), graded=True,
                  several_belligerents=True),
}
"""The presets by name; `csv` reads columns named like the fields (override any with --map)."""

GRADE_NAMES: dict[str, str] = {
    "confirmed": "Confirmed", "fair": "Fair", "weak": "Weak", "single source": "Weak", "single source claim": "Weak",
    "contested": "Contested", "discounted": "Discounted",
}
"""Grade words datasets use -> civmon's grade names (Airwars' definitions)."""

_KEY = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """A name as aliases compare it: lower case, punctuation and spaces squeezed to single spaces."""
    return " ".join(_KEY.sub(" ", name.casefold()).split())


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    from civmon.extract.actors import actor_table

    data = yaml.safe_load(data_text("import_actor_aliases.yaml"))
    actors: dict[str, str] = {}
    for slug, info in actor_table().items():
        actors[name_key(slug)] = slug
        actors[name_key(info.name)] = slug
    for slug, names in data["aliases"].items():
        for n in names:
            actors[name_key(str(n))] = slug
    countries: dict[str, str] = {}
    for code, names in data["countries"].items():
        countries[name_key(code)] = code
        for n in names:
            countries[name_key(str(n))] = code
    return actors, countries


def actor_slug(name: str) -> tuple[str, bool]:
    """(slug, known) for an actor name; an unknown name gets a slug made from it and known False."""
    key = name_key(name)
    slug = _aliases()[0].get(key)
    if slug is not None:
        return slug, True
    return key.replace(" ", "-") or "unknown", False


def country_code(name: str) -> str | None:
    """The ISO code of a country name or code, or None when unknown."""
    key = name_key(name)
    found = _aliases()[1].get(key)
    if found is not None:
        return found
    return name.strip().upper() if re.fullmatch(r"[A-Za-z]{2}", name.strip()) else None


def preset(name: str) -> Preset:
    """A preset by name; ConfigError for an unknown one."""
    if name not in PRESETS:
        raise ConfigError(f"unknown import preset {name!r}; use one of: {', '.join(PRESETS)}")
    return PRESETS[name]
