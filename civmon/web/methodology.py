"""The methodology, generated from the tables the code actually uses, so the page cannot drift from them."""

from __future__ import annotations

import inspect
from typing import Any

from civmon.assess import GRADING_RULES
from civmon.extract.numbers import vague_policy, vague_policy_names
from civmon.link import link_claims
from civmon.models import LIKELY_GRADES
from civmon.settings import SETTINGS, setting
from civmon.stats.figures import METRICS, incident_figures
from civmon.web.views import AREA_RADIUS_M, FINE_PRECISIONS

LINK_SETTINGS: tuple[str, ...] = ("link_window_days", "link_distance_km", "mass_casualty_min")


def methodology() -> dict[str, Any]:
    """Grades, vague-number presets, linking thresholds, figure rules, map drawing and privacy, from the code."""
    threshold = inspect.signature(link_claims).parameters["threshold"].default
    helps = {s.name: s.help for s in SETTINGS}
    presets = {}
    for name in vague_policy_names():
        presets[name] = {cls: (None if b is None else {"min": b[0], "max": b[1]}) for cls, b in vague_policy(name).items()}
    return {
        "grades": [{"order": i + 1, "grade": r.grade, "condition": r.condition, "likely": r.grade in LIKELY_GRADES}
                   for i, r in enumerate(GRADING_RULES)],
        "likely_grades": sorted(LIKELY_GRADES),
        "vague_policies": presets,
        "linking": [{"name": n, "value": setting(n), "meaning": helps[n]} for n in LINK_SETTINGS]
        + [{"name": "link_threshold", "value": str(threshold),
            "meaning": "Average log-odds that a merge of claims into one incident must exceed (0 = even odds)."}],
        "figures": {"metrics": list(METRICS), "rule": " ".join((inspect.getdoc(incident_figures) or "").split())},
        "map": {"points_for": sorted(FINE_PRECISIONS), "areas": dict(AREA_RADIUS_M),
                "rule": "Places coarser than a landmark, or only 'near' a place, are drawn as approximate areas "
                        "(circles of the radius shown, doubled when 'near'), never as exact points."},
        "privacy": "Names of injured people and of minors in source texts are masked on public pages unless an "
                   "analyst publishes them deliberately.",
    }
