"""A run's batch resources: Slurm time and memory values, how a run's Slurm job ended,
and what the run's next attempt asks for.

When Slurm ends a run's job for time (``TIMEOUT``) or memory (``OUT_OF_MEMORY``), the
run's next attempt asks for more: the limit the job had (or the peak memory Slurm's
accounting measured, when above it), times ``factor`` (per attempt), capped
(``resources:`` in ``motoko.yaml``, :class:`Scaling`). BlackDynamite's slurm coat lets
a run's own ``slurm_options`` (``key=value``) override its launch daemon's options of
the same key: the new attempt carries its scaled values there.

Which job is a run's is found by its name (the coat names it ``<run id>_<run name>``) and
its working directory (the run directory, since run ids repeat across studies) among
the user's jobs listed by one ``squeue``; how a job ended, with the limits it had, with
``scontrol show job`` (``sacct`` would need Slurm's accounting daemon). Slurm keeps an
ended job for ``MinJobAge`` seconds (300 by default); a run whose job it has forgotten
is known by the ``slurm-<job id>.out`` it left in its directory.

Plain Python (no BlackDynamite): ``blackdynamite.Study`` records what this module reads
on the runs.
"""

from __future__ import annotations

import contextlib
import datetime
import getpass
import math
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_FACTOR",
    "FORGOTTEN",
    "SCALED_KEYS",
    "Scaling",
    "SlurmJob",
    "SlurmSettings",
    "SlurmUnavailable",
    "accounting",
    "accounting_available",
    "find_jobs",
    "format_mem",
    "format_time",
    "is_array_task",
    "job_details",
    "merge_options",
    "options_dict",
    "parse_mem",
    "parse_time",
    "requested",
    "resources_text",
    "usage_text",
]

DEFAULT_FACTOR = 1.5
#: The options a retry scales: time, and memory per node or per CPU.
SCALED_KEYS = ("time", "mem", "mem-per-cpu")
#: Job states in which a Slurm job is over (``squeue``'s ``%T``).
ENDED_STATES = frozenset({"BOOT_FAIL", "CANCELLED", "COMPLETED", "DEADLINE", "FAILED",
                          "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "TIMEOUT"})
#: Unknown: an ended job Slurm has forgotten (its ``slurm-<id>.out`` is all that is left).
FORGOTTEN = "FORGOTTEN"
#: Ended for slurmctld, not yet for Slurm's accounting: asked again at the next poll.
ENDING = "ENDING"
#: How long (seconds) after a job's end its accounting is waited for before
#: ``scontrol``'s account of it (no peak memory) is taken instead.
ACCOUNTING_LAG = 10.0
_TIMEOUT = 30.0  # seconds a Slurm command may take


# ---- values ---------------------------------------------------------------------------


_TIME = re.compile(r"^(?:(?P<days>\d+)-)?(?P<rest>\d+(?::\d+){0,2})$")


def parse_time(text: str | int) -> int | None:
    """Seconds in a Slurm time (``--time``): ``MM``, ``MM:SS``, ``HH:MM:SS``, ``D-HH``,
    ``D-HH:MM``, ``D-HH:MM:SS``; ``UNLIMITED``/``INFINITE`` is None. ValueError otherwise."""
    value = str(text).strip()
    if value.upper() in ("UNLIMITED", "INFINITE"):
        return None
    match = _TIME.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, "
                         "D-HH:MM or D-HH:MM:SS)")
    parts = [int(p) for p in match["rest"].split(":")]
    if match["days"] is None:
        # minutes | minutes:seconds | hours:minutes:seconds
        units = {1: (60,), 2: (60, 1), 3: (3600, 60, 1)}[len(parts)]
        days = 0
    else:
        # days-hours | days-hours:minutes | days-hours:minutes:seconds
        units = (3600, 60, 1)[:len(parts)]
        days = int(match["days"])
    return days * 86400 + sum(p * u for p, u in zip(parts, units, strict=True))


def format_time(seconds: float) -> str:
    """A Slurm time of at least ``seconds``, in whole minutes (Slurm's limits are whole
    minutes: ``90`` is ``00:02:00``): ``HH:MM:SS``, or ``D-HH:MM:SS`` from a day on."""
    minutes = max(1, math.ceil(seconds / 60 - 1e-9))
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours:02d}:{minutes:02d}:00"
    return f"{days}-{text}" if days else text


