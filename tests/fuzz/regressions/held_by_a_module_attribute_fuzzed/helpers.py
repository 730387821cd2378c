import itertools
import os
import random
import statistics


def scale(v):
    return 2 * v + 1


def clip(v, hi):
    return min(v, hi)


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def first_or(xs, default):
    return xs[0] if xs else default


def count_above(xs, limit):
    n = 0
    for x in xs:
        if x > limit:
            n += 1
    return n


def doubled(xs):
    return [2 * x for x in xs]


def positive(v):
    return v > 0


def running_max(xs):
    best = 0.0
    for x in xs:
        if x > best:
            best = x
    return best


def spread(xs):
    return statistics.pstdev(xs) if len(xs) > 1 else 0.0


def weighted(xs, w):
    out = []
    for x in xs:
        out.append(x * w)
        w = w / 2
    return out


def noisy(xs):
    total = 0.0
    for x in xs:
        total += x + 0.0 * random.random()
    return total


def middle(xs):
    if not xs:
        return 0.0
    xs.sort()
    return xs[len(xs) // 2]
