"""`civmon import`, `civmon export`, `civmon compare`: datasets in, incidents out, and what each side lacks."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click

PRESET_NAMES = ("acled", "ucdp", "airwars", "csv")
EXPORT_FORMATS = ("csv", "geojson", "jsonl", "acled")


def _mapping(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        name, sep, column = v.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise click.BadParameter(f"{v!r}: use field=column, e.g. --map date=event_day")
        out[name.strip()] = column.strip()
    return out


@click.command("import")
@click.argument("preset_name", metavar="acled|ucdp|airwars|csv", type=click.Choice(PRESET_NAMES))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "mapping", multiple=True, callback=_mapping,
              help="Read a field from another column: --map date=event_day (repeatable).")
@click.option("--valid-from", type=click.DateTime(formats=["%Y-%m-%d"]), default="1989-01-01", show_default=True,
              help="Dates before this are refused as impossible.")
@click.option("--no-text-check", is_flag=True, help="Do not extract the rows' text (notes, headlines) to check them.")
@click.pass_context
def import_cmd(ctx: click.Context, preset_name: str, file: str, mapping: dict[str, str], valid_from: datetime,
               no_text_check: bool) -> None:
    """Import a dataset CSV: each row becomes a claim of ONE document (the file, raw bytes kept).

    Rows keep the dataset's figures and (Airwars) grade; rows of one file never merge with each
    other but link with claims read from text. Refused rows are listed with file, line and column;
    the others import, and the exit code is 1. Importing the same file again changes nothing.

    Example: civmon import airwars airwars_syria.csv
    """
    from civmon.exchange.imports import import_file
    from civmon.exchange.presets import preset
    from civmon.store import open_store

    spec = preset(preset_name).with_map(mapping)
    raw = Path(file).read_bytes()
    store = open_store(ctx.obj["db"])
    try:
        s = import_file(store, raw, path=file, preset=spec, valid_from=valid_from.date(),
                        check_text=not no_text_check)
    finally:
        store.close()
    for p in s.problems:
        click.echo(f"civmon import: {p}", err=True)
    if s.duplicate:
        click.echo(f"{file}: already imported (document {s.doc_id}); nothing changed")
    else:
        click.echo(f"{file}: {s.rows} rows imported as claims of document {s.doc_id}; {len(s.problems)} refused; "
                   f"{len(s.created)} new incidents, {len(s.updated)} existing incidents gained a claim")
        for slug, name in s.new_actors:
            click.echo(f"  new actor: {slug} (written {name!r}); add it to civmon/data/actors.tsv or "
                       "civmon/data/import_actor_aliases.yaml if it is a known one")
        for d in s.disagreements:
            click.echo(f"  disagreement: {d}")
    if s.problems:
        ctx.exit(1)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True,
              help="csv (spreadsheets), geojson (maps; precision kept), jsonl (one incident per line), acled.")
@click.option("--bom", is_flag=True, help="Start CSV with a UTF-8 byte-order mark (for Excel).")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="First day.")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Last day.")
@click.option("--country", default=None, help="Only incidents in this country (ISO code).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout.")
@click.pass_context
def export(ctx: click.Context, fmt: str, bom: bool, start: datetime | None, end: datetime | None,
           country: str | None, output: str | None) -> None:
    """Export incidents: CSV (UTF-8, ISO dates), GeoJSON, JSONL or ACLED-style CSV.

    GeoJSON never presents a town- or governorate-level place as an exact point: each feature has
    its precision, `approximate` and a `radius_km`.

    Example: civmon export --format geojson -o incidents.geojson
    """
    from civmon.exchange import exports
    from civmon.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        found = store.incidents(start=start.date() if start else None, end=end.date() if end else None,
                                country=country)
    finally:
        store.close()
    if fmt == "csv":
        text = exports.incidents_csv(found, bom=bom)
    elif fmt == "acled":
        text = exports.incidents_acled(found, bom=bom)
    elif fmt == "geojson":
        text = json.dumps(exports.incidents_geojson(found), ensure_ascii=False, indent=1) + "\n"
    else:
        text = exports.incidents_jsonl(found)
    if output:
        Path(output).write_text(text, encoding="utf-8", newline="")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()


@click.command("compare")
@click.option("--with", "dataset", required=True, type=click.Choice(PRESET_NAMES),
              help="The imported dataset to compare with civmon's other sources.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def compare(ctx: click.Context, dataset: str, fmt: str) -> None:
    """List incidents one side has and the other lacks: an imported dataset vs civmon's other sources.

    The other side is every incident with a claim from elsewhere (text read by civmon, other datasets);
    only those within the dataset's dates and countries count as missing from it.

    Example: civmon compare --with acled
    """
    from civmon.exchange.compare import compare_with
    from civmon.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        result = compare_with(store.incidents(), dataset=dataset)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps({
            "dataset": dataset, "from": result.first.isoformat() if result.first else None,
            "to": result.last.isoformat() if result.last else None, "countries": list(result.countries),
            "both": [i.code for i in result.both], "dataset_only": [i.code for i in result.dataset_only],
            "others_only": [i.code for i in result.others_only]}, indent=2))
        return
    from rich.console import Console

    from civmon.render import incidents_table

    console = Console(width=None if sys.stdout.isatty() else 160, soft_wrap=False)
    span = f"{result.first} to {result.last}" if result.first else "no imported rows"
    console.print(f"{dataset} vs other sources ({span}; {', '.join(result.countries) or '-'}): "
                  f"{len(result.both)} in both, {len(result.dataset_only)} only in {dataset}, "
                  f"{len(result.others_only)} only in other sources", highlight=False)
    console.print(incidents_table(result.dataset_only, title=f"Only in {dataset}"))
    console.print(incidents_table(result.others_only, title=f"Only in other sources (missing from {dataset})"))


COMMANDS = [import_cmd, export, compare]
