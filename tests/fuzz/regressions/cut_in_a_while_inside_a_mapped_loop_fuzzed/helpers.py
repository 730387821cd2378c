def weighted(xs, w):
    out = []
    for x in xs:
        out.append(x * w)
    return out
