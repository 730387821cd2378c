"""Launching runs: in-process, or as a per-study launcher daemon.

BlackDynamite's own launch daemon runs one run at a time per study and sleeps 5 s
between passes. :class:`Launcher` runs a study's runs concurrently, up to
``max_parallel``, and notices new runs within ``poll_interval`` seconds.

A launched run executes ``launch.sh`` in its run directory through a small bash wrapper
that marks the run FAILED when the script exits non-zero, whatever its last command was.
The wrapper's process (the leader of the run's process group) is recorded in the run
directory (:mod:`motoko_airflow.liveness`), so a run whose process dies without a trace
is settled FAILED by whoever polls it instead of staying START forever.

``python -m motoko_airflow.launcher STUDY_DIR`` is the daemon (started by
``motoko launcher``); its pid is kept in ``<study>/.bd/motoko-launcher.pid`` and its log
in ``<study>/.bd/launch.log``.

Runs of ``generator: slurm`` are submitted as Slurm job arrays by
:class:`SlurmArrayLauncher` (the same daemon, ``--slurm-array``; see
:mod:`motoko_airflow.slurm_arrays`), unless ``slurm: {array: false}``.
Runs of other generators (pbs, sge, and slurm without arrays) are submitted by
BlackDynamite's own launch daemon (``canYouDigIt launch_daemon --start``), started the
same way: in the foreground of its own session (not under BlackDynamite's
``zdaemon``, which no pid file records), its pid in the same pid file, its output in
the same log, stopped by that pid.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from motoko_airflow import liveness, processes, slurm_arrays
from motoko_airflow.batch import SlurmUnavailable
from motoko_airflow.exceptions import MotokoError
from motoko_airflow.slurm_arrays import ArraySettings, SubmitError, SubmitRefused

if TYPE_CHECKING:
    from motoko_airflow.blackdynamite import Study

__all__ = ["Launcher", "SlurmArrayLauncher", "launcher_pid", "start_launcher",
           "stop_launcher", "stop_runs"]

PID_FILE = "motoko-launcher.pid"
LOG_FILE = "launch.log"
#: The launch wrapper's own output, in the run directory (the run's is in its files).
WRAPPER_LOG = ".motoko-launch.log"
FULL_SCAN_EVERY = 5.0
#: How long BlackDynamite's launch daemon is watched for an immediate exit (seconds).
BD_DAEMON_STARTUP = 0.5
#: How long (seconds) Slurm array submissions are held back after a refusal at first;
#: doubled at each further refusal, up to :data:`HOLD_MAX`.
HOLD_MIN = 2.0
HOLD_MAX = 60.0


def default_parallelism() -> int:
    return max(2, os.cpu_count() or 2)


class Launcher:
    """Launch a study's CREATED runs with the bash coat, several at a time."""

    def __init__(self, study: Study, *, max_parallel: int | None = None,
                 poll_interval: float = 0.1, log: bool = False,
                 run_name: str | None = None) -> None:
        self.study = study
        self.run_name = run_name  # only runs of this run name (None: every run)
        self.max_parallel = max_parallel or default_parallelism()
        self.poll_interval = poll_interval
        self.log = log
        self.running: dict[int, subprocess.Popen[bytes]] = {}
        self._seen_counter = 1
        self._last_full_scan = 0.0
        self._queue: list[int] = []

    def _say(self, message: str) -> None:
        if self.log:
            print(f"{time.strftime('%H:%M:%S')} [{self.study.name}] {message}", flush=True)

    def launch(self, run_ids: Sequence[int]) -> list[int]:
        """Claim and start the given runs (those still CREATED); returns the ids started."""
        claimed = self.study.prepare_launch(run_ids)
        env = self.study.run_environment()
        started = []
        for run_id, run_dir, run_name in claimed:
            command = self.study.launch_command(run_id, run_dir, run_name)
            # its own output file: inheriting this process's stdout/stderr (an Airflow
            # task's sockets to its supervisor) kept the task "running" until the run
            # ended, so a killed or deferred task freed its worker only then
            with open(run_dir / WRAPPER_LOG, "ab") as out:
                process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                           stdout=out, stderr=subprocess.STDOUT,
                                           start_new_session=True)
            self.running[run_id] = process
            # our child, not waited for: its /proc entry is there even if it has ended
            record = liveness.ProcessRecord.of(process.pid)
            if record is not None:
                record.write(run_dir)
            started.append(run_id)
            self._say(f"launched run {run_id} in {run_dir}")
        return started

    def reap(self) -> None:
        """Forget finished processes; a run whose script exited 0 unfinished is FAILED,
        and so is one whose wrapper was killed (it left no exit code)."""
        for run_id, process in list(self.running.items()):
            code = process.poll()
            if code is None:
                continue
            del self.running[run_id]
            if code == 0:
                state = self.study.mark_exit(run_id, 0)
                self._say(f"run {run_id} exited 0: {state}")
            elif code < 0:
                self.study.settle_exited([run_id])
                self._say(f"run {run_id} killed by signal {-code}")
            else:
                self._say(f"run {run_id} exited {code}: FAILED")

    def _wanted(self, run: Any) -> bool:
        return bool(run["state"] == "CREATED" and (
            self.run_name is None or run["run_name"] == self.run_name))

    def _created_runs(self) -> list[int]:
        """CREATED runs to launch: the new ones since the last call, and every few
        seconds a full scan (runs reset by ``motoko clean``; runs an earlier process
        launched whose script has ended are settled then)."""
        from motoko_airflow.blackdynamite import LAUNCHED_STATES

        self.study.refresh()
        now = time.monotonic()
        ended: list[int] = []
        with self.study.session() as base:
            counter = base.runs_counter
            runs = base.runs
            if now - self._last_full_scan > FULL_SCAN_EVERY:
                self._last_full_scan = now
                found = [int(i) for i, r in runs.items() if self._wanted(r)]
                ended = [int(i) for i, r in runs.items() if r["state"] in LAUNCHED_STATES
                         and int(i) not in self.running]
            else:
                found = []
                for i in range(self._seen_counter, counter):
                    try:
                        if self._wanted(runs[i]):
                            found.append(i)
                    except KeyError:  # deleted meanwhile
                        continue
            self._seen_counter = counter
        if ended:
            self.study.settle_exited(ended)
        return found

    def step(self) -> None:
        """One pass: reap, look for new CREATED runs, start what capacity allows."""
        self.reap()
        for run_id in self._created_runs():
            if run_id not in self._queue and run_id not in self.running:
                self._queue.append(run_id)
        capacity = self.max_parallel - len(self.running)
        if capacity > 0 and self._queue:
            batch, self._queue = self._queue[:capacity], self._queue[capacity:]
            self.launch(batch)

    def _capacity(self) -> str:
        return f"up to {self.max_parallel} runs at once"

    def serve(self) -> None:
        """Launch runs until SIGTERM/SIGINT (the daemon's main loop)."""
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self._say(f"launcher started (pid {os.getpid()}, {self._capacity()})")
        while not stopping:
            try:
                self.step()
            except Exception as exc:  # keep serving; the log says why
                self._say(f"error: {type(exc).__name__}: {exc}")
                self.study.close()
                time.sleep(1.0)
            time.sleep(self.poll_interval)
        self.study.close()
        self._say("launcher stopped")