_MEM = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT]?)B?$", re.IGNORECASE)
_MEM_UNITS = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024**2, "": 1}


def parse_mem(text: str | int) -> int:
    """Megabytes in a Slurm memory size (``--mem``): ``500M``, ``2G``, ``1T``, ``100K``;
    a plain number is megabytes, as for Slurm. ValueError otherwise."""
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a memory size")
    match = _MEM.match(str(text).strip())
    if match is None:
        raise ValueError(f"{text!r} is not a Slurm memory size (e.g. 500M, 2G; a plain "
                         "number is megabytes)")
    return math.ceil(float(match["number"]) * _MEM_UNITS[match["unit"].upper()])


def format_mem(megabytes: float) -> str:
    """A Slurm memory size of at least ``megabytes``: ``2G`` when whole gigabytes, else
    ``1536M``."""
    mb = math.ceil(megabytes - 1e-9)
    return f"{mb // 1024}G" if mb and mb % 1024 == 0 else f"{mb}M"


def _normal(key: str, value: str) -> str:
    """An option's value as this module writes it (``time=1`` is ``00:01:00``)."""
    try:
        if key == "time":
            seconds = parse_time(value)
            return value if seconds is None else format_time(seconds)
        if key in ("mem", "mem-per-cpu"):
            return format_mem(parse_mem(value))
    except ValueError:
        pass
    return value


# ---- options --------------------------------------------------------------------------


def options_dict(options: Iterable[Any] | None) -> dict[str, str]:
    """``["time=00:10:00", "exclusive"]`` as ``{"time": "00:10:00", "exclusive": ""}``
    (a leading ``--`` is dropped; later options win, as in ``sbatch``)."""
    out: dict[str, str] = {}
    for option in options or ():
        key, _, value = str(option).strip().removeprefix("--").partition("=")
        out[key] = value
    return out


def merge_options(options: Iterable[Any] | None, override: Mapping[str, str]) -> list[str]:
    """``options`` (``key=value`` strings) with ``override``'s keys replaced or added."""
    merged = options_dict(options)
    merged.update(override)
    return [f"{k}={v}" if v != "" else k for k, v in merged.items()]


def requested(*options: Iterable[Any] | None) -> dict[str, str]:
    """The scaled resources (:data:`SCALED_KEYS`) the options ask for, later options
    winning: ``{"time": "00:01:00", "mem": "256M"}``, values normalized."""
    merged: dict[str, str] = {}
    for group in options:
        merged.update(options_dict(group))
    return {k: _normal(k, merged[k]) for k in SCALED_KEYS if merged.get(k)}


def resources_text(resources: Mapping[str, Any]) -> str:
    """``time=00:02:00 mem=768M``: a run's recorded resources, for people."""
    return " ".join(f"{k}={v}" for k, v in resources.items())


def usage_text(batch_job: Mapping[str, Any] | None) -> str:
    """``elapsed=00:00:05 peak=120M``: how long a run's job ran and its peak memory, as
    recorded on the run (``run.batch_job``); empty when unknown."""
    if not batch_job:
        return ""
    shown = []
    if batch_job.get("run_time"):
        shown.append(f"elapsed={batch_job['run_time']}")
    if batch_job.get("max_rss"):
        shown.append(f"peak={batch_job['max_rss']}")
    return " ".join(shown)


# ---- jobs -----------------------------------------------------------------------------


class SlurmUnavailable(Exception):
    """A Slurm command could not be run or did not answer (not installed, no controller)."""


