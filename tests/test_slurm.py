"""Workflows whose runs are Slurm jobs (``generator: slurm``), on a real single-node
Slurm started here: Debian's ``slurm-wlm`` and ``munge`` (scripts/test.sh installs them).

The ``slurm`` fixture runs ``munged`` (as user munge, with its own key), ``slurmctld``
and ``slurmd`` in the foreground from a temporary directory (config, state, spool, logs),
points every Slurm client of this process and its children at it (``SLURM_CONF``), and
stops each daemon it started by its pid afterwards, after cancelling any job left.

Limits are enforced as on a production cluster: time exactly (``OverTimeLimit=0``;
slurmctld checks limits every 30 s, so a job of ``--time=1`` ends TIMEOUT 60 to 90 s
after it started) and memory through cgroups (``task/cgroup`` with
``ConstrainRAMSpace``, on this machine's cgroup v1 memory hierarchy: a job over its
``--mem`` is OOM-killed and ends OUT_OF_MEMORY; jobacct_gather's ``OverMemoryKill``
would end it FAILED, killed by SIGKILL, which does not say why). Memory is a consumable
resource (``CR_Core_Memory``, 2 GB per CPU by default). Job ids start at a random
number, so the cgroups of two clusters on this host (``slurm_<node>/uid_0/job_<id>``)
never collide.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES, stop_everything, write_workflow

MOTOKO = [sys.executable, "-m", "motoko_airflow"]
NEEDED = ("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scontrol",
          "scancel")
#: norm's y for inputs 2.1 and 3.2 (see ``routine_norm`` in tests/test_scheduler.py)
NORM_Y = 8.33425099214
JOB_NAME = "motoko-slurm-test"
#: The cgroup v1 hierarchies task/cgroup and proctrack/cgroup use.
CGROUPS = (Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup/freezer"))


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
    with cluster() as running:
        yield running


#: slurm.conf settings a cluster may be started with other values of.
DEFAULT_SETTINGS = {"MinJobAge": "600", "JobAcctGatherType": "jobacct_gather/none",
                    "AccountingStorageType": "accounting_storage/none"}
#: What Slurm's accounting needs besides Slurm (Debian's packages).
ACCOUNTING_NEEDED = ("slurmdbd", "sacct", "sacctmgr", "mariadbd", "mariadb-install-db",
                     "mariadb")


@contextlib.contextmanager
def cluster(*, accounting: bool = False, **settings: str) -> Iterator[Slurm]:
    """A single-node Slurm (see the module docstring); ``settings`` are slurm.conf lines
    added or replacing :data:`DEFAULT_SETTINGS` (``MaxArraySize="50"``).

    With ``accounting``, Slurm's accounting too: a MariaDB server of its own (its data
    directory in the cluster's, on a free TCP port of 127.0.0.1), ``slurmdbd`` over it,
    the cluster added with ``sacctmgr``, and ``jobacct_gather/linux`` (peak memory)."""
    settings = {**DEFAULT_SETTINGS, **settings}
    if accounting:
        settings.update(JobAcctGatherType="jobacct_gather/linux",
                        JobAcctGatherFrequency="task=1",  # short jobs' peaks too
                        AccountingStorageType="accounting_storage/slurmdbd")
        missing = [p for p in ACCOUNTING_NEEDED
                   if not shutil.which(p, path="/usr/sbin:/usr/bin")]
        if missing:
            pytest.fail(f"Slurm's accounting needs Debian's slurmdbd and mariadb-server "
                        f"(missing: {', '.join(missing)}); run scripts/test.sh, which "
                        "installs them")
    missing = [p for p in NEEDED if not shutil.which(p, path="/usr/sbin:/usr/bin")]
    if os.geteuid() != 0 or missing:  # the test command provides both: a failure
        pytest.fail(f"a single-node Slurm needs root and Debian's slurm-wlm and munge "
                    f"(missing: {', '.join(missing) or 'root'}); run scripts/test.sh, "
                    "which installs them")
    if not all(os.access(c / "cgroup.procs", os.W_OK) for c in CGROUPS):
        pytest.fail("Slurm's memory limits need writable cgroup v1 memory and freezer "
                    f"hierarchies ({', '.join(map(str, CGROUPS))}); this host has none")
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
    ours = [c / f"slurm_{node_name[1]}" for c in CGROUPS]  # made by slurmd, unless there
    ours = [c for c in ours if not c.exists()]
    (root / "cgroup.conf").write_text(
        "CgroupPlugin=cgroup/v1\nCgroupMountpoint=/sys/fs/cgroup\nConstrainRAMSpace=yes\n")
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
ProctrackType=proctrack/cgroup
TaskPlugin=task/cgroup
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=2048
OverTimeLimit=0
KillWait=5
FirstJobId={random.randrange(10_000, 1_000_000)}
JobCompType=jobcomp/filetxt
JobCompLoc={root / 'log' / 'jobcomp.txt'}
{"".join(f"{k}={v}{chr(10)}" for k, v in settings.items())}{node.split(' UpTime=')[0]} State=UNKNOWN
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
        if accounting:
            dbd_port = _free_port()
            with open(conf, "a") as more:  # sacctmgr reads it too
                more.write(f"AccountingStorageHost=localhost\n"
                           f"AccountingStoragePort={dbd_port}\n"
                           # the munge socket of the clients of slurmdbd
                           f"AccountingStoragePass={munge_socket}\n")
            _start_accounting(cluster, conf, dbd_port)
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
        for cgroup in ours:  # the cgroups slurmd made, once empty
            with contextlib.suppress(OSError):
                cgroup.rmdir()
        if saved is None:
            os.environ.pop("SLURM_CONF", None)
        else:
            os.environ["SLURM_CONF"] = saved
        shutil.rmtree(root, ignore_errors=True)


def _start_accounting(cluster: Slurm, conf: Path, dbd_port: int) -> None:
    """MariaDB and slurmdbd (on ``dbd_port``) for the cluster, started into
    ``cluster.daemons`` (stopped with it), the cluster added."""
    root, env = cluster.root, cluster.env
    data, sock = root / "mysql", root / "run" / "mysql.sock"
    subprocess.run(["mariadb-install-db", "--no-defaults", "--user=root",
                    f"--datadir={data}", "--skip-test-db",
                    "--auth-root-authentication-method=socket"],
                   capture_output=True, check=True, timeout=120)
    db_port = _free_port()
    cluster.daemons.append(_start(
        ["mariadbd", "--no-defaults", "--user=root", f"--datadir={data}",
         f"--socket={sock}", f"--port={db_port}", "--bind-address=127.0.0.1",
         f"--pid-file={root / 'run' / 'mysql.pid'}", "--innodb-buffer-pool-size=32M",
         "--skip-name-resolve"],
        root / "log" / "mariadb.out"))
    _wait_for(lambda: sock.exists(), cluster, "MariaDB did not come up")
    subprocess.run(["mariadb", f"--socket={sock}", "-e",
                    "CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY 'slurm'; "
                    "GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"],
                   capture_output=True, check=True, timeout=60)
    auth = re.search(r"^AuthInfo=(\S+)", conf.read_text(), re.M)
    assert auth is not None
    dbd_conf = root / "slurmdbd.conf"  # beside slurm.conf (SLURM_CONF): where it looks
    dbd_conf.write_text(f"""\
