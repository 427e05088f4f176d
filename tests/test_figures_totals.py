"""The policy's totals rule: `lead` keeps the lead sentence's toll; `sum` (ACLED) adds deaths told in different
sentences, but not restatements, refinements or revised tolls."""

from __future__ import annotations

import pytest

from civmon.extract.claims import extract
from civmon.models import Document


def killed(text: str, policy: str) -> int | None:
    claims = [c for c in extract(Document(id="d", text=text), vague_policy=policy) if c.kind == "incident"]
    k = claims[0].casualties.get("killed") if claims else None
    return k.min if k else None


@pytest.mark.parametrize(("text", "lead", "summed"), [
    ("Gunmen shot dead a soldier at a checkpoint in Afgooye on 4 March. Troops who came to help fired back, "
     "killing two bystanders.", 1, 3),
    ("Clashes broke out in Sirte on 2 May with one soldier killed. The army said four militants were killed.", 1, 5),
    # a restatement of the same figure does not add
    ("Three people were killed in a strike on Marka on 9 May. The three were buried the same day; three "
     "people were killed, relatives said.", 3, 3),
    # a revised toll supersedes instead of adding
    ("Two people were killed in a blast in Baidoa on 1 June. The death toll later rose to five.", 5, 5),
    # a refinement says who earlier dead were
    ("Six people were killed in shelling of Hajin on 3 June. Two of the dead were children.", 6, 6),
])
def test_totals_rule(text: str, lead: int, summed: int) -> None:
    assert killed(text, "conservative") == lead
    assert killed(text, "acled") == summed


def test_sum_skips_later_figures_for_unspecified_people() -> None:
    text = "Four fighters were killed in the raid on Jowhar on 9 March. Some reports claim 10 dead."
    assert killed(text, "acled") == 4
