"""The ingest pipeline: read -> extract -> store document and claims -> link -> code -> build and grade incidents.

Each document is handled in ONE transaction: its text, its claims and every incident they create or
change are committed together, or (on any failure) nothing of it is kept. Extraction, linking and
incident building are the pure functions of civmon.extract, civmon.link and civmon.incidents; this
module is the edge that feeds them from the store and writes back what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import Connection

from civmon.contract import content_hash
from civmon.errors import CivmonError, InputError
from civmon.extract import extract
from civmon.extract.strike_reports import DeclaredStrike, find_declared_strikes
from civmon.incidents import STRIKE_DAYS, build_incident
from civmon.ingest import DocumentDefaults, RawDocument, ReadProblem, ReadResult, read_paths
from civmon.lexicon import SUPPORTED_LANGUAGES
from civmon.link import Cluster, link_claims
from civmon.link import near_duplicates as nd
from civmon.link.blocking import block_key
from civmon.link.compare import interval
from civmon.models import Claim, Incident
from civmon.settings import int_setting, setting
from civmon.store import IncidentRecord, Store
from civmon.store import analyst as adb
from civmon.store.codec import UNKNOWN_COUNTRY, claim_country, claim_from_row, incident_summary, month_of

PROGRESS_THRESHOLD = 5
"""Show a progress bar from this many documents on."""


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """What storing one document did."""

    doc_id: str
    duplicate: bool
    claims: int = 0
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """The totals of one ingest run, and every problem met (one line each)."""

    read: int
    new: int
    duplicates: int
    claims: int
    created: tuple[str, ...]
    updated: tuple[str, ...]
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> int:
        """How many files, lines or documents could not be read or stored."""
        return len(self.problems)

    @property
    def incidents(self) -> int:
        """How many incidents this run created or changed."""
        return len(self.created) + len(self.updated)


def _code_for(store: Store, conn: Connection, incident: Incident, members: Sequence[Claim]) -> str:
    """A fresh code from the incident's country and month (else its claims' place and dates)."""
    country = incident.country if incident.country and incident.country != UNKNOWN_COUNTRY else next(
        (claim_country(c) for c in members if claim_country(c) != UNKNOWN_COUNTRY), UNKNOWN_COUNTRY)
    days = [d for c in members if c.date is not None for d in (c.date.earliest, c.date.latest) if d is not None]
    first = incident.earliest or (min(days) if days else None)
    return store.allocate_code(conn, country=country, month=month_of(first))


def _strikes_near(conn: Connection, found: Sequence[Claim]) -> list[DeclaredStrike]:
    """Declared strikes in the claims' countries within a day or two of their dates."""
    spans: dict[str, tuple[date, date]] = {}
    for c in found:
        span = interval(c)
        if span is None:
            continue
        country = claim_country(c)
        lo, hi = spans.get(country, span)
        spans[country] = (min(lo, span[0]), max(hi, span[1]))
    pad = timedelta(days=STRIKE_DAYS)
    return [s for country, (lo, hi) in sorted(spans.items())
            for s in adb.strikes_between(conn, country=country, start=lo - pad, end=hi + pad)]


def build_stored_incident(store: Store, conn: Connection, code: str, found: Sequence[Claim]) -> Incident:
    """Build and grade the incident of `code` from its claims, with what the store knows around them.

    Publishers and near-duplicate reposts (independence), declared strikes nearby (strike status),
    and an analyst's standing grade (which overrides the rules until cleared).
    """
    publishers, copies = adb.sources(conn, [c.doc_id for c in found])
    return build_incident(code, found, publishers=publishers, duplicates_of=copies, declared=_strikes_near(conn, found),
                          manual_grade=adb.manual_grade(conn, code) if code else None)


_build = build_stored_incident