AuthType=auth/munge
AuthInfo={auth[1]}
DbdHost=localhost
DbdPort={dbd_port}
SlurmUser=root
PidFile={root / 'run' / 'slurmdbd.pid'}
LogFile={root / 'log' / 'slurmdbd.log'}
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort={db_port}
StorageUser=slurm
StoragePass=slurm
StorageLoc=slurm_acct_db
""")
    dbd_conf.chmod(0o600)
    cluster.daemons.append(_start(["slurmdbd", "-D"], root / "log" / "slurmdbd.out", env=env))

    def answers() -> bool:
        return subprocess.run(["sacctmgr", "-i", "add", "cluster", "motoko"], env=env,
                              capture_output=True, timeout=30).returncode == 0
    _wait_for(answers, cluster, "slurmdbd did not answer")


def _wait_for(condition: Callable[[], bool], cluster: Slurm, what: str,
              timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        dead = [p.args for p in cluster.daemons if p.poll() is not None]
        assert not dead and time.monotonic() < deadline, (
            f"{what}; dead: {dead}\n"
            + "\n".join(_read(p) for p in sorted((cluster.root / "log").iterdir())))
        time.sleep(0.2)


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


def _slurm_routine(directory: Path, *, array: bool = True) -> Path:
    """The routine example submitting to Slurm: in job arrays, or (``array=False``) one
    ``sbatch`` per run by BlackDynamite's launch daemon."""
    shutil.copytree(EXAMPLES / "routine", directory)
    with open(directory / "motoko.yaml", "a") as config:
        config.write("generator: slurm\nslurm_options:\n  - time=00:10:00\n"
                     f"  - comment={JOB_NAME}\n")
        if not array:
            config.write("slurm: {array: false}\n")
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


