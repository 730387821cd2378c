#!/usr/bin/env bash
# Set everything up if needed, then run the checks and the whole test suite:
# ruff, mypy, pytest (real BlackDynamite studies and ZEO servers; Airflow and Chromium
# for the web-UI test; Slurm; a two-host Celery deployment with PostgreSQL and Redis).
# Extra arguments go to pytest, e.g. scripts/test.sh -k cli -x
#
#   scripts/test.sh --quick [PYTEST ARGS]   the edit-test loop (< 3 min): ruff, mypy, and
#       the tests that need neither Airflow nor Slurm: configuration, params, the
#       tracer and its corpora, the fuzzer (30 s), the replay of main. The whole suite
#       (no argument) is what CI runs.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
cd "$ROOT"
if [ "${1:-}" = "--quick" ]; then
    shift
    say "ruff"
    ruff check motoko_airflow operators sensors motoko tests bench
    say "mypy"
    mypy
    say "pytest (quick tier)"
    MOTOKO_FUZZ_SECONDS="${MOTOKO_FUZZ_SECONDS:-30}" python -m pytest -q --timeout=300 \
        tests/test_config.py tests/test_params.py tests/test_batch.py tests/test_trace.py \
        tests/test_trace_calls.py tests/test_trace_joins.py tests/test_trace_blocks.py \
        tests/test_trace_raises.py tests/test_trace_segments.py tests/test_trace_tuples.py \
        tests/test_trace_per_item.py tests/test_trace_records.py tests/test_trace_concurrent.py \
        tests/test_trace_command.py tests/test_fuzz.py \
        "tests/test_verification.py::test_the_replay_alone_finds_extra_and_missing_runs" \
        "$@"
    exit
fi
# the web-UI test (tests/test_plugin.py) drives Debian's headless Chromium with selenium
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver with apt-get"
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# tests/test_slurm.py starts a single-node Slurm of its own (Debian's slurm-wlm and munge);
# tests/test_slurm_arrays.py one with accounting too (slurmdbd over a MariaDB of its own)
if [ ! -x /usr/sbin/slurmctld ] || [ ! -x /usr/sbin/slurmd ] || [ ! -x /usr/sbin/munged ] \
        || [ ! -x /usr/sbin/slurmdbd ] || [ ! -x /usr/sbin/mariadbd ]; then
    say "installing slurm-wlm, munge, slurmdbd and mariadb-server with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        slurm-wlm munge slurmdbd mariadb-server >/dev/null
fi
# tests/test_two_hosts.py: PostgreSQL and Redis of its own, a network namespace (iproute2)
# and unshare (util-linux) for host B; the runbook's install block checks its packages
missing=()
for package in python3-venv rsync curl; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v ip >/dev/null || missing+=(iproute2)
command -v unshare >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null
fi
say "ruff"
ruff check motoko_airflow operators sensors motoko tests bench
say "mypy"
mypy
say "pytest"
python -m pytest -q --timeout=900 --durations=30 "$@"
