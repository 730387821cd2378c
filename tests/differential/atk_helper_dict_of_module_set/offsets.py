"""Shifted totals."""

OFFSET = 0.0


def shifted_total(values):
    total = OFFSET
    for v in values:
        total += v
    return total
