"""Readers: text, Markdown (with front matter), HTML (boilerplate removed), JSONL and stdin -> Documents."""

from civmon.ingest.formats import FRONT_MATTER_KEYS, split_front_matter
from civmon.ingest.reader import (
    SUFFIXES,
    DocumentDefaults,
    RawDocument,
    ReadProblem,
    ReadResult,
    files_under,
    iter_read,
    read_bytes,
    read_file,
    read_paths,
    read_stdin,
)

__all__ = [
    "FRONT_MATTER_KEYS", "SUFFIXES", "DocumentDefaults", "RawDocument", "ReadProblem", "ReadResult", "files_under",
    "iter_read", "read_bytes", "read_file", "read_paths", "read_stdin", "split_front_matter",
]
