"""Totals with a gain."""

import gains

GAIN = 1.0


def gained_total(values):
    total = 0.0
    for v in values:
        total += v
    return total * gains.GAIN
