"""`civmon gazetteer ...`: managing the user's gazetteer extension (registered by civmon.cli)."""

from __future__ import annotations

from pathlib import Path

import click

from civmon.errors import CivmonError


@click.group("gazetteer")
def gazetteer() -> None:
    """The place gazetteer: the bundled table plus your imported GeoNames dumps.

    Example: civmon gazetteer import SY.txt
    """


@gazetteer.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Extension folder (default: $CIVMON_GAZETTEER_DIR or ~/.local/share/civmon).")
def import_cmd(file: Path, directory: Path | None) -> None:
    """Add a GeoNames country dump (e.g. SY.txt from download.geonames.org/export/dump) to your gazetteer.

    Example: civmon gazetteer import SY.txt
    """
    from civmon.gazetteer.importer import import_geonames
    from civmon.gazetteer.table import user_dir

    try:
        n = import_geonames(file, directory=directory)
    except CivmonError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"imported {n} places from {file} into {(directory or user_dir())}")


COMMANDS = [gazetteer]
