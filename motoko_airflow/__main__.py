"""``python -m motoko_airflow`` is the ``motoko`` command."""

import sys

from motoko_airflow.cli import main

sys.exit(main())