def _apply_cluster(store: Store, conn: Connection, cluster: Cluster, new_by_id: dict[str, Claim], *,
                   who: str, loaded: Mapping[str, Sequence[Claim]] | None = None,
                   pending: dict[str, str] | None = None) -> tuple[str, bool]:
    """Write one cluster: its incident (new or joined), moved claims, links and history. Returns (code, created).

    `loaded` are incidents' claims already read from the store in this transaction (not read again); `pending`,
    when given, receives the code of each new claim instead of writing it (the claims are not stored yet)."""
    known = store.claims_by_id(conn, [i for i in cluster.claim_ids if i not in new_by_id])
    members = [new_by_id[i] if i in new_by_id else known[i][0] for i in cluster.claim_ids if i in new_by_id or i in known]
    if not members:
        return "", False
    stored: Incident | None = None  # the joined incident as stored
    record: IncidentRecord | None = None
    if cluster.code is None:
        before = None
        combined = list(members)
        draft = _build(store, conn, "", combined)
        code = _code_for(store, conn, draft, members)
        incident = replace(draft, code=code)
    else:
        code = cluster.code
        record = store.incident_record(conn, code, claims=loaded.get(code) if loaded is not None else None)
        stored = record.incident
        before = incident_summary(stored)
        prior_ids = {c.claim_id for c in record.incident.claims}
        combined = list(record.incident.claims) + [m for m in members if m.claim_id not in prior_ids]
        incident = _build(store, conn, code, combined)
    sources = sorted({src for _, src in known.values() if src is not None and src != code})
    if pending is None:
        store.assign_claims(conn, [m.claim_id for m in members], code)
    else:
        store.assign_claims(conn, [m.claim_id for m in members if m.claim_id not in new_by_id], code)
        pending.update((m.claim_id, code) for m in members if m.claim_id in new_by_id)
    store.save_incident(conn, incident, before=stored, stored_row=record.row if record is not None else None)
    store.save_links(conn, cluster.links, code=code, unstored=new_by_id.keys() if pending is not None else ())
    store.add_history(conn, code, who=who, action="created" if before is None else "claims-added", before=before,
                      after=incident_summary(incident))
    for src in sources:
        src_record = store.incident_record(conn, src)
        src_before = incident_summary(src_record.incident)
        left = store.claims_of(conn, [src])[src]
        if left:
            rebuilt = _build(store, conn, src, left)
            store.save_incident(conn, rebuilt, before=src_record.incident if src_record.status == "active" else None)
            store.add_history(conn, src, who=who, action="claims-moved", before=src_before,
                              after=incident_summary(rebuilt))
        else:
            store.mark_merged(conn, src, into=code)
            store.add_history(conn, src, who=who, action=f"merged-into {code}", before=src_before, after=None)
    return code, before is None


def store_document(store: Store, item: RawDocument, *, vague_policy: str = "conservative",
                   who: str = "civmon ingest") -> DocumentOutcome:
    """Extract, store and link one document in one transaction; a no-op when its text is already stored.

    A strike report (kind 'strike-report') yields declared strikes, stored apart, instead of claims.
    """
    doc = item.document
    digest = content_hash(doc.text)
    with store.engine.connect() as c:
        if store.doc_id_for_hash(c, digest) is not None:
            return DocumentOutcome(doc_id=doc.id, duplicate=True)
    lang = doc.language or "en"
    if doc.kind == "strike-report":
        strikes = find_declared_strikes(doc) if lang in SUPPORTED_LANGUAGES else []
        return store_claims(store, item, [], who=who, strikes=strikes)
    found = extract(doc, vague_policy=vague_policy) if lang in SUPPORTED_LANGUAGES else []
    return store_claims(store, item, found, who=who)


def _store_signature(conn: Connection, doc_id: str, text: str) -> str | None:
    """Store a document's MinHash signature; returns the earlier document it nearly repeats, if any."""
    sig = nd.signature(text)
    bands = nd.band_keys(sig)
    match = nd.best_match(sig, adb.band_candidates(conn, bands))
    root = adb.root_of(conn, match) if match is not None else None
    adb.save_signature(conn, doc_id, nd.to_bytes(sig), bands, duplicate_of=root)
    return root


def _refresh(store: Store, conn: Connection, codes: Sequence[str], *, who: str, action: str) -> list[str]:
    """Rebuild incidents (after a strike report or a repost arrives); record those whose grade or status changed."""
    changed: list[str] = []
    for code in sorted(set(codes)):
        record = store.incident_record(conn, code)
        if record.status != "active":
            continue
        old = record.incident
        new = build_stored_incident(store, conn, code, list(old.claims))
        if (new.grade, new.strike_status) != (old.grade, old.strike_status):
            store.save_incident(conn, new, before=old)
            before, after = incident_summary(old), incident_summary(new)
            before["strike_status"], after["strike_status"] = old.strike_status, new.strike_status
            store.add_history(conn, code, who=who, action=action, before=before, after=after)
            changed.append(code)
    return changed


