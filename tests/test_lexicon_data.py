"""Every data file loads through the one loader, and YAML 1.1's booleans never sneak into word lists
("on", "no", "off" are words here)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

from civmon.lexicon import lexicon, load_data_yaml

_DATA = resources.files("civmon").joinpath("data")
LEXICONS = sorted(p.name.removesuffix(".yaml") for p in _DATA.joinpath("lexicons", "en").iterdir()
                  if p.name.endswith(".yaml"))


def _leaves(x: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(x, dict):
        return [leaf for k, v in x.items() for leaf in _leaves(v, f"{path}/{k}")] + [(f"{path}/<key>", k) for k in x]
    if isinstance(x, list):
        return [leaf for i, v in enumerate(x) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, x)]


@pytest.mark.parametrize("concern", LEXICONS)
def test_lexicon_has_no_booleans(concern: str) -> None:
    bad = [(path, v) for path, v in _leaves(lexicon("en", concern)) if isinstance(v, bool)]
    assert bad == []


def test_yaml_words_stay_words() -> None:
    assert "on" in [str(w) for w in lexicon("en", "victim_lists")["item_end"]]
    assert "no" in lexicon("en", "casualties")["unquantified_doubt"]


def test_vague_policies_keep_numbers_and_nulls() -> None:
    presets = load_data_yaml("vague_policies.yaml")["presets"]
    assert presets["conservative"]["few"] == [2, None]
    assert presets["strict"]["few"] == "none"
