"""`civmon show CODE`: one incident, its claims side by side with the words each figure came from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import RenderableType
from rich.table import Table

from civmon.link import Link
from civmon.models import CASUALTY_KEYS, Claim, Count, Span
from civmon.render.incidents import fmt_range, incident_dates, incident_place
from civmon.store import HistoryEntry, IncidentRecord, StoredDocument


def quote(text: str | None, span: Span | None, *, limit: int = 160) -> str:
    """The words a span covers in a document's text, in quotes (shortened past `limit`)."""
    if text is None or span is None or span.end <= span.start or span.end > len(text):
        return ""
    words = " ".join(span.quote(text).split())
    if len(words) > limit:
        words = words[: limit - 1] + "…"
    return f"“{words}”"


def _figure(c: Count | None, text: str | None) -> str:
    if c is None:
        return ""
    q = quote(text, c.span) or (f"“{c.words}”" if c.words else "")
    by = f" (per {c.by})" if c.by else ""
    return f"{fmt_range(c.min, c.max)}{by}\n{q}".strip()


def _claim_header(claim: Claim, doc: StoredDocument | None) -> str:
    if doc is None:
        return claim.claim_id
    d = doc.document
    when = d.published.isoformat() if d.published else "undated"
    return f"{d.source or 'unknown source'}\n{when}\n{claim.claim_id}"


def _detail_rows(claim: Claim, text: str | None) -> dict[str, str]:
    date = claim.date
    place = claim.place
    return {
        "date": "" if date is None else f"{date.earliest or '?'}–{date.latest or '?'} ({date.basis})\n"
                                         f"{quote(text, date.span)}",
        "place": "" if place is None else f"{'near ' if place.near else ''}{place.name} ({place.country}, "
                                          f"{place.precision})\n{quote(text, place.span)}",
        "belligerent": "" if claim.actor is None else f"{claim.actor.name} ({claim.actor.basis})\n"
                                                        f"{quote(text, claim.actor.span)}",
        "weapon": claim.weapon or "",
        "target": claim.target or "",
        "responses": "\n".join(f"{r.by}: {r.stance} {quote(text, r.span)}" for r in claim.responses),
    }


def _history_change(entry: HistoryEntry) -> str:
    def pic(p: Mapping[str, Any] | None) -> str:
        if not p:
            return "–"
        killed = p.get("figures", {}).get("civilians_killed")
        deaths = fmt_range(killed[0], killed[1]) if killed else "–"
        n = len(p.get("claims", []))
        return f"{n} claim{'' if n == 1 else 's'}, {deaths} civilians killed, {p.get('grade')}"
    return pic(entry.after) if entry.before is None else f"{pic(entry.before)} → {pic(entry.after)}"


def render_show(record: IncidentRecord, *, documents: Mapping[str, StoredDocument], links: Sequence[Link],
                history: Sequence[HistoryEntry]) -> list[RenderableType]:
    """The renderables of `civmon show`, in order."""
    inc = record.incident
    out: list[RenderableType] = []
    status = "active" if record.status == "active" else f"{record.status} into {record.merged_into}"
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("incident", f"{inc.code} ({status})")
    head.add_row("dates", incident_dates(inc))
    head.add_row("place", incident_place(inc))
    head.add_row("belligerents", ", ".join(inc.belligerents) or "unknown")
    head.add_row("strike", inc.strike_status)
    head.add_row("grade", f"{inc.grade.grade}: {inc.grade.reason} (by {inc.grade.by})")
    head.add_row("sources", f"{len(inc.claims)} claims from {len({c.doc_id for c in inc.claims})} documents")
    out.append(head)

    texts = {k: d.document.text for k, d in documents.items()}
    t = Table(title="Claims side by side", show_lines=True)
    t.add_column("", style="bold", no_wrap=True)
    t.add_column("incident", style="bold")
    for c in inc.claims:
        t.add_column(_claim_header(c, documents.get(c.doc_id)))
    keys = [k for k in CASUALTY_KEYS if k in inc.figures or any(k in c.casualties for c in inc.claims)]
    for k in keys:
        merged = inc.figures.get(k)
        cell = fmt_range(merged.min, merged.max) if merged else ""
        t.add_row(k.replace("_", " "), cell, *(_figure(c.casualties.get(k), texts.get(c.doc_id)) for c in inc.claims))
    details = [_detail_rows(c, texts.get(c.doc_id)) for c in inc.claims]
    for name in ("date", "place", "belligerent", "weapon", "target", "responses"):
        if any(d[name] for d in details):
            t.add_row(name, "", *(d[name] for d in details))
    out.append(t)

    lt = Table(title="Links")
    for name in ("claim", "claim", "score", "reasons"):
        lt.add_column(name)
    for link in links:
        lt.add_row(link.a, link.b, f"{link.score:.2f}", "; ".join(link.reasons))
    if not links:
        lt.caption = "no stored links (a single-claim incident, or linked before links were kept)"
    out.append(lt)

    ht = Table(title="History")
    for name in ("at", "who", "action", "change"):
        ht.add_column(name)
    for h in history:
        ht.add_row(h.at, h.who, h.action, _history_change(h))
    out.append(ht)
    return out
