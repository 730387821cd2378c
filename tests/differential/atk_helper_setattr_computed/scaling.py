"""Totals with a gain."""

import scaling

GAIN = 1.0


def gained_total(values):
    total = 0.0
    for v in values:
        total += v
    return total * scaling.GAIN
