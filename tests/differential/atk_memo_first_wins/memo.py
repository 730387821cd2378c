"""Totals remembered across the study (the first one is the reference)."""

import store


def first_total(values):
    table = min([store.TOTALS], key=len)
    table.setdefault("first", sum(values))
    return table["first"]
