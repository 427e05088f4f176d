"""Imports, exports and comparisons with other datasets (ACLED, UCDP GED, Airwars, any CSV)."""
