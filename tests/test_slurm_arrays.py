"""Sweeps submitted to Slurm as job arrays, within the site's limits, on a real
single-node Slurm whose limits are set low: ``MaxArraySize=20`` (arrays of at most 20
tasks) and ``MaxJobCount=50`` (every array task counts), with ``MinJobAge=2`` so
that ended jobs make room again, and are soon forgotten by slurmctld: how they ended
is read from Slurm's accounting (slurmdbd over a MariaDB of the test's own). See
tests/test_slurm.py for the cluster itself.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_slurm import JOB_NAME, MOTOKO, Slurm, cluster, motoko

from conftest import stop_everything, write_workflow

MAX_ARRAY_SIZE = 20
MAX_JOB_COUNT = 50
#: More runs than MaxJobCount allows at once, in more arrays than one.
SWEEP = 55
THROTTLE = 2
#: Queued at once and cancelled by motoko kill: within MaxJobCount.
KILLED = 40

#: Does almost nothing; leaves when it started and ended (appended: a run executed twice
#: would show it).
SWEEP_LAUNCH = """\
#!/bin/bash
date +%s.%N >> started
python doIt.py
date +%s.%N >> ended
"""
SWEEP_DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x
run.finish()
"""


@pytest.fixture(scope="module")
def limited() -> Iterator[Slurm]:
    with cluster(accounting=True, MaxArraySize=str(MAX_ARRAY_SIZE),
                 MaxJobCount=str(MAX_JOB_COUNT), MinJobAge="2") as running:
        yield running


def _sweep(directory: Path, runs: int, options: str, throttle: int | None = None) -> Path:
    values = ", ".join(f"{i}.0" for i in range(runs))
    slurm = f"slurm: {{array_throttle: {throttle}}}\n" if throttle else ""
    return write_workflow(
        directory, f"async def main(workflow, **params):\n"
                   f"    await workflow.sweep.createTask(x=[{values}])\n",
        {"sweep": {"doit": SWEEP_DOIT, "launch": SWEEP_LAUNCH}},
        extra_yaml=f"generator: slurm\nslurm_options: [{options}, comment={JOB_NAME}]\n"
                   + slurm)


def _runs(directory: Path) -> list[dict[str, object]]:
    from motoko_airflow.blackdynamite import Study, run_record

    store = Study(directory / "sweep", workflow=str(directory / "motoko.yaml"))
    try:
        with store.server.lease():
            return [{"id": int(run.id), **run_record(store.name, run, job)["run"]}
                    for run, job in store.select(current_only=False)]
    finally:
        store.close()


