def doubled(xs):
    pass
