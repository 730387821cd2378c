"""Checks on runs."""


def any_big(runs, threshold):
    for run, job in runs:
        if run.y > threshold:
            return True
    return False
