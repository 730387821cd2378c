"""Helpers of the study."""

import settings


def above_last(values):
    out = 0.0
    for v in values:
        if v > settings.THRESHOLDS[-1]:
            out += v
    return out
