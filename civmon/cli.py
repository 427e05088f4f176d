"""The command line: thin. Each command parses its options, calls one library function, prints."""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from civmon.contract import claim_to_dict, document_from_dict
from civmon.errors import CivmonError, InputError
from civmon.lexicon import SUPPORTED_LANGUAGES
from civmon.version import __version__

VAGUE_POLICIES = ("conservative", "airwars", "acled", "strict")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def extract_cmd(source: IO[str], vague_policy: str, language: str | None) -> None:
    """Extract claims from documents (JSONL in, claims as JSONL out; no database).

    Example: civmon extract reports.jsonl > claims.jsonl
    """
    from dataclasses import replace

    from civmon.extract import extract

    failed = False
    noted: set[str] = set()
    out = sys.stdout
    name = getattr(source, "name", "-")
    for lineno, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            doc = document_from_dict(obj)
        except (ValueError, InputError) as e:
            reason = e.reason if isinstance(e, InputError) else f"not valid JSON ({e})"
            click.echo(f"civmon extract: {name} line {lineno}: {reason}", err=True)
            failed = True
            continue
        if doc.language is None and language:
            doc = replace(doc, language=language)
        lang = doc.language or "en"
        if lang not in SUPPORTED_LANGUAGES:
            if lang not in noted:
                click.echo(f"civmon extract: no extractor for language {lang!r} yet (supported: "
                           f"{', '.join(SUPPORTED_LANGUAGES)}); those documents yield no claims", err=True)
                noted.add(lang)
            continue
        for claim in extract(doc, vague_policy=vague_policy):
            out.write(json.dumps(claim_to_dict(claim), ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        sys.exit(1)


def main() -> None:
    """Entry point of the `civmon` command."""
    try:
        cli(standalone_mode=True)
    except CivmonError as e:
        click.echo(f"civmon: {e}", err=True)
        sys.exit(1)
