"""Submitting a study's runs to Slurm as job arrays, within the site's limits.

With ``generator: slurm`` (and unless ``slurm: {array: false}``), a study's launcher
daemon submits its CREATED runs itself instead of BlackDynamite's launch daemon (one
``sbatch`` per run): the runs found in one pass (those of one createTask, one mapped
step) are grouped by run name and by their effective ``slurm_options`` (the daemon's,
with the run's own of the same key winning, as BlackDynamite's slurm coat does), and
each group goes to Slurm as job arrays of at most the cluster's ``MaxArraySize`` tasks
(``scontrol show config``, read once), throttled with ``%N``
(``slurm: {array_throttle: N}``).

Each array task runs its run's ``launch.sh`` in the run's directory, written as
BlackDynamite's slurm coat writes it (the run's environment, the traps of the signal
Slurm sends 60 s before the time limit, the line marking the run FAILED when the last
command fails); its output goes to ``slurm-<array id>_<task>.out`` there. A run is
recorded ``SLURM submit`` with its array task (``run.batch_array``) once ``sbatch``
has accepted its array: how a run's job ended is then read for ``<array id>_<task>``
(:func:`motoko_airflow.batch.find_jobs`). The arrays of a study are listed in
``.bd/slurm-arrays.jsonl`` (``motoko kill`` cancels those still queued).

Site limits: before submitting, the room under ``MaxJobCount`` (each array task counts
as one job, as for Slurm) is the limit less the jobs Slurm holds (one ``squeue``). When
there is none, or ``sbatch`` refuses a submission for a limit (``QOSMaxSubmitJob...``,
"Resource temporarily unavailable", ...), the runs stay CREATED in the daemon's queue
and are submitted as room frees, the daemon waiting longer each time (up to a minute)
and saying so once per hold; a refused submission never FAILs a run. ``sbatch``'s own
retry loop ("Slurm temporarily unable to accept job, sleeping and retrying", two
minutes) is cut short at its first line. While runs are held back, the daemon keeps
which and why in ``.bd/slurm-held.json`` (:func:`read_held`): the task waiting for them
and ``motoko run`` say it in one line.

Plain Python (no BlackDynamite): :class:`motoko_airflow.blackdynamite.Study` writes the
runs and records their submission.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from motoko_airflow.batch import SlurmUnavailable

__all__ = [
    "ArraySettings",
    "ClusterLimits",
    "Held",
    "SubmitError",
    "SubmitRefused",
    "array_script",
    "calls",
    "cancel",
    "clear_held",
    "cluster_limits",
    "jobs_held",
    "pending_tasks",
    "read_arrays",
    "read_held",
    "record_array",
    "record_held",
    "submit_array",
]

#: Where a study's submitted arrays are listed (one JSON object a line).
ARRAYS_FILE = "slurm-arrays.jsonl"
#: Which runs the study's launcher holds back, and why (while it does).
HELD_FILE = "slurm-held.json"
#: Where the array scripts are written, in the study's ``.bd``.
SCRIPTS_DIR = "slurm-arrays"
_TIMEOUT = 30.0
#: What ``sbatch`` says when a limit of the site refuses a submission.
LIMIT_MESSAGES = re.compile(
    r"QOSMax|MaxSubmit|AssocMax|MaxJobCount|job submit limit|accounting/QOS policy|"
    r"Resource temporarily unavailable|temporarily unable to accept job|"
    r"Job count exceeds limit|too many jobs", re.IGNORECASE)
#: ``sbatch``'s first line when slurmctld answers EAGAIN; it then retries for minutes.
_SBATCH_RETRYING = "temporarily unable to accept job"

#: Slurm commands run by this process, by name (the bench reports them).
calls: Counter[str] = Counter()


@dataclass(frozen=True)
class ArraySettings:
    """``slurm:`` in ``motoko.yaml``: submit as arrays (``array``), at most
    ``throttle`` tasks of an array running at once (``array_throttle``), arrays of at
    most ``max_size`` tasks (``array_size``; never more than the cluster allows)."""

    array: bool = True
    throttle: int | None = None
    max_size: int | None = None


@dataclass(frozen=True)
class ClusterLimits:
    """The limits of the cluster an array must respect (``scontrol show config``)."""

    max_array_size: int  # array indexes 0 .. max_array_size - 1
    max_job_count: int


class SubmitRefused(Exception):
    """``sbatch`` refused a submission for a limit of the site: try again later."""


class SubmitError(Exception):
    """``sbatch`` refused a submission for another reason (a bad option, a partition
    that does not exist): the runs cannot be submitted as they are."""


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    calls[command[0]] += 1
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SlurmUnavailable(f"{command[0]}: {exc}") from exc


def cluster_limits() -> ClusterLimits:
    """``MaxArraySize`` and ``MaxJobCount`` of the cluster (Slurm's defaults, 1001 and
    10000, when not shown)."""
    done = _run("scontrol", "show", "config")
    if done.returncode != 0:
        raise SlurmUnavailable(f"scontrol show config: {done.stderr.strip()}")
    values = dict(re.findall(r"^(\w+)\s*=\s*(\S+)", done.stdout, re.M))

    def number(name: str, default: int) -> int:
        try:
            return int(values.get(name, default))
        except ValueError:
            return default

    return ClusterLimits(number("MaxArraySize", 1001), number("MaxJobCount", 10000))


def jobs_held() -> int:
    """How many jobs slurmctld holds, every user's, each array task counted (pending,
    running, and ended ones not yet purged): what ``MaxJobCount`` is compared with."""
    done = _run("squeue", "--noheader", "--array", "--states=all", "--format=%i")
    if done.returncode != 0:
        raise SlurmUnavailable(f"squeue: {done.stderr.strip()}")
    return sum(1 for line in done.stdout.splitlines() if line.strip())


def array_script(path: Path, *, name: str, options: Sequence[str], runs_dir: Path,
                 run_dirs: Sequence[str], log: Path) -> None:
    """Write the job script of one array: task ``i`` runs ``launch.sh`` in
    ``runs_dir/run_dirs[i]``, its output in ``slurm-<array id>_<i>.out`` there."""
    lines = ["#!/bin/bash", f"#SBATCH --job-name={name}", "#SBATCH --signal=B:TERM@60"]
    lines += [f"#SBATCH --{o}" for o in options]
    lines += [f"#SBATCH --chdir={runs_dir}", "#SBATCH --output=/dev/null", "",
              "runs=(" + " ".join(shlex.quote(d) for d in run_dirs) + ")",
              'run="${runs[$SLURM_ARRAY_TASK_ID]}"',
              f'cd "$run" 2>>{shlex.quote(str(log))} || exit 1',
              'exec ./launch.sh > "slurm-${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}.out" '
              "2>&1", ""]
    path.write_text("\n".join(lines))
    path.chmod(0o755)


def submit_array(script: Path, size: int, throttle: int | None, *,
                 env: dict[str, str] | None = None) -> str:
    """``sbatch --array=0-<size-1>[%throttle] script``; returns the array's job id.

    Raises :class:`SubmitRefused` when a limit refused it (nothing was submitted),
    :class:`SubmitError` for any other refusal, :class:`SlurmUnavailable` when
    ``sbatch`` cannot be run."""
    spec = f"0-{size - 1}" + (f"%{throttle}" if throttle else "")
    command = ["sbatch", "--parsable", f"--array={spec}", str(script)]
    calls["sbatch"] += 1
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True, env=env,
                                   start_new_session=True)
    except OSError as exc:
        raise SlurmUnavailable(f"sbatch: {exc}") from exc
    assert process.stderr is not None and process.stdout is not None
    errors = []
    for line in process.stderr:  # until sbatch ends, or says it will retry for minutes
        errors.append(line.strip())
        if _SBATCH_RETRYING in line:  # it sleeps a second before retrying: nothing sent
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise SubmitRefused(line.strip().removeprefix("sbatch: error: "))
    out = process.stdout.read()
    code = process.wait()
    message = " ".join(e.removeprefix("sbatch: error: ") for e in errors if e)
    if code != 0:
        if LIMIT_MESSAGES.search(message):
            raise SubmitRefused(message)
        raise SubmitError(message or f"sbatch exited with code {code}")
    job_id = out.strip().split(";")[0]
    if not job_id.isdigit():
        raise SubmitError(f"sbatch answered {out.strip()!r}, not a job id")
    return job_id


def record_array(bd_dir: Path, job_id: str, run_name: str, run_ids: Sequence[int]) -> None:
    """List a submitted array in the study's ``.bd/slurm-arrays.jsonl``."""
    entry = {"job": job_id, "run_name": run_name, "runs": list(run_ids),
             "submitted": time.time()}
    with open(bd_dir / ARRAYS_FILE, "a") as out:
        out.write(json.dumps(entry) + "\n")