def _codes_near(conn: Connection, strikes: Sequence[DeclaredStrike]) -> list[str]:
    pad = timedelta(days=STRIKE_DAYS)
    codes: list[str] = []
    for s in strikes:
        if s.place is None or s.date.earliest is None or s.date.latest is None:
            continue
        codes += adb.codes_overlapping(conn, country=s.place.country, start=s.date.earliest - pad,
                                       end=s.date.latest + pad)
    return codes


def store_claims(store: Store, item: RawDocument, found: Sequence[Claim], *,
                 who: str = "civmon ingest", strikes: Sequence[DeclaredStrike] = ()) -> DocumentOutcome:
    """Store a document with claims already made (extracted, imported or entered by hand) and link them, in one
    transaction; a no-op when its text is already stored. Claims of one document never merge with each other.

    Declared strikes (from a strike report) are stored and the incidents near them re-graded; analyst
    decisions (cannot-links, standing grades) are respected.
    """
    adb.ensure_tables(store.engine)
    with store.transaction() as conn:
        return _store_in(store, conn, item, found, who=who, strikes=strikes)


def store_batch(store: Store, items: Sequence[tuple[RawDocument, Sequence[Claim]]], *,
                who: str = "civmon ingest") -> list[DocumentOutcome | CivmonError]:
    """Store and link many documents with claims already made, in order, in ONE transaction (bulk loads and
    imports: one commit instead of one per document). Each document links against the store as the ones
    before it left it, exactly as `store_claims` one by one would. When any document fails, the whole
    batch is rolled back and stored again one transaction per document, so a bad document costs only
    itself; its slot in the result then holds its error (a CivmonError; any other exception propagates).
    """
    adb.ensure_tables(store.engine)
    try:
        with store.transaction() as conn:
            return [_store_in(store, conn, item, found, who=who) for item, found in items]
    except Exception:  # noqa: BLE001 - retried document by document below, where each failure is reported
        out: list[DocumentOutcome | CivmonError] = []
        for item, found in items:
            try:
                out.append(store_claims(store, item, found, who=who))
            except CivmonError as e:
                out.append(e)
        return out


def _store_in(store: Store, conn: Connection, item: RawDocument, found: Sequence[Claim], *, who: str,
              strikes: Sequence[DeclaredStrike] = ()) -> DocumentOutcome:
    doc = item.document
    digest = content_hash(doc.text)
    new_incident = [c for c in found if c.kind == "incident"]
    created: list[str] = []
    updated: list[str] = []
    like = store.documents_like(conn, digest=digest, doc_id=doc.id)
    if any(h == digest for _, h in like):
        return DocumentOutcome(doc_id=doc.id, duplicate=True)
    if like:
        raise InputError(f"document id {doc.id!r} is already stored with a different text; give this version "
                         "its own id (or leave the id out to use the content hash)")
    store.insert_document(conn, doc, raw=item.raw, path=item.path, digest=digest)
    _store_signature(conn, doc.id, doc.text)
    if strikes:
        adb.insert_strikes(conn, doc.id, strikes)
        updated += _refresh(store, conn, _codes_near(conn, strikes), who=who, action="strike-declared")
    codes: dict[str, str] = {}  # the claims are linked first and stored once, with their incident's code
    if new_incident:
        created, joined = link_and_apply(store, conn, new_incident, who=who, pending=codes)
        updated += [c for c in joined if c not in updated]
    store.insert_claims(conn, found, codes=codes)
    return DocumentOutcome(doc_id=doc.id, duplicate=False, claims=len(found), created=tuple(created),
                           updated=tuple(updated))


