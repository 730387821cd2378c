"""Faults under `motoko run`: signals, a crashed command, two commands at once, a lost
ZEO server, a full disk. Each case checks the final run states, the run counts per job
(nothing duplicated or lost), the result, and that no process is left running.

The workflow: ``calc`` makes ``y = 2 x`` for each input (each run sleeps as long as the
file ``sleep`` of the workflow says, and leaves ``pid-<run>`` with its pid), then
``total`` sums them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import BIN, stop_everything, write_workflow

pytestmark = pytest.mark.timeout(600)

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
INPUTS = ["1", "2"]

SLOW_DOIT = """\
import os
import time
from pathlib import Path

import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
root = Path(run.workflow).parent
(root / f"pid-{run.id}").write_text(str(os.getpid()))
time.sleep(float((root / "sleep").read_text()))
if (root / "fill").exists():  # fill the disk
    with open("big", "wb") as out:
        while True:
            out.write(b"x" * 2**20)
run.y = job.x * 2
run.finish()
"""

TOTAL_DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = sum(job.ys)
run.finish()
"""

ORCHESTRATOR = """\
def populate_arg_parser(parser):
    parser.add_argument("--inputs", type=float, nargs="+", default=[1.0])

async def main(workflow, **params):
    runs = await workflow.calc.createTask(x=params["inputs"])
    await workflow.total.createTask(ys=[r.y for r, j in runs])
"""

#: The same work, the calc runs made by a statement of main that runs natively as one
#: task (a segment: a loop with a return in a helper, under a try)
SEGMENT_ORCHESTRATOR = """\
def populate_arg_parser(parser):
    parser.add_argument("--inputs", type=float, nargs="+", default=[1.0])

async def computed(workflow, xs):
    for attempt in range(2):
        runs = await workflow.calc.createTask(x=xs)
        if all(r.y is not None for r, j in runs):
            return runs
    raise RuntimeError("no result")

async def main(workflow, **params):
    try:
        runs = await computed(workflow, params["inputs"])
    except RuntimeError:
        runs = []
    await workflow.total.createTask(ys=[r.y for r, j in runs])
"""


def make_workflow(directory: Path, sleep: float, orchestrator: str = ORCHESTRATOR) -> Path:
    write_workflow(directory, orchestrator, {
        "calc": {"doit": SLOW_DOIT},
        "total": {"job": "ys: list", "doit": TOTAL_DOIT},
    })
    (directory / "sleep").write_text(str(sleep))
    return directory


class Command:
    """A `motoko run` in its own session, its output in files."""

    def __init__(self, directory: Path, run_name: str, *extra: str,
                 output: Path | None = None) -> None:
        self.directory = directory
        self.out = (output or directory) / f"{run_name}.out"
        self.err = (output or directory) / f"{run_name}.err"
        if self.out.exists():  # a rerun: keep the first command's output
            self.out, self.err = (p.with_suffix(".rerun" + p.suffix) for p in (self.out, self.err))
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "motoko_airflow", "run", str(directory), "-n",
                 run_name, "--timeout", "300", *extra, "--inputs", *INPUTS],
                env=ENV, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                start_new_session=True)

    def wait(self, timeout: float = 300) -> int:
        return self.process.wait(timeout)

    @property
    def stdout(self) -> str:
        return self.out.read_text()

    @property
    def stderr(self) -> str:
        return self.err.read_text()

    def output(self) -> str:
        return f"--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}"


