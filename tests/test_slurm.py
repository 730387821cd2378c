"""Workflows whose runs are Slurm jobs (``generator: slurm``), on a real single-node
Slurm started here: Debian's ``slurm-wlm`` and ``munge`` (scripts/test.sh installs them).

The ``slurm`` fixture runs ``munged`` (as user munge, with its own key), ``slurmctld``
and ``slurmd`` in the foreground from a temporary directory (config, state, spool, logs),
points every Slurm client of this process and its children at it (``SLURM_CONF``), and
stops each daemon it started by its pid afterwards, after cancelling any job left.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES, stop_everything

MOTOKO = [sys.executable, "-m", "motoko_airflow"]
NEEDED = ("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scontrol",
          "scancel")
#: norm's y for inputs 2.1 and 3.2 (see ``routine_norm`` in tests/test_scheduler.py)
NORM_Y = 8.33425099214
JOB_NAME = "motoko-slurm-test"



@dataclass
class Slurm:
    """A running single-node cluster: its temporary directory and environment."""

    root: Path
    env: dict[str, str]
    daemons: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def run(self, *command: str) -> str:
        return subprocess.run(command, env=self.env, capture_output=True, text=True,
                              check=True, timeout=30).stdout

    def jobs(self) -> list[dict[str, str]]:
        """Every job slurmctld remembers (finished ones too, for MinJobAge)."""
        out = subprocess.run(["scontrol", "show", "job", "--oneliner"], env=self.env,
                             capture_output=True, text=True, timeout=30).stdout
        return [dict(re.findall(r"(\w+)=(\S*)", line)) for line in out.splitlines()
                if line.startswith("JobId=")]


def _node_line() -> str:
    """This host as Slurm sees it (``slurmd -C``): name, CPUs, sockets, memory."""
    out = subprocess.run(["slurmd", "-C"], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def _start(command: list[str], log: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,  # type: ignore[call-overload, no-any-return]
                                stdin=subprocess.DEVNULL, start_new_session=True, **kwargs)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="module")
def slurm() -> Iterator[Slurm]:
    missing = [p for p in NEEDED if not shutil.which(p, path="/usr/sbin:/usr/bin")]
    if os.geteuid() != 0 or missing:  # the test command provides both: a failure
        pytest.fail(f"a single-node Slurm needs root and Debian's slurm-wlm and munge "
                    f"(missing: {', '.join(missing) or 'root'}); run scripts/test.sh, "
                    "which installs them")
    # not under pytest's tmp_path: its parent is private to root, user munge must reach
    # its socket directory
    root = Path(tempfile.mkdtemp(prefix="motoko-slurm-"))
    root.chmod(0o755)
    munge_user = pwd.getpwnam("munge")
    munge_dir = root / "munge"  # its key, seed and log: private to munge
    munge_dir.mkdir(mode=0o700)
    socket_dir = root / "munge-socket"  # its socket: everyone must reach it
    socket_dir.mkdir(mode=0o755)
    key = munge_dir / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)
    for path in (munge_dir, socket_dir, key):
        os.chown(path, munge_user.pw_uid, munge_user.pw_gid)
    munge_socket = socket_dir / "munge.socket"
    for sub in ("state", "spool", "log", "run"):
        (root / sub).mkdir()
    node = _node_line()
    node_name = re.search(r"NodeName=(\S+)", node)
    assert node_name is not None, node
    conf = root / "slurm.conf"
    conf.write_text(f"""\
