"""How figures read on pages: ranges, open-ended and unknown bounds."""

from __future__ import annotations

from typing import Any

import pytest

from civmon.web.render import figure_text


@pytest.mark.parametrize(("fig", "text"), [
    ({"min": 12, "max": 12}, "12"),
    ({"min": 12, "max": 15}, "12–15"),
    ({"min": 15, "max": None}, "15+"),
    ({"min": 26, "max": 26, "open": True}, "26+"),
    ({"min": None, "max": 1000}, "up to 1000"),
    ({"min": None, "max": None}, "unknown"),
    (None, "–"),
])
def test_figure_ranges(fig: Any, text: str) -> None:
    assert figure_text(fig) == text
