"""Differential tests of the tracer: the native runtime is the oracle.

Every case of tests/differential/ (one workflow directory each, written by
tests/differential/make_cases.py) runs twice in one copy of its directory:

1. natively, in this process: ``Workflow.execute(**params)`` with run name ``native``
   and runs launched inline;
2. on Airflow: ``motoko run DIR -n air -q ARGS...`` in a subprocess (no ``--fallback``),
   after checking with ``motoko trace --format json`` that the graph holds no fallback
   node (or, for a case marked ``"partial": true``, exactly one fallback node and at
   least one create_task node).

Then, study by study, the runs of ``native`` and of ``air`` must be the same multiset of
(job parameters, run outputs, state). Run ids differ between the two run names, so a job
field ``<study>_ids`` (a list) or ``<study>_id`` (an int) — the corpus's convention for
fields holding run ids of ``<study>`` — is replaced by the canonical key of each run it
names (its job parameters and outputs, themselves normalised). Id lists are compared in
order: createTask returns runs in job order and the corpus's fan-ins are ordered. Floats
compare with a relative tolerance of 1e-12.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, stop_everything

CORPUS = Path(__file__).parent / "differential"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.json").is_file())
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
NATIVE, AIR = "native", "air"
REL_TOL = 1e-12

#: Run fields that are bookkeeping (BlackDynamite's, Motoko's, this project's), not
#: outputs of doIt.py: everything else set on a run is an output and is compared.
#: (If the Airflow side starts writing a new bookkeeping field, add it here.)
BOOKKEEPING = {
    "id", "machine_name", "run_path", "job_id", "nproc", "run_name", "state", "exec",
    "last_step", "last_step_time", "start_time", "workflow", "event_name", "attempt",
    "retry_token", "superseded_by", "blackdynamite_version", "launched_by",
}


def load_case(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / name / "case.json").read_text())


def motoko(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "motoko_airflow", *args], env=ENV,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def case_dir(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``copy(name)`` -> a fresh copy of the case in tmp_path; everything it started
    (runs, launchers, ZEO servers) is stopped afterwards, whatever the outcome."""
    made: list[Path] = []

    def copy(name: str) -> Path:
        # a short name: a study's ZEO unix socket (<dir>/<study>/.bd/zeo.socket) must stay
        # under the 107-byte AF_UNIX limit inside pytest's long tmp_path
        target = tmp_path / "case"
        shutil.copytree(CORPUS / name, target, ignore=shutil.ignore_patterns(
            ".bd", "BD-*", ".wf", "__pycache__"))
        made.append(target)
        return target

    yield copy
    for directory in made:
        stop_case(directory)


def stop_case(directory: Path) -> None:
    """``stop_everything`` (by pid files); should the command line itself be broken (the
    tree is being rewritten), stop the runs, launchers and servers through the runtime
    directly, then re-raise: no server outlives the test either way."""
    try:
        stop_everything(directory)
    except BaseException:
        from motoko_airflow.launcher import stop_runs
        from motoko_airflow.workflow import Workflow

        wf = Workflow(directory)
        for tm in wf.studies():
            if tm.bd.exists and tm.bd.server_status() == "running":
                stop_runs(tm.bd)
        wf.kill()
        raise


# ---- the native run and the comparison --------------------------------------------------


def run_native(directory: Path, params: dict[str, Any]) -> None:
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        assert wf.create(validated=True)
        wf.run_name = NATIVE
        wf.launch_inline()
        wf.execute(**params)
    finally:
        wf.close()  # the servers stay up for `motoko run`; the fixture stops them


def records(directory: Path, run_name: str) -> dict[str, dict[int, dict[str, Any]]]:
    """study -> run id -> run_record, for the current runs of one run name."""
    from motoko_airflow.blackdynamite import run_record
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        out: dict[str, dict[int, dict[str, Any]]] = {}
        for name in wf.task_managers:
            study = wf.task_manager(name).bd
            study.refresh()
            out[name] = {int(r.id): run_record(name, r, j)
                         for r, j in study.select(run_name=run_name, current_only=True)}
        return out
    finally:
        wf.close()


def canonical(all_records: dict[str, dict[int, dict[str, Any]]], record: dict[str, Any],
              with_state: bool = True, depth: int = 0) -> dict[str, Any]:
    """A run as comparable data: job parameters (run ids replaced by the canonical key of
    the runs they name), outputs and state."""
    assert depth < 20, "cyclic run references"

    def ref(study: str, run_id: Any) -> Any:
        target = all_records.get(study, {}).get(int(run_id))
        if target is None:  # not a run of this run name: keep it visible in the diff
            return {"missing run": f"{study}.{run_id}"}
        return canonical(all_records, target, with_state=False, depth=depth + 1)

    job: dict[str, Any] = {}
    for field, value in record["job"].items():
        if field == "id":
            continue
        if field.endswith("_ids") and field[:-4] in all_records and isinstance(value, list):
            job[field] = [ref(field[:-4], i) for i in value]  # in order: positions matter
        elif field.endswith("_id") and field[:-3] in all_records and value is not None:
            job[field] = ref(field[:-3], value)
        else:
            job[field] = value
    outputs = {k: v for k, v in record["run"].items() if k not in BOOKKEEPING}
    key: dict[str, Any] = {"job": job, "outputs": outputs}
    if with_state:
        key["state"] = record["state"]
    return key


