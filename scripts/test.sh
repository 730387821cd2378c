#!/usr/bin/env bash
# Set everything up if needed, then run the checks and the whole test suite:
# ruff, mypy, pytest (real BlackDynamite studies and ZEO servers).
# Extra arguments go to pytest, e.g. scripts/test.sh -k cli -x
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cd "$ROOT"
say "ruff"
ruff check motoko_airflow operators sensors motoko tests bench
say "mypy"
mypy
say "pytest"
python -m pytest -q --timeout=900 "$@"
