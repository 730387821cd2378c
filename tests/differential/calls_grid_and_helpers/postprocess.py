"""Post-processing of a study's outputs."""


def damped(values, factor):
    """Each value times factor to the power of its position: a running product."""
    weight = 1.0
    out = []
    for value in values:
        out.append(value * weight)
        weight = weight * factor
    return out
