"""Differential tests of the tracer: the native runtime is the oracle.

Every case of tests/differential/ (one workflow directory each, written by
tests/differential/make_cases.py) runs twice in one copy of its directory:

1. natively, in this process: ``Workflow.execute(**params)`` with run name ``native``
   and runs launched inline;
2. on Airflow: ``motoko run DIR -n air -q ARGS...`` in a process of its own (no
   ``--fallback``), forked by a fork server that has imported Airflow already
   (tests/forkserver.py: 2 s of CPU saved per case); the fork servers' Airflow homes
   hold the metadata DB their cases share, one DAG id per case.

Both halves' runs (``launch.sh``, ``python doIt.py``) execute their ``doIt.py`` in an
interpreter forked from one that has imported BlackDynamite already (tests/runserver.py:
the copy of a case ends its ``launch.sh`` with that server's client instead of
``python``); the launcher, its wrapper and the exit file are as for any run. Measured on
41 cases: the block's CPU from 375 s to 162 s (with the client in C).

Its orchestrator, traced as ``motoko run`` traces it, with the case's params
(``test_case_traces``, no Airflow, one test per case), gives a graph that must hold no
fallback node (or, for a case marked ``"partial": true``, exactly one fallback node and
at least one create_task node; for one marked ``"fallback": true``, only the fallback
node: main runs natively as one task, ``motoko run --fallback``); a case with
``"segments": n`` has exactly n segment nodes (a statement of main run natively as one
task, the steps after it compiled).

A case marked ``"raises": "Name: message"`` is one where ``main`` fails: the native run
must raise that exception, and ``motoko run`` must fail (exit 1) naming a failed task
with it (``<task> failed: Name: message``), as the fallback task does.

The two halves are independent (their own run names in studies created once before
either starts), and so are the cases: a case's Airflow half (its subprocesses) starts
when the test three before it begins (``AHEAD``), and runs while those tests and then its
own native half execute in this process (at most four Airflow halves at once: on 2
cores that keeps both busy); each test's checks come
after, in the order above, and it stops everything its case started. scripts/test.sh
runs this test as two sessions side by side, each given half the cases
(``MOTOKO_DIFFERENTIAL_SHARD=K/N``): one session waits on each case's studies starting.

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
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, stop_everything
from forkserver import ForkServers
from runserver import RunServer

CORPUS = Path(__file__).parent / "differential"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.json").is_file())


def _shard(cases: list[str]) -> list[str]:
    """The cases this session runs both ways: ``MOTOKO_DIFFERENTIAL_SHARD=K/N`` takes every
    Nth from the Kth (scripts/test.sh runs the block as two sessions side by side: one
    alone waits on each case's studies starting and its runs, and leaves a core idle)."""
    shard = os.environ.get("MOTOKO_DIFFERENTIAL_SHARD")
    if not shard:
        return cases
    k, _, n = shard.partition("/")
    if not (k.isdigit() and n.isdigit() and int(k) < int(n)):
        raise ValueError(f"MOTOKO_DIFFERENTIAL_SHARD={shard!r}: expected K/N, 0 <= K < N")
    return cases[int(k)::int(n)]


BOTH_WAYS = _shard(CASES)
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
NATIVE, AIR = "native", "air"
REL_TOL = 1e-12

#: Run fields that are bookkeeping (BlackDynamite's, Motoko's, this project's), not
#: outputs of doIt.py: everything else set on a run is an output and is compared.
#: (If the Airflow side starts writing a new bookkeeping field, add it here.)
BOOKKEEPING = {
    "id", "machine_name", "run_path", "job_id", "nproc", "run_name", "state", "exec",
    "last_step", "last_step_time", "start_time", "workflow", "event_name", "attempt",
    "retry_token", "superseded_by", "blackdynamite_version", "launched_by", "dag_id",
}


def load_case(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / name / "case.json").read_text())


