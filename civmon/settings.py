"""One declared settings table: Setting(name, default, help). Defaults < environment < CLI options.

Unknown names are errors, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from civmon.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    """A named setting with its default, its environment variable and what it does."""

    name: str
    default: str
    help: str
    env: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "civmon.db", "Store: a SQLite file path, or a SQLAlchemy URL when it contains '://'.", "CIVMON_DB"),
    Setting("vague_policy", "conservative", "How vague words ('dozens', 'several') become ranges.",
            "CIVMON_VAGUE_POLICY"),
    Setting("language", "en", "Language assumed for documents that do not say.", "CIVMON_LANGUAGE"),
    Setting("link_window_days", "3", "Dates further apart than this never link.", None),
    Setting("link_distance_km", "15", "Places further apart than this (at town precision) never link.", None),
    Setting("mass_casualty_min", "10", "Civilian deaths (minimum) from which an incident is mass-casualty.", None),
    Setting("tile_url", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "Map tile server of the web dashboard ('' for none: markers and outlines still show).", "CIVMON_TILE_URL"),
    Setting("gazetteer_dir", "~/.local/share/civmon", "Where `civmon gazetteer import` keeps imported GeoNames rows.",
            "CIVMON_GAZETTEER_DIR"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str, override: str | None = None) -> str:
    """The value of a setting: the override if given, else its environment variable, else the default."""
    s = _BY_NAME.get(name)
    if s is None:
        raise ConfigError(f"unknown setting {name!r}; known: {', '.join(_BY_NAME)}")
    if override is not None:
        return override
    if s.env and os.environ.get(s.env):
        return os.environ[s.env]
    return s.default


def int_setting(name: str, override: str | None = None) -> int:
    """An integer setting; a non-integer value is a ConfigError."""
    value = setting(name, override)
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"setting {name} must be an integer, not {value!r}") from None