def link_and_apply(store: Store, conn: Connection, new_incident: Sequence[Claim], *,
                   who: str, pending: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Link claims not yet in an incident into the stored incidents (respecting analyst cannot-links) and write
    the result; returns (codes created, codes updated). With `pending`, the claims are not stored yet: each one's
    incident code is put there (store them with it) instead of written."""
    created: list[str] = []
    updated: list[str] = []
    window, km = int_setting("link_window_days"), float(setting("link_distance_km"))
    keys = [k for k in map(block_key, new_incident) if k is not None]
    stored: dict[str, list[str]] = {}  # the candidates' claims as stored (`existing` has them as linking sees them)
    existing = store.link_candidates(conn, keys, window_days=window, distance_km=km, stored=stored) if keys else {}
    # Only pairs with a new claim matter (existing incidents never merge with each other here).
    cannot = [p for p, kind in adb.constraints_for(conn, [c.claim_id for c in new_incident]).items()
              if kind == "cannot"]
    new_by_id = {c.claim_id: c for c in new_incident}
    clusters = (link_claims(new_incident, existing=existing, window_days=window, distance_km=km, cannot=cannot)
                if cannot else link_claims(new_incident, existing=existing, window_days=window, distance_km=km))
    moving = any(i not in new_by_id for cluster in clusters for i in cluster.claim_ids)
    for cluster in clusters:  # a joined incident is rebuilt from its claims as stored (read above unless any moved)
        joined = cluster.code if cluster.code in stored and not moving else None
        loaded = {joined: [claim_from_row(d) for d in stored[joined]]} if joined is not None else None
        code, is_new = _apply_cluster(store, conn, cluster, new_by_id, who=who, loaded=loaded, pending=pending)
        if code:
            (created if is_new else updated).append(code)
    return created, updated


def ingest(store: Store, results: Sequence[ReadResult], *, vague_policy: str = "conservative",
           who: str = "civmon ingest", advance: Callable[[], None] | None = None) -> IngestSummary:
    """Store every read document (and count every read problem); one bad document never stops the others."""
    problems: list[str] = []
    notes: list[str] = []
    new = dups = n_claims = read = 0
    created: dict[str, None] = {}
    updated: dict[str, None] = {}
    for r in results:
        if isinstance(r, ReadProblem):
            problems.append(str(r))
            continue
        read += 1
        lang = r.document.language or "en"
        if lang not in SUPPORTED_LANGUAGES:
            note = (f"no extractor for language {lang!r} yet (supported: {', '.join(SUPPORTED_LANGUAGES)}); "
                    "those documents are stored without claims")
            if note not in notes:
                notes.append(note)
        try:
            out = store_document(store, r, vague_policy=vague_policy, who=who)
        except CivmonError as e:
            problems.append(f"{r.where}: {e.reason if isinstance(e, InputError) else e}")
            continue
        except Exception as e:  # one document's failure must not stop the run; it was rolled back
            problems.append(f"{r.where}: could not be stored ({type(e).__name__}: {e}); nothing of it was kept. "
                            "This is a bug in civmon: please report it with the file")
            continue
        finally:
            if advance is not None:
                advance()
        if out.duplicate:
            dups += 1
            continue
        new += 1
        n_claims += out.claims
        created.update(dict.fromkeys(out.created))
        updated.update(dict.fromkeys(c for c in out.updated if c not in created))
    return IngestSummary(read=read, new=new, duplicates=dups, claims=n_claims, created=tuple(created),
                         updated=tuple(updated), problems=tuple(problems), notes=tuple(notes))


def ingest_paths(store: Store, paths: Sequence[str], *, defaults: DocumentDefaults | None = None,
                 stdin: Callable[[], bytes] | None = None, vague_policy: str = "conservative",
                 who: str = "civmon ingest", progress: bool = False) -> IngestSummary:
    """Read files, folders or `-` and ingest them, with a progress bar on stderr for more than a handful."""
    results = read_paths(paths, defaults=defaults, stdin=stdin)
    docs = sum(isinstance(r, RawDocument) for r in results)
    if not progress or docs <= PROGRESS_THRESHOLD:
        return ingest(store, results, vague_policy=vague_policy, who=who)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ingest", total=len(results))
        return ingest(store, results, vague_policy=vague_policy, who=who, advance=lambda: bar.advance(task))


def new_code_for(store: Store, conn: Connection, incident: Incident, members: Sequence[Claim]) -> str:
    """A fresh incident code for a built incident (country and month of its first day); never reused."""
    return _code_for(store, conn, incident, members)
