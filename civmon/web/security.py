"""Accounts and request security: argon2 passwords, sessions, API tokens, CSRF tokens and sign-in rate limits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from civmon.errors import InputError
from civmon.store import Store
from civmon.store import web_tables as wt
from civmon.store.core import now_iso

ROLES: tuple[str, ...] = ("analyst", "admin")
SESSION_COOKIE = "civmon_session"
CSRF_COOKIE = "civmon_csrf"
CSRF_FIELD = "csrf_token"
SESSION_HOURS = 12
LOGIN_WINDOW_S = 15 * 60
LOGIN_MAX_FAILURES = 5


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return str(_hasher().hash(password))


def verify_password(stored: str, password: str) -> bool:
    """True when the password matches the stored argon2 hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def digest(token: str) -> str:
    """The SHA-256 of a secret token (only digests are stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A fresh random URL-safe secret."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class NewUser:
    """A created account and its one-time password (and API token, when asked)."""

    name: str
    role: str
    password: str
    token: str | None


def add_user(store: Store, name: str, *, role: str, token: bool = False) -> NewUser:
    """Create (or reset) an account with a random one-time password; optionally an API token too."""
    name = name.strip()
    if not name or len(name) > 100 or not all(ch.isalnum() or ch in "-_." for ch in name):
        raise InputError("a user name is 1-100 letters, digits, '-', '_' or '.'")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    password = secrets.token_urlsafe(12)
    tok = f"cvm_{new_secret()}" if token else None
    with store.transaction() as conn:
        wt.upsert_user(conn, name=name, role=role, password_hash=hash_password(password), now=now_iso())
        if tok is not None:
            wt.add_token(conn, token_hash=digest(tok), user=name, now=now_iso())
    return NewUser(name=name, role=role, password=password, token=tok)


def login_keys(name: str, client: str) -> list[str]:
    """The rate-limit keys of a sign-in attempt: the account and the client address."""
    return [f"user:{name.lower()}", f"ip:{client}"]


def too_many_attempts(store: Store, name: str, client: str) -> bool:
    """True when the account or the client has failed to sign in too often lately."""
    with store.engine.connect() as conn:
        for key in login_keys(name, client):
            if wt.count_attempts(conn, [key], since=time.time() - LOGIN_WINDOW_S) >= LOGIN_MAX_FAILURES:
                return True
    return False


def sign_in(store: Store, name: str, password: str, *, client: str) -> str | None:
    """Check a password; on success return a new session token, else record the failure and return None."""
    keys = login_keys(name, client)
    with store.engine.connect() as conn:
        found = wt.password_hash_of(conn, name)
    ok = found is not None and verify_password(found[0], password)
    with store.transaction() as conn:
        if not ok:
            wt.add_attempt(conn, keys, at=time.time())
            return None
        wt.clear_attempts(conn, keys[:1])
        token = new_secret()
        expires = (datetime.now(UTC) + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
        wt.add_session(conn, token_hash=digest(token), user=name, now=now_iso(), expires=expires)
    return token


MIN_PASSWORD = 12


def change_password(store: Store, name: str, *, current: str, new: str) -> None:
    """Replace a password after checking the current one; the new one must be long and different."""
    with store.engine.connect() as conn:
        found = wt.password_hash_of(conn, name)
    if found is None or not verify_password(found[0], current):
        raise InputError("the current password is wrong")
    if len(new) < MIN_PASSWORD:
        raise InputError(f"choose a password of at least {MIN_PASSWORD} characters")
    if new == current:
        raise InputError("choose a password different from the one-time password")
    with store.transaction() as conn:
        wt.set_password_hash(conn, name, hash_password(new))


def session_user(store: Store, token: str | None) -> wt.User | None:
    """The user of a session cookie, if it is valid and unexpired."""
    if not token:
        return None
    with store.engine.connect() as conn:
        return wt.session_user(conn, digest(token), now=now_iso())


def token_user(store: Store, token: str | None) -> wt.User | None:
    """The user of an API bearer token."""
    if not token:
        return None
    with store.engine.connect() as conn:
        return wt.token_user(conn, digest(token))


def sign_out(store: Store, token: str | None) -> None:
    """End a session."""
    if token:
        with store.transaction() as conn:
            wt.drop_session(conn, digest(token))


def csrf_ok(cookie: str | None, submitted: str | None) -> bool:
    """True when the form's CSRF token matches the browser's CSRF cookie (double submit, constant time)."""
    return bool(cookie) and bool(submitted) and hmac.compare_digest(str(cookie), str(submitted))
