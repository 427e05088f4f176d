"""The ASGI entry point for uvicorn workers: the app over the store named by CIVMON_WEB_DB (else CIVMON_DB)."""

from __future__ import annotations

import gc
import os

from civmon.store import open_store
from civmon.web.app import create_app

app = create_app(open_store(os.environ.get("CIVMON_WEB_DB") or os.environ.get("CIVMON_DB") or "civmon.db"))
gc.freeze()  # the app's long-lived objects leave the collector's generations: shorter pauses under load