ClusterName=motoko
SlurmctldHost={node_name[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={munge_socket}
CredType=cred/munge
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
StateSaveLocation={root / 'state'}
SlurmdSpoolDir={root / 'spool'}
SlurmctldPidFile={root / 'run' / 'slurmctld.pid'}
SlurmdPidFile={root / 'run' / 'slurmd.pid'}
SlurmctldLogFile={root / 'log' / 'slurmctld.log'}
SlurmdLogFile={root / 'log' / 'slurmd.log'}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc={root / 'log' / 'jobcomp.txt'}
MinJobAge=600
{node.split(' UpTime=')[0]} State=UNKNOWN
PartitionName=debug Nodes={node_name[1]} Default=YES MaxTime=INFINITE State=UP
""")
    env = {**os.environ, "SLURM_CONF": str(conf),
           "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    cluster = Slurm(root, env)
    saved = os.environ.get("SLURM_CONF")
    os.environ["SLURM_CONF"] = str(conf)  # for the motoko commands and their children
    try:
        cluster.daemons.append(_start(
            ["munged", "--foreground", f"--socket={munge_socket}", f"--key-file={key}",
             f"--pid-file={socket_dir / 'munged.pid'}", f"--log-file={munge_dir / 'log'}",
             f"--seed-file={munge_dir / 'seed'}"],
            root / "log" / "munged.out", user=munge_user.pw_uid, group=munge_user.pw_gid))
        deadline = time.monotonic() + 20
        while not munge_socket.exists():
            assert cluster.daemons[0].poll() is None, _read(root / "log" / "munged.out")
            assert time.monotonic() < deadline, "munged did not come up"
            time.sleep(0.05)
        cluster.daemons.append(_start(["slurmctld", "-D", "-f", str(conf)],
                                      root / "log" / "slurmctld.out"))
        cluster.daemons.append(_start(["slurmd", "-D", "-f", str(conf)],
                                      root / "log" / "slurmd.out"))
        deadline = time.monotonic() + 60
        while True:
            state = subprocess.run(["sinfo", "-h", "-N", "-o", "%t"], env=env,
                                   capture_output=True, text=True).stdout.split()
            if state == ["idle"]:
                break
            dead = [p.args for p in cluster.daemons if p.poll() is not None]
            assert not dead and time.monotonic() < deadline, (
                f"the node is not idle ({state}); dead: {dead}\n"
                + "\n".join(_read(p) for p in sorted((root / "log").iterdir())))
            time.sleep(0.2)
        yield cluster
    finally:
        if len(cluster.daemons) > 1:  # slurmctld ran: no job may outlive the cluster
            subprocess.run(["scancel", "--full", "--user=root"], env=env,
                           capture_output=True, timeout=30)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and subprocess.run(
                    ["squeue", "-h"], env=env, capture_output=True, text=True,
                    timeout=30).stdout.strip():
                time.sleep(0.2)
        for process in reversed(cluster.daemons):
            _stop(process)
        if saved is None:
            os.environ.pop("SLURM_CONF", None)
        else:
            os.environ["SLURM_CONF"] = saved
        shutil.rmtree(root, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _read(path: Path) -> str:
    try:
        return f"--- {path.name}:\n{path.read_text(errors='replace')[-3000:]}"
    except OSError:
        return f"--- {path.name}: missing"


def test_the_cluster_runs_a_batch_job(slurm: Slurm, tmp_path: Path) -> None:
    out = slurm.run("sbatch", "--parsable", "-J", "smoke", "-D", str(tmp_path),
                    "--wrap", "hostname")
    job_id = out.strip().split(";")[0]
    deadline = time.monotonic() + 30
    while True:
        job = next(j for j in slurm.jobs() if j["JobId"] == job_id)
        if job["JobState"] == "COMPLETED":
            break
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    assert list(tmp_path.glob("slurm-*.out"))  # its output, where it was asked to run


# ---- workflows under Slurm ---------------------------------------------------------


def motoko(slurm: Slurm, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MOTOKO, *args], capture_output=True, text=True,
                          timeout=timeout, env=slurm.env)


def _slurm_routine(directory: Path) -> Path:
    shutil.copytree(EXAMPLES / "routine", directory)
    with open(directory / "motoko.yaml", "a") as config:
        config.write("generator: slurm\nslurm_options:\n  - time=00:10:00\n"
                     f"  - comment={JOB_NAME}\n")
    return directory


def _left_processes(directory: Path) -> list[str]:
    """Command lines of the processes still mentioning the workflow directory (or
    the short alias its studies may be served under)."""
    marks = [str(directory), os.path.realpath(directory)]
    left = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            args = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if args and any(m in args or cwd.startswith(m) for m in marks):
            left.append(f"{proc.name}: {args}")
    return left


def _jobs_of(slurm: Slurm, before: set[str]) -> list[dict[str, str]]:
    return [j for j in slurm.jobs() if j["JobId"] not in before]


def _norm_y(directory: Path) -> float:
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(directory)
    try:
        runs = workflow.norm.select(["state = FINISHED"])
        assert len(runs) == 1, runs
        return float(runs[0][0].y)
    finally:
        workflow.close()


def test_routine_under_motoko_run_submits_its_runs_with_sbatch(
        slurm: Slurm, tmp_path: Path) -> None:
    directory = _slurm_routine(tmp_path / "routine")
    before = {j["JobId"] for j in slurm.jobs()}
    try:
        result = motoko(slurm, "run", str(directory), "--inputs", "2.1", "3.2")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "starting launcher daemons (slurmCoat)" in result.stdout
        assert _left_processes(directory) == []  # launch daemons and servers stopped
        jobs = _jobs_of(slurm, before)
        assert len(jobs) == 7, jobs  # 2 mult, 4 add, 1 norm
        assert {j["JobState"] for j in jobs} == {"COMPLETED"}
        assert {j["TimeLimit"] for j in jobs} == {"00:10:00"}  # slurm_options
        assert all(j["WorkDir"].startswith(str(directory)) for j in jobs)
        assert _norm_y(directory) == pytest.approx(NORM_Y, rel=1e-9)  # (restarts a server)
    finally:
        stop_everything(directory)


def test_routine_with_the_native_commands_and_kill(slurm: Slurm, tmp_path: Path) -> None:
    directory = _slurm_routine(tmp_path / "routine")
    before = {j["JobId"] for j in slurm.jobs()}
    try:
        created = motoko(slurm, "create", str(directory))
        assert created.returncode == 0, created.stderr
        launched = motoko(slurm, "launcher", "-w", str(directory))
        assert launched.returncode == 0, launched.stderr
        assert launched.stdout.count("launcher of ") == 3, launched.stdout
        run = motoko(slurm, "orchestrator", "-w", str(directory), "start", "-n", "native",
                     "--inputs", "2.1", "3.2")
        assert run.returncode == 0, run.stdout + run.stderr
        assert _norm_y(directory) == pytest.approx(NORM_Y, rel=1e-9)
        jobs = _jobs_of(slurm, before)
        assert len(jobs) == 7 and {j["JobState"] for j in jobs} == {"COMPLETED"}, jobs
        assert {j["JobName"].split("_", 1)[1] for j in jobs} == {"native"}
        assert _left_processes(directory)  # the launch daemons and servers run
        killed = motoko(slurm, "kill", "--verbose", "-w", str(directory))
        assert killed.returncode == 0, killed.stdout + killed.stderr
        assert killed.stdout.count("launcher stopped") == 3, killed.stdout
        assert _left_processes(directory) == []
    finally:
        stop_everything(directory)


FAILING_DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
raise RuntimeError(f"no convergence for x={job.x}")
"""


def test_a_run_failing_under_slurm_fails_its_task_naming_the_run(
        slurm: Slurm, tmp_path: Path) -> None:
    """The failing run's task fails (after its retries) and the failure names the run
    and shows its error, from Slurm's ``slurm-<job id>.out`` in the run directory."""
    directory = _slurm_routine(tmp_path / "routine")
    (directory / "mult" / "doIt.py").write_text(FAILING_DOIT)
    before = {j["JobId"] for j in slurm.jobs()}
    try:
        result = motoko(slurm, "run", str(directory), "--inputs", "2.1")
        out = result.stdout + result.stderr
        assert result.returncode == 1, out
        failed = re.search(r"mult failed: study mult: run\(s\) (\d+) FAILED", out)
        assert failed is not None, out
        jobs = _jobs_of(slurm, before)
        assert jobs and {j["JobState"] for j in jobs} == {"COMPLETED"}, jobs  # attempts
        run_dir = directory / "mult" / "BD-mult-runs" / f"run-{failed[1]}"
        slurm_out = "".join(p.read_text() for p in run_dir.glob("slurm-*.out"))
        assert "RuntimeError: no convergence for x=2.1" in slurm_out, slurm_out
        shown = out[failed.start():]
        assert "slurm-" in shown and "RuntimeError: no convergence for x=2.1" in shown, out
        assert _left_processes(directory) == []
    finally:
        stop_everything(directory)
