def reset(obj, name):
    obj.__dict__[name] = 0.0
