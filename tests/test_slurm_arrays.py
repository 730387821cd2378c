"""Sweeps submitted to Slurm as job arrays, within the site's limits, on a real
single-node Slurm whose limits are set low: ``MaxArraySize=20`` (arrays of at most 20
tasks) and ``MaxJobCount=50`` (every array task counts), with ``MinJobAge=2`` so
that ended jobs make room again, and are soon forgotten by slurmctld: how they ended
is read from Slurm's accounting (slurmdbd over a MariaDB of the test's own). See
tests/test_slurm.py for the cluster itself.
"""

from __future__ import annotations

import getpass
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_slurm import JOB_NAME, MOTOKO, Slurm, cluster, motoko

from conftest import stop_everything, write_workflow
from motoko_airflow.batch import format_mem, parse_mem, parse_time, resources_text

MAX_ARRAY_SIZE = 20
MAX_JOB_COUNT = 50
#: More runs than MaxJobCount allows at once, in more arrays than one.
SWEEP = 55
THROTTLE = 2
#: Queued at once and cancelled by motoko kill: within MaxJobCount.
KILLED = 40
#: The jobs (array tasks) a user may have in QOS ``capped``: below MaxArraySize.
QOS_MAX_SUBMIT = 6
#: Runs swept in QOS ``capped``: more than it lets one user have at once.
QOS_SWEEP = 15
#: The sweep's run that needs more than its --mem=200M (250 MB, and Python's own), and
#: the one, given --time=1 of its own, that runs until Slurm stops it when it has 1 minute.
BIG_X = 11.0
SLOW_X = -1.0

#: Leaves when it started and ended (appended: a run executed twice would show it). One
#: command: BlackDynamite's job script traps the signal Slurm sends 60 s before the time
#: limit (at once for a 1-minute job) and exits when the running command ends, so the
#: slow run's job ends TIMEOUT, not COMPLETED early.
SWEEP_LAUNCH = """\
#!/bin/bash
python doIt.py
"""
SWEEP_DOIT = """\
import time

with open("started", "a") as out:
    out.write(f"{time.time()}\\n")
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x
run.finish()
with open("ended", "a") as out:
    out.write(f"{time.time()}\\n")
"""
#: The same, but x=SLOW_X runs for 10 minutes when its job has 1, and x=BIG_X needs 250
#: MB (grown slowly: Slurm samples the peak every second).
FAILING_DOIT = SWEEP_DOIT.replace("run.start()\n", f"""run.start()
if job.x == {SLOW_X}:
    import os
    import subprocess

    limit = subprocess.run(["scontrol", "show", "job", os.environ["SLURM_JOB_ID"]],
                           capture_output=True, text=True).stdout
    if "TimeLimit=00:01:00" in limit:
        time.sleep(600)
ballast = []
if job.x == {BIG_X}:
    for _ in range(25):
        ballast.append(b"\\x01" * (10 * 2**20))
        time.sleep(0.1)
""")


@pytest.fixture(scope="module")
def limited() -> Iterator[Slurm]:
    """The cluster with its limits, accounting, and limits enforced per association: the
    user's jobs go to QOS ``normal`` (no limit of its own) unless they ask for QOS
    ``capped`` (``MaxSubmitJobsPerUser`` = :data:`QOS_MAX_SUBMIT`)."""
    with cluster(accounting=True, MaxArraySize=str(MAX_ARRAY_SIZE),
                 MaxJobCount=str(MAX_JOB_COUNT), MinJobAge="2",
                 AccountingStorageEnforce="associations,limits,qos") as running:
        running.run("sacctmgr", "-i", "add", "qos", "capped",
                    f"MaxSubmitJobsPerUser={QOS_MAX_SUBMIT}")
        running.run("sacctmgr", "-i", "modify", "user", "where", f"name={getpass.getuser()}",
                    "set", "QOS=normal,capped", "DefaultQOS=normal")
        deadline = time.monotonic() + 60
        while subprocess.run(  # slurmctld hears of the association from slurmdbd
                ["sbatch", "--test-only", "--qos=capped", "--wrap", "true"],
                env=running.env, capture_output=True, timeout=30).returncode != 0:
            assert time.monotonic() < deadline, "the user's association did not reach Slurm"
            time.sleep(0.5)
        yield running