def _jobs_of(slurm: Slurm, before: set[str], timeout: float = 60.0) -> list[dict[str, str]]:
    """The jobs submitted since ``before`` was listed, once none is RUNNING or
    COMPLETING: a job's script goes on a moment after ``doIt.py`` has finished its run,
    and Slurm cleans a job up after its script has ended (its cgroup's processes), so
    the orchestrator can return while the last job still is (seen in CI)."""
    deadline = time.monotonic() + timeout
    while True:
        jobs = [j for j in slurm.jobs() if j["JobId"] not in before]
        if all(j["JobState"] not in ("RUNNING", "COMPLETING") for j in jobs) or \
                time.monotonic() > deadline:
            return jobs
        time.sleep(0.2)


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
        assert all(j.get("ArrayJobId") for j in jobs), jobs  # array tasks
        assert {j["JobState"] for j in jobs} == {"COMPLETED"}
        assert {j["TimeLimit"] for j in jobs} == {"00:10:00"}  # slurm_options
        assert all(j["WorkDir"].startswith(str(directory)) for j in jobs)
        assert _norm_y(directory) == pytest.approx(NORM_Y, rel=1e-9)  # (restarts a server)
    finally:
        stop_everything(directory)


def test_routine_with_the_native_commands_and_kill(slurm: Slurm, tmp_path: Path) -> None:
    """The native commands with one ``sbatch`` per run (``slurm: {array: false}``):
    BlackDynamite's own launch daemons submit them."""
    directory = _slurm_routine(tmp_path / "routine", array=False)
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
        assert not any(j.get("ArrayJobId") for j in jobs), jobs
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


# ---- more resources for a run Slurm ended for time or memory --------------------------

GROWING_ORCHESTRATOR = """\
async def main(workflow, **params):
    slow = workflow.slow.createTask(x=2.0)
    big = workflow.big.createTask(x=3.0, run_params={"slurm_options": ["mem=512M"]})
    late = workflow.late.createTask(x=5.0)
    await slow
    await big
    await late
"""
#: Runs until Slurm stops it unless its job may run 2 minutes. One command from the
#: start: BlackDynamite's job script traps the signal Slurm sends 60 s before the limit
#: (at once for a 1-minute job, often while the job starts) and exits 0 when the
#: command running then ends; between two commands it would exit at once, COMPLETED.
SLOW_LAUNCH = """\
#!/bin/bash
bash -c 'scontrol show job "$SLURM_JOB_ID" | grep -q "TimeLimit=00:02:00" || sleep 600'
python doIt.py
"""
#: Still running in the last minute of its first attempt's limit: the signal Slurm sends
#: then (BlackDynamite's ``--signal=B:TERM@60``; at the first check after the start for
#: a 1-minute job) makes BlackDynamite's job script exit 0 as soon as ``sleep`` ends:
#: the job ends COMPLETED after 40 s, not TIMEOUT, its run unfinished.
LATE_LAUNCH = SLOW_LAUNCH.replace("sleep 600", "sleep 40")
#: Needs 600 MB: more than the first attempt's 512M, less than 1.5 times that.
BIG_DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
ballast = b"\\x01" * (600 * 2**20)
run.y = job.x * 2 + len(ballast) * 0
run.finish()
"""
SQUARE_DOIT = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x * job.x
run.finish()
"""


def _attempts(directory: Path, study: str, run_name: str) -> list[dict[str, object]]:
    """Every attempt's run record (fields of the run), in run-id order."""
    from motoko_airflow.blackdynamite import Study, run_record

    store = Study(directory / study, workflow=str(directory / "motoko.yaml"))
    try:
        with store.server.lease():
            return [{"id": int(run.id), **run_record(store.name, run, job)["run"]}
                    for run, job in store.select(run_name=run_name, current_only=False)]
    finally:
        store.close()