@dataclass(frozen=True)
class SlurmJob:
    """A run's Slurm job as Slurm reports it: its id and state, and, once it has ended,
    the limits it had (``time``: ``TimeLimit``; ``mem``: ``{"mem": "256M"}`` or
    ``{"mem-per-cpu": "1G"}``), how long it ran (``run_time``), its exit code and
    reason.

    ``max_rss``: its peak memory (``sacct``'s MaxRSS over its steps, ``"120M"``), when
    Slurm's accounting keeps it.

    ``warned``: the job ended COMPLETED, its run unfinished, in the last minute before
    its time limit: BlackDynamite's job script stops at the signal its coat asks Slurm
    for 60 s before the limit (``--signal=B:TERM@60``: the script traps it and exits 0;
    the ``updateRuns.py`` its trap calls to record ``SLURM stopped`` is not installed
    by BlackDynamite 1.3.9). It ran out of time as surely as a TIMEOUT."""

    id: str
    state: str
    time: str | None = None
    mem: dict[str, str] = field(default_factory=dict)
    exit_code: str | None = None
    reason: str | None = None
    run_time: str | None = None
    warned: bool = False
    max_rss: str | None = None
    end_time: str | None = field(default=None, compare=False)  # scontrol's, not kept

    @property
    def in_last_minute(self) -> bool:
        """Whether it COMPLETED after the warning Slurm sends 60 s before its limit."""
        try:
            limit = parse_time(self.time) if self.time else None
            ran = parse_time(self.run_time) if self.run_time else None
        except ValueError:
            return False
        return self.state == "COMPLETED" and limit is not None and ran is not None and \
            ran >= limit - 60

    @property
    def ended(self) -> bool:
        return self.state in ENDED_STATES or self.state == FORGOTTEN

    def describe(self) -> str:
        """``Slurm job 12 ended TIMEOUT (time limit 00:01:00)``: a run's failure reason."""
        if self.state == FORGOTTEN:
            return f"Slurm job {self.id} has ended (Slurm no longer knows how)"
        if self.warned:
            return (f"Slurm job {self.id} ended {self.state} after {self.run_time} of its "
                    f"{self.time} time limit, the run unfinished: BlackDynamite's job "
                    "script stops at the signal Slurm sends 60 s before the limit")
        detail = ""
        if self.state == "TIMEOUT" and self.time:
            detail = f" (time limit {self.time})"
        elif self.state == "OUT_OF_MEMORY" and self.mem:
            detail = " (" + ", ".join(f"{k} {v}" for k, v in self.mem.items()) + ")"
        elif self.state == "COMPLETED":
            detail = " (its script ended without finishing the run)"
        elif self.exit_code and self.exit_code != "0:0":
            detail = f" (exit code {self.exit_code})"
        return f"Slurm job {self.id} ended {self.state}{detail}"

    def record(self) -> dict[str, Any]:
        """Plain JSON, as the run keeps it (``run.batch_job``)."""
        out: dict[str, Any] = {"id": self.id, "state": self.state}
        if self.time:
            out["time"] = self.time
        if self.mem:
            out["mem"] = dict(self.mem)
        if self.exit_code:
            out["exit_code"] = self.exit_code
        if self.reason:
            out["reason"] = self.reason
        if self.run_time:
            out["run_time"] = self.run_time
        if self.warned:
            out["warned"] = True
        if self.max_rss:
            out["max_rss"] = self.max_rss
        return out

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> SlurmJob:
        return cls(str(record["id"]), str(record["state"]), record.get("time"),
                   dict(record.get("mem") or {}), record.get("exit_code"),
                   record.get("reason"), record.get("run_time"),
                   bool(record.get("warned")), record.get("max_rss"))


