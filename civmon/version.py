"""The package version: one literal here, which pyproject.toml reads at build time (no metadata look-up at
start-up)."""

__version__ = "0.1.0"

EXTRACTOR = f"civmon {__version__}"
