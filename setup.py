"""Which packages the distribution holds (everything else is in pyproject.toml).

Every package under ``motoko_airflow/`` and ``motoko/`` is found, subpackages included,
so none can be left out of a wheel by being forgotten in a list; ``operators/`` and
``sensors/`` (and anything below them) are installed as ``motoko_airflow.operators`` and
``motoko_airflow.sensors``. tests/test_package.py checks that the wheel built from the
sdist holds every module of the checkout.
"""

from setuptools import find_packages, setup

#: top-level folders of the checkout installed inside the ``motoko_airflow`` package
PACKAGE_DIR = {"motoko_airflow.operators": "operators", "motoko_airflow.sensors": "sensors"}


def packages() -> list[str]:
    found = find_packages(include=["motoko_airflow", "motoko_airflow.*", "motoko",
                                   "motoko.*"])
    for package, folder in PACKAGE_DIR.items():
        found += [package] + [f"{package}.{sub}" for sub in find_packages(folder)]
    return found


setup(packages=packages(), package_dir=PACKAGE_DIR)
