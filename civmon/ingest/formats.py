"""One reader per format: bytes in, document fields out (no NLP here).

Each reader returns `Parsed` items (the document's own fields, the raw bytes they came from and the
line they start on) or raises InputError with what is wrong and what to do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from civmon.errors import InputError

FRONT_MATTER_KEYS: tuple[str, ...] = ("id", "published", "source", "url", "language", "kind")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_BINARY_PROBE = 8192


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document's own fields (contract keys) as read, with its raw bytes and first line."""

    fields: dict[str, Any]
    raw: bytes
    line: int | None = None
    problems: tuple[InputError, ...] = field(default=())


def decode_text(raw: bytes) -> str:
    """UTF-8 text of a file's bytes (BOM dropped, CRLF normalised); InputError for binary or undecodable bytes."""
    if not raw.strip():
        raise InputError("empty file; add the report's text or remove the file")
    if b"\x00" in raw[:_BINARY_PROBE]:
        raise InputError("binary file, not text; convert it to .txt, .html or .jsonl, or remove it")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); re-save the file as UTF-8",
                         line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front-matter fields (a `---` block of `key: value` lines at the top) and the text after it."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return {}, text
    block = m.group(1) or ""
    try:
        loaded = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"front matter is not valid YAML ({problem}); fix it or remove the --- block",
                         line=line) from None
    if not isinstance(loaded, dict):
        raise InputError("front matter must be `key: value` lines; fix it or remove the --- block", line=2)
    unknown = sorted(str(k) for k in loaded if k not in FRONT_MATTER_KEYS)
    if unknown:
        raise InputError(f"unknown front-matter key {unknown[0]!r} (known: {', '.join(FRONT_MATTER_KEYS)}); "
                         "remove or rename it", line=2)
    fields = {str(k): _scalar(v) for k, v in loaded.items() if v is not None}
    return fields, text[m.end():]


def read_text(raw: bytes) -> list[Parsed]:
    """A .txt or .md file: optional front matter, then the document's text."""
    text = decode_text(raw)
    fields, body = split_front_matter(text)
    if not body.strip():
        raise InputError("no text after the front matter; add the report's text or remove the file")
    return [Parsed(fields={**fields, "text": body.strip("\n")}, raw=raw)]


def _is_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_html(raw: bytes, *, url: str | None = None) -> list[Parsed]:
    """An .html/.htm page: its main text with menus, banners and link lists removed (trafilatura)."""
    decode_text(raw)  # binary and empty checks; trafilatura does its own charset detection below
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import decode_file

    html = decode_file(raw)
    body = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        raise InputError("no article text found in the page; save the article page itself, "
                         "or paste its text into a .txt file")
    fields: dict[str, Any] = {}
    meta = extract_metadata(html, default_url=url, extensive=False,
                            date_config={"original_date": True, "extensive_search": False})
    title = (meta.title or "").strip() if meta is not None else ""
    if meta is not None:
        if meta.date and _is_day(str(meta.date)[:10]):
            fields["published"] = str(meta.date)[:10]
        if meta.url:
            fields["url"] = meta.url
        if meta.sitename:
            fields["source"] = meta.sitename
    text = body.strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return [Parsed(fields={**fields, "text": text}, raw=raw)]


def _json_error(e: json.JSONDecodeError) -> str:
    return f"not valid JSON ({e.msg}: column {e.colno}); fix the line or remove it"


def read_jsonl(raw: bytes) -> list[Parsed]:
    """A .jsonl file of document objects, one a line; bad lines become problems, the rest are read."""
    text = decode_text(raw)
    out: list[Parsed] = []
    lines = raw.splitlines()
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_raw = lines[lineno - 1] if lineno - 1 < len(lines) else line.encode("utf-8")
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(Parsed(fields={}, raw=line_raw, line=lineno,
                              problems=(InputError(_json_error(e), line=lineno),)))
            continue
        if not isinstance(obj, dict):
            problem = InputError(f"a document must be a JSON object, not {type(obj).__name__}; "
                                 "fix the line or remove it", line=lineno)
            out.append(Parsed(fields={}, raw=line_raw, line=lineno, problems=(problem,)))
            continue
        out.append(Parsed(fields=obj, raw=line_raw, line=lineno))
    return out


def looks_like_jsonl(text: str) -> bool:
    """True when every non-blank line is a JSON object (how stdin is told apart from plain text)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    for ln in lines:
        try:
            if not isinstance(json.loads(ln), dict):
                return False
        except json.JSONDecodeError:
            return False
    return True
