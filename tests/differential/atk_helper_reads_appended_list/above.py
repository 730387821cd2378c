"""Helpers of the study."""

import thresholds


def above_last(values):
    out = 0.0
    for v in values:
        if v > thresholds.THRESHOLDS[-1]:
            out += v
    return out
