"""A claim's casualty figures from the casualty mentions of its sentences.

Per category, the first figure given leads (a report's lead sentence states its summary), unless a later
figure revises it ("the toll rose to 40"). Figures of one category in one sentence are added when they
count different people ("3 soldiers and 2 militants") and spanned when different claimants give them.
`killed` is everyone reported killed and is present whenever a breakdown is; children and women count as
civilians when no civilian figure is given.
"""

from __future__ import annotations

from collections.abc import Sequence

from civmon.extract.mentions import CasualtyMention
from civmon.models import Count, Span, add_counts, merge_counts


def _combine_sentence(items: list[CasualtyMention]) -> Count:
    counts = [m.count for m in items]
    if len(counts) == 1:
        return counts[0]
    claimants = {c.by for c in counts}
    if len(claimants) > 1 and None not in claimants or len({(c.min, c.max) for c in counts}) == 1:
        merged = merge_counts(counts)
        assert merged is not None
        return merged
    listed = [m.count for m in items if m.listed]
    if len(listed) > 1:  # "3 soldiers and 2 militants were killed": a list adds up
        return add_counts(listed, words=listed[0].words, span=_cover(listed), by=listed[0].by)
    return counts[0]  # otherwise the first figure leads ("six members, five of them civilians")


def _cover(counts: Sequence[Count]) -> Span:
    return Span(min(c.span.start for c in counts), max(c.span.end for c in counts))


def _category_figure(items: list[CasualtyMention]) -> Count | None:
    positive = [m for m in items if not m.negated and not m.count.is_empty]
    if not positive:
        empty = [m for m in items if not m.negated]
        if empty:
            return empty[0].count
        return items[0].count if items else None
    revisions = [m for m in positive if m.revision]
    chosen = revisions[-1] if revisions else positive[0]
    same = [m for m in positive if m.sentence == chosen.sentence and m.revision == chosen.revision]
    return _combine_sentence(same)


def _total(parts: list[Count]) -> Count | None:
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    claimants = {p.by for p in parts}
    if len(claimants) > 1 and None not in claimants:
        return merge_counts(parts)  # claimants disagree about who the dead were: span, don't add
    return add_counts(parts, words=parts[0].words, span=_cover(parts), by=parts[0].by)


def _harm(category: str) -> str:
    return "killed" if category.endswith("killed") else "injured" if category.endswith("injured") else category


def _lead_sentences(mentions: Sequence[CasualtyMention]) -> list[CasualtyMention]:
    """Per harm, the figures of the first sentence that gives one (a report states its toll in its lead; later
    sentences tell of individual victims), plus any later revision ("the toll rose to 40")."""
    lead: dict[str, int] = {}
    for m in mentions:
        if not m.negated and not m.count.is_empty:
            lead.setdefault(_harm(m.category), m.sentence)
    for harm, si in list(lead.items()):  # "his children and grandchildren were killed" ... "15 family members"
        first = [m for m in mentions if m.sentence == si and _harm(m.category) == harm and not m.negated]
        if first and all(m.open_list for m in first):
            floor = max(m.count.min or 0 for m in first)
            later = next((m.sentence for m in mentions if m.sentence > si and _harm(m.category) == harm
                          and not m.negated and not m.open_list and (m.count.min or 0) > floor), None)
            if later is not None:
                lead[harm] = later  # a count that says how many the number-less list was
    return [m for m in mentions
            if _harm(m.category) not in lead or m.sentence == lead[_harm(m.category)] or m.revision or m.refines]


def _listed_total(mentions: Sequence[CasualtyMention], harm: str) -> Count | None:
    """The largest sum of one sentence's listed items for a harm, across groups."""
    best: Count | None = None
    sentences = {m.sentence for m in mentions if m.listed and _harm(m.category) == harm}
    for si in sentences:
        items = [m.count for m in mentions if m.listed and m.sentence == si and _harm(m.category) == harm
                 and not m.negated]
        if len(items) < 2:
            continue
        total = add_counts(items, words=items[0].words, span=_cover(items), by=items[0].by)
        if best is None or (total.min or 0) > (best.min or 0):
            best = total
    return best


