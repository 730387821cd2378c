"""Labels of the study."""


def tag():
    return __name__.upper()
