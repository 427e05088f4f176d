"""civmon's exceptions, one tree:

    CivmonError
    ├── InputError          a document, file or row cannot be read (names the file and line when known)
    ├── ConfigError         an unknown setting, policy, preset or language
    ├── StoreError          the database cannot be opened or migrated
    └── NotFoundError       an incident, document or claim that does not exist
"""

from __future__ import annotations


class CivmonError(Exception):
    """The base of every error civmon raises on purpose."""


class InputError(CivmonError):
    """Input that cannot be read; the message says which and what to do."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = path or ""
        if line is not None:
            where += f" line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.reason = message


class ConfigError(CivmonError):
    """An unknown or invalid setting, policy, preset or language."""


class StoreError(CivmonError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(CivmonError):
    """Something asked for by id that does not exist."""