def _job_of(jobs: list[dict[str, str]], run: dict[str, object]) -> dict[str, str]:
    """The Slurm job of a run: the array task it was submitted as (``run.batch_array``),
    or the job named after it, working in its directory (run ids, and so job names,
    repeat across studies)."""
    task = run.get("batch_array")
    if isinstance(task, dict):
        found = [j for j in jobs if j.get("ArrayJobId") == str(task["job"])
                 and j.get("ArrayTaskId") == str(task["task"])]
    else:
        found = [j for j in jobs if j["JobName"] == f"{run['id']}_{run['run_name']}"
                 and os.path.samefile(j["WorkDir"], str(run["run_path"]))]
    assert len(found) == 1, (run, jobs)
    return found[0]


def test_a_run_slurm_ended_for_time_or_memory_gets_more_on_its_next_attempt(
        slurm: Slurm, tmp_path: Path) -> None:
    """Under ``motoko run``, a run whose job exceeds ``--time=1`` ends TIMEOUT, is
    settled FAILED with Slurm's reason, and its task's retry submits it again with
    ``--time`` 1.5 times longer (whole minutes: 2); one exceeding the ``--mem=512M`` of
    its own ``slurm_options`` (a run parameter) ends OUT_OF_MEMORY and comes back with
    768M. One still running in the last minute of its limit, stopped by BlackDynamite's
    job script at Slurm's warning signal (the job ends COMPLETED, the run unfinished),
    comes back with 2 minutes too. Each attempt records what it asked for."""
    directory = write_workflow(
        tmp_path / "grow", GROWING_ORCHESTRATOR,
        {"slow": {"doit": SQUARE_DOIT, "launch": SLOW_LAUNCH},
         "big": {"doit": BIG_DOIT},
         "late": {"doit": SQUARE_DOIT, "launch": LATE_LAUNCH}},
        extra_yaml=f"generator: slurm\nslurm_options: [time=1, comment={JOB_NAME}]\n"
                   "resources: {factor: 1.5, max_time: \"00:30:00\", max_mem: 4G}\n")
    before = {j["JobId"] for j in slurm.jobs()}
    try:
        started = time.monotonic()
        result = motoko(slurm, "run", str(directory), "-n", "grow", timeout=400)
        took = time.monotonic() - started
        out = result.stdout + result.stderr
        assert result.returncode == 0, out
        jobs = _jobs_of(slurm, before)
        slow = _attempts(directory, "slow", "grow")
        big = _attempts(directory, "big", "grow")
        late = _attempts(directory, "late", "grow")
        for attempts, study in ((slow, "slow"), (big, "big"), (late, "late")):
            assert [a["attempt"] for a in attempts] == [1, 2], (study, attempts)
            assert [a["state"] for a in attempts] == ["FAILED", "FINISHED"], attempts
            assert attempts[0]["superseded_by"] == attempts[1]["id"]
        assert slow[1]["y"] == 4.0 and big[1]["y"] == 6.0 and late[1]["y"] == 25.0

        # time: Slurm ended the first job TIMEOUT; the second had 2 minutes
        first, second = (_job_of(jobs, a) for a in slow)
        assert first["JobState"] == "TIMEOUT" and first["TimeLimit"] == "00:01:00", first
        assert second["JobState"] == "COMPLETED" and second["TimeLimit"] == "00:02:00"
        assert slow[0]["resources"] == {"time": "00:01:00"}
        assert slow[1]["resources"] == {"time": "00:02:00"}
        assert slow[1]["slurm_options"] == ["time=00:02:00"]
        assert slow[0]["batch_job"]["state"] == "TIMEOUT"  # type: ignore[index]
        assert slow[0]["failure_reason"] == (
            f"Slurm job {first['JobId']} ended TIMEOUT (time limit 00:01:00)")
        timed_out = first["RunTime"]  # how long Slurm let it run over its minute

        # memory: cgroup OOM-killed the first job; the second had 768M
        first, second = (_job_of(jobs, a) for a in big)
        assert first["JobState"] == "OUT_OF_MEMORY", first
        assert first["MinMemoryNode"] == "512M" and second["MinMemoryNode"] == "768M"
        assert second["JobState"] == "COMPLETED", second
        assert big[0]["resources"] == {"time": "00:01:00", "mem": "512M"}
        assert big[1]["resources"] == {"time": "00:01:00", "mem": "768M"}
        assert big[0]["slurm_options"] == ["mem=512M"]  # its own, a run parameter
        assert big[1]["slurm_options"] == ["mem=768M"]
        assert big[0]["failure_reason"] == (
            f"Slurm job {first['JobId']} ended OUT_OF_MEMORY (mem 512M)")

        # stopped at the warning: COMPLETED, and 2 minutes for the next attempt
        first, second = (_job_of(jobs, a) for a in late)
        assert first["JobState"] == "COMPLETED" and second["JobState"] == "COMPLETED"
        assert second["TimeLimit"] == "00:02:00", second
        assert late[0]["batch_job"]["warned"] is True  # type: ignore[index]
        assert late[0]["failure_reason"] == (
            f"Slurm job {first['JobId']} ended COMPLETED after {first['RunTime']} of its "
            "00:01:00 time limit, the run unfinished: BlackDynamite's job script stops at "
            "the signal Slurm sends 60 s before the limit")
        assert late[1]["resources"] == {"time": "00:02:00"}

        # what people see: motoko info lists each attempt with its resources
        info = motoko(slurm, "info", "-w", str(directory), "--verbose", "-n", "grow")
        assert info.returncode == 0, info.stdout + info.stderr
        for shown in ("time=00:01:00", "time=00:02:00",  # slow
                      "time=00:01:00 mem=512M", "time=00:01:00 mem=768M"):  # big
            assert re.search(f"resources={shown}$", info.stdout, re.M), info.stdout
        assert "ended TIMEOUT (time limit 00:01:00)" in info.stdout, info.stdout
        assert _left_processes(directory) == []
        print(f"motoko run {took:.0f} s; the TIMEOUT job ran {timed_out}")
    finally:
        stop_everything(directory)


