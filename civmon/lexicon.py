"""Per-language data behind one interface: `lexicon(language, concern)` loads
`civmon/data/lexicons/<language>/<concern>.yaml` once and returns it as a read-only mapping.

Adding a language is adding a folder of these files (and, where grammar differs, a few functions).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from civmon.errors import ConfigError

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en",)

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure-Python one; words
    such as "on", "no" and "off" stay words (YAML 1.1 would read them as booleans, and no data file here has a
    boolean)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}
_LOADER = _Loader


def data_text(name: str) -> str:
    """The text of a file under civmon/data/ (e.g. 'vague_policies.yaml')."""
    return resources.files("civmon").joinpath("data", *name.split("/")).read_text(encoding="utf-8")


def load_data_yaml(name: str) -> Any:
    """A YAML file under civmon/data/, parsed (with libyaml when available)."""
    return yaml.load(data_text(name), Loader=_LOADER)


@cache
def lexicon(language: str, concern: str) -> dict[str, Any]:
    """The parsed YAML lexicon for one language and concern (numbers, casualties, dates, ...)."""
    if language not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"no lexicons for language {language!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    try:
        loaded = yaml.load(data_text(f"lexicons/{language}/{concern}.yaml"), Loader=_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"missing lexicon civmon/data/lexicons/{language}/{concern}.yaml") from None
    if not isinstance(loaded, dict):
        raise ConfigError(f"lexicon {language}/{concern}.yaml must be a mapping")
    return loaded
