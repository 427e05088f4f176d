"""Charts: tidy data adds up to the series, Vega-Lite specs are well formed, matplotlib loads only when drawing."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

from civmon.charts import (
    comparison_data,
    comparison_vega,
    figure_bytes,
    figure_svg,
    grade_bars_data,
    grade_bars_figure,
    grade_bars_vega,
)
from civmon.models import GRADES, Count, Grade, Incident, Span
from civmon.stats import compare_belligerents, grade_series, series

S = Span(0, 1)


def incident(code: str, day: str, grade: str, who: tuple[str, ...], lo: int, hi: int) -> Incident:
    g: Any = grade
    d = date.fromisoformat(day)
    return Incident(code=code, claims=(), country="SY", earliest=d, latest=d, place=None, belligerents=who,
                    figures={"civilians_killed": Count(lo, hi, "w", S)}, grade=Grade(g, "t"))


INCIDENTS = [
    incident("A", "2017-01-02", "Fair", ("russia",), 3, 5), incident("B", "2017-01-09", "Weak", ("russia",), 1, 9),
    incident("C", "2017-03-01", "Confirmed", ("france",), 7, 7),
    incident("D", "2017-03-05", "Contested", ("france", "russia"), 2, 4),
]


def test_grade_bars_add_up_to_the_series_and_band_spans_min_max() -> None:
    data = grade_bars_data(grade_series(INCIDENTS), series(INCIDENTS))
    assert len(data) == 3 * len(GRADES)
    for p in ("2017-01", "2017-02", "2017-03"):
        rows = [d for d in data if d["period"] == p]
        assert sum(d["civilians_killed_min"] for d in rows) == rows[0]["band_min"]
        assert sum(d["civilians_killed_max"] for d in rows) == rows[0]["band_max"]
    assert [(d["band_min"], d["band_max"]) for d in data if d["grade"] == "Fair"] == [(4, 14), (0, 0), (9, 11)]


def test_vega_specs_are_json_with_the_data_inlined() -> None:
    data = grade_bars_data(grade_series(INCIDENTS), series(INCIDENTS))
    spec = json.loads(json.dumps(grade_bars_vega(data, title="t")))
    assert spec["$schema"].endswith("vega-lite/v5.json") and spec["data"]["values"] == data
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == list(GRADES)
    assert spec["layer"][1]["encoding"]["y2"] == {"field": "band_max"}
    cmp_rows = compare_belligerents(INCIDENTS, belligerents=["russia", "france"])
    cdata = comparison_data(cmp_rows, belligerents=["russia", "france"])
    assert [(d["period"], d["belligerent"], d["civilians_killed_min"]) for d in cdata] == [
        ("2017-01", "russia", 3), ("2017-01", "france", 0), ("2017-02", "russia", 0), ("2017-02", "france", 0),
        ("2017-03", "russia", 0), ("2017-03", "france", 7)]
    assert comparison_vega(cdata, title="c")["layer"][0]["encoding"]["y2"] == {"field": "civilians_killed_max"}


def test_figures_render_as_png_and_reproducible_svg() -> None:
    data = grade_bars_data(grade_series(INCIDENTS), series(INCIDENTS))
    fig = grade_bars_figure(data, title="Monthly <test>")
    assert figure_bytes(fig, fmt="png").startswith(b"\x89PNG")
    svg = figure_svg(fig)
    assert svg.startswith("<svg") and "Monthly &lt;test&gt;" in svg
    assert svg == figure_svg(grade_bars_figure(data, title="Monthly <test>"))


def test_matplotlib_is_not_imported_with_the_cli() -> None:
    code = "import sys, civmon.cli, civmon.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
