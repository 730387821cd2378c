#!/usr/bin/env bash
# Set everything up if needed, then run the main job: `motoko run` on a fresh copy of
# examples/routine (mult -> add -> norm), executed as an Airflow DAG in-process; then
# list what ran, print the result and stop the studies' servers.
#   scripts/example.sh                     inputs 2.1 3.2
#   scripts/example.sh --inputs 1 2 3 4    any orchestrator arguments
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
WORK="${MOTOKO_WORKDIR:-$ROOT/.motoko}/routine"
rm -rf "$WORK" && mkdir -p "$(dirname "$WORK")"
cp -r "$ROOT/examples/routine" "$WORK"
[ $# -gt 0 ] || set -- --inputs 2.1 3.2
trap 'motoko kill -w "$WORK"' EXIT
say "motoko run $WORK --run_name example $*"
motoko run "$WORK" --run_name example "$@"
say "motoko info --verbose"
motoko info -w "$WORK" --verbose
python - "$WORK" <<'PY'
import sys
from motoko_airflow.workflow import Workflow
workflow = Workflow(sys.argv[1])
workflow.run_name = "example"
for run, job in workflow.norm.select("state = FINISHED"):
    print(f"result: norm run {run.id} y = {run.y:.12g}")
workflow.kill()
PY