def wait_for(condition: Callable[[], bool], timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def run_pids(directory: Path) -> dict[int, int]:
    """The pids the calc runs left (run id -> pid)."""
    return {int(p.name[4:]): int(p.read_text()) for p in directory.glob("pid-*")
            if p.read_text()}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def server_pids(directory: Path) -> list[int]:
    return [int(p.read_text().split()[0]) for p in directory.glob("*/.bd/zeo.pid")
            if p.read_text().strip()]


def assert_nothing_left(directory: Path, command: Command | None = None) -> None:
    """No ZEO server, run or command of this workflow is running."""
    if command is not None:
        assert command.process.poll() is not None
    left = [p for p in server_pids(directory) if alive(p)]
    assert not left, f"ZEO servers left running: {left}"
    runs = [p for p in run_pids(directory).values() if alive(p)]
    assert not runs, f"runs left running: {runs}"


def runs_of(directory: Path, run_name: str) -> dict[str, list[tuple[int, str, float | None]]]:
    """Per study, the (job id, state, y) of every run of ``run_name``, superseded
    attempts included; stops the servers this needed."""
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(directory)
    try:
        return {name: sorted((j.id, r["state"], getattr(r, "y", None))
                             for r, j in tm.bd.select(run_name=run_name, current_only=False))
                for name, tm in workflow.task_managers.items()}
    finally:
        workflow.kill()


def assert_done_once(directory: Path, run_name: str, attempts: int = 1) -> None:
    """Every job of ``run_name`` has exactly one FINISHED run (and ``attempts - 1``
    FAILED ones), and the total is right."""
    found = runs_of(directory, run_name)
    for study, runs in found.items():
        per_job = Counter(job for job, _, _ in runs)
        finished = Counter(job for job, state, _ in runs if state == "FINISHED")
        assert set(finished.values()) == {1}, (study, runs)
        assert max(per_job.values()) <= attempts, (study, runs)
    assert sorted(y for _, s, y in found["calc"] if s == "FINISHED") == [2.0, 4.0]
    assert [y for _, s, y in found["total"] if s == "FINISHED"] == [6.0]


def assert_no_traceback(command: Command) -> None:
    assert "Traceback" not in command.stdout + command.stderr, command.output()


@pytest.fixture
def workflow(tmp_path: Path) -> Iterator[Callable[[float], Path]]:
    made: list[Path] = []

    def make(sleep: float = 0.0, name: str = "faults", orchestrator: str = ORCHESTRATOR) -> Path:
        made.append(make_workflow(tmp_path / name, sleep, orchestrator))
        return made[-1]

    yield make
    for directory in made:
        for pid in run_pids(directory).values():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        stop_everything(directory)


def started(directory: Path, n: int = len(INPUTS)) -> Callable[[], bool]:
    return lambda: len(run_pids(directory)) >= n


# ---- signals --------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT],
                         ids=lambda s: s.name)
def test_a_stop_signal_stops_the_runs_prints_the_summary_and_a_rerun_resumes(
        workflow: Callable[..., Path], sig: signal.Signals) -> None:
    directory = workflow(sleep=60)
    command = Command(directory, "sig")
    wait_for(started(directory), what="the runs to start")
    pids = run_pids(directory)
    command.process.send_signal(sig)
    # it does not run the DAG to its end: the runs (60 s each) end FAILED, below
    assert command.wait(60) == 128 + sig, command.output()
    assert f"stopped by {sig.name}" in command.stderr
    assert "task state" in command.stdout  # the summary
    assert_no_traceback(command)
    assert not any(alive(p) for p in pids.values())
    assert_nothing_left(directory, command)
    calc = runs_of(directory, "sig")["calc"]
    assert sorted(s for _, s, _ in calc) == ["FAILED", "FAILED"]
    if sig != signal.SIGTERM:
        return
    (directory / "sleep").write_text("0")
    rerun = Command(directory, "sig")
    assert rerun.wait() == 0, rerun.output()
    assert_done_once(directory, "sig", attempts=2)
    assert_nothing_left(directory, rerun)


def test_a_rerun_after_a_stop_signal_tries_again_the_runs_a_segment_made(
        workflow: Callable[..., Path]) -> None:
    """The runs a stopped `motoko run` marked FAILED get a new attempt on the rerun in a
    statement run natively (a segment), as in a compiled step: not read as failed."""
    directory = workflow(sleep=60, orchestrator=SEGMENT_ORCHESTRATOR)
    command = Command(directory, "seg")
    wait_for(started(directory), what="the runs to start")
    command.process.send_signal(signal.SIGTERM)
    assert command.wait(60) == 128 + signal.SIGTERM, command.output()
    assert "runs lines from" in command.stderr  # the calc runs were the segment's
    assert sorted(s for _, s, _ in runs_of(directory, "seg")["calc"]) == ["FAILED"] * 2
    (directory / "sleep").write_text("0")
    rerun = Command(directory, "seg")
    assert rerun.wait() == 0, rerun.output()
    assert_done_once(directory, "seg", attempts=2)
    assert_nothing_left(directory, rerun)


