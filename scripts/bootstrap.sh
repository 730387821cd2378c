# shellcheck shell=bash
# Sourced by the other scripts: make sure .venv exists with motoko-airflow (editable)
# and its test tools installed. Installs python3-venv with apt-get if it is missing.
# Re-installs only when pyproject.toml changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MOTOKO_VENV:-$ROOT/.venv}"

say() { printf '==> %s\n' "$*" >&2; }

find_python() {
    local candidate
    for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x "$VENV/bin/python" ]; then
    PYTHON="$(find_python)" || {
        say "Python >= 3.10 is needed; installing python3 with apt-get"
        apt-get update -qq && apt-get install -y -qq python3 python3-venv >/dev/null
        PYTHON="$(find_python)"
    }
    if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        say "installing python3-venv with apt-get"
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    fi
    say "creating $VENV with $PYTHON"
    "$PYTHON" -m venv "$VENV"
fi

STAMP="$VENV/.motoko-airflow-installed"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
    say "installing motoko-airflow and its dependencies into $VENV (a few minutes the first time)"
    # (this machine's pip configuration names package folders that may not exist:
    # its one warning per package is dropped, everything else is shown)
    "$VENV/bin/python" -m pip install --quiet --upgrade pip \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test]" \
        2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    # the build leaves an egg-info in the checkout: a Python started there would see the
    # airflow.plugins entry point twice (once from it, once from the installed metadata)
    rm -rf "$ROOT/motoko_airflow.egg-info"
    echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
# Byte-compile the checkout's packages (a no-op when nothing changed): where
# PYTHONDONTWRITEBYTECODE is set, Python never writes __pycache__ but still reads it, and
# every process the tests start (a `motoko run` per differential case) would otherwise
# compile about 26,000 lines of this project again (≈ 0.4 s of CPU each).
"$VENV/bin/python" -m compileall -q "$ROOT/motoko_airflow" "$ROOT/operators" \
    "$ROOT/sensors" "$ROOT/motoko" || say "byte-compiling failed (see above); going on"