def _most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The most intervals overlapping at one instant."""
    events = sorted([(start, 1) for start, _ in intervals] +
                    [(end, -1) for _, end in intervals])  # an end before a start at a tie
    most = now = 0
    for _, step in events:
        now += step
        most = max(most, now)
    return most


def test_a_sweep_goes_in_throttled_arrays_within_the_limits(limited: Slurm,
                                                            tmp_path: Path) -> None:
    """SWEEP runs under ``motoko run``: submitted as arrays of at most MaxArraySize tasks,
    never more than MaxJobCount jobs asked of Slurm (the rest held back on our side,
    said once, and submitted as room frees), at most ``array_throttle`` tasks of an
    array running at once; every run FINISHED exactly once, with no retry."""
    directory = _sweep(tmp_path / "sweep", SWEEP, "time=00:10:00, mem=200M", THROTTLE)
    try:
        started = time.monotonic()
        result = motoko(limited, "run", str(directory), "-n", "sweep", timeout=900)
        took = time.monotonic() - started
        out = result.stdout + result.stderr
        assert result.returncode == 0, out
        runs = _runs(directory)
        assert len(runs) == SWEEP, len(runs)  # one attempt each
        assert {r["state"] for r in runs} == {"FINISHED"}, runs
        assert sorted(float(r["y"]) for r in runs) == [float(i) for i in range(SWEEP)]  # type: ignore[arg-type]
        arrays: dict[str, list[dict[str, object]]] = {}
        for run in runs:
            batch = run["batch_array"]
            assert isinstance(batch, dict), run
            arrays.setdefault(str(batch["job"]), []).append(run)
        sizes = sorted(len(a) for a in arrays.values())
        assert max(sizes) <= MAX_ARRAY_SIZE and len(arrays) >= 3, sizes
        assert len(arrays) <= 10, sizes  # a few sbatch calls, not one per run
        for job_id, members in arrays.items():
            assert sorted(r["batch_array"]["task"] for r in members) == list(  # type: ignore[index]
                range(len(members))), job_id
            intervals = []
            for run in members:
                run_dir = Path(str(run["run_path"]))
                starts = (run_dir / "started").read_text().split()
                ends = (run_dir / "ended").read_text().split()
                assert len(starts) == len(ends) == 1, run_dir  # executed exactly once
                assert [p.name for p in run_dir.glob("slurm-*.out")] == [
                    f"slurm-{job_id}_{run['batch_array']['task']}.out"]  # type: ignore[index]
                intervals.append((float(starts[0]), float(ends[0])))
            assert _most_at_once(intervals) <= THROTTLE, (job_id, intervals)
        log = (directory / "sweep" / ".bd" / "launch.log").read_text()
        held = re.findall(r"holding (\d+) run\(s\) back, submitted as room frees: (.*)", log)
        assert held and all(f"MaxJobCount {MAX_JOB_COUNT}" in why for _, why in held), log
        assert "room again: submitting the runs held back" in log, log
        submitted = re.findall(
            rf"as array job (\d+) \((\d+) tasks, at most {THROTTLE} at once\)", log)
        assert sorted(submitted) == sorted((j, str(len(m))) for j, m in arrays.items()), log
        assert not re.search(r"FAILED|error", log), log

        # long forgotten by slurmctld (MinJobAge 2 s): how each job ended, from sacct
        info = motoko(limited, "info", "-w", str(directory), "--verbose", "-n", "sweep")
        assert info.returncode == 0, info.stdout + info.stderr
        shown = re.findall(r"^   run \d+ +FINISHED .* elapsed=(\d\d:\d\d:\d\d)"
                           r"(?:, peak=(\d+)M)?, resources=time=00:10:00 mem=200M$",
                           info.stdout, re.M)
        assert len(shown) == SWEEP, info.stdout
        # peaks are sampled (JobAcctGatherFrequency): a 1-second job may have none
        peaks = [int(peak) for _, peak in shown if peak]
        assert peaks and all(0 < peak < 200 for peak in peaks), shown
        ended = [r["batch_job"] for r in _runs(directory)]
        assert all(isinstance(e, dict) and e["state"] == "COMPLETED" and
                   e["exit_code"] == "0:0" for e in ended), ended
        print(f"{SWEEP} runs in {len(arrays)} arrays (sizes {sizes}) in {took:.0f} s")
    finally:
        stop_everything(directory)


def test_kill_leaves_nothing_queued(limited: Slurm, tmp_path: Path) -> None:
    """``motoko kill`` cancels the array tasks still queued and makes their runs CREATED
    again: nothing is left in Slurm's queue, nothing is lost (a launcher started again
    submits them anew)."""
    directory = _sweep(tmp_path / "kill", KILLED, "begin=now+1hour")  # never start
    orchestrator = None
    try:
        assert motoko(limited, "create", str(directory)).returncode == 0
        launched = motoko(limited, "launcher", "-w", str(directory))
        assert launched.returncode == 0, launched.stdout + launched.stderr
        orchestrator = subprocess.Popen(
            [*MOTOKO, "orchestrator", "-w", str(directory), "start", "-n", "kill"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=limited.env)
        deadline = time.monotonic() + 120
        while len(queued := _queued(limited)) < KILLED:
            assert orchestrator.poll() is None and time.monotonic() < deadline, (
                queued, orchestrator.communicate()[0] if orchestrator.poll() is not None
                else "")
            time.sleep(0.5)
        assert {r["state"] for r in _runs(directory)} == {"SLURM submit"}
        killed = motoko(limited, "kill", "-w", str(directory))
        assert killed.returncode == 0, killed.stdout + killed.stderr
        assert _queued(limited) == []
        runs = _runs(directory)
        assert len(runs) == KILLED and {r["state"] for r in runs} == {"CREATED"}, runs
        assert all(r.get("batch_array") is None for r in runs)
    finally:
        if orchestrator is not None and orchestrator.poll() is None:
            orchestrator.kill()
            orchestrator.communicate()
        stop_everything(directory)


def _queued(slurm: Slurm) -> list[str]:
    """The tasks of every job still pending or running, one by one."""
    return slurm.run("squeue", "--noheader", "--array", "--format=%i").split()


def test_a_refusal_for_a_limit_is_told_apart_and_submits_nothing(
        limited: Slurm, tmp_path: Path) -> None:
    """With MaxJobCount filled (by someone else's held array), ``sbatch`` is refused
    for the limit: :class:`SubmitRefused`, at once (not after ``sbatch``'s two minutes
    of retries), and nothing is queued; a bad option is a :class:`SubmitError`."""
    from motoko_airflow import slurm_arrays

    script = tmp_path / "array.sh"
    slurm_arrays.array_script(script, name="bad", options=["partition=nowhere"],
                              runs_dir=tmp_path, run_dirs=["a"], log=tmp_path / "errors.log")
    with pytest.raises(slurm_arrays.SubmitError, match="partition"):
        slurm_arrays.submit_array(script, 1, None, env=limited.env)
    fillers = []
    try:
        for size in (MAX_ARRAY_SIZE, MAX_ARRAY_SIZE, MAX_JOB_COUNT - 1 - 2 * MAX_ARRAY_SIZE):
            fillers.append(limited.run("sbatch", "--parsable", "--hold",
                                       f"--array=0-{size - 1}", "--wrap", "true").strip())
        slurm_arrays.array_script(script, name="refused", options=["time=1"],
                                  runs_dir=tmp_path, run_dirs=["a", "b"],
                                  log=tmp_path / "errors.log")
        before = _queued(limited)
        with pytest.raises(slurm_arrays.SubmitRefused) as refused:
            slurm_arrays.submit_array(script, 2, None, env=limited.env)
        assert "temporarily unable" in str(refused.value) or \
            slurm_arrays.LIMIT_MESSAGES.search(str(refused.value)), refused.value
        assert _queued(limited) == before
        assert slurm_arrays.jobs_held() >= MAX_JOB_COUNT - 1
    finally:
        if fillers:
            limited.run("scancel", *fillers)
