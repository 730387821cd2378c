"""Liveness of runs: a run whose process died without leaving its exit code (its
process group SIGKILLed, the node lost) is settled FAILED by whoever polls it, with the
reason, instead of staying START forever; a rerun gives it a new attempt at once.

Real studies, real ZEO servers, real processes killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from conftest import BIN, ROOT, stop_everything, write_workflow
from motoko_airflow import execution
from motoko_airflow.blackdynamite import Study
from motoko_airflow.launcher import Launcher
from motoko_airflow.liveness import EXIT_FILE, PROCESS_FILE, ProcessRecord

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

SLEEPER = """\
import time
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
time.sleep(600)
run.finish()
"""

QUICK = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x
run.finish()
"""


def wait_for(condition: Callable[[], object], timeout: float = 60.0,
             what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def process_ended(pid: int) -> bool:
    """Gone or a zombie, read from /proc (never waitpid: not ours to reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def kill_group(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_dir(study: Study, run_id: int) -> Path:
    return study.runs_dir / f"run-{run_id}"


# ---- the poller settles a killed run ----------------------------------------------------


def test_a_killed_run_is_failed_naming_its_process_and_host_in_one_poll(study) -> None:
    s = study(doit=SLEEPER)
    (run, _), = s.create_runs({"x": 1.0}, run_name="a")
    record = None
    try:
        assert execution.launch(s, [run.id]) == [run.id]
        wait_for(lambda: execution.progress(s, [run.id]).states[run.id] == "START",
                 what="the run to start")
        record = ProcessRecord.read(run_dir(s, run.id))
        assert record is not None and record.checkable_here() and record.alive()
        assert os.getpgid(record.pid) == record.pid  # the leader of the run's group
        assert record.host == socket.gethostname()

        # the wrapper alone killed: launch.sh and doIt.py still run in its group
        os.kill(record.pid, signal.SIGKILL)
        wait_for(lambda: process_ended(record.pid), 10, "the wrapper to die")
        assert record.alive()
        assert execution.progress(s, [run.id]).states[run.id] == "START"

        kill_group(record.pid)  # now the whole group
        wait_for(lambda: not record.alive(), 10, "the run's processes to die")
        progress = execution.progress(s, [run.id])  # one poll
        assert progress.failed == [run.id]
        assert not (run_dir(s, run.id) / EXIT_FILE).exists()
        message = execution.failure_message(s, [run.id])
        first_line = message.splitlines()[0]
        assert f"run(s) {run.id} FAILED" in first_line
        assert f"process {record.pid} on host {socket.gethostname()}" in first_line
        (rec,) = execution.records(s, [run.id])
        assert rec["state"] == "FAILED"
        assert rec["run"]["failure_reason"].startswith(f"process {record.pid} on host")
    finally:
        kill_group(record.pid if record else None)


def test_runs_that_end_normally_are_never_taken_for_dead(study) -> None:
    """Many quick runs polled by two other processes at once: a wrapper that has written
    its exit code and exited (a zombie, or gone) is never settled as a dead process."""
    s = study(doit=QUICK)
    count = 30
    pairs = s.create_runs({"x": [float(i) for i in range(count)]}, run_name="a")
    ids = [int(r.id) for r, _ in pairs]
    poller = textwrap.dedent("""
        import json, sys, time
        from motoko_airflow import execution
        from motoko_airflow.blackdynamite import Study

        study = Study(sys.argv[1])
        ids = json.loads(sys.argv[2])
        polls, deadline = 0, time.monotonic() + 120
        while time.monotonic() < deadline:
            progress = execution.progress(study, ids)
            polls += 1
            if progress.failed or all(s == "FINISHED" for s in progress.states.values()):
                break
        study.close()
        print(json.dumps({"polls": polls, "failed": progress.failed}))
    """)
    pollers = [subprocess.Popen([sys.executable, "-c", poller, str(s.directory),
                                 json.dumps(ids)], env=ENV, cwd=ROOT, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for _ in range(2)]
    launcher = Launcher(s, max_parallel=10)
    try:
        deadline = time.monotonic() + 120
        launcher.step()
        while launcher.running or launcher._queue:
            assert time.monotonic() < deadline, "runs did not end in time"
            launcher.step()
            time.sleep(0.01)
        for p in pollers:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0, err[-3000:]
            found = json.loads(out.strip().splitlines()[-1])
            assert found["failed"] == [] and found["polls"] > 1, found
    finally:
        for p in pollers:
            if p.poll() is None:
                p.kill()
                p.wait()
    s.refresh()
    assert set(s.states(ids).values()) == {"FINISHED"}
    for run_id in ids:
        assert (run_dir(s, run_id) / PROCESS_FILE).exists()
        assert "failure_reason" not in execution.records(s, [run_id])[0]["run"]


# ---- records that cannot be checked here are left alone --------------------------------


def test_records_from_another_host_boot_or_namespace_are_left_alone(study) -> None:
    s = study()
    pairs = s.create_runs({"x": [float(i) for i in range(7)]}, run_name="a")
    ids = [int(r.id) for r, _ in pairs]
    claimed = s.prepare_launch(ids)  # launched, with run directories, no process
    assert [c[0] for c in claimed] == ids
    me = ProcessRecord.of(os.getpid())
    assert me is not None and me.alive()
    recycled = replace(me, start_time=me.start_time + 1)  # our pid, another process
    records = {
        ids[0]: replace(recycled, host="another-host"),
        ids[1]: replace(recycled, boot_id="00000000-0000-0000-0000-000000000000"),
        ids[2]: replace(recycled, pid_namespace="pid:[1]"),
        ids[3]: me,  # alive
        ids[4]: None,  # no record: launched by BlackDynamite's own daemon, say
        ids[5]: recycled,  # this host, this boot: the process is gone
    }
    for run_id, record in records.items():
        if record is not None:
            record.write(run_dir(s, run_id))
    # gone, but its exit code is there: the exit code decides (0, unfinished: FAILED)
    recycled.write(run_dir(s, ids[6]))
    (run_dir(s, ids[6]) / EXIT_FILE).write_text("0\n")
    s.settle_exited(ids)
    s.refresh()
    states = s.states(ids)
    assert [states[i] for i in ids[:5]] == ["launched"] * 5
    assert states[ids[5]] == "FAILED" and states[ids[6]] == "FAILED"
    reasons = {i: execution.records(s, [i])[0]["run"].get("failure_reason") for i in ids}
    assert reasons[ids[5]] == recycled.reason()
    # not a dead process: its script ended, having left the run unfinished
    assert reasons[ids[6]] == "launch.sh exited 0 without finishing the run (still launched)"
    assert [reasons[i] for i in ids[:5]] == [None] * 5
    # a run cleaned for a new launch forgets why it failed
    assert s.clean(f"runs.id = {ids[5]}") == [ids[5]]
    s.refresh()
    assert "failure_reason" not in execution.records(s, [ids[5]])[0]["run"]


# ---- a retry gives a dead run its new attempt at once -----------------------------------


def test_a_retry_gives_a_dead_run_a_new_attempt_instead_of_adopting_it(study) -> None:
    s = study()
    (run, job), = s.create_runs({"x": 1.0}, run_name="a", retry_token="try1")
    s.prepare_launch([run.id])
    me = ProcessRecord.of(os.getpid())
    assert me is not None
    dead = replace(me, start_time=me.start_time + 1)
    dead.write(run_dir(s, run.id))
    # the same try finds its own run (progress then settles it: this try's failure)
    (same, _), = s.create_runs({"x": 1.0}, run_name="a", retry_token="try1")
    assert same.id == run.id
    # another try (a rerun, an Airflow retry): settled FAILED, then a new attempt
    (again, again_job), = s.create_runs({"x": 1.0}, run_name="a", retry_token="try2")
    assert again.id != run.id and again["attempt"] == 2 and again_job.id == job.id
    assert again["state"] == "CREATED"
    s.refresh()
    old, _ = s.get_run(run.id)
    assert old["state"] == "FAILED" and old["superseded_by"] == again.id
    assert old.failure_reason == dead.reason()


def test_motoko_info_shows_a_dead_run_failed_with_its_reason(tmp_path: Path, capsys) -> None:
    from motoko_airflow.cli import main as cli

    directory = write_workflow(tmp_path / "info", """
        async def main(workflow, **params):
            await workflow.calc.createTask(x=1.0)
    """, {"calc": {}})
    try:
        assert cli(["create", str(directory), "--validated"]) == 0
        s = Study(directory / "calc")
        (run, _), = s.create_runs({"x": 1.0}, run_name="inf")
        s.prepare_launch([run.id])
        me = ProcessRecord.of(os.getpid())
        assert me is not None
        dead = replace(me, start_time=me.start_time + 1)
        dead.write(run_dir(s, run.id))
        s.close()
        capsys.readouterr()
        assert cli(["info", "-w", str(directory)]) == 0
        out = capsys.readouterr().out
        assert "inf                      FAILED       1" in out, out
        assert f"run {run.id} FAILED: {dead.reason()}" in out
    finally:
        stop_everything(directory)


# ---- end to end: motoko run killed, then run again --------------------------------------


SLEEP_ONCE = """\
import time
from pathlib import Path
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
marker = Path(run.workflow).parent / "slept-once"
if not marker.exists():
    marker.write_text("x")
    time.sleep(600)
run.y = job.x * 2
run.finish()
"""


def test_motoko_run_killed_with_its_run_then_run_again_retries_at_once(
        tmp_path: Path) -> None:
    """Regression: a run whose process group was SIGKILLed stayed START; a rerun adopted
    it and waited for the whole timeout, then failed with '(1 START)'. No Airflow
    retries: the rerun's first try must give the dead run its new attempt."""
    directory = write_workflow(tmp_path / "killed", """
        async def main(workflow, **params):
            await workflow.calc.createTask(x=1.0)
    """, {"calc": {"doit": SLEEP_ONCE}}, extra_yaml="airflow: {retries: 0}\n")
    first_dir = directory / "calc" / "BD-calc-runs" / "run-1"
    command = [sys.executable, "-m", "motoko_airflow", "run", str(directory), "-n", "live",
               "-q", "--timeout", "120"]
    first: subprocess.Popen[bytes] | None = None
    record = None
    try:
        with open(tmp_path / "first.log", "wb") as log:
            first = subprocess.Popen(command, env=ENV, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: (directory / "slept-once").exists()
                 and ProcessRecord.read(first_dir) is not None, 180,
                 "the first run to start sleeping")
        record = ProcessRecord.read(first_dir)
        assert record is not None
        kill_group(first.pid)  # `motoko run`, its Airflow, everything in its group
        first.wait(timeout=30)
        kill_group(record.pid)  # the run: wrapper, launch.sh, doIt.py
        wait_for(lambda: process_ended(record.pid), 10, "the run to die")

        started = time.monotonic()
        again = subprocess.run(command, env=ENV, capture_output=True, text=True,
                               timeout=400)
        elapsed = time.monotonic() - started
        assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
        assert elapsed < 100, elapsed  # no wait for a dead run (the timeout is 120 s)

        s = Study(directory / "calc")
        try:
            pairs = s.select(run_name="live", current_only=False)
            runs = {int(r.id): r for r, _ in pairs}
            assert sorted(runs) == [1, 2]  # one job, two attempts, nothing duplicated
            assert len({j.id for _, j in pairs}) == 1
            dead, new = runs[1], runs[2]
            assert dead["state"] == "FAILED" and dead["superseded_by"] == 2
            assert dead.failure_reason.startswith(
                f"process {record.pid} on host {socket.gethostname()} ended")
            assert new["state"] == "FINISHED" and new["attempt"] == 2 and new.y == 2.0
        finally:
            s.close()
    finally:
        if first is not None and first.poll() is None:
            kill_group(first.pid)
            first.wait(timeout=30)
        kill_group(record.pid if record else None)
        stop_everything(directory)