class Command:
    """A ``motoko`` command started in the background, its output in files: forked by
    one of ``servers`` (Airflow imported already, see tests/forkserver.py)."""

    def __init__(self, servers: ForkServers, output: Path, label: str, *args: str) -> None:
        self.out, self.err = output / f"{label}.out", output / f"{label}.err"
        self.process = servers.start(list(args), self.out, self.err)

    def result(self, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        """Wait for it (killed after ``timeout`` s, as ``subprocess.run`` does)."""
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        return subprocess.CompletedProcess(self.process.args, code, self.out.read_text(),
                                           self.err.read_text())

    def stop(self) -> None:
        """If it still runs (its test failed before waiting for it): SIGTERM, which
        `motoko run` answers by stopping its runs, then SIGKILL after a minute."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


#: A study's ``launch.sh`` in the corpus ends so; the copy a test runs ends with the run
#: server's client instead (tests/runserver.py), the interpreter of its runs.
PLAIN_LAUNCH = "\npython doIt.py\n"


#: Cases whose Airflow half starts before their own test, besides the running one's.
AHEAD = 3


class StartedCase:
    """A copy of a case, its studies created and its Airflow half started: ``motoko
    run`` in the background."""

    def __init__(self, servers: ForkServers, runs: RunServer, root: Path, name: str) -> None:
        self.servers = servers
        self.runs = runs
        self.name = name
        self.root = root
        # a short path: a study's ZEO unix socket (<dir>/<study>/.bd/zeo.socket) must stay
        # under the 107-byte AF_UNIX limit
        self.directory = root / "case"
        self.commands: list[Command] = []
        self.error: BaseException | None = None  # what made its start fail
        self.stopped = False

    def start(self) -> None:
        """Copy, create, start both commands (each kept as soon as it runs, for
        :meth:`stop`); an error is kept for the case's own test to raise."""
        try:
            shutil.copytree(CORPUS / self.name, self.directory,
                            ignore=shutil.ignore_patterns(".bd", "BD-*", ".wf", "__pycache__"))
            for launch in self.directory.glob("*/launch.sh"):  # the runs' interpreters
                text = launch.read_text()
                if text.endswith(PLAIN_LAUNCH):
                    launch.write_text(text.removesuffix(PLAIN_LAUNCH)
                                      + f"\n{self.runs.launch_line()} doIt.py\n")
            create_studies(self.directory)
            spec = load_case(self.name)
            self.commands.append(
                Command(self.servers, self.root, "run", "run", str(self.directory), "-n", AIR, "-q",
                        "--dag-id", self.name, "--timeout", "300",
                        *(["--fallback"] if spec.get("fallback") else []), *spec["args"]))
        except Exception as exc:  # its own test reports it
            self.error = exc

    def stop(self) -> None:
        """Its commands if they still run, then everything the case started."""
        if self.stopped:
            return
        self.stopped = True
        try:
            for command in self.commands:
                command.stop()
        finally:
            stop_case(self.directory)


class Cases:
    """The cases of the module's tests, started in the order the tests run."""

    def __init__(self, factory: pytest.TempPathFactory, order: list[str]) -> None:
        self.factory = factory
        # as many as Airflow halves run at once: this test's and the next AHEAD ones
        self.servers = ForkServers(factory.mktemp("forkservers"), ENV, 1 + AHEAD)
        try:
            from motoko_airflow.blackdynamite import run_environment

            # the environment the launcher gives a run: the run server imports in it
            self.runs = RunServer(factory.mktemp("runserver"), run_environment(ENV))
        except BaseException:
            self.servers.close()
            raise
        self.order = order
        self.started: dict[str, StartedCase] = {}

    def start(self, name: str) -> StartedCase:
        if name not in self.started:
            # known before it starts anything: stop() reaches whatever it started
            case = self.started[name] = StartedCase(self.servers, self.runs,
                                                    self.factory.mktemp("c"), name)
            case.start()
        return self.started[name]

    def take(self, name: str) -> StartedCase:
        """``name``'s case, once the next cases' Airflow halves are started too."""
        case = self.start(name)
        if name in self.order:
            position = self.order.index(name)
            for later in self.order[position + 1:position + 1 + AHEAD]:
                self.start(later)
        if case.error is not None:
            raise case.error
        return case

    def stop(self) -> None:
        """Every case, whatever stopping one of them raised (the first error is raised
        after), then the fork servers."""
        errors: list[BaseException] = []
        for case in self.started.values():
            try:
                case.stop()
            except BaseException as error:  # the first one is raised below
                errors.append(error)
        self.servers.close()
        self.runs.close()
        if errors:
            raise errors[0]


@pytest.fixture(scope="module")
def cases(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cases]:
    """Whatever a case started and its test did not stop (the session was interrupted)
    is stopped at the end of the module."""
    order = [item.callspec.params["name"] for item in request.session.items
             if getattr(item, "originalname", "") == "test_native_and_airflow_make_the_same_runs"
             and item.module is request.module]
    started = Cases(tmp_path_factory, order)
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def case(request: pytest.FixtureRequest, cases: Cases) -> Iterator[StartedCase]:
    """This test's started case; everything it started (runs, launchers, ZEO servers,
    its commands if still running) is stopped afterwards, whatever the outcome."""
    started = cases.take(request.node.callspec.params["name"])
    try:
        yield started
    finally:
        started.stop()


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


def create_studies(directory: Path) -> None:
    """Both halves' studies, made before either half starts."""
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        assert wf.create(validated=True)
    finally:
        wf.close()  # the servers stay up for both halves; the fixture stops them


def run_native(directory: Path, params: dict[str, Any]) -> None:
    """``main`` with Motoko's loop, in the workflow directory (where Motoko's commands
    run), the working directory put back after (``main`` may change it)."""
    from motoko_airflow.config import in_workflow_directory
    from motoko_airflow.workflow import Workflow

    wf = Workflow(directory)
    try:
        wf.run_name = NATIVE
        wf.launch_inline()
        try:
            with in_workflow_directory(directory):
                wf.execute(**params)
        except Exception:
            # main failed with runs of routines still executing (Motoko's launcher
            # daemons would finish them): their scripts end before the runs are read
            wf.wait_launched()
            raise
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


def unfinished(all_records: dict[str, dict[int, dict[str, Any]]]) -> str:
    """Why runs did not finish: their failure reason and the ends of their outputs."""
    lines = []
    for study, runs in all_records.items():
        for run_id, record in runs.items():
            if record["state"] == "FINISHED":
                continue
            run = record["run"]
            lines.append(f"{study} run {run_id}: {record['state']} "
                         f"({run.get('failure_reason', 'no reason recorded')})")
            run_dir = Path(str(run.get("run_path") or "/nonexistent"))
            for output in sorted(run_dir.glob("*.[oe][0-9]*")) + sorted(
                    run_dir.glob(".motoko-*")):
                text = output.read_text(errors="replace")[-2000:]
                lines.append(f"--- {output.name}:\n{text}")
    return "\n".join(lines)


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
    """Equal and of the same types (an int is not a float, a tuple not a list), floats
    within a relative tolerance of 1e-12."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


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


def _taken(path: Path) -> bytes | None:
    """A file's bytes (None: not there), removed for the other half to write."""
    if not path.exists():
        return None
    data = path.read_bytes()
    path.unlink()
    return data


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


@pytest.mark.parametrize("name", BOTH_WAYS)
def test_native_and_airflow_make_the_same_runs(name: str, case: StartedCase) -> None:
    spec = load_case(name)
    directory = case.directory

    # the Airflow half runs in its subprocesses (started already) while the native half
    # runs here
    started = time.monotonic()
    raises = spec.get("raises")  # main fails: both halves must fail with its exception
    written = spec.get("writes", [])
    theirs = {}
    if written:  # both halves write the same files: the Airflow half first, then main
        result = case.commands[0].result()
        theirs = {name: _taken(directory / name) for name in written}
    if raises:
        with pytest.raises(Exception) as failure:
            run_native(directory, spec["params"])
        assert f"{type(failure.value).__name__}: {failure.value}" == raises
    else:
        run_native(directory, spec["params"])
    native_seconds = time.monotonic() - started
    result = case.commands[0].result()  # motoko run
    for name in written:
        mine = (directory / name).read_bytes() if (directory / name).exists() else None
        assert theirs[name] == mine, (
            f"{name}: natively {mine!r}, on Airflow {theirs[name]!r}\n"
            + result.stdout[-3000:] + result.stderr[-3000:])

    native = records(directory, NATIVE)
    assert any(native.values()), "the native run made no runs"
    states = {r["state"] for runs in native.values() for r in runs.values()}
    assert states == {"FINISHED"}, (
        f"native runs not all FINISHED: {states}\n" + unfinished(native))

    if raises:
        # the DAG run fails, and `motoko run` shows the failed task with main's error
        assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-5000:]
        assert f" failed: {raises}\n" in result.stdout + result.stderr, (
            result.stdout[-3000:] + result.stderr[-5000:])
    else:
        assert result.returncode == 0, (
            f"motoko run failed (native part took {native_seconds:.1f} s)\n"
            + result.stdout[-3000:] + result.stderr[-5000:])

    compare(directory)


