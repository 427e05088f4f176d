"""The command line: thin. Each command parses its options, calls one library function, prints."""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import IO, Any

import click

from civmon.errors import CivmonError
from civmon.lexicon import SUPPORTED_LANGUAGES
from civmon.version import __version__

VAGUE_POLICIES = ("conservative", "airwars", "acled", "strict")
FORMATS = ("table", "csv", "json")
KINDS = ("report", "strike-report")
_MONTH = re.compile(r"\A\d{4}-(0[1-9]|1[0-2])\Z")


class _Group(click.Group):
    """A click group that turns civmon's own errors into one `civmon: ...` line and exit code 1, and imports
    the modules of COMMAND_MODULES lazily (click's LazyGroup pattern)."""

    _loaded: frozenset[str] = frozenset()

    def _load(self, modules: Iterable[str]) -> None:
        for name in modules:
            if name not in self._loaded:
                self._loaded = self._loaded | {name}
                _load_commands(self, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted (importing every command module)."""
        self._load(COMMAND_MODULES)
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called `cmd_name`, importing only the module that adds it."""
        if cmd_name not in self.commands:
            self._load(m for m, names in COMMAND_MODULES.items() if cmd_name in names)
        if cmd_name not in self.commands:
            self._load(COMMAND_MODULES)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a CivmonError becomes a one-line message and exit code 1."""
        try:
            return super().invoke(ctx)
        except CivmonError as e:
            click.echo(f"civmon: {e}", err=True)
            ctx.exit(1)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List each command's `Example:` line after the command list."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            example = next((ln.strip()[len("Example:"):].strip() for ln in (cmd.help or "").splitlines()
                            if ln.strip().startswith("Example:")), None) if cmd else None
            if example:
                rows.append((name, example))
        if rows:
            with formatter.section("Examples"):
                formatter.write_dl(rows)
        super().format_epilog(ctx, formatter)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="civmon")
@click.option("--db", envvar="CIVMON_DB", default="civmon.db", show_default=True,
              help="SQLite file, or a SQLAlchemy URL when it contains '://'.")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """civmon: sourced, graded records of civilian harm from raw reports.

    Example: civmon ingest examples/reports && civmon incidents
    """
    ctx.obj = {"db": db}


@cli.command("extract")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--vague-policy", type=click.Choice(VAGUE_POLICIES), default="conservative", show_default=True,
              help="How vague words ('dozens', 'several') become ranges.")
@click.option("--language", default=None, help="Treat documents without a language as this one.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes to extract with (default: every core this process may use).")
def extract_cmd(source: IO[str], vague_policy: str, language: str | None, workers: int | None) -> None:
    """Extract claims from documents (JSONL in, claims as JSONL out, in input order; no database).

    Example: civmon extract reports.jsonl > claims.jsonl
    """
    from civmon.extract.batch import default_workers, extract_lines

    failed = False
    noted: set[str] = set()
    out = sys.stdout
    name = getattr(source, "name", "-")
    for result in extract_lines(source, vague_policy=vague_policy, language=language,
                                workers=workers or default_workers()):
        if result.error is not None:
            click.echo(f"civmon extract: {name} line {result.lineno}: {result.error}", err=True)
            failed = True
        elif result.language is not None and result.language not in noted:
            click.echo(f"civmon extract: no extractor for language {result.language!r} yet (supported: "
                       f"{', '.join(SUPPORTED_LANGUAGES)}); those documents yield no claims", err=True)
            noted.add(result.language)
        out.write(result.output)
    out.flush()
    if failed:
        sys.exit(1)


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _MONTH.match(value):
        raise click.BadParameter(f"{value!r} is not a month; use YYYY-MM, e.g. 2017-03")
    return value


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _console() -> Any:
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160, soft_wrap=False)


@contextmanager
def _open_store(ctx: click.Context) -> Iterator[Any]:
    from civmon.store import open_store

    store = open_store(ctx.obj["db"])
    try:
        yield store
    finally:
        store.close()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary_line(s: Any) -> str:
    return (f"{s.read} read, {s.new} new, {_plural(s.duplicates, 'duplicate')}, {_plural(s.errors, 'error')}, "
            f"{_plural(s.claims, 'claim')}, {_plural(s.incidents, 'incident')} "
            f"({len(s.created)} new, {len(s.updated)} updated)")


def _ingest(ctx: click.Context, paths: tuple[str, ...], *, defaults: Any, vague_policy: str, who: str) -> Any:
    from civmon.pipeline import ingest_paths

    with _open_store(ctx) as store:
        summary = ingest_paths(store, list(paths), defaults=defaults, stdin=lambda: sys.stdin.buffer.read(),
                               vague_policy=vague_policy, who=who, progress=sys.stderr.isatty())
    for note in summary.notes:
        click.echo(f"civmon {who.split()[-1]}: note: {note}", err=True)
    for problem in summary.problems:
        click.echo(f"civmon {who.split()[-1]}: {problem}", err=True)
    return summary


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True))
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Publication date (YYYY-MM-DD) for documents that do not give one.")
@click.option("--source", default=None, help="Publisher for documents that do not name one.")
@click.option("--url", default=None, help="URL for documents that do not give one.")
@click.option("--language", default=None, help="Language for documents that do not say (default: en).")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Document kind for documents that do not say.")
@click.option("--vague-policy", type=click.Choice(VAGUE_POLICIES), default="conservative", show_default=True,
              help="How vague words ('dozens', 'several') become ranges.")
@click.pass_context
def ingest_cmd(ctx: click.Context, paths: tuple[str, ...], published: datetime | None, source: str | None,
               url: str | None, language: str | None, kind: str | None, vague_policy: str) -> None:
    """Read reports into the store, extracting and linking them.

    Reads .txt/.md (with optional front matter), .html/.htm, .jsonl, folders (recursively) and - for stdin.
    Each new document is extracted, stored with its claims in one transaction and linked into
    incidents; a text already stored is skipped. Exit code 1 when a file or line could not be read.

    Example: civmon ingest examples/reports --source "Local Monitor" --published 2017-03-22
    """
    from civmon.ingest import DocumentDefaults

    defaults = DocumentDefaults(published=_day(published), source=source, url=url, language=language, kind=kind)
    summary = _ingest(ctx, paths, defaults=defaults, vague_policy=vague_policy, who="civmon ingest")
    click.echo(_summary_line(summary))
    if summary.errors:
        ctx.exit(1)


@cli.command("incidents")
@click.option("--month", callback=_month, default=None, help="Only incidents that began in this month (YYYY-MM).")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only incidents from this day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only incidents up to this day (YYYY-MM-DD).")
@click.option("--belligerent", default=None,
              help="Only incidents attributed to this belligerent (its slug; rolls up: united-states counts for "
                   "us-led-coalition).")
@click.option("--country", default=None, help="Only incidents in this country (ISO code, e.g. SY).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people; csv for spreadsheets; json: one array of incidents with their claims.")
@click.pass_context
def incidents_cmd(ctx: click.Context, month: str | None, start: datetime | None, end: datetime | None,
                  belligerent: str | None, country: str | None, fmt: str) -> None:
    """List incidents: dates, place, figures, grade.

    --format json prints ONE array of every matching incident with its claims (each with claim_id and doc_id).

    Example: civmon incidents --month 2017-03 --country SY --format json > march.json
    """
    from civmon.render import incident_to_json, incidents_csv, incidents_table
    from civmon.stats.figures import rolled_up

    with _open_store(ctx) as store:
        found = store.incidents(month=month, start=_day(start), end=_day(end), country=country)
    if belligerent is not None:
        found = [i for i in found if belligerent in rolled_up(i.belligerents)]
    if fmt == "json":
        click.echo(json.dumps([incident_to_json(i) for i in found], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(incidents_csv(found), nl=False)
    else:
        _console().print(incidents_table(found, title=f"{len(found)} incidents"))


@cli.command("report")
@click.option("--month", callback=_month, default=None, help="The month to report (YYYY-MM).")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Report from this day (YYYY-MM-DD) instead of a month.")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Report up to this day (YYYY-MM-DD) instead of a month.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write a self-contained HTML report (figures, charts, incidents with source links).")
@click.option("--charts", "charts_dir", type=click.Path(file_okay=False), default=None,
              help="Also write the charts into this folder (PNG, SVG and Vega-Lite JSON).")
@click.pass_context
def report_cmd(ctx: click.Context, month: str | None, start: datetime | None, end: datetime | None,
               html_file: str | None, charts_dir: str | None) -> None:
    """Monthly or period report: totals, grades, records.

    Civilian deaths by belligerent and by country (min–max, and the likely total), incidents by grade,
    mass-casualty incidents, and whether the month is a record for a belligerent. Every figure comes
    from civmon.stats. Charts cover the twelve months up to a --month, or the --from/--to range.

    Example: civmon report --month 2017-03 --html march.html --charts charts/
    """
    if month is not None and (start is not None or end is not None):
        raise click.UsageError("give either --month or --from/--to, not both")
    if month is None and start is None and end is None:
        raise click.UsageError("say which period: --month YYYY-MM, or --from/--to YYYY-MM-DD")
    from datetime import UTC
    from pathlib import Path

    from civmon.render import period_report, render_report
    from civmon.settings import int_setting
    from civmon.stats.periods import next_start, parse_period

    first, last = _day(start), _day(end)
    if month is not None:
        first = parse_period(month, "month")
        last = date.fromordinal(next_start(first, "month").toordinal() - 1)
        label = month
    else:
        label = f"{first.isoformat() if first else 'the beginning'} to {last.isoformat() if last else 'now'}"
    with _open_store(ctx) as store:
        every = store.incidents()
        period = [i for i in every if i.earliest is not None and (first is None or i.earliest >= first)
                  and (last is None or i.earliest <= last)]
        report = period_report(period, every=every, label=label, month=month,
                               mass_min=int_setting("mass_casualty_min"))
        from civmon.render.html import source_links

        sources = source_links(store, period) if html_file else {}
    console = _console()
    for part in render_report(report):
        console.print(part)
    if html_file is None and charts_dir is None:
        return
    from civmon.charts import comparison_figure, figure_svg, grade_bars_figure, report_chart_data, write_charts

    days = [i.earliest for i in period if i.earliest is not None]
    chart_end = last or (max(days) if days else None)
    chart_start = first or (min(days) if days else None)
    if month is not None and first is not None:
        chart_start = date(first.year - (first.month < 12), first.month % 12 + 1, 1)
    who = [t.key for t in report.by_belligerent if t.key != "unknown"][:4]

    def _span_label(a: date | None, b: date | None) -> str:
        return f"{a:%Y-%m} to {b:%Y-%m}" if a and b else label

    grade_data, comparison, title = report_chart_data(every, start=chart_start, end=chart_end, belligerents=who,
                                                      title=f"Civilians killed by month, {_span_label(chart_start, chart_end)}")
    if charts_dir is not None:
        written = write_charts(Path(charts_dir), grade_data=grade_data, comparison=comparison, title=title)
        click.echo(f"civmon report: wrote {len(written)} chart files to {charts_dir}", err=True)
    if html_file is not None:
        from civmon.render.html import report_html

        svgs = [figure_svg(grade_bars_figure(grade_data, title=title))] if grade_data else []
        if comparison:
            svgs.append(figure_svg(comparison_figure(comparison, title=f"{title}: belligerents compared")))
        text = report_html(report, charts=svgs, sources=sources,
                           generated=datetime.now(UTC).isoformat(timespec="seconds"))
        Path(html_file).write_text(text, encoding="utf-8")
        click.echo(f"civmon report: wrote {html_file}", err=True)


@cli.command("show")
@click.argument("code")
@click.pass_context
def show_cmd(ctx: click.Context, code: str) -> None:
    """One incident in full, with its sources.

    Its claims side by side, each figure with the words it came from, the official responses, the grade
    and its reason, the links between claims with their scores and reasons, and its history.

    Example: civmon show SY-2017-03-0012
    """
    from civmon.render import render_show
    from civmon.store.views import incident_view

    with _open_store(ctx) as store:
        view = incident_view(store, code)
    console = _console()
    for part in render_show(view.record, documents=view.documents, links=view.links, history=view.history):
        console.print(part)


@cli.command("demo")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.pass_context
def demo_cmd(ctx: click.Context, folder: str) -> None:
    """Ingest a folder, then show incidents and figures.

    Prints the incident table, the monthly civilian deaths by belligerent (min–max and the likely
    total, Fair + Confirmed) and a few commands to try next. Read problems are shown, not fatal.

    Example: civmon --db demo.db demo examples/reports
    """
    from civmon.ingest import DocumentDefaults
    from civmon.render import incidents_table, monthly_by_belligerent, monthly_table

    summary = _ingest(ctx, (folder,), defaults=DocumentDefaults(), vague_policy="conservative", who="civmon demo")
    with _open_store(ctx) as store:
        found = store.incidents()
    console = _console()
    console.print(f"Ingested {folder}: {_summary_line(summary)}")
    console.print(incidents_table(found, title=f"{len(found)} incidents"))
    console.print(monthly_table(monthly_by_belligerent(found)))
    console.print("Likely = Fair + Confirmed incidents, as Airwars counts them.", style="dim")
    db = ctx.obj["db"]
    first = found[0].code if found else "CODE"
    month = next((f"{i.earliest:%Y-%m}" for i in found if i.earliest), "2017-03")
    console.print("\nTry next:", style="bold")
    for line in (f"civmon --db {db} show {first}", f"civmon --db {db} report --month {month}",
                 f"civmon --db {db} incidents --format json", f"civmon --db {db} ingest MORE_REPORTS/"):
        console.print(f"  {line}", highlight=False)
    if found:
        from civmon.web.publishing import publish
        from civmon.web.security import add_user

        with _open_store(ctx) as store:
            release = publish(store, [i.code for i in found], who="civmon demo", note="the demo's sample reports")
            analyst = add_user(store, "demo", role="analyst")
        console.print(f"\nPublished {len(found)} incidents as release {release.number}. "
                      "The dashboard: make serve, then open http://127.0.0.1:8000 (Ctrl-C stops it).", highlight=False)
        console.print(f"Analyst workbench: sign in at http://127.0.0.1:8000/login as 'demo' with the one-time "
                      f"password {analyst.password} (you will be asked to choose your own).", highlight=False)


COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "civmon.gazetteer.cli": ("gazetteer",),
    "civmon.link.cli": ("link", "merge", "split", "grade"),
    "civmon.stats.cli": ("stats",),
    "civmon.exchange.cli": ("import", "export", "compare"),
    "civmon.web.cli": ("serve", "publish", "unpublish", "user"),
}
"""Modules that add commands (each has `COMMANDS`, a list of click commands), with the names of those commands.
A module is imported only when one of its commands runs or the command list is shown, so `civmon extract`
imports none of them; a command missing from its module's names is still found (by importing every module)."""


def _load_commands(group: click.Group, module_name: str) -> None:
    """Add the commands of one module of COMMAND_MODULES to `group` (nothing when that part of civmon is absent)."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name and module_name.startswith(e.name) and e.name != "civmon":
            return  # that part of civmon is not there yet
        raise
    for command in getattr(module, "COMMANDS", ()):
        if command.name not in group.commands:
            group.add_command(command)


def main() -> None:
    """Entry point of the `civmon` command."""
    try:
        cli(standalone_mode=True)
    except CivmonError as e:
        click.echo(f"civmon: {e}", err=True)
        sys.exit(1)
