SCALE = 1.0


def scaled(y):
    return y * SCALE