def sweep_workflow(directory: Path, runs: int, options: str, throttle: int | None = None,
                   *, failing: bool = False, extra_yaml: str = "") -> Path:
    """A one-study workflow whose ``main`` sweeps ``x`` over ``runs`` values in one
    createTask, with ``slurm_options: [options]``. With ``failing``, x=BIG_X is one of
    them, and x=SLOW_X a second createTask with ``--time=1`` of its own."""
    values = [float(i) for i in range(runs - 1 if failing else runs)]
    if failing:
        assert BIG_X in values
        body = (f"    sweep = workflow.sweep.createTask(x={values})\n"
                f"    slow = workflow.sweep.createTask(\n"
                f"        x={SLOW_X}, run_params={{'slurm_options': ['time=1']}})\n"
                "    await sweep\n    await slow\n")
    else:
        body = f"    await workflow.sweep.createTask(x={values})\n"
    slurm = f"slurm: {{array_throttle: {throttle}}}\n" if throttle else ""
    return write_workflow(
        directory, "async def main(workflow, **params):\n" + body,
        {"sweep": {"doit": FAILING_DOIT if failing else SWEEP_DOIT, "launch": SWEEP_LAUNCH}},
        extra_yaml=f"generator: slurm\nslurm_options: [{options}, comment={JOB_NAME}]\n"
                   + slurm + extra_yaml)


