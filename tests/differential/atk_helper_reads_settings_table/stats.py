"""Helpers of the study."""

import settings


def count_above(values):
    return sum(1 for v in values if v > settings.LIMITS["y"])