def test_sigkill_leaves_runs_that_a_rerun_adopts_and_its_servers_are_stopped_after(
        workflow: Callable[..., Path]) -> None:
    directory = workflow(sleep=6)
    command = Command(directory, "kill9")
    wait_for(started(directory), what="the runs to start")
    os.killpg(command.process.pid, signal.SIGKILL)
    command.wait(30)
    assert any(alive(p) for p in server_pids(directory))  # left by the dead command
    rerun = Command(directory, "kill9")
    assert rerun.wait() == 0, rerun.output()
    assert_done_once(directory, "kill9")  # the runs still executing were adopted
    assert_nothing_left(directory, rerun)


def test_info_after_a_crash_stops_the_servers_no_live_process_uses(
        workflow: Callable[..., Path]) -> None:
    directory = workflow(sleep=0)
    command = Command(directory, "crash")
    wait_for(started(directory), what="the runs to start")
    # frozen at once: on a loaded machine it could otherwise end the DAG (and stop its
    # servers) between the runs' end and the kill
    os.killpg(command.process.pid, signal.SIGSTOP)
    wait_for(lambda: not any(alive(p) for p in run_pids(directory).values())
             and len(run_pids(directory)) == 2, what="the runs to end")
    os.killpg(command.process.pid, signal.SIGKILL)
    command.wait(30)
    assert any(alive(p) for p in server_pids(directory))
    info = subprocess.run([sys.executable, "-m", "motoko_airflow", "info", "-w",
                           str(directory)], env=ENV, capture_output=True, text=True,
                          timeout=120)
    assert info.returncode == 0, info.stderr
    assert "crash" in info.stdout
    assert_nothing_left(directory)


# ---- two commands at once -------------------------------------------------------------


def test_two_runs_of_one_workflow_at_once_both_succeed(workflow: Callable[..., Path]) -> None:
    directory = workflow(sleep=1)
    slow = Command(directory, "slow")
    wait_for(started(directory), what="the first command's runs")
    (directory / "sleep").write_text("0")  # the second command's runs are quick
    quick = Command(directory, "quick")
    assert quick.wait() == 0, quick.output()
    assert slow.process.poll() is None or slow.wait() == 0
    (directory / "sleep").write_text("0")
    assert slow.wait() == 0, slow.output()
    assert_done_once(directory, "quick")
    assert_done_once(directory, "slow")
    assert_nothing_left(directory)


# ---- a lost ZEO server ----------------------------------------------------------------


def test_a_lost_server_is_restarted_and_the_run_succeeds(workflow: Callable[..., Path]) -> None:
    directory = workflow(sleep=5)
    command = Command(directory, "lost")
    wait_for(started(directory), what="the runs to start")
    os.kill(int((directory / "calc" / ".bd" / "zeo.pid").read_text()), signal.SIGKILL)
    assert command.wait() == 0, command.output()
    assert "study calc: its ZEO server was lost; restarted it" in command.stderr
    assert_no_traceback(command)
    assert_done_once(directory, "lost")
    assert_nothing_left(directory, command)


def test_a_server_that_cannot_be_restarted_is_named_in_one_line(
        workflow: Callable[..., Path]) -> None:
    directory = workflow(sleep=5)
    # every try of calc fails (its server stays gone): retried after 1 s, not 5
    with open(directory / "motoko.yaml", "a") as config:
        config.write("airflow: {retry_delay: 1}\n")
    command = Command(directory, "gone", "--quiet")
    wait_for(started(directory), what="the runs to start")
    bd_dir = directory / "calc" / ".bd"
    server = int((bd_dir / "zeo.pid").read_text())
    os.kill(server, signal.SIGKILL)
    (bd_dir / "bd.zeo").rename(bd_dir / "bd.zeo.moved")
    (bd_dir / "bd.zeo").mkdir()  # the storage cannot be opened any more
    code = command.wait()
    assert code != 0, command.output()
    lines = [line for line in command.stderr.splitlines()
             if "ZEO server" in line and "could not be restarted" in line]
    assert lines and "study calc" in lines[0], command.output()
    assert "task state" in command.stdout  # the summary is still there
    assert_no_traceback(command)
    (bd_dir / "bd.zeo").rmdir()
    (bd_dir / "bd.zeo.moved").rename(bd_dir / "bd.zeo")
    assert_nothing_left(directory, command)


