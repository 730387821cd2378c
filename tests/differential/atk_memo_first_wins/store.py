"""Shared tables of the study."""

TOTALS = {}