def _summed(mentions: Sequence[CasualtyMention], harm: str) -> Count | None:
    """One harm's figures from different sentences added up, when they tell of different people: each
    sentence's own figure once, skipping restatements (an equal figure), refinements and any revised toll."""
    per_sentence: dict[int, list[CasualtyMention]] = {}
    for m in mentions:
        if m.negated or m.count.is_empty or _harm(m.category) != harm:
            continue
        if m.revision:
            return None  # "the toll rose to 40" supersedes; nothing adds to it
        if not m.refines:
            per_sentence.setdefault(m.sentence, []).append(m)
    figures: list[Count] = []
    for si in sorted(per_sentence):
        if figures and all(m.category == harm for m in per_sentence[si]):
            continue  # "some reports claim 10 dead": people not said to be others may be the same people
        fig = claim_figures(per_sentence[si]).get(harm)
        if fig is None or fig.min is None or any(f.min == fig.min for f in figures):
            continue
        figures.append(fig)
    if len(figures) < 2:
        return None
    return add_counts(figures, words=figures[0].words, span=_cover(figures), by=None)


def claim_figures(mentions: Sequence[CasualtyMention], *, totals: str = "lead") -> dict[str, Count]:
    """The casualty figures (contract keys) that a claim's casualty mentions give; `totals` is the policy's
    rule for figures in different sentences ('lead' or 'sum')."""
    figures = _lead_figures(mentions)
    if totals == "sum":
        for harm in ("killed", "injured"):
            summed = _summed(mentions, harm)
            current = figures.get(harm)
            if summed is not None and summed.min is not None and (
                    current is None or current.min is None or summed.min > current.min):
                figures[harm] = summed
    return figures


def _lead_figures(mentions: Sequence[CasualtyMention]) -> dict[str, Count]:
    positive_harms = {_harm(m.category) for m in mentions if not m.negated and not m.count.is_empty}
    # "no casualties" in one source does not cancel another's named dead
    mentions = [m for m in mentions if not (m.negated and _harm(m.category) in positive_harms)]
    mentions = _lead_sentences(mentions)
    by_category: dict[str, list[CasualtyMention]] = {}
    for m in mentions:
        by_category.setdefault(m.category, []).append(m)
    figures: dict[str, Count] = {}
    for key, items in by_category.items():
        fig = _category_figure(items)
        if fig is not None:
            figures[key] = fig
    for harm in ("killed", "injured"):
        groups = ("children", "women") if harm == "killed" else ("children", "women")
        civ_key = f"civilians_{harm}"
        if civ_key not in figures and harm not in figures and f"men_{harm}" not in figures:
            # children and women count as civilians; with men of unknown status beside them, the civilian
            # figure is unknown (a lower bound would read as the whole)
            parts = [figures[f"{g}_{harm}"] for g in groups if f"{g}_{harm}" in figures]
            civ = _total(parts)
            if civ is not None:
                figures[civ_key] = civ
    breakdown = [figures[k] for k in ("civilians_killed", "combatants_killed") if k in figures]
    if "men_killed" in figures and "civilians_killed" not in figures:
        breakdown.append(figures["men_killed"])
    total = _total(breakdown)
    if total is not None:
        explicit = figures.get("killed")
        if explicit is None or explicit.is_empty or (
                explicit.min is not None and total.min is not None and total.min > explicit.min
                and explicit.min != 0):
            figures["killed"] = total
    for harm in ("killed", "injured"):  # "a nurse and her infant son were killed": list items add up
        listed_sum = _listed_total(mentions, harm)
        current = figures.get(harm)
        if listed_sum is not None and listed_sum.min is not None and (
                current is None or current.min is None or listed_sum.min > current.min):
            figures[harm] = listed_sum
    if "injured" not in figures and "civilians_injured" in figures:
        figures["injured"] = figures["civilians_injured"]
    return figures