def _runs(directory: Path) -> list[dict[str, object]]:
    from motoko_airflow.blackdynamite import Study, run_record

    store = Study(directory / "sweep", workflow=str(directory / "motoko.yaml"))
    try:
        with store.server.lease():
            return [{"id": int(run.id), "x": job["x"],
                     **run_record(store.name, run, job)["run"]}
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
    said once in the launcher's log and in motoko run's output, and submitted as room
    frees), at most ``array_throttle`` tasks of an array running at once. One run
    exceeds its memory and one its time: Slurm ends their array tasks OUT_OF_MEMORY
    and TIMEOUT, and their next attempts, asking for twice as much, FINISH. Every run
    FINISHED exactly once; how each job ended comes from Slurm's accounting."""
    directory = sweep_workflow(tmp_path / "sweep", SWEEP, "time=00:10:00, mem=200M",
                               THROTTLE, failing=True, extra_yaml="resources: {factor: 2}\n")
    try:
        started = time.monotonic()
        result = motoko(limited, "run", str(directory), "-n", "sweep", timeout=900)
        took = time.monotonic() - started
        out = result.stdout + result.stderr
        assert result.returncode == 0, out
        runs = _runs(directory)
        assert len(runs) == SWEEP + 2, len(runs)  # one attempt each, two for two of them
        by_x: dict[float, list[dict[str, object]]] = {}
        for run in runs:  # in run-id order: attempts in order
            by_x.setdefault(float(run["x"]), []).append(run)  # type: ignore[arg-type]
        assert sorted(by_x) == sorted([SLOW_X, *(float(i) for i in range(SWEEP - 1))])
        for x, attempts in by_x.items():
            expected = ["FAILED", "FINISHED"] if x in (SLOW_X, BIG_X) else ["FINISHED"]
            assert [a["state"] for a in attempts] == expected, (x, attempts)
            assert float(attempts[-1]["y"]) == x  # type: ignore[arg-type]
        arrays: dict[str, list[dict[str, object]]] = {}
        for run in runs:
            batch = run["batch_array"]
            assert isinstance(batch, dict), run
            arrays.setdefault(str(batch["job"]), []).append(run)
        sizes = sorted(len(a) for a in arrays.values())
        assert max(sizes) <= MAX_ARRAY_SIZE and len(arrays) >= 5, sizes
        assert len(arrays) <= 12, sizes  # a few sbatch calls, not one per run
        for job_id, members in arrays.items():
            assert sorted(r["batch_array"]["task"] for r in members) == list(  # type: ignore[index]
                range(len(members))), job_id
            intervals = []
            for run in members:
                run_dir = Path(str(run["run_path"]))
                starts = (run_dir / "started").read_text().split()
                assert len(starts) == 1, run_dir  # executed exactly once
                assert [p.name for p in run_dir.glob("slurm-*.out")] == [
                    f"slurm-{job_id}_{run['batch_array']['task']}.out"]  # type: ignore[index]
                if run["state"] == "FINISHED":
                    ends = (run_dir / "ended").read_text().split()
                    assert len(ends) == 1, run_dir
                    intervals.append((float(starts[0]), float(ends[0])))
                else:  # stopped by Slurm before its end
                    assert not (run_dir / "ended").exists(), run_dir
            assert _most_at_once(intervals) <= THROTTLE, (job_id, intervals)
        log = (directory / "sweep" / ".bd" / "launch.log").read_text()
        held = re.findall(r"holding (\d+) run\(s\) back, submitted as room frees: (.*)", log)
        assert held and all(f"MaxJobCount {MAX_JOB_COUNT}" in why for _, why in held), log
        assert "room again: submitting the runs held back" in log, log
        submitted = re.findall(
            rf"as array job (\d+) \((\d+) tasks, at most {THROTTLE} at once\)", log)
        assert sorted(submitted) == sorted((j, str(len(m))) for j, m in arrays.items()), log
        assert not re.search(r"FAILED|error", log), log

        # Slurm ended the big run's first task for memory, the slow run's for time; the
        # next attempts asked for twice as much (the memory from the larger of the
        # limit and the measured peak), in arrays of their own
        big, slow = by_x[BIG_X], by_x[SLOW_X]
        ended_big, ended_slow = big[0]["batch_job"], slow[0]["batch_job"]
        assert isinstance(ended_big, dict) and isinstance(ended_slow, dict)
        assert ended_big["state"] == "OUT_OF_MEMORY" and ended_big["mem"] == {"mem": "200M"}
        assert ended_slow["state"] == "TIMEOUT" and ended_slow["time"] == "00:01:00"
        for ended in (ended_big, ended_slow):  # sacct's figures, the job long forgotten
            assert re.fullmatch(r"\d\d:\d\d:\d\d", str(ended["run_time"])), ended
            assert re.fullmatch(r"\d+M", str(ended.get("max_rss"))), ended
        assert parse_time(str(ended_slow["run_time"])) >= 60, ended_slow  # type: ignore[operator]
        peak = parse_mem(str(ended_big["max_rss"]))  # sampled: near the limit, or over
        assert peak > 0, ended_big
        assert big[0]["failure_reason"] == (
            f"Slurm job {ended_big['id']} ended OUT_OF_MEMORY (mem 200M)")
        assert slow[0]["failure_reason"] == (
            f"Slurm job {ended_slow['id']} ended TIMEOUT (time limit 00:01:00)")
        assert big[1]["resources"] == {"time": "00:10:00",
                                       "mem": format_mem(max(200, peak) * 2)}
        assert slow[0]["resources"] == {"time": "00:01:00", "mem": "200M"}
        assert slow[1]["resources"] == {"time": "00:02:00", "mem": "200M"}
        for attempts in (big, slow):
            assert attempts[0]["superseded_by"] == attempts[1]["id"]
            assert attempts[0]["batch_array"]["job"] != attempts[1]["batch_array"]["job"]  # type: ignore[index]
        held_shown = re.findall(r"sweep: (\d+) run\(s\) wait for room in Slurm: (.*)",
                                result.stdout)
        assert held_shown and all(f"MaxJobCount {MAX_JOB_COUNT}" in why
                                  for _, why in held_shown), result.stdout

        # long forgotten by slurmctld (MinJobAge 2 s): how each job ended, from sacct
        info = motoko(limited, "info", "-w", str(directory), "--verbose", "-n", "sweep")
        assert info.returncode == 0, info.stdout + info.stderr
        # every run's figures, the last runs' too: motoko run waited for their accounting
        shown = re.findall(r"^   run (\d+) +(\w+) .*?(?:, elapsed=(\d\d:\d\d:\d\d))?"
                           r"(?:, peak=(\d+)M)?, resources=(.*)$", info.stdout, re.M)
        assert len(shown) == SWEEP + 2, info.stdout
        listed = {int(run_id): (state, peak, asked) for run_id, state, _, peak, asked in shown}
        elapsed = {int(run_id): time for run_id, _, time, _, _ in shown}
        for run in runs:
            state, shown_peak, asked = listed[int(run["id"])]  # type: ignore[call-overload]
            assert state == run["state"], (run, listed)
            assert asked == resources_text(run["resources"]), (run, asked)  # type: ignore[arg-type]
            recorded = run.get("batch_job")
            assert isinstance(recorded, dict) and recorded.get("run_time"), run
            assert elapsed[int(run["id"])] == recorded["run_time"], (run, info.stdout)  # type: ignore[call-overload]
        assert listed[int(big[0]["id"])][1] == str(peak)  # type: ignore[call-overload]
        assert re.search(r"failure_reason=Slurm job \S+ ended TIMEOUT \(time limit "
                         r"00:01:00\), elapsed=00:0[12]:\d\d, peak=\d+M, "
                         r"resources=time=00:01:00 mem=200M$", info.stdout, re.M), info.stdout
        # peaks are sampled (JobAcctGatherFrequency): a 1-second job may have none
        peaks = [int(peak) for _, _, _, peak, _ in shown if peak]
        assert peaks and all(0 < peak < 400 for peak in peaks), shown
        ended_jobs = [r["batch_job"] for r in _runs(directory) if r["state"] == "FINISHED"]
        assert all(isinstance(e, dict) and e["state"] == "COMPLETED" and
                   e["exit_code"] == "0:0" for e in ended_jobs), ended_jobs
        print(f"{SWEEP} runs in {len(arrays)} arrays (sizes {sizes}) in {took:.0f} s")
    finally:
        stop_everything(directory)


