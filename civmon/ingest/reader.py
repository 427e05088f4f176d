"""Paths (files, folders, `-` for stdin) to Documents with their raw bytes, or to problems saying what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from civmon.contract import document_from_dict
from civmon.errors import InputError
from civmon.ingest.formats import Parsed, decode_text, looks_like_jsonl, read_html, read_jsonl, read_text
from civmon.models import Document

SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".jsonl")
STDIN = "-"
_DEFAULTABLE = ("published", "source", "url", "language", "kind")


@dataclass(frozen=True, slots=True)
class DocumentDefaults:
    """Values for documents that do not give their own (the ingest command's --published, --source, ...)."""

    published: date | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    kind: str | None = None

    def as_fields(self) -> dict[str, Any]:
        """The defaults as contract fields, omitting the unset ones."""
        out: dict[str, Any] = {"published": self.published.isoformat() if self.published else None,
                               "source": self.source, "url": self.url, "language": self.language, "kind": self.kind}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read, the bytes it was read from, and where (file path and line)."""

    document: Document
    raw: bytes
    path: str
    line: int | None = None

    @property
    def where(self) -> str:
        """'path' or 'path line N'."""
        return self.path if self.line is None else f"{self.path} line {self.line}"


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file or line that could not be read, with what to do about it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path} line {self.line}"
        return f"{where}: {self.message}"


ReadResult = RawDocument | ReadProblem


def _document(parsed: Parsed, *, defaults: DocumentDefaults, jsonl: bool) -> Document:
    fields = dict(parsed.fields)
    for key, value in defaults.as_fields().items():
        if fields.get(key) in (None, ""):
            fields[key] = value
    suffix = "; fix the line or remove it" if jsonl else "; fix the front matter"
    try:
        doc = document_from_dict(fields)
    except InputError as e:
        raise InputError(e.reason + suffix, line=parsed.line) from None
    if not doc.text.strip():
        raise InputError("empty 'text'" + suffix if jsonl else "empty file; add the report's text or remove the file",
                         line=parsed.line)
    return doc


def _results(path: str, parsed: Sequence[Parsed], *, defaults: DocumentDefaults, jsonl: bool) -> list[ReadResult]:
    out: list[ReadResult] = []
    for p in parsed:
        if p.problems:
            out.extend(ReadProblem(path, e.line, e.reason) for e in p.problems)
            continue
        try:
            out.append(RawDocument(document=_document(p, defaults=defaults, jsonl=jsonl), raw=p.raw, path=path,
                                   line=p.line))
        except InputError as e:
            out.append(ReadProblem(path, e.line, e.reason))
    return out


def read_bytes(raw: bytes, *, path: str, suffix: str, defaults: DocumentDefaults) -> list[ReadResult]:
    """The documents (or problems) in one file's bytes, read as the format its suffix names."""
    readers: dict[str, Callable[[bytes], list[Parsed]]] = {
        ".txt": read_text, ".md": read_text, ".html": lambda b: read_html(b, url=defaults.url),
        ".htm": lambda b: read_html(b, url=defaults.url), ".jsonl": read_jsonl,
    }
    reader = readers.get(suffix.lower())
    if reader is None:
        return [ReadProblem(path, None, f"unsupported file type {suffix or '(none)'!r} (civmon reads "
                                        f"{', '.join(SUFFIXES)}); convert it or leave it out")]
    try:
        parsed = reader(raw)
    except InputError as e:
        return [ReadProblem(path, e.line, e.reason)]
    return _results(path, parsed, defaults=defaults, jsonl=suffix.lower() == ".jsonl")


def read_stdin(raw: bytes, *, defaults: DocumentDefaults) -> list[ReadResult]:
    """Standard input: JSONL when every line is a JSON object, else one plain-text document."""
    try:
        text = decode_text(raw)
    except InputError as e:
        return [ReadProblem("<stdin>", e.line, e.reason)]
    suffix = ".jsonl" if looks_like_jsonl(text) else ".txt"
    return read_bytes(raw, path="<stdin>", suffix=suffix, defaults=defaults)


def files_under(folder: Path) -> list[Path]:
    """The readable files under a folder, recursively, sorted; hidden files and folders and READMEs are skipped."""
    found = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or p.stem.upper() == "README":
            continue
        if p.is_file() and p.suffix.lower() in SUFFIXES:
            found.append(p)
    return sorted(found)


def read_file(path: Path, *, defaults: DocumentDefaults) -> list[ReadResult]:
    """The documents (or problems) in one file."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return [ReadProblem(str(path), None, f"cannot read the file ({e.strerror}); check it exists and is readable")]
    return read_bytes(raw, path=str(path), suffix=path.suffix, defaults=defaults)


def iter_read(paths: Sequence[str], *, defaults: DocumentDefaults | None = None,
              stdin: Callable[[], bytes] | None = None) -> Iterator[ReadResult]:
    """Every document (or problem) in the given files, folders and `-` (stdin), in order."""
    defaults = defaults or DocumentDefaults()
    for given in paths:
        if given == STDIN:
            if stdin is None:
                yield ReadProblem("<stdin>", None, "standard input is not available here; pass file paths instead")
            else:
                yield from read_stdin(stdin(), defaults=defaults)
            continue
        path = Path(given)
        if path.is_dir():
            files = files_under(path)
            if not files:
                yield ReadProblem(given, None, f"no {', '.join(SUFFIXES)} files in this folder; "
                                               "point at the folder that holds the reports")
            for f in files:
                yield from read_file(f, defaults=defaults)
        else:
            yield from read_file(path, defaults=defaults)


def read_paths(paths: Sequence[str], *, defaults: DocumentDefaults | None = None,
               stdin: Callable[[], bytes] | None = None) -> list[ReadResult]:
    """`iter_read` as a list."""
    return list(iter_read(paths, defaults=defaults, stdin=stdin))
