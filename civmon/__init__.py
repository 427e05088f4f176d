"""civmon: turn raw reports of explosive violence into sourced, graded incident records."""

from civmon.contract import claim_to_dict, document_from_dict
from civmon.errors import CivmonError, ConfigError, InputError, NotFoundError, StoreError
from civmon.extract import extract
from civmon.models import Actor, Claim, Count, DateRange, Document, Grade, Incident, Place, Response, Span
from civmon.version import __version__

__all__ = [
    "Actor", "CivmonError", "Claim", "ConfigError", "Count", "DateRange", "Document", "Grade", "Incident",
    "InputError", "NotFoundError", "Place", "Response", "Span", "StoreError", "__version__", "claim_to_dict",
    "document_from_dict", "extract",
]
