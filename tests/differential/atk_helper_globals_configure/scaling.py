"""Scaling of totals, configured once per study."""

SCALE = 1.0


def configure(scale):
    globals()["SCALE"] = scale


def scaled_total(values):
    total = 0.0
    for v in values:
        total += v
    return SCALE * total