HANGING_LAUNCH = """\
#!/bin/bash
sleep 600
python doIt.py
"""


def test_a_run_whose_job_is_cancelled_fails_its_await_under_the_native_runtime(
        slurm: Slurm, tmp_path: Path) -> None:
    """Regression: under ``motoko orchestrator start`` nothing looked at a run whose
    Slurm job had ended without finishing it (BlackDynamite's job script traps the
    signal and exits 0), so ``await createTask`` waited forever. The wait now asks
    Slurm: the run is FAILED with the job's end."""
    directory = write_workflow(
        tmp_path / "native", "async def main(workflow, **params):\n"
        "    await workflow.slow.createTask(x=1.0)\n",
        {"slow": {"doit": SQUARE_DOIT, "launch": HANGING_LAUNCH}},
        extra_yaml=f"generator: slurm\nslurm_options: [time=5, comment={JOB_NAME}]\n")
    before = {j["JobId"] for j in slurm.jobs()}
    orchestrator = None
    try:
        assert motoko(slurm, "create", str(directory)).returncode == 0
        assert motoko(slurm, "launcher", "-w", str(directory)).returncode == 0
        orchestrator = subprocess.Popen(
            [*MOTOKO, "orchestrator", "-w", str(directory), "start", "-n", "native"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=slurm.env)
        deadline = time.monotonic() + 60
        while not (jobs := [j for j in _jobs_of(slurm, before, timeout=0)
                            if j["JobState"] == "RUNNING"]):
            assert orchestrator.poll() is None and time.monotonic() < deadline, (
                orchestrator.communicate()[0] if orchestrator.poll() is not None else "")
            time.sleep(0.2)
        slurm.run("scancel", jobs[0]["JobId"])
        out, _ = orchestrator.communicate(timeout=60)
        assert orchestrator.returncode != 0, out
        assert f"Slurm job {jobs[0]['JobId']} ended CANCELLED" in out, out
        [attempt] = _attempts(directory, "slow", "native")
        assert attempt["state"] == "FAILED"
        assert attempt["batch_job"]["state"] == "CANCELLED"  # type: ignore[index]
        assert attempt["resources"] == {"time": "00:05:00"}
    finally:
        if orchestrator is not None and orchestrator.poll() is None:
            orchestrator.kill()
            orchestrator.wait()
        stop_everything(directory)