def read_arrays(bd_dir: Path, run_name: str | None = None) -> list[dict[str, object]]:
    """The arrays submitted for a study (those of ``run_name`` only, if given)."""
    try:
        text = (bd_dir / ARRAYS_FILE).read_text()
    except OSError:
        return []
    arrays = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash
        if run_name is None or entry.get("run_name") == run_name:
            arrays.append(entry)
    return arrays


def cancel(job_ids: Sequence[str], *, pending_only: bool) -> None:
    """``scancel`` these arrays (only their tasks still pending, if asked)."""
    if not job_ids:
        return
    command = ["scancel", *(["--state=PENDING"] if pending_only else []), *job_ids]
    _run(*command)  # jobs already ended: scancel says so, nothing to do


def pending_tasks(job_ids: Sequence[str], *, running: bool = False) -> set[str]:
    """The tasks (``<array id>_<i>``) of these arrays still pending (or running too,
    with ``running``): one ``squeue`` of the user's jobs."""
    if not job_ids:
        return set()
    states = "PENDING,RUNNING,CONFIGURING,COMPLETING,SUSPENDED" if running else "PENDING"
    done = _run("squeue", "--noheader", "--array", f"--states={states}",
                f"--user={getpass.getuser()}", "--format=%F|%i")
    if done.returncode != 0:
        raise SlurmUnavailable(f"squeue: {done.stderr.strip()}")
    wanted = set(job_ids)
    return {task for array, _, task in (line.strip().partition("|")
                                        for line in done.stdout.splitlines())
            if array in wanted and task}


