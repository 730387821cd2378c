"""Helpers of the study."""


def count_above(values, threshold):
    return sum(1 for v in values if v > threshold)
