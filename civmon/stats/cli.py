"""`civmon stats`: period series (day/week/month/year) by belligerent, country and admin-1, with records."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

import click

FORMATS = ("table", "csv", "json")


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@click.command("stats")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True,
              help="Period of each row.")
@click.option("--belligerent", default=None,
              help="Only this belligerent's incidents (its slug; rolls up: united-states counts for us-led-coalition).")
@click.option("--country", default=None, help="Only incidents in this country (ISO code, e.g. SY).")
@click.option("--admin1", default=None, help="Only incidents in this admin-1 area (governorate, province).")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day (YYYY-MM-DD); default: the first incident's.")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Last day (YYYY-MM-DD); default: the last incident's.")
@click.option("--records", "show_records", is_flag=True,
              help="Also say which periods are the highest since an earlier one (table) / print records (json, csv).")
@click.option("--compare", "compare_with", multiple=True,
              help="Compare belligerents on identical rules (repeat: --compare russia --compare us-led-coalition).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; csv for spreadsheets; json: one array with an object per period.")
@click.pass_context
def stats(ctx: click.Context, by: str, belligerent: str | None, country: str | None, admin1: str | None,
          start: datetime | None, end: datetime | None, show_records: bool, compare_with: tuple[str, ...],
          fmt: str) -> None:
    """Figures per period: incidents, civilians killed and injured, children, women, conceded figures.

    Every period from the first to the last is a row, empty ones included. 'likely' is Fair + Confirmed;
    'all' is every grade. An incident with several suspected belligerents counts in each one's series
    and once in totals across belligerents. An incident counts in the period of its first day.

    Example: civmon stats --by month --belligerent us-led-coalition --country SY --format json
    """
    from civmon.render.series import comparison_table, series_csv, series_table
    from civmon.stats import MULTI_BELLIGERENT_NOTE, compare_belligerents, records_of
    from civmon.stats.sql import store_series
    from civmon.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        if compare_with:
            rows = compare_belligerents(store.incidents(start=_day(start), end=_day(end), country=country),
                                        belligerents=list(compare_with), by=by, start=_day(start), end=_day(end))
            _emit_comparison(rows, compare_with, fmt, comparison_table)
            return
        rows = store_series(store, by=by, start=_day(start), end=_day(end), belligerent=belligerent,
                            country=country, admin1=admin1)
    finally:
        store.close()
    if show_records:
        _emit_records(records_of(rows), subject=_subject(belligerent, country), by=by, fmt=fmt)
        return
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        click.echo(f"civmon stats: note: {MULTI_BELLIGERENT_NOTE}", err=True)
    elif fmt == "csv":
        click.echo(series_csv(rows), nl=False)
        click.echo(f"civmon stats: note: {MULTI_BELLIGERENT_NOTE}", err=True)
    else:
        from rich.console import Console

        title = f"Figures by {by}" + (f" for {_subject(belligerent, country)}" if belligerent or country else "")
        Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False).print(series_table(rows, title=title))


def _emit_records(recs: list[Any], *, subject: str, by: str, fmt: str) -> None:
    """Records as JSON (every period), CSV (every period) or sentences (notable periods only)."""
    fields = ("period", "likely_min", "all_min", "likely_since", "likely_all_time", "all_since", "all_all_time")
    table = [{**{f: getattr(r, f) for f in fields}, "sentence": r.sentence(subject=subject, by=by)} for r in recs]
    if fmt == "json":
        click.echo(json.dumps(table, indent=2))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=[*fields, "sentence"], lineterminator="\n")
        w.writeheader()
        w.writerows(table)
        click.echo(buf.getvalue(), nl=False)
    else:
        for r in recs:
            if r.notable:
                click.echo(r.sentence(subject=subject, by=by))


def _subject(belligerent: str | None, country: str | None) -> str:
    from civmon.extract.actors import actor_table

    who = actor_table()[belligerent].name if belligerent in actor_table() else (belligerent or "all belligerents")
    return f"{who} in {country.upper()}" if country else who


def _emit_comparison(rows: list[dict[str, Any]], who: tuple[str, ...], fmt: str, table: Any) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
    elif fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["period", "belligerent", "scope", "incidents", "civilians_killed_min", "civilians_killed_max"])
        for r in rows:
            for b in who:
                for scope in ("likely", "all"):
                    x = r["belligerents"][b][scope]
                    w.writerow([r["period"], b, scope, x["incidents"], x["civilians_killed_min"],
                                x["civilians_killed_max"]])
        click.echo(buf.getvalue(), nl=False)
    else:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 200, soft_wrap=False).print(table(rows, belligerents=who))


COMMANDS = [stats]