def test_a_qos_below_the_array_size_takes_smaller_arrays(limited: Slurm,
                                                        tmp_path: Path) -> None:
    """A QOS that lets the user have fewer jobs than an array would hold
    (``MaxSubmitJobsPerUser``, which counts every array task): ``sbatch`` refuses the
    array for the QOS, the launcher halves it until one is taken and holds the rest back
    while the QOS is full; no run FAILED, every run FINISHED exactly once."""
    directory = sweep_workflow(tmp_path / "qos", QOS_SWEEP, "time=00:10:00, qos=capped",
                               THROTTLE)
    try:
        result = motoko(limited, "run", str(directory), "-n", "capped", timeout=600)
        out = result.stdout + result.stderr
        assert result.returncode == 0, out
        runs = _runs(directory)
        assert sorted(float(r["x"]) for r in runs) == [float(i) for i in range(QOS_SWEEP)]  # type: ignore[arg-type]
        assert all(r["state"] == "FINISHED" for r in runs), runs
        for run in runs:
            starts = (Path(str(run["run_path"])) / "started").read_text().split()
            assert len(starts) == 1, run  # executed exactly once
        arrays: dict[str, int] = {}
        for run in runs:
            job = str(run["batch_array"]["job"])  # type: ignore[index]
            arrays[job] = arrays.get(job, 0) + 1
        assert max(arrays.values()) <= QOS_MAX_SUBMIT, arrays
        log = (directory / "sweep" / ".bd" / "launch.log").read_text()
        refused = re.findall(r"sbatch refused an array of (\d+) tasks \((.*)\): trying (\d+)",
                             log)
        assert refused and all("QOSMaxSubmitJob" in why for _, why, _ in refused), log
        assert all(int(tried) == int(size) // 2 for size, _, tried in refused), log
        assert "FAILED" not in log, log
    finally:
        stop_everything(directory)


def test_kill_leaves_nothing_queued(limited: Slurm, tmp_path: Path) -> None:
    """``motoko kill`` cancels the array tasks still queued and makes their runs CREATED
    again: nothing is left in Slurm's queue, nothing is lost (a launcher started again
    submits them anew)."""
    directory = sweep_workflow(tmp_path / "kill", KILLED, "begin=now+1hour")  # never start
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
