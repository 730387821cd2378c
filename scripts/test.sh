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
        tests/test_trace_writes.py \
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
if [ $# -gt 0 ]; then
    say "pytest $*"
    exec python -m pytest -q --timeout=900 --durations=30 "$@"
fi
# The whole suite, in pytest sessions side by side: the differential block (each
# orchestrator of tests/differential run natively and on Airflow: CPU-bound) at a lower
# priority, as two sessions of half the cases each (one alone waits on each case's
# studies starting and leaves a core idle), and everything else (mostly waiting on
# schedulers, Slurm, a second host, browsers), which then runs about as fast as alone.
# One after the other they took 80+ min on 2 cores.
DIFFERENTIAL=tests/test_differential.py::test_native_and_airflow_make_the_same_runs
SHARDS=2
differential_logs=()
differential_pids=()
say "pytest: $DIFFERENTIAL in the background (nice 10, $SHARDS sessions), its output at the end"
for shard in $(seq 0 $((SHARDS - 1))); do
    log=$(mktemp /tmp/motoko-differential.XXXXXX.log)
    differential_logs+=("$log")
    MOTOKO_DIFFERENTIAL_SHARD="$shard/$SHARDS" nice -n 10 python -m pytest -q --timeout=900 \
        --durations=15 "$DIFFERENTIAL" >"$log" 2>&1 &
    differential_pids+=($!)
done
trap 'kill -TERM "${differential_pids[@]}" 2>/dev/null || true' INT TERM
say "pytest: the rest of the suite"
status=0
python -m pytest -q --timeout=900 --durations=30 --deselect "$DIFFERENTIAL" || status=$?
say "pytest: the rest of the suite ended (exit $status); waiting for $DIFFERENTIAL"
differential_status=0
for i in "${!differential_pids[@]}"; do
    shard_status=0
    wait "${differential_pids[$i]}" || shard_status=$?
    say "pytest: $DIFFERENTIAL, session $((i + 1)) of $SHARDS (exit $shard_status)"
    cat "${differential_logs[$i]}"
    rm -f "${differential_logs[$i]}"
    [ "$shard_status" -eq 0 ] || differential_status=$shard_status
done
trap - INT TERM
if [ "$status" -ne 0 ] || [ "$differential_status" -ne 0 ]; then
    say "FAILED: the rest of the suite exit $status, the differential block exit $differential_status"
    exit 1
fi
