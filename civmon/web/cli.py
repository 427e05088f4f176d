"""Commands for the web: serve, publish, unpublish, user. FastAPI and uvicorn are imported only inside them."""

from __future__ import annotations

import click


def _store(ctx: click.Context) -> object:
    from civmon.store import open_store
    from civmon.store.web_tables import ensure_tables

    store = open_store(ctx.find_root().obj["db"])
    ensure_tables(store.engine)
    return store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the public site, the workbench and the JSON API (Ctrl-C stops it).

    Example: civmon --db demo.db serve --port 8000
    """
    import os

    from civmon.store import open_store
    from civmon.store.web_tables import ensure_tables
    from civmon.web.serve import run

    db = ctx.find_root().obj["db"]
    store = open_store(db)  # create and migrate (and add the web's tables and indexes) before the workers start
    ensure_tables(store.engine)
    store.close()
    os.environ["CIVMON_WEB_DB"] = db
    click.echo(f"civmon: serving {db} at http://{host}:{port}/ (workbench at /work, API docs at /docs); Ctrl-C stops it",
               err=True)
    ctx.exit(run(host=host, port=port, workers=workers))


@click.command("publish")
@click.argument("codes", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Publish every active incident.")
@click.option("--names/--no-names", default=None,
              help="Publish (or withhold) personal names of the injured and minors in these incidents' sources.")
@click.option("--note", default="", help="A note saying what this release is for.")
@click.option("--who", default="civmon publish", show_default=True, help="Recorded as who published.")
@click.option("--only-new", is_flag=True, help="With --all: only incidents never published (no release when none).")
@click.pass_context
def publish(ctx: click.Context, codes: tuple[str, ...], every: bool, names: bool | None, note: str, who: str,
            only_new: bool) -> None:
    """Publish incidents to the public site as a new numbered, dated release.

    Example: civmon publish SY-2017-03-0002   (or: civmon publish --all)
    """
    from civmon.errors import InputError
    from civmon.store import Store
    from civmon.store import web_tables as wt
    from civmon.web.publishing import all_active_codes
    from civmon.web.publishing import publish as do_publish

    store = _store(ctx)
    assert isinstance(store, Store)
    try:
        if every == bool(codes):
            raise InputError("give incident codes or --all (not both)")
        chosen = all_active_codes(store) if every else list(codes)
        if only_new:
            with store.engine.connect() as conn:
                public = set(wt.published_codes(conn))
            chosen = [c for c in chosen if c.upper() not in public]
            if not chosen:
                click.echo("nothing new to publish")
                return
        rel = do_publish(store, chosen, who=who, names=names, note=note)
    finally:
        store.close()
    totals = rel.figures.get("totals", {})
    click.echo(f"release {rel.number} ({rel.at}): {len(rel.changes)} incident(s) published; public totals now "
               f"{totals.get('incidents', 0)} incidents, civilians killed {totals.get('min', 0)}–{totals.get('max', 0)}")


@click.command("unpublish")
@click.argument("code")
@click.option("--note", default="", help="Why it was taken off.")
@click.option("--who", default="civmon unpublish", show_default=True, help="Recorded as who unpublished.")
@click.pass_context
def unpublish(ctx: click.Context, code: str, note: str, who: str) -> None:
    """Take an incident off the public site, as a new release.

    Example: civmon unpublish SY-2017-03-0002
    """
    from civmon.store import Store
    from civmon.web.publishing import unpublish as do_unpublish

    store = _store(ctx)
    assert isinstance(store, Store)
    try:
        rel = do_unpublish(store, code, who=who, note=note)
    finally:
        store.close()
    click.echo(f"release {rel.number} ({rel.at}): {code.upper()} unpublished")


@click.group("user")
def user() -> None:
    """Manage workbench accounts."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["analyst", "admin"]), default="analyst", show_default=True)
@click.option("--token", is_flag=True, help="Also create an API token for scripts.")
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str, token: bool) -> None:
    """Create an account (or reset one) and print its one-time password.

    Example: civmon user add amina --role analyst
    """
    from civmon.store import Store
    from civmon.web.security import add_user

    store = _store(ctx)
    assert isinstance(store, Store)
    try:
        made = add_user(store, name, role=role, token=token)
    finally:
        store.close()
    click.echo(f"user {made.name} ({made.role}); one-time password (shown once, not stored): {made.password}")
    if made.token:
        click.echo(f"API token (shown once; send as 'Authorization: Bearer ...'): {made.token}")


COMMANDS = [serve, publish, unpublish, user]
