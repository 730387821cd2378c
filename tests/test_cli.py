"""The motoko command, run as a user runs it (a subprocess), on real workflows."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES, stop_everything, write_workflow

MOTOKO = [sys.executable, "-m", "motoko_airflow"]
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def motoko(*args: str, cwd: Path | None = None, stdin: str | None = None,
           timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MOTOKO, *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=ENV)


@pytest.fixture
def routine(tmp_path: Path):
    directory = tmp_path / "routine"
    shutil.copytree(EXAMPLES / "routine", directory)
    yield directory
    stop_everything(directory)


def test_help_teaches_every_command() -> None:
    commands = ("create", "launcher", "orchestrator", "info", "kill", "clean", "trace")
    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # independent: several at once
        top = pool.submit(motoko, "--help")
        subs = [pool.submit(motoko, command, "--help") for command in commands]
        orchestrator = [pool.submit(motoko, "orchestrator", what, "--help")
                        for what in ("start", "stop", "status")]
    assert top.result().returncode == 0
    for command, sub in zip(commands, subs, strict=True):
        assert command in top.result().stdout
        assert sub.result().returncode == 0, sub.result().stderr
        assert "-h, --help" in sub.result().stdout
    for done in orchestrator:
        assert done.result().returncode == 0


def test_orchestrator_help_shows_the_workflows_own_options(routine: Path) -> None:
    result = motoko("orchestrator", "start", "--help", cwd=routine)
    assert "--inputs" in result.stdout and "the values to sweep" in result.stdout
    result = motoko("orchestrator", "-w", str(routine), "start", "--help")
    assert "--inputs" in result.stdout


def test_routine_end_to_end_with_launcher_daemons(routine: Path) -> None:
    created = motoko("create", str(routine))
    assert created.returncode == 0, created.stderr
    assert "created study mult" in created.stdout
    launched = motoko("launcher", "-w", str(routine))
    assert launched.returncode == 0, launched.stderr
    assert launched.stdout.count("launcher of") == 3
    run = motoko("orchestrator", "start", "--run_name", "cli", "--inputs", "2.1", "3.2",
                  cwd=routine)
    assert run.returncode == 0, run.stderr
    assert "workflow cli finished" in run.stdout
    info = motoko("info", "--verbose", "-w", str(routine))
    assert info.returncode == 0
    assert "cli                      FINISHED     4" in info.stdout
    assert "launcher: pid" in info.stdout
    killed = motoko("kill", "--verbose", cwd=routine)
    assert killed.returncode == 0
    assert killed.stdout.count("server stopped") == 3
    info = motoko("info", "-w", str(routine))
    assert info.stdout.count("server: stopped") == 3
    assert "launcher: not running" in info.stdout


def test_create_on_existing_data_asks_and_defaults_to_no(routine: Path) -> None:
    assert motoko("create", str(routine)).returncode == 0
    run = motoko("orchestrator", "-w", str(routine), "start", "-n", "keep", "--launch",
                 "inline", "--inputs", "1.0")
    assert run.returncode == 0, run.stderr
    again = motoko("create", str(routine), stdin="\n")
    assert again.returncode == 1
    assert "nothing was changed" in again.stderr
    assert "keep                     FINISHED     1" in motoko("info", "-w", str(routine)).stdout
    assert motoko("create", str(routine), "--validated").returncode == 0
    assert motoko("info", "-w", str(routine)).stdout.count("no runs") == 3


def test_clean_resets_runs(routine: Path) -> None:
    motoko("create", str(routine))
    motoko("orchestrator", "-w", str(routine), "start", "-n", "c", "--launch", "inline",
           "--inputs", "1.0")
    cleaned = motoko("clean", "-w", str(routine), "--bd_study", "add", "--constraints",
                     "runs.id = 1", "--yes")  # FINISHED runs: --yes, or asked
    assert cleaned.returncode == 0, cleaned.stderr
    assert "add: reset 1 run(s)" in cleaned.stdout
    info = motoko("info", "-w", str(routine), "-bd", "add").stdout
    assert "CREATED      1" in info and "FINISHED     1" in info
    deleted = motoko("clean", "-w", str(routine), "--delete", "--yes")
    assert "mult: deleted 1 run(s)" in deleted.stdout


def test_detached_orchestrator_status_and_stop(routine: Path, tmp_path: Path) -> None:
    (routine / "orchestrator.py").write_text(
        "import asyncio\n\nasync def main(workflow, **params):\n"
        "    workflow.add_action('never', event=lambda: False, f=lambda **kw: None)\n")
    motoko("create", str(routine))
    started = motoko("orchestrator", "-w", str(routine), "start", "-n", "bg", "--detach")
    assert started.returncode == 0, started.stderr
    assert "pid" in started.stdout
    deadline = time.monotonic() + 30
    while "running, pid" not in motoko("orchestrator", "-w", str(routine), "status").stdout:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    again = motoko("orchestrator", "-w", str(routine), "start", "-n", "bg", "--detach")
    assert again.returncode != 0 and "already runs" in again.stderr
    stopped = motoko("orchestrator", "-w", str(routine), "stop")
    assert "stopped orchestrator pid" in stopped.stdout
    assert "not running" in motoko("orchestrator", "-w", str(routine), "status").stdout
    assert (routine / ".wf" / "wf.log").exists()


def test_orchestrator_exception_exits_non_zero_with_one_traceback(tmp_path: Path) -> None:
    directory = write_workflow(tmp_path / "wf", """
        async def main(workflow, **params):
            raise ValueError("bad orchestrator")
    """, {"a": {}})
    try:
        assert motoko("create", str(directory)).returncode == 0
        result = motoko("orchestrator", "-w", str(directory), "start", "-n", "x")
        assert result.returncode == 1
        assert result.stderr.count("Traceback (most recent call last)") == 1
        assert "ValueError: bad orchestrator" in result.stderr
    finally:
        stop_everything(directory)


def test_optional_orchestrator_arguments_without_default_reach_params(tmp_path: Path) -> None:
    directory = write_workflow(tmp_path / "wf", """
        def populate_arg_parser(parser):
            parser.add_argument("--label", type=str)
            parser.add_argument("--x", type=float, default=1.5)

        async def main(workflow, **params):
            workflow.vars.seen = dict(params)
    """, {"a": {}})
    try:
        motoko("create", str(directory))
        result = motoko("orchestrator", "-w", str(directory), "start", "-n", "p")
        assert result.returncode == 0, result.stderr
        from motoko_airflow.workflow import Workflow

        wf = Workflow(directory)
        wf.run_name = "p"
        assert wf.vars.seen == {"label": None, "x": 1.5, "run_name": "p"}
    finally:
        stop_everything(directory)


def test_run_names_bd_cannot_match_are_refused_not_rewritten(routine: Path) -> None:
    """Rewriting made two names one (they shared their runs): the name is refused, with
    the alphabet and a suggestion (tests/test_bad_names_and_cleaning.py has the rest)."""
    motoko("create", str(routine))
    result = motoko("orchestrator", "-w", str(routine), "start", "-n", "a:b+c", "--launch",
                    "inline", "--inputs", "1.0")
    assert result.returncode == 2
    assert "run name 'a:b+c' holds ':', '+'; use letters, digits" in result.stderr
    assert "e.g. 'a_b_c'" in result.stderr
    assert motoko("info", "-w", str(routine)).stdout.count("no runs") == 3


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda d: (d / "motoko.yaml").write_text("task_managers:\n  ../x:\n"
                                              "orchestrator: orchestrator.main\n"),
     "not a plain directory"),
    (lambda d: (d / "motoko.yaml").unlink(), "no motoko.yaml in this directory"),
    (lambda d: (d / "motoko.yaml").write_text("task_managers:\n  mult:\norchestrator: o\n"),
     "is not module.function"),
    (lambda d: (d / "mult" / "bd.yaml").write_text("study: mult\njob:\n  x: double\n"),
     "type 'double' is not one of"),
])
def test_bad_input_is_one_line_and_non_zero(routine: Path, mutate, message: str) -> None:
    mutate(routine)
    result = motoko("create", str(routine), "--validated")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("motoko: error: ")
    assert not (routine / "mult" / ".bd").exists()  # nothing half-created


def test_bad_job_parameter_from_the_orchestrator(tmp_path: Path) -> None:
    directory = write_workflow(tmp_path / "wf", """
        async def main(workflow, **params):
            await workflow.a.createTask(y=1.0)
    """, {"a": {}})
    try:
        motoko("create", str(directory))
        result = motoko("orchestrator", "-w", str(directory), "start", "-n", "x")
        assert result.returncode == 2
        assert "'y' is not a job parameter of this study" in result.stderr
        assert "declares: x" in result.stderr
    finally:
        stop_everything(directory)


def test_unknown_study_for_bd_study(routine: Path) -> None:
    result = motoko("info", "-w", str(routine), "--bd_study", "mul")
    assert result.returncode == 2
    assert "Did you mean 'mult'" in result.stderr


def test_events_example_with_launcher_daemons(tmp_path: Path) -> None:
    directory = tmp_path / "events"
    shutil.copytree(EXAMPLES / "events", directory)
    try:
        assert motoko("create", str(directory)).returncode == 0
        assert motoko("launcher", "-w", str(directory)).returncode == 0
        run = motoko("orchestrator", "-w", str(directory), "start", "-n", "bis",
                     "--tolerance", "0.001")
        assert run.returncode == 0, run.stderr[-3000:]
        assert "root: 1.52" in run.stdout
        info = motoko("info", "-w", str(directory)).stdout
        assert "bis" in info and "FORWARDED" in info
    finally:
        stop_everything(directory)


def test_motoko_run_collects_no_garbage_while_starting_up_and_as_before_after() -> None:
    import gc

    from motoko_airflow.run_command import _StartUp

    assert gc.isenabled()
    unfrozen = gc.get_freeze_count() == 0
    start_up = _StartUp()
    start_up.begin()
    try:
        assert not gc.isenabled()
        frozen = gc.get_freeze_count()
        made = [[n] for n in range(1000)]  # objects start-up made, alive after it
        start_up.end()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(made)
    finally:
        start_up.restore()
    assert gc.isenabled()

    gc.disable()  # a process that had collection off keeps it off
    try:
        off = _StartUp()
        off.begin()
        off.end()
        assert not gc.isenabled()
        off.restore()
        assert not gc.isenabled()
    finally:
        gc.enable()
        if unfrozen:  # as this test process was (the trace's tests check it)
            gc.unfreeze()
