"""The store's tables, as SQLAlchemy Core metadata (portable types only; no backend-specific SQL here).

The metadata describes the schema as of the latest migration; `migrations.py` creates and evolves it,
one named step at a time.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("doc_id", String(400), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary, nullable=True),
    Column("raw_sha256", String(64), nullable=True),
    Column("retrieved_at", String(40), nullable=False),
    Column("url", Text, nullable=True),
    Column("source", String(400), nullable=True),
    Column("published", String(10), nullable=True),
    Column("language", String(20), nullable=True),
    Column("kind", String(40), nullable=False),
    Column("path", Text, nullable=True),
)

claims = Table(
    "claims", metadata,
    Column("claim_id", String(400), primary_key=True),
    Column("doc_id", String(400), ForeignKey("documents.doc_id"), nullable=False, index=True),
    Column("incident_code", String(40), nullable=True, index=True),
    Column("kind", String(20), nullable=False),
    Column("data", Text, nullable=False),
    Column("country", String(8), nullable=False),
    Column("earliest", String(10), nullable=True),
    Column("latest", String(10), nullable=True),
    Column("actor", String(100), nullable=True),
    Column("seq", Integer, nullable=False),
    # what linking compares, as compact JSON (civmon.store.codec.link_view; migration 0008); NULL: decode `data`
    Column("link_view", Text, nullable=True),
)

incidents = Table(
    "incidents", metadata,
    Column("code", String(40), primary_key=True),
    Column("country", String(8), nullable=False),
    Column("month", String(7), nullable=False),
    Column("earliest", String(10), nullable=True),
    Column("latest", String(10), nullable=True),
    Column("place", Text, nullable=True),
    Column("belligerents", Text, nullable=False),
    Column("figures", Text, nullable=False),
    Column("open_figures", Text, nullable=False),
    Column("grade", String(20), nullable=False),
    Column("grade_reason", Text, nullable=False),
    Column("grade_by", String(40), nullable=False),
    Column("strike_status", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("merged_into", String(40), nullable=True),
    Column("updated_at", String(40), nullable=False),
    Index("ix_incidents_month", "month"),
    Index("ix_incidents_country_month", "country", "month"),
    Index("ix_incidents_updated_at", "updated_at"),
)

incident_belligerents = Table(
    "incident_belligerents", metadata,
    Column("code", String(40), ForeignKey("incidents.code"), nullable=False),
    Column("belligerent", String(100), nullable=False, index=True),
    PrimaryKeyConstraint("code", "belligerent"),
)

incident_codes = Table(
    "incident_codes", metadata,
    Column("country", String(8), nullable=False),
    Column("month", String(7), nullable=False),
    Column("last_seq", Integer, nullable=False),
    PrimaryKeyConstraint("country", "month"),
)

links = Table(
    "links", metadata,
    Column("a", String(400), nullable=False),
    Column("b", String(400), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("incident_code", String(40), nullable=True, index=True),
    PrimaryKeyConstraint("a", "b"),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_code", String(40), nullable=False, index=True),
    Column("at", String(40), nullable=False),
    Column("who", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
)

settings = Table(
    "settings", metadata,
    Column("name", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