@dataclass(frozen=True)
class Held:
    """Runs a study's launcher holds back for a limit of the site: which, why, since
    when (``time.time()``)."""

    runs: tuple[int, ...]
    why: str
    since: float

    def text(self, count: int | None = None) -> str:
        """``15 run(s) wait for room in Slurm: MaxJobCount 50 reached (...)``."""
        n = len(self.runs) if count is None else count
        return f"{n} run(s) wait for room in Slurm: {self.why}; submitted as room frees"


def record_held(bd_dir: Path, run_ids: Sequence[int], why: str, since: float) -> None:
    """Say (in ``.bd/slurm-held.json``) that these runs are held back, and why."""
    entry = {"runs": list(run_ids), "why": why, "since": since, "pid": os.getpid(),
             "host": socket.gethostname()}
    path = bd_dir / HELD_FILE
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(entry))
    partial.replace(path)  # readers never see half of it


def clear_held(bd_dir: Path) -> None:
    """No run is held back any more."""
    (bd_dir / HELD_FILE).unlink(missing_ok=True)


def read_held(bd_dir: Path) -> Held | None:
    """The runs the study's launcher holds back, if any (None too when the launcher
    that said so has died on this host)."""
    try:
        entry = json.loads((bd_dir / HELD_FILE).read_text())
        runs = tuple(int(i) for i in entry["runs"])
        why, since = str(entry["why"]), float(entry["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if entry.get("host") == socket.gethostname() and isinstance(entry.get("pid"), int):
        try:
            os.kill(entry["pid"], 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # alive, someone else's
    return Held(runs, why, since)