# ---- a full disk ----------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 48 MiB tmpfs (the test machine runs as root, as CI does)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"cannot mount a tmpfs (root needed): {done.stderr}"
    try:
        yield mount
    finally:
        for pid in run_pids(mount / "faults").values():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if (mount / "faults").exists():
            stop_everything(mount / "faults")
        subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_is_one_line_and_a_rerun_after_freeing_space_succeeds(
        small_disk: Path, tmp_path: Path) -> None:
    directory = make_workflow(small_disk / "faults", sleep=0)
    (directory / "fill").touch()
    logs = tmp_path / "logs"  # the command's own output is not on the full disk
    logs.mkdir()
    command = Command(directory, "full", output=logs)
    assert command.wait() == 1, command.output()
    assert "no space left on the device of " in command.stderr, command.output()
    assert " free); free some space" in command.stderr
    assert_no_traceback(command)
    assert_nothing_left(directory, command)
    (directory / "fill").unlink()
    for big in directory.glob("calc/BD-calc-runs/run-*/big"):
        big.unlink()
    rerun = Command(directory, "full", output=logs)
    assert rerun.wait() == 0, rerun.output()
    assert_done_once(directory, "full", attempts=2)
    assert_nothing_left(directory, rerun)


def fill(disk: Path, directory: Path) -> None:
    """Fill ``disk`` to its last byte, then let the calc study's server write small
    changes until it fails: a file's last page keeps room for writes smaller than it."""
    from motoko_airflow.workflow import Workflow

    with open(disk / "filler", "wb", buffering=0) as out:
        for size in (2**16, 2**10, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"x" * size)
    workflow = Workflow(directory)
    study = workflow.task_managers["calc"].bd
    try:
        for probe in range(100_000):
            def work(base: Any, probe: int = probe) -> None:
                base.runs[1].disk_probe = probe

            study._write(work)
    except Exception as exc:
        assert "No space left on device" in str(exc), exc
    else:
        raise AssertionError("the study's server never ran out of space")
    finally:
        workflow.close()


def test_kill_on_a_full_disk_stops_the_runs_and_the_servers_and_says_what_it_could_not_do(
        small_disk: Path, tmp_path: Path) -> None:
    """Regression: ``motoko kill --aggressive`` stopped the runs, then failed marking
    them FAILED (their server could not write), and left the servers running."""
    directory = make_workflow(small_disk / "faults", sleep=600)
    logs = tmp_path / "logs"
    logs.mkdir()
    command = Command(directory, "stuck", output=logs)
    wait_for(lambda: len(run_pids(directory)) == 2, what="both runs started")
    os.killpg(command.process.pid, signal.SIGKILL)  # its runs and servers are left
    command.wait()
    fill(small_disk, directory)
    killed = subprocess.run([sys.executable, "-m", "motoko_airflow", "kill", "-w",
                             str(directory), "--aggressive"],
                            env=ENV, capture_output=True, text=True, timeout=120)
    assert killed.returncode == 1, killed.stdout + killed.stderr
    assert "calc: its executing runs were stopped but not marked FAILED (no space left " \
        f"on the device of {directory / 'calc' / '.bd'} (0.0 MiB free)" in killed.stderr, \
        killed.stderr
    assert "Traceback" not in killed.stdout + killed.stderr
    assert_nothing_left(directory)
    (small_disk / "filler").unlink()
    (directory / "sleep").write_text("0")
    rerun = Command(directory, "stuck", output=logs)
    assert rerun.wait() == 0, rerun.output()
    assert_done_once(directory, "stuck", attempts=2)
    assert_nothing_left(directory, rerun)

