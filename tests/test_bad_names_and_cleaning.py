"""Bad run names, `motoko clean`, `motoko kill` on a broken workflow, and an empty
`createTask`: as a user meets them, through the `motoko` command in a subprocess, on
real studies and ZEO servers.

Every refused input must exit non-zero with a first line that names the run name, option
or file and says what to do, print no traceback, and leave the runs, their states, their
directories and `.wf/` as they were.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import pty
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES, stop_everything, write_workflow

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
STUDIES = ("mult", "add", "norm")


def motoko(*args: str, stdin: str | None = None, timeout: float = 600
           ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "motoko_airflow", *args], env=ENV,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def assert_refused(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The command failed with ``code``, its first line of stderr says ``words``, and no
    traceback was printed. Returns that line."""
    assert result.returncode == code, result.stdout[-2000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("motoko: error: "), result.stderr
    for word in words:
        assert word in first, (word, first)
    return first


def snapshot(directory: Path) -> dict[str, object]:
    """What a refused command must leave alone: every study's runs (id, run name, state,
    attempt), the files of their run directories, and `.wf/` (but Airflow's home)."""
    from motoko_airflow.blackdynamite import Study

    runs = {}
    for bd in sorted(directory.glob("*/.bd")):
        study = Study(bd.parent)
        with study.server.lease():  # a server started to read is stopped after
            try:
                study.refresh()
                runs[bd.parent.name] = sorted(
                    (int(r.id), r["run_name"], r["state"], r.entries.get("attempt"))
                    for r, _ in study.select(current_only=False))
            finally:
                study.close()
    files = sorted(str(p.relative_to(directory)) for p in directory.glob("*/BD-*-runs/**/*"))
    wf = directory / ".wf"
    state = sorted(str(p.relative_to(wf)) for p in wf.rglob("*")
                   if p.relative_to(wf).parts[0] != "airflow") if wf.is_dir() else None
    return {"runs": runs, "run files": files, ".wf": state}


def runzeo_pids(directory: Path) -> dict[str, int]:
    """The ZEO servers running for the studies of ``directory``, by their pid files."""
    from motoko_airflow import processes

    pids = {}
    for pid_file in directory.glob("*/.bd/zeo.pid"):
        pid = processes.pid_from_file(pid_file, "runzeo", str(pid_file.parent / "zeo.conf"))
        if pid is not None:
            pids[pid_file.parent.parent.name] = pid
    return pids


def alive(pid: int) -> bool:
    from motoko_airflow.processes import alive as running

    return running(pid)


@contextlib.contextmanager
def made_routine(directory: Path) -> Iterator[Path]:
    """The routine example in ``directory``, created, with the runs of run name ``keep``
    FINISHED; everything it started is stopped after the block."""
    shutil.copytree(EXAMPLES / "routine", directory)
    try:
        assert motoko("create", str(directory)).returncode == 0
        done = motoko("orchestrator", "-w", str(directory), "start", "-n", "keep",
                      "--launch", "inline", "--inputs", "1.0", "2.0")
        assert done.returncode == 0, done.stderr
        yield directory
    finally:
        stop_everything(directory)


@pytest.fixture
def routine(tmp_path: Path) -> Iterator[Path]:
    """The routine example, created, with the runs of run name ``keep`` FINISHED."""
    with made_routine(tmp_path / "routine") as directory:
        yield directory


@pytest.fixture(scope="module")
def untouched_routine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One ``routine`` for the tests whose every command must be refused and leave it
    as it was: each compares its own snapshots from before and after."""
    with made_routine(tmp_path_factory.mktemp("refused") / "routine") as directory:
        yield directory


# ---- run names ---------------------------------------------------------------------

BAD_NAMES = {
    "dot_dot_slash": ("../x", "'/'"),        # output files .._x.o<id>: hidden dotfiles
    "blank": ("a b", "' '"),                 # was silently changed to a_b
    "empty": ("", "is empty"),               # was derived from the run id: no resume
    "japanese": ("日本語", "'日'"),           # became 'run', and so did 中文: shared runs
    "chinese": ("中文", "'中'"),
    "too_long": ("a" * 300, "300 characters long"),  # runs FAILED, empty output
    "leading_dot": (".hidden", "starts with '.'"),
}


@pytest.mark.parametrize("case", sorted(BAD_NAMES))
def test_bad_run_names_are_refused_by_orchestrator_start_and_clean(
        untouched_routine: Path, case: str) -> None:
    routine = untouched_routine
    name, why = BAD_NAMES[case]
    before = snapshot(routine)
    for command in (["orchestrator", "-w", str(routine), "start", "-n", name,
                     "--launch", "inline", "--inputs", "3.0"],
                    ["clean", "-w", str(routine), "-n", name, "--yes"]):
        first = assert_refused(motoko(*command), 2, "run name", why, "use letters, digits")
        if command[0] == "clean":
            assert "--run_name/-n" in first
        assert snapshot(routine) == before, command


@pytest.mark.parametrize("case", ["dot_dot_slash", "japanese", "too_long"])
def test_bad_run_names_are_refused_by_motoko_run(untouched_routine: Path, case: str) -> None:
    """`motoko run -n BAD` creates no run (the refusal comes before any task)."""
    routine = untouched_routine
    name, why = BAD_NAMES[case]
    before = snapshot(routine)
    assert_refused(motoko("run", str(routine), "-n", name, "-q", "--inputs", "3.0"), 2,
                   "run name", why, "use letters, digits")
    assert snapshot(routine) == before


def test_run_names_of_dag_runs_given_none_are_stable_and_never_shared() -> None:
    """Airflow run ids hold ':' and '+': the name made from one is the same at every
    call, readable, valid, and differs for ids that differ only in those characters."""
    from motoko_airflow.execution import derive_run_name
    from motoko_airflow.params import check_run_name

    run_id = "manual__2026-11-30T08:19:19.714786+00:00"
    name = derive_run_name(None, run_id)
    assert name == derive_run_name("", run_id) == derive_run_name(None, run_id)
    assert name.startswith("manual__2026-11-30T08_19_19.714786_00_00-")
    assert check_run_name(name) == name
    assert derive_run_name(None, "manual__2026-11-30T08_19_19.714786_00_00") != name
    assert derive_run_name(None, "a:b") != derive_run_name(None, "a+b")
    assert derive_run_name(None, "nightly-1") == "nightly-1"  # a valid id is kept
    for odd in (".x:y", "日本語", ":" * 250, "x" * 250 + ":"):
        made = derive_run_name(None, odd)
        assert check_run_name(made) == made and len(made) <= 100
    assert derive_run_name(None, "x" * 250 + ":") != derive_run_name(None, "x" * 250 + "+")
    assert derive_run_name("given", run_id) == "given"


def test_run_name_param_schema_refuses_bad_names(tmp_path: Path) -> None:
    """The DAG's run_name Param carries the rule: resolving a bad name fails, and so does
    validating a DAG run's conf the way Airflow's trigger form and REST API do (on the
    serialized DAG: HTTP 400)."""
    directory = tmp_path / "routine"
    shutil.copytree(EXAMPLES / "routine", directory)
    names = json.dumps([name for name, _ in BAD_NAMES.values()] + ["x:y", "a\n", "-x"])
    code = textwrap.dedent(f"""
        import json, os, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        from airflow.sdk import Param
        from airflow.serialization.serialized_objects import DagSerialization
        from motoko_airflow.render import workflow_dag

        dag = workflow_dag({str(directory)!r}, dag_id="names")
        served = DagSerialization.from_dict(DagSerialization.to_dict(dag))
        spec = dag.params.get_param("run_name")
        names = {names}
        out = {{"resolve": {{}}, "conf": {{}}, "description": spec.description}}
        for name in names + ["ok-1.b_2", None]:
            param = Param(spec.value, **spec.schema)
            try:
                param.resolve(name)
                out["resolve"][repr(name)] = "ok"
            except Exception as exc:
                out["resolve"][repr(name)] = type(exc).__name__
            try:
                served.params.deep_merge({{"run_name": name, "inputs": [1.0]}}).validate()
                out["conf"][repr(name)] = "ok"
            except Exception as exc:
                out["conf"][repr(name)] = type(exc).__name__ + ": " + str(exc).splitlines()[0]
        print(json.dumps(out))
    """)
    result = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["resolve"].pop("'ok-1.b_2'") == "ok" and found["resolve"].pop("None") == "ok"
    assert found["conf"].pop("'ok-1.b_2'") == "ok" and found["conf"].pop("None") == "ok"
    assert set(found["resolve"].values()) == {"ParamValidationError"}, found["resolve"]
    for name, error in found["conf"].items():
        assert error.startswith("ParamValidationError: Invalid input for param run_name"), \
            (name, error)
    assert "letters, digits, '.', '_' and '-'" in found["description"]


# ---- clean -------------------------------------------------------------------------


def states(directory: Path) -> dict[str, list[str]]:
    return {study: [state for _, _, state, _ in runs]
            for study, runs in snapshot(directory)["runs"].items()}  # type: ignore[attr-defined]


def test_clean_checks_the_constraints_on_every_study_before_touching_any(
        routine: Path) -> None:
    """Regression: `clean --constraints "x > 0"` reset mult's and add's FINISHED runs
    (outputs gone), then failed on norm, which has no field x."""
    before = snapshot(routine)
    first = assert_refused(motoko("clean", "-w", str(routine), "--constraints", "x > 0",
                                  "--yes"), 2, "--constraints", "study norm",
                           "unknown field 'x'", "--bd_study")
    assert "nothing was changed" in first
    assert snapshot(routine) == before
    cleaned = motoko("clean", "-w", str(routine), "-bd", "mult", "--constraints", "x > 0",
                     "--yes")
    assert cleaned.returncode == 0, cleaned.stderr
    assert "mult: reset 2 run(s)" in cleaned.stdout
    assert states(routine) == {"mult": ["CREATED", "CREATED"], "add": ["FINISHED"] * 4,
                               "norm": ["FINISHED"]}


def test_clean_dry_run_lists_and_changes_nothing(routine: Path) -> None:
    assert motoko("kill", "-w", str(routine)).returncode == 0  # servers down
    before = snapshot(routine)
    assert runzeo_pids(routine) == {}  # (snapshot stops what it starts to read)
    listed = motoko("clean", "-w", str(routine), "--dry-run", "--constraints", "runs.id < 3")
    assert listed.returncode == 0, listed.stderr
    assert "mult: would reset 2 run(s): 1 (FINISHED), 2 (FINISHED)" in listed.stdout
    assert "add: would reset 2 run(s): 1 (FINISHED), 2 (FINISHED)" in listed.stdout
    assert "norm: would reset 1 run(s): 1 (FINISHED)" in listed.stdout
    deleting = motoko("clean", "-w", str(routine), "--dry-run", "--delete", "-bd", "norm")
    assert deleting.stdout.strip() == "norm: would delete 1 run(s): 1 (FINISHED)"
    assert runzeo_pids(routine) == {}  # the servers it started for this are stopped
    assert snapshot(routine) == before


def test_clean_of_finished_runs_needs_yes_or_a_yes_on_the_terminal(routine: Path) -> None:
    before = snapshot(routine)
    command = ["clean", "-w", str(routine), "-bd", "add", "--constraints", "runs.id = 1"]
    first = assert_refused(motoko(*command), 1, "FINISHED", "pass --yes")
    assert "nothing was changed" in first
    assert snapshot(routine) == before
    assert on_a_terminal(command, "\n")[0] == 1  # the default answer is no
    assert snapshot(routine) == before
    code, output = on_a_terminal(command, "y\n")
    assert code == 0 and "add: reset 1 run(s)" in output, output
    assert states(routine)["add"] == ["CREATED"] + ["FINISHED"] * 3
    assert not (routine / "add" / "BD-add-runs" / "run-1").exists()  # its output is gone
    # runs that are not FINISHED are reset without asking
    again = motoko("clean", "-w", str(routine), "-bd", "add", "--constraints",
                   "state = CREATED")
    assert again.returncode == 0 and "add: reset 1 run(s)" in again.stdout, again.stderr
    deleted = motoko(*command[:3], "--delete", "--yes", "-bd", "mult")
    assert deleted.returncode == 0 and "mult: deleted 2 run(s)" in deleted.stdout
    assert states(routine)["mult"] == []


def on_a_terminal(args: list[str], answer: str) -> tuple[int, str]:
    """Run ``motoko ARGS`` with a terminal as its stdin and type ``answer``."""
    main, secondary = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "motoko_airflow", *args], env=ENV,
                                   stdin=secondary, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        os.close(secondary)
        os.write(main, answer.encode())
        output, _ = process.communicate(timeout=300)
        return process.returncode, output
    finally:
        os.close(main)


# ---- kill --------------------------------------------------------------------------

NEVER_ENDING = """\
def populate_arg_parser(parser):
    parser.add_argument("--inputs", type=float, nargs="+", default=[1.0])


async def main(workflow, **params):
    workflow.add_action("never", event=lambda: False, f=lambda **kw: None)
"""


def running_workflow(directory: Path) -> dict[str, int]:
    """Servers and launchers of every study, and a detached orchestrator: their pids."""
    (directory / "orchestrator.py").write_text(NEVER_ENDING)
    assert motoko("create", str(directory), "--validated").returncode == 0
    assert motoko("launcher", "-w", str(directory)).returncode == 0
    started = motoko("orchestrator", "-w", str(directory), "start", "-n", "bg", "--detach")
    assert started.returncode == 0, started.stderr
    pids = {f"server {name}": pid for name, pid in runzeo_pids(directory).items()}
    for name in STUDIES:
        pids[f"launcher {name}"] = int((directory / name / ".bd" / "motoko-launcher.pid")
                                       .read_text())
    pids["orchestrator"] = int((directory / ".wf" / "orchestrator.pid").read_text())
    deadline = time.monotonic() + 30
    while "running, pid" not in motoko("orchestrator", "-w", str(directory),
                                       "status").stdout:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert len(pids) == 7 and all(alive(pid) for pid in pids.values()), pids
    return pids


@pytest.mark.parametrize(("broken", "text"), [
    ("motoko.yaml", "task_managers: [mult\n"),
    ("add/bd.yaml", "study: add\njob:\n  x: double\n"),
])
def test_kill_stops_everything_even_when_a_yaml_is_broken(routine: Path, broken: str,
                                                          text: str) -> None:
    pids = running_workflow(routine)
    (routine / broken).write_text(text)
    killed = motoko("kill", "-w", str(routine), "--reset")
    assert_refused(killed, 1, str(routine / broken))
    assert "stopped all the same" in killed.stderr
    assert "nothing deleted" in killed.stderr  # --reset waits for a readable workflow
    assert [what for what, pid in pids.items() if alive(pid)] == []
    assert runzeo_pids(routine) == {}
    assert all((routine / name / ".bd" / "bd.zeo").exists() for name in STUDIES)
    assert (routine / ".wf").is_dir()


def test_kill_without_any_motoko_yaml_stops_nothing(tmp_path: Path) -> None:
    """A directory without motoko.yaml is no workflow: its sub-directories' servers are
    not this command's to stop."""
    other = write_workflow(tmp_path / "other", "async def main(workflow, **params):\n"
                           "    pass\n", {"a": {}})
    try:
        assert motoko("create", str(other)).returncode == 0
        pids = runzeo_pids(other)
        (other / "motoko.yaml").unlink()
        assert_refused(motoko("kill", "-w", str(other)), 2, "no motoko.yaml")
        assert pids and all(alive(pid) for pid in pids.values())
    finally:
        (other / "motoko.yaml").write_text("task_managers:\n  a:\n"
                                           "orchestrator: orchestrator.main\n")
        stop_everything(other)


# ---- createTask of an empty list --------------------------------------------------

EMPTY = """\
async def main(workflow, **params):
    runs = await workflow.a.createTask(x=[])
    for run, job in runs:
        await workflow.b.createTask(x=run.y)
    await workflow.c.createTask(n=len(runs))
"""
DOUBLE = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = 2 * job.{field}
run.finish()
"""


def test_an_empty_list_makes_no_run_and_the_workflow_goes_on_on_both_paths(
        tmp_path: Path) -> None:
    """As Motoko 0.1.4 (BlackDynamite expands x=[] to no job): createTask(x=[]) makes no
    run, awaiting it returns [] at once, and what follows runs: natively (`orchestrator
    start`) and on Airflow (`motoko run`: no task skipped), with the same runs."""
    directory = write_workflow(tmp_path / "empty", EMPTY, {
        "a": {"doit": DOUBLE.format(field="x")}, "b": {"doit": DOUBLE.format(field="x")},
        "c": {"job": "n: int", "doit": DOUBLE.format(field="n")}})
    try:
        assert motoko("create", str(directory)).returncode == 0
        # the two paths are independent (their own run names): both at once
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            started = pool.submit(motoko, "orchestrator", "-w", str(directory), "start",
                                  "-n", "native", "--launch", "inline")
            air = motoko("run", str(directory), "-n", "air")
            native = started.result()
        assert native.returncode == 0, native.stderr
        assert air.returncode == 0, air.stdout[-3000:] + air.stderr[-3000:]
        assert "skipped" not in air.stdout
        from motoko_airflow.workflow import Workflow

        workflow = Workflow(directory)
        try:
            found = {}
            for run_name in ("native", "air"):
                workflow.run_name = run_name
                found[run_name] = {
                    name: sorted((job["n"] if name == "c" else job["x"], run["state"],
                                  getattr(run, "y", None)) for run, job in tm.select())
                    for name, tm in workflow.task_managers.items()}
        finally:
            workflow.close()
        assert found["native"] == found["air"] == {
            "a": [], "b": [], "c": [(0, "FINISHED", 0)]}
    finally:
        stop_everything(directory)