def same(a: Any, b: Any) -> bool:
    """Equal, floats within a relative tolerance of 1e-12 (bools and ints exactly)."""
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return False
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def unmatched(left: list[Any], right: list[Any]) -> tuple[list[Any], list[Any]]:
    """Multiset difference under ``same``: (only in left, only in right)."""
    rest = list(right)
    only_left = []
    for item in left:
        for k, other in enumerate(rest):
            if same(item, other):
                del rest[k]
                break
        else:
            only_left.append(item)
    return only_left, rest


def compare(directory: Path) -> None:
    native, air = records(directory, NATIVE), records(directory, AIR)
    assert native.keys() == air.keys()
    problems = []
    for study in native:
        mine = [canonical(native, r) for _, r in sorted(native[study].items())]
        theirs = [canonical(air, r) for _, r in sorted(air[study].items())]
        if len(mine) != len(theirs):
            problems.append(f"{study}: {len(mine)} native run(s), {len(theirs)} on Airflow")
        only_native, only_air = unmatched(mine, theirs)
        if only_native or only_air:
            problems.append(f"{study}: only native {json.dumps(only_native)}; "
                            f"only on Airflow {json.dumps(only_air)}")
    assert not problems, "\n".join(problems)


# ---- the tests --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_native_and_airflow_make_the_same_runs(name: str, case_dir) -> None:
    case = load_case(name)
    directory = case_dir(name)

    started = time.monotonic()
    run_native(directory, case["params"])
    native_seconds = time.monotonic() - started
    native = records(directory, NATIVE)
    assert any(native.values()), "the native run made no runs"
    states = {r["state"] for runs in native.values() for r in runs.values()}
    assert states == {"FINISHED"}, f"native runs not all FINISHED: {states}"

    traced = motoko("trace", str(directory), "--format", "json")
    assert traced.returncode == 0, traced.stderr[-5000:]
    kinds = [node["kind"] for node in json.loads(traced.stdout)["nodes"]]
    if case.get("partial"):
        assert kinds.count("fallback") == 1, kinds
        assert "create_task" in kinds, kinds
    else:
        assert "fallback" not in kinds, kinds

    result = motoko("run", str(directory), "-n", AIR, "-q", "--dag-id", name,
                    "--timeout", "300", *case["args"])
    assert result.returncode == 0, (
        f"motoko run failed (native part took {native_seconds:.1f} s)\n"
        + result.stdout[-3000:] + result.stderr[-5000:])

    compare(directory)


@pytest.mark.parametrize("name", CASES)
def test_case_traces(name: str, tmp_path: Path) -> None:
    """No Airflow: the tracer accepts the orchestrator (a partial case may fall back for
    one part, as one fallback node beside its create_task nodes)."""
    from motoko_airflow.trace import trace

    directory = tmp_path / "case"
    shutil.copytree(CORPUS / name, directory)
    graph = trace(directory)
    kinds = [node.kind for node in graph.nodes]
    if load_case(name).get("partial"):
        assert kinds.count("fallback") == 1, kinds
        assert "create_task" in kinds, kinds
    else:
        assert "fallback" not in kinds, kinds


@pytest.mark.parametrize("name", CASES)
def test_case_args_mean_its_params(name: str) -> None:
    """case.json's ``args`` (for `motoko run`) parse to exactly its ``params`` (for
    ``Workflow.execute``), through the orchestrator's own populate_arg_parser."""
    case = load_case(name)
    source = CORPUS / name / "orchestrator.py"
    namespace: dict[str, Any] = {"__name__": f"differential_{name}"}
    sys.path.insert(0, str(source.parent))  # its helper modules
    sys.dont_write_bytecode, before = True, sys.dont_write_bytecode  # no __pycache__
    try:
        exec(compile(source.read_text(), str(source), "exec"), namespace)
    finally:
        sys.path.remove(str(source.parent))
        sys.dont_write_bytecode = before
        for module in [m for m, v in sys.modules.items()
                       if (getattr(v, "__file__", None) or "").startswith(
                           str(source.parent) + os.sep)]:
            del sys.modules[module]
    parser = argparse.ArgumentParser()
    if "populate_arg_parser" in namespace:
        namespace["populate_arg_parser"](parser)
    parsed = vars(parser.parse_args(case["args"]))
    assert same(parsed, case["params"]), (parsed, case["params"])
    assert case["idiom"] and isinstance(case.get("partial", False), bool)