@pytest.mark.parametrize("name", CASES)
def test_case_traces(name: str, tmp_path: Path) -> None:
    """No Airflow: the tracer accepts the orchestrator as ``motoko run`` traces it (with
    the case's params), and compiles what the case says (a partial case falls back for
    one part, as one fallback node after create_task or segment nodes; a fallback case is one
    fallback node; a segment case has its segments; the files its write steps write are
    those its ``writes`` lists, compared both ways)."""
    from motoko_airflow import graph as g
    from motoko_airflow.trace import trace

    directory = tmp_path / "case"
    shutil.copytree(CORPUS / name, directory)
    # with the case's params, as `motoko run` traces it: the graph its Airflow half runs
    graph = trace(directory, values=load_case(name)["params"],
                  fallback=bool(load_case(name).get("fallback")))
    kinds = [node.kind for node in graph.nodes]
    assert kinds.count("segment") == load_case(name).get("segments", 0), kinds
    written = sorted({str((directory / n.path).resolve().relative_to(directory.resolve()))
                      for n in graph.nodes if isinstance(n, g.WriteNode)})
    assert written == sorted(load_case(name).get("writes", [])), written  # compared
    if load_case(name).get("fallback"):
        assert kinds == ["fallback"], kinds
    elif load_case(name).get("partial"):
        assert kinds.count("fallback") == 1, kinds
        assert {"create_task", "segment", "write"} & set(kinds), kinds  # something before it
    else:
        assert "fallback" not in kinds, kinds


@pytest.mark.parametrize("name", CASES)
def test_case_args_mean_its_params(name: str) -> None:
    """case.json's ``args`` (for `motoko run`) parse to exactly its ``params`` (for
    ``Workflow.execute``), through the orchestrator's own populate_arg_parser."""
    case = load_case(name)
    source = CORPUS / name / "orchestrator.py"
    module = types.ModuleType(f"differential_{name}")  # in sys.modules: @dataclass reads it
    module.__file__ = str(source)
    namespace: dict[str, Any] = vars(module)
    sys.modules[module.__name__] = module
    sys.path.insert(0, str(source.parent))  # its helper modules
    sys.dont_write_bytecode, before = True, sys.dont_write_bytecode  # no __pycache__
    try:
        exec(compile(source.read_text(), str(source), "exec"), namespace)
    finally:
        sys.path.remove(str(source.parent))
        sys.modules.pop(module.__name__, None)
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
