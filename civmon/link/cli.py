"""`civmon link|merge|split|grade`: linking and the analyst's decisions (registered by civmon.cli).

Thin: each command parses its options, calls one function of civmon.analyst, prints what changed.
CivmonErrors are turned into one `civmon: ...` line and exit code 1 by the main group.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

_WHO_HELP = "Who decides (default: $USER)."


@contextmanager
def _store(ctx: click.Context) -> Iterator[Any]:
    from civmon.store import open_store

    root = ctx.find_root()
    store = open_store((root.obj or {}).get("db", "civmon.db"))
    try:
        yield store
    finally:
        store.close()


def _who(who: str | None) -> str:
    from civmon.analyst import default_who

    return who or default_who()


def _echo(out: Any) -> None:
    parts = []
    if out.created:
        parts.append(f"created {', '.join(out.created)}")
    if out.changed:
        parts.append(f"changed {', '.join(out.changed)}")
    if out.retired:
        parts.append(f"retired {', '.join(out.retired)}")
    tail = f" (decision {out.decision})" if out.decision is not None else ""
    click.echo(("; ".join(parts) or "nothing changed") + tail)


@click.command("link")
@click.option("--all", "everything", is_flag=True,
              help="Re-link every claim from scratch (analyst merges stay together, splits stay apart).")
@click.option("--who", default=None, help=_WHO_HELP)
@click.pass_context
def link(ctx: click.Context, everything: bool, who: str | None) -> None:
    """Link claims that belong to no incident yet (with --all: re-link every claim).

    Example: civmon link --all
    """
    from civmon.analyst import link_unlinked, relink_all

    with _store(ctx) as store:
        out = relink_all(store, who=_who(who)) if everything else link_unlinked(store, who=_who(who))
    _echo(out)


@click.command("merge")
@click.argument("codes", nargs=-1, required=True)
@click.option("--reason", default="", help="Why (kept with the decision and in the history).")
@click.option("--who", default=None, help=_WHO_HELP)
@click.pass_context
def merge(ctx: click.Context, codes: tuple[str, ...], reason: str, who: str | None) -> None:
    """Merge incidents into the first code given; automatic linking never parts them again.

    Example: civmon merge SY-2017-03-0012 SY-2017-03-0015 --reason "same strike, two spellings"
    """
    from civmon.analyst import merge as do_merge

    with _store(ctx) as store:
        _echo(do_merge(store, list(codes), who=_who(who), reason=reason))


@click.command("split")
@click.argument("code")
@click.option("--claims", "claim_ids", required=True, help="Comma-separated ids of the claims that leave.")
@click.option("--reason", default="", help="Why (kept with the decision and in the history).")
@click.option("--who", default=None, help=_WHO_HELP)
@click.pass_context
def split(ctx: click.Context, code: str, claim_ids: str, reason: str, who: str | None) -> None:
    """Move claims of an incident to a new incident (new code); they never re-link with the rest.

    Example: civmon split SY-2017-03-0012 --claims doc7#2,doc9#1 --reason "the bakery, not the market"
    """
    from civmon.analyst import split as do_split

    with _store(ctx) as store:
        _echo(do_split(store, code, claim_ids.split(","), who=_who(who), reason=reason))


@click.command("grade")
@click.argument("code")
@click.argument("grade_name", metavar="GRADE", required=False)
@click.option("--reason", default="", help="Why (required for a grade).")
@click.option("--clear", is_flag=True, help="Drop the analyst's grade; the rules grade the incident again.")
@click.option("--who", default=None, help=_WHO_HELP)
@click.pass_context
def grade(ctx: click.Context, code: str, grade_name: str | None, reason: str, clear: bool, who: str | None) -> None:
    """Grade an incident by hand (it stands over the rules until --clear).

    Example: civmon grade SY-2017-03-0012 Fair --reason "video geolocated by two outlets"
    """
    from civmon.analyst import clear_grade
    from civmon.analyst import grade as do_grade

    if clear == (grade_name is not None):
        raise click.UsageError("give a GRADE with --reason, or --clear")
    with _store(ctx) as store:
        if clear:
            _echo(clear_grade(store, code, who=_who(who), reason=reason))
        else:
            assert grade_name is not None
            _echo(do_grade(store, code, grade_name, reason=reason, who=_who(who)))


COMMANDS = [link, merge, split, grade]
