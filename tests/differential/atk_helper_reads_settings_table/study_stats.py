"""Helpers of the study."""

import study_settings


def count_above(values):
    return sum(1 for v in values if v > study_settings.LIMITS["y"])