class SlurmArrayLauncher(Launcher):
    """Submit a study's CREATED runs to Slurm as job arrays, within the site's limits
    (see :mod:`motoko_airflow.slurm_arrays`).

    Runs are queued here as they are found, grouped by run name and effective options,
    and submitted in arrays of at most the cluster's ``MaxArraySize`` tasks while
    ``MaxJobCount`` leaves room. A refusal for a limit first halves the array (at once,
    down to one task: a QOS's ``MaxSubmitJobs`` counts each array task, and may be below
    ``MaxArraySize``), the size doubling again with each array accepted; one task refused
    holds the queue back (2 s, then twice as long each time, up to a minute), said once
    in the log; the runs stay CREATED meanwhile."""

    def __init__(self, study: Study, *, options: Sequence[str] = (),
                 arrays: ArraySettings | None = None, poll_interval: float = 0.5,
                 log: bool = False, run_name: str | None = None) -> None:
        super().__init__(study, poll_interval=poll_interval, log=log, run_name=run_name)
        self.options = tuple(options)
        self.arrays = arrays or ArraySettings()
        self.limits: slurm_arrays.ClusterLimits | None = None
        self.submitted: list[str] = []  # the arrays' job ids, in order
        self._hold_until = 0.0
        self._hold = HOLD_MIN
        self._holding: str | None = None
        self._held_since = 0.0
        self._held_said: tuple[str, int] | None = None
        self._cap: int | None = None  # array size after refusals for a limit (None: any)

    def serve(self) -> None:
        try:
            super().serve()
        finally:
            slurm_arrays.clear_held(self.study.bd_dir)

    def _capacity(self) -> str:
        throttle = self.arrays.throttle
        return "runs submitted to Slurm in job arrays" + (
            f" of at most {throttle} running tasks" if throttle else "")

    @property
    def array_size(self) -> int:
        assert self.limits is not None
        size = self.limits.max_array_size
        if self.arrays.max_size:
            size = min(size, self.arrays.max_size)
        return max(1, size)

    def step(self) -> None:
        """One pass: queue the new CREATED runs; submit what the limits allow."""
        queued = set(self._queue)
        for run_id in self._created_runs():
            if run_id not in queued:
                self._queue.append(run_id)
                queued.add(run_id)
        if self._queue and time.monotonic() >= self._hold_until:
            self.submit()

    def submit(self) -> None:
        """Submit the queued runs, array by array, until the queue is empty or a limit
        holds the rest back."""
        try:
            if self.limits is None:
                self.limits = slurm_arrays.cluster_limits()
            if self.limits.max_array_size < 1:  # the cluster has job arrays disabled
                reason = ("this Slurm cluster disables job arrays (MaxArraySize=0): set "
                          "'slurm: {array: false}' in motoko.yaml to submit one job per run")
                failed = self.study.fail_runs(self._queue, reason)
                self._say(f"runs {_ids_text(failed)} FAILED: {reason}")
                self._queue = []
                return
            pending = self.study.slurm_submissions(self._queue, self.options)
            self._queue = [run_id for run_id, _, _ in pending]
            groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
            for run_id, run_name, options in pending:
                groups.setdefault((run_name, options), []).append(run_id)
            # slurmctld takes a job while it holds fewer than MaxJobCount with it
            room = self.limits.max_job_count - 1 - slurm_arrays.jobs_held()
            size = self.array_size
            for (run_name, options), ids in groups.items():
                while ids:
                    fits = max(0, min(size, room))
                    if fits < min(len(ids), max(1, size // 4)):
                        self._hold_back(f"MaxJobCount {self.limits.max_job_count} reached "
                                        f"({self.limits.max_job_count - 1 - room} jobs in "
                                        "Slurm)")
                        return
                    chunk = ids[:min(fits, self._cap or fits)]
                    try:
                        self._submit_chunk(run_name, options, chunk)
                    except SubmitRefused as exc:
                        if len(chunk) == 1:
                            raise
                        # a limit on the jobs one may have (a QOS's MaxSubmitJobs counts
                        # each array task) may take a smaller array: halve, at once
                        self._cap = len(chunk) // 2
                        self._say(f"sbatch refused an array of {len(chunk)} tasks ({exc}): "
                                  f"trying {self._cap}")
                        continue
                    if self._cap:  # accepted: twice as many next time, up to the size
                        self._cap = None if self._cap * 2 >= size else self._cap * 2
                    ids = ids[len(chunk):]
                    room -= len(chunk)
        except (SubmitRefused, SlurmUnavailable) as exc:
            self._hold_back(str(exc))
            return
        if self._holding is not None:
            self._say("room again: submitting the runs held back")
            slurm_arrays.clear_held(self.study.bd_dir)
        self._holding = self._held_said = None
        self._hold = HOLD_MIN

    def _submit_chunk(self, run_name: str, options: tuple[str, ...], chunk: list[int]) -> None:
        study = self.study
        written = study.write_slurm_runs(chunk)
        done = set(chunk)
        if written:
            scripts = study.bd_dir / slurm_arrays.SCRIPTS_DIR
            scripts.mkdir(exist_ok=True)
            script = scripts / f"array-{time.time_ns()}.sh"
            slurm_arrays.array_script(
                script, name=f"{study.name}-array_{run_name}", options=options,
                runs_dir=study.runs_dir, run_dirs=[f"run-{i}" for i in written],
                log=scripts / "errors.log")
            try:
                job_id = slurm_arrays.submit_array(script, len(written), self.arrays.throttle,
                                                   env=study.run_environment())
            except SubmitError as exc:  # not a limit: as they are, they never will be
                failed = study.fail_runs(written, f"sbatch refused the run: {exc}")
                self._say(f"sbatch refused runs {_ids_text(failed)} (FAILED): {exc}")
            else:
                gone = study.mark_submitted(job_id, written)
                slurm_arrays.record_array(study.bd_dir, job_id, run_name, written)
                if gone:  # cleaned meanwhile: their tasks would wait for them forever
                    slurm_arrays.cancel([f"{job_id}_{t}" for t in gone], pending_only=False)
                self.submitted.append(job_id)
                throttle = f", at most {self.arrays.throttle} at once" \
                    if self.arrays.throttle else ""
                self._say(f"submitted runs {_ids_text(written)} as array job {job_id} "
                          f"({len(written)} tasks{throttle})")
        self._queue = [i for i in self._queue if i not in done]

    def _hold_back(self, why: str) -> None:
        if self._holding is None:
            self._say(f"holding {len(self._queue)} run(s) back, submitted as room frees: "
                      f"{why}")
            self._held_since = time.time()
        if (why, len(self._queue)) != self._held_said:  # for the tasks waiting on them
            slurm_arrays.record_held(self.study.bd_dir, self._queue, why, self._held_since)
            self._held_said = (why, len(self._queue))
        self._holding = why
        self._hold_until = time.monotonic() + self._hold
        self._hold = min(self._hold * 2, HOLD_MAX)


def _ids_text(ids: Sequence[int]) -> str:
    """``12-15,18``: run ids, consecutive ones as ranges."""
    parts: list[str] = []
    for run_id in sorted(ids):
        if parts and parts[-1].split("-")[-1] == str(run_id - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{run_id}"
        else:
            parts.append(str(run_id))
    return ",".join(parts)


# ---- the daemon -------------------------------------------------------------------


def _pid_file(study: Study) -> Path:
    return study.bd_dir / PID_FILE


def launcher_pid(study: Study) -> int | None:
    """The pid of this study's launcher daemon if it runs, else None: ours, or
    BlackDynamite's launch daemon serving the study (its working directory)."""
    path = _pid_file(study)
    pid = processes.pid_from_file(path, "motoko_airflow.launcher", str(study.directory))
    if pid is not None:
        return pid
    pid = processes.pid_from_file(path, "canYouDigIt", "launch_daemon")
    try:
        same = pid is not None and os.path.samefile(f"/proc/{pid}/cwd", study.directory)
    except OSError:
        same = False
    return pid if same else None


def start_launcher(study: Study, *, generator: str = "bashCoat", options: Sequence[str] = (),
                   max_parallel: int | None = None, detach: bool = True) -> int | None:
    """Start the study's launcher daemon unless one runs; returns its pid.

    With ``detach=False`` it serves in this process until interrupted (returns None).
    Non-bash generators (slurm, pbs, sge) are left to BlackDynamite's own launch daemon,
    with their options, as Motoko does; its pid is recorded all the same
    (:func:`_start_bd_launch_daemon`).
    """
    existing = launcher_pid(study)
    if existing is not None:
        return existing
    arrays = generator == "slurmCoat" and _slurm_arrays(study).array
    if generator != "bashCoat" and not arrays:
        return _start_bd_launch_daemon(study, generator, options, detach=detach)
    if not detach:
        study.start_server()
        _daemon(study, arrays=arrays, max_parallel=max_parallel, options=options).serve()
        return None
    study.start_server()
    command = [sys.executable, "-m", "motoko_airflow.launcher", str(study.directory),
               "--host", study.host]
    if max_parallel:
        command += ["--max-parallel", str(max_parallel)]
    if arrays:
        command += ["--slurm-array", "--workflow", str(study.workflow)]
        command += [f"--option={o}" for o in options]
    with open(study.bd_dir / LOG_FILE, "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   env=study.run_environment())
    _pid_file(study).write_text(f"{process.pid}\n")
    deadline = time.monotonic() + 15.0
    while launcher_pid(study) != process.pid:  # until it has exec'd (or died)
        if process.poll() is not None or time.monotonic() > deadline:
            from motoko_airflow.exceptions import BlackDynamiteError

            log_tail = (study.bd_dir / LOG_FILE).read_text(errors="replace")[-2000:]
            raise BlackDynamiteError(f"the launcher daemon did not start:\n{log_tail}",
                                     study=study.name)
        time.sleep(0.02)
    return process.pid


def _slurm_arrays(study: Study) -> ArraySettings:
    """The workflow's ``slurm:`` settings (arrays by default)."""
    from motoko_airflow.config import load_workflow_config

    if not study.workflow:
        return ArraySettings()
    return load_workflow_config(study.workflow).slurm


def _daemon(study: Study, *, arrays: bool, max_parallel: int | None,
            options: Sequence[str]) -> Launcher:
    if arrays:
        return SlurmArrayLauncher(study, options=options, arrays=_slurm_arrays(study),
                                  log=True)
    return Launcher(study, max_parallel=max_parallel, log=True)


def _start_bd_launch_daemon(study: Study, generator: str, options: Sequence[str], *,
                            detach: bool) -> int | None:
    """BlackDynamite's launch daemon for the study, submitting with ``generator``.

    It is given the study as BlackDynamite must see it (``ZeoServer.bd_host``: a short
    plain alias for a long or odd path), since its job scripts' unquoted
    ``BLACKDYNAMITE_HOST`` comes from it. The study's server is started first: a
    BlackDynamite client finding none would start its own, under zdaemon.
    """
    study.start_server()
    command = [processes.executable("canYouDigIt"), "launch_daemon", "--host", study.server.bd_host,
               "--start", "--generator", generator]
    if options:
        command += ["--" + generator.replace("Coat", "_options"), *options]
    if not detach:
        subprocess.run(command, cwd=study.directory, env=study.run_environment())
        return None
    with open(study.bd_dir / LOG_FILE, "ab") as log:
        process = subprocess.Popen(command, cwd=study.directory, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, env=study.run_environment())
    _pid_file(study).write_text(f"{process.pid}\n")
    try:  # a bad option or generator ends it at once
        code = process.wait(BD_DAEMON_STARTUP)
    except subprocess.TimeoutExpired:
        return process.pid
    _pid_file(study).unlink(missing_ok=True)
    from motoko_airflow.exceptions import BlackDynamiteError

    log_tail = (study.bd_dir / LOG_FILE).read_text(errors="replace")[-2000:]
    raise BlackDynamiteError(
        f"BlackDynamite's launch daemon ({generator}) exited at once with code {code}:\n"
        f"{log_tail}", study=study.name)


def stop_launcher(study: Study, timeout: float = 10.0) -> bool:
    """Stop this study's launcher daemon (by its pid file only). True if one ran.

    A launch daemon BlackDynamite itself put under zdaemon (``canYouDigIt launch_daemon
    --start -d``, as earlier versions did) is stopped through its ``.bd/launch.conf``.
    """
    pid = launcher_pid(study)
    _pid_file(study).unlink(missing_ok=True)
    zdaemon = _stop_zdaemon_launch_daemon(study)
    if pid is not None:
        processes.stop(pid, timeout)
    _cancel_queued_tasks(study)
    return pid is not None or zdaemon


def _cancel_queued_tasks(study: Study) -> list[str]:
    """Cancel the tasks of the study's Slurm arrays still pending (nothing is left
    queued by a stopped launcher) and make their runs CREATED again (a launcher started
    later submits them anew; left as they are when the study's server is down: the
    next poll fails them, their job CANCELLED). Returns the tasks cancelled."""
    arrays = [str(a["job"]) for a in slurm_arrays.read_arrays(study.bd_dir)]
    if not arrays:
        return []
    try:
        pending = slurm_arrays.pending_tasks(arrays)
        if pending:
            slurm_arrays.cancel(arrays, pending_only=True)
    except SlurmUnavailable:
        return []
    if pending and hasattr(study, "unsubmit"):
        try:
            study.unsubmit(pending)
        except MotokoError:
            pass
    return sorted(pending)


def _stop_zdaemon_launch_daemon(study: Study) -> bool:
    """``zdaemon -C .bd/launch.conf stop`` when its control socket is there. True if
    zdaemon said it stopped one."""
    conf = study.bd_dir / "launch.conf"
    if not conf.exists() or not (study.bd_dir / "launch.socket").exists():
        return False
    done = subprocess.run([processes.executable("zdaemon"), "-C", str(conf), "stop"],
                          capture_output=True, text=True, check=False)
    return done.returncode == 0 and "daemon process stopped" in done.stdout


#: Seconds the processes of a FINISHED run (its interpreter exiting, commands of
#: ``launch.sh`` after ``doIt.py``) are left to end by themselves before they are stopped
FINISHED_GRACE = 5.0
#: How long (seconds) a stopped run's processes have to end after SIGTERM (a ``doIt.py``
#: may save its state), before SIGKILL.
STOP_GRACE = 10.0


def stop_runs(study: Study, run_ids: Iterable[int] | None = None, *,
              run_name: str | None = None) -> list[int]:
    """Stop the runs of the study still executing (all, those of ``run_ids``, or those
    of ``run_name``) and mark them FAILED; returns their ids.

    A run's processes are found through /proc by their working directory (its run
    directory), and stopped as a process group (the launch wrapper's session: the
    wrapper, ``launch.sh`` and ``doIt.py``): SIGTERM, SIGKILL after
    :data:`STOP_GRACE` seconds; it returns once they have ended. A run's run name is read
    from its output file's name (``<run_name>.o<id>``), so runs are stopped even when the
    study's server is gone; marking them FAILED needs the server (if it is gone, the
    first poll after settles them: their process is gone; if it cannot write, its error
    is raised, the runs stopped all the same). The processes of a run already FINISHED
    are left up to :data:`FINISHED_GRACE` seconds to end by themselves: such a run stays
    FINISHED.
    """
    wanted = None if run_ids is None else {int(i) for i in run_ids}
    groups: dict[int, int] = {}  # process group -> run id
    members: dict[int, list[int]] = {}  # process group -> its pids
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = Path(os.readlink(proc / "cwd"))
        except OSError:
            continue
        if cwd.parent != study.runs_dir or not cwd.name.startswith("run-"):
            continue
        try:
            run_id = int(cwd.name[4:])
            group = os.getpgid(int(proc.name))
        except (ValueError, ProcessLookupError):
            continue
        if run_name is not None and not (cwd / f"{run_name}.o{run_id}").exists():
            continue
        if wanted is None or run_id in wanted:
            groups[group] = run_id
            members.setdefault(group, []).append(int(proc.name))
    _let_finished_runs_end(study, groups, members)
    _end_groups(groups)
    stopped = sorted(set(groups.values()))
    try:
        for run_id in stopped:
            study.mark_exit(run_id, 128 + signal.SIGTERM)
    except MotokoError:  # the server is gone: the runs are stopped all the same
        pass
    return sorted(set(stopped) | set(_cancel_arrays(study, wanted, run_name)))


def _let_finished_runs_end(study: Study, groups: dict[int, int],
                           members: dict[int, list[int]]) -> None:
    """Wait up to :data:`FINISHED_GRACE` seconds for the process groups of FINISHED
    runs to end, and leave out of ``groups`` those that did."""
    finishing = _finished(study, groups)
    deadline = time.monotonic() + FINISHED_GRACE
    while finishing:
        # (never reaped here: a launch wrapper this process started is reaped by its
        # Launcher, for its exit code)
        ended = {g for g in finishing if not any(map(liveness.running, members[g]))}
        for group in ended:
            del groups[group]
        finishing -= ended
        if finishing and time.monotonic() < deadline:
            time.sleep(0.05)
        else:
            return


def _end_groups(groups: Iterable[int]) -> None:
    """SIGTERM the process groups, and wait until none of their processes runs: up to
    :data:`STOP_GRACE` seconds, then SIGKILL what is left. A caller that stops a study's
    server next finds the study idle (a run still exiting would keep its server up)."""
    left = set(groups)
    for group in left:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    killed = False
    while left:
        left = {g for g in left if liveness.group_running(g)}
        if not left:
            return
        if time.monotonic() > deadline:
            if killed:
                return  # unkillable (uninterruptible sleep): the liveness checks decide
            for group in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGKILL)
            killed, deadline = True, time.monotonic() + STOP_GRACE
        time.sleep(0.05)


def _cancel_arrays(study: Study, wanted: set[int] | None, run_name: str | None) -> list[int]:
    """Cancel the Slurm array tasks of the study's runs (those of ``wanted``, or of
    ``run_name``, or all) and mark the runs not ended FAILED; returns their ids."""
    tasks: dict[str, int] = {}
    arrays = []
    for array in slurm_arrays.read_arrays(study.bd_dir, run_name):
        runs = [int(r) for r in array.get("runs") or []]  # type: ignore[attr-defined]
        if wanted is None:
            arrays.append(str(array["job"]))
        tasks.update({f"{array['job']}_{i}": r for i, r in enumerate(runs)
                      if wanted is None or r in wanted})
    if not tasks:
        return []
    finishing = _finished(study, tasks)
    if finishing:  # (their runs stay FINISHED: their job scripts are left to end)
        with contextlib.suppress(SlurmUnavailable):
            left = _let_finished_tasks_end(finishing)
            arrays = []  # task by task: not those that ended
            tasks = {t: r for t, r in tasks.items() if t not in finishing or t in left}
    with contextlib.suppress(SlurmUnavailable):
        slurm_arrays.cancel(arrays or sorted(tasks), pending_only=False)
    from motoko_airflow.blackdynamite import LAUNCHED_STATES, SLURM_STATES

    try:
        return study.fail_runs(tasks.values(), "its Slurm array task was cancelled",
                               states=LAUNCHED_STATES | SLURM_STATES)
    except MotokoError:
        return []


def _finished(study: Study, runs: dict[Any, int]) -> set[Any]:
    """The keys (process groups, array tasks) of ``runs`` whose run is FINISHED (none if
    the server is gone: no run is known FINISHED)."""
    try:
        study.refresh()
        states = study.states(set(runs.values()))
    except MotokoError:
        return set()
    return {key for key, run_id in runs.items() if states.get(run_id) == "FINISHED"}


def _let_finished_tasks_end(finishing: set[str]) -> set[str]:
    """Wait up to :data:`FINISHED_GRACE` seconds for the array tasks of FINISHED runs to
    leave Slurm's queue (the job script ends after ``doIt.py``: cancelled then, its job
    would end CANCELLED); the tasks still queued after that."""
    arrays = sorted({t.partition("_")[0] for t in finishing})
    deadline = time.monotonic() + FINISHED_GRACE
    while True:
        left = slurm_arrays.pending_tasks(arrays, running=True) & finishing
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m motoko_airflow.launcher",
        description="Launcher daemon of one study (started by 'motoko launcher').")
    parser.add_argument("study_dir")
    parser.add_argument("--host", default=None)
    parser.add_argument("--max-parallel", type=int, default=None)
    parser.add_argument("--mark-exit", action="store_true",
                        help="record how one run's launch script ended, then exit")
    parser.add_argument("--run-id", type=int)
    parser.add_argument("--exit-code", type=int, default=0)
    parser.add_argument("--slurm-array", action="store_true",
                        help="submit the runs to Slurm as job arrays")
    parser.add_argument("--workflow", default=None, help="the workflow's motoko.yaml")
    parser.add_argument("--option", action="append", default=[],
                        help="a Slurm option of every run (key=value)")
    args = parser.parse_args(argv)

    from motoko_airflow.blackdynamite import Study

    if args.mark_exit:
        # never restart a stopped server for this: whoever polls the run later settles
        # it from the exit file the wrapper left
        from motoko_airflow.exceptions import BlackDynamiteError

        study = Study(args.study_dir, host=args.host, start_server=False)
        try:
            study.mark_exit(args.run_id, args.exit_code)
        except BlackDynamiteError as exc:
            print(f"run {args.run_id} not marked: {exc}", file=sys.stderr)
        finally:
            study.close()
        return args.exit_code
    study = Study(args.study_dir, host=args.host, workflow=args.workflow)
    _daemon(study, arrays=args.slurm_array, max_parallel=args.max_parallel,
            options=args.option).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