def _slurm(*command: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SlurmUnavailable(f"{command[0]}: {exc}") from exc


def _same_dir(a: str, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _out_file_job(run_dir: Path) -> str | None:
    """The id of the newest job that wrote ``slurm-<id>.out`` in a run directory."""
    ids = []
    for path in run_dir.glob("slurm-*.out"):
        number = path.name[len("slurm-"):-len(".out")]
        if number.isdigit():
            ids.append(int(number))
    return str(max(ids)) if ids else None


def job_details(job_id: str) -> SlurmJob:
    """``scontrol show job`` of one job: its state and the limits it had; a job Slurm
    has forgotten is :data:`FORGOTTEN`. Raises :class:`SlurmUnavailable` when Slurm
    cannot be asked."""
    done = _slurm("scontrol", "show", "job", "--oneliner", str(job_id))
    if done.returncode != 0:
        said = done.stderr + done.stdout
        # a purged task of an array whose other tasks Slurm still holds: "not found"
        if "Invalid job id" in said or re.search(r"Job \S+ not found", said):
            return SlurmJob(str(job_id), FORGOTTEN)
        raise SlurmUnavailable(f"scontrol show job {job_id} exited {done.returncode}: "
                               f"{done.stderr.strip() or done.stdout.strip()}")
    fields = dict(re.findall(r"(\w+(?:/\w+)?)=(\S*)", done.stdout))
    mem: dict[str, str] = {}
    for name, key in (("MinMemoryNode", "mem"), ("MinMemoryCPU", "mem-per-cpu")):
        value = fields.get(name)
        if value and value != "0":
            with_unit = value if value[-1:].isalpha() else f"{value}M"
            mem[key] = _normal(key, with_unit)
    time_limit = fields.get("TimeLimit")
    return SlurmJob(fields.get("JobId", str(job_id)), fields.get("JobState", "UNKNOWN"),
                    time=_normal("time", time_limit) if time_limit else None, mem=mem,
                    exit_code=fields.get("ExitCode"), reason=fields.get("Reason"),
                    run_time=fields.get("RunTime"), end_time=fields.get("EndTime"))


def _ended_ago(job: SlurmJob, run_dir: Path | None = None) -> float:
    """Seconds since the job ended: ``scontrol``'s EndTime (local time), or, for a job
    it has forgotten, the last write to its ``slurm-<id>.out`` in ``run_dir``; infinite
    when unknown."""
    if job.state == FORGOTTEN:
        try:
            if run_dir is None:
                return math.inf
            return time.time() - (run_dir / f"slurm-{job.id}.out").stat().st_mtime
        except OSError:
            return math.inf
    try:
        ended = datetime.datetime.fromisoformat(job.end_time or "")
    except ValueError:
        return math.inf
    return (datetime.datetime.now() - ended).total_seconds()


_queue_lock = threading.Lock()
_queue: tuple[float, list[list[str]]] = (-math.inf, [])


def _user_jobs(max_age: float) -> list[list[str]]:
    """``[job id, name, state, end time, working directory]`` of every job of this user Slurm
    knows (queued, running, or ended less than ``MinJobAge`` ago): one ``squeue``,
    shared by the callers of this process for ``max_age`` seconds (as batch-system
    executors poll one queue for all their tasks, sparing the controller)."""
    global _queue
    with _queue_lock:
        asked, rows = _queue
        if time.monotonic() - asked <= max_age:
            return rows
        asked = time.monotonic()
        done = _slurm("squeue", "--noheader", "--array", "--states=all",
                      f"--user={getpass.getuser()}", "--format=%i|%j|%T|%e|%Z")
        if done.returncode != 0:
            raise SlurmUnavailable(f"squeue: {done.stderr.strip()}")
        rows = [parts for parts in (line.strip().split("|", 4)
                                    for line in done.stdout.splitlines())
                if len(parts) == 5]
        _queue = (asked, rows)
        return rows


_TASK = re.compile(r"^\d+_\d+$")


def is_array_task(job_id: str) -> bool:
    """Whether ``job_id`` names one task of a job array (``12_3``)."""
    return bool(_TASK.match(job_id))


def find_jobs(runs: Mapping[str, Path], max_age: float = 0.0,
              tasks: Mapping[str, Path] | None = None) -> dict[str, SlurmJob]:
    """The Slurm job of each run, given as job name -> run directory, or, for a run
    submitted as a task of a job array, as task id (``12_3``) -> run directory; runs
    whose job is not found (not submitted yet) are left out.

    The user's jobs from one ``squeue`` (at most ``max_age`` seconds old, array tasks
    one by one): the job of that name working in that directory (the newest if a run
    was launched again), or the task of that id; ``scontrol show job`` for each ended
    one (the limits it had) and for a run Slurm does not list whose ``slurm-<id>.out``
    is there; with Slurm's accounting, one ``sacct`` for the ended ones instead (a job
    it does not know as ended yet is :data:`ENDING`, not ended, for
    :data:`ACCOUNTING_LAG` seconds after its end: scontrol's EndTime, or the last write
    to its ``slurm-<id>.out`` once slurmctld has forgotten it). Raises
    :class:`SlurmUnavailable` when Slurm cannot be asked.
    """
    tasks = tasks or {}
    if not runs and not tasks:
        return {}
    found: dict[str, SlurmJob] = {}
    for job_id, name, state, end, workdir in _user_jobs(max_age):
        if job_id in tasks:
            found[job_id] = SlurmJob(job_id, state, end_time=end)
            continue
        if name not in runs or not _same_dir(workdir, runs[name]):
            continue  # another study's run with the same id and run name
        known = found.get(name)
        if known is None or int(job_id.split("_")[0]) > int(known.id.split("_")[0]):
            found[name] = SlurmJob(job_id, state, end_time=end)
    for name, run_dir in runs.items():
        if name not in found:
            ran = _out_file_job(run_dir)
            if ran is not None:  # it ran, and Slurm has forgotten it
                found[name] = SlurmJob(ran, FORGOTTEN)
    for task, run_dir in tasks.items():
        if task not in found and (run_dir / f"slurm-{task}.out").exists():
            found[task] = SlurmJob(task, FORGOTTEN)
    ended = {name: job.id for name, job in found.items() if job.ended}
    accounted = accounting(ended.values())
    for name, job_id in ended.items():
        job = accounted.get(job_id)
        if job is None:
            where = tasks.get(name) or runs.get(name)
            if accounting_available() and \
                    _ended_ago(found[name], where) < ACCOUNTING_LAG:
                # slurmdbd learns of an end a moment after slurmctld: its figures (the
                # peak memory) come at the next poll
                found[name] = replace(found[name], state=ENDING)
                continue
            found[name] = job_details(job_id)
            continue
        if job.state == "OUT_OF_MEMORY":  # which memory limit: --mem or --mem-per-cpu
            known = job_details(job_id)  # (sacct's ReqMem does not say), while it knows
            if known.state != FORGOTTEN and known.mem:
                job = replace(job, mem=known.mem)
        found[name] = job
    return found


_accounting_lock = threading.Lock()
_accounting: bool | None = None  # whether sacct answers here (None: not asked yet)


def accounting_available() -> bool:
    """Whether Slurm's accounting (``sacct``, through slurmdbd) answers; asked once per
    process."""
    global _accounting
    with _accounting_lock:
        if _accounting is None:
            try:
                done = _slurm("sacct", "--noheader", "--parsable2", "--format=JobID",
                              "--starttime=now")
                _accounting = done.returncode == 0
            except SlurmUnavailable:  # not installed, or no answer: not here
                _accounting = False
        return _accounting


def _rss(value: str) -> float:
    try:
        return parse_mem(value) if value else 0.0
    except ValueError:
        return 0.0


def accounting(job_ids: Iterable[str]) -> dict[str, SlurmJob]:
    """How these ended jobs (``12``, or an array task ``12_3``) ended according to
    Slurm's accounting, whatever their age: state, exit code, elapsed time, peak memory
    (MaxRSS over the job's steps), the limits it had. One ``sacct`` for all; jobs it
    does not know, or not as ended yet (slurmdbd learns of an end a moment after
    slurmctld), are left out; {} without accounting."""
    ids = sorted(set(job_ids))
    if not ids or not accounting_available():
        return {}
    done = _slurm("sacct", "--noheader", "--parsable2", f"--jobs={','.join(ids)}",
                  "--format=JobID,State,ExitCode,Elapsed,MaxRSS,Timelimit,ReqMem,Reason")
    if done.returncode != 0:
        return {}
    jobs: dict[str, dict[str, str]] = {}
    peaks: dict[str, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split("|")
        if len(parts) != 8:
            continue
        job_id, state, exit_code, elapsed, max_rss, limit, req_mem, reason = parts
        base = job_id.split(".")[0]
        peaks[base] = max(peaks.get(base, 0.0), _rss(max_rss))
        if "." not in job_id:
            jobs[base] = {"state": state.split(" ")[0], "exit_code": exit_code,
                          "elapsed": elapsed, "time": limit, "mem": req_mem,
                          "reason": reason}
    out: dict[str, SlurmJob] = {}
    for job_id in ids:
        fields = jobs.get(job_id)
        if fields is None or fields["state"] not in ENDED_STATES:
            continue
        mem: dict[str, str] = {}
        req = fields["mem"]
        if req and req[0].isdigit():
            key = "mem-per-cpu" if req.endswith("c") else "mem"
            with contextlib.suppress(ValueError):
                mem[key] = format_mem(parse_mem(req.rstrip("cn")))
        limit = fields["time"]
        peak = peaks.get(job_id, 0.0)
        out[job_id] = SlurmJob(
            job_id, fields["state"],
            time=_normal("time", limit) if limit and limit[0].isdigit() else None,
            mem=mem, exit_code=fields["exit_code"] or None,
            reason=fields["reason"] if fields["reason"] not in ("", "None") else None,
            run_time=fields["elapsed"] or None,
            max_rss=format_mem(peak) if peak else None)
    return out


# ---- scaling --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scaling:
    """How a run's next attempt grows after Slurm ended its job for time or memory:
    the job's limit (or, for ``--mem``, its measured peak when above the limit) times
    ``factor``, at most ``max_time`` seconds / ``max_mem`` megabytes (never less than
    the job had)."""

    factor: float = DEFAULT_FACTOR
    max_time: int | None = None
    max_mem: int | None = None

    def next_options(self, job: SlurmJob | None) -> dict[str, str]:
        """The options of the attempt after ``job``'s: ``{"time": "00:02:00"}`` after a
        TIMEOUT (or a job stopped at the warning before it, :attr:`SlurmJob.warned`),
        ``{"mem": "384M"}`` after an OUT_OF_MEMORY, else nothing.

        Memory grows from what the job was measured to use when Slurm's accounting saw
        it above its ``--mem`` (``max_rss``: the peak sampled before the job was
        stopped), from its limit otherwise: ``max(limit, peak) * factor``."""
        if job is None:
            return {}
        if (job.state == "TIMEOUT" or job.warned) and job.time:
            seconds = parse_time(job.time)
            if seconds is None:
                return {}
            grown = seconds * self.factor
            if self.max_time is not None:
                grown = max(seconds, min(grown, self.max_time))
            return {"time": format_time(grown)}
        if job.state == "OUT_OF_MEMORY" and job.mem:
            peak = _rss(job.max_rss) if job.max_rss else 0.0
            out = {}
            for key, value in job.mem.items():
                mb = parse_mem(value)
                # the measured peak, when above the limit (per node: MaxRSS is a task's,
                # not comparable with a per-CPU limit)
                need = max(mb, peak) if key == "mem" else mb
                grown_mb = need * self.factor
                if self.max_mem is not None:
                    grown_mb = max(mb, min(grown_mb, self.max_mem))
                out[key] = format_mem(grown_mb)
            return out
        return {}


@dataclass(frozen=True)
class SlurmSettings:
    """A workflow's Slurm launch: the launch daemons' ``slurm_options`` and the scaling."""

    options: Sequence[str] = ()
    scaling: Scaling = field(default_factory=Scaling)
