"""Any workflow path works: a directory whose path holds a space, quotes, ``$`` and
non-ASCII characters, and one too deep for a unix socket's 107 bytes.

Regression (found by a user): ``launch.sh`` exported ``BLACKDYNAMITE_HOST`` unquoted, so
every run's ``doIt.py`` died in BlackDynamite's ``getRunFromScript`` ("Could not find a
BlackDynamite root directory from .../my"); quoted, BlackDynamite still took a running
server for a missing one (psutil splits socket paths on blanks) and tried to start its
own through a shell; runzeo read ``$x`` in ``zeo.conf`` as a substitution; and a deep
study could not start its server ("AF_UNIX path too long"). Such studies are now seen by
the server and BlackDynamite through a short alias (``servers.study_root``).

One copy of the routine example per kind of path, shared by the module's tests (in
order: native, ``motoko run``, BlackDynamite's own server, ``motoko kill``; each also
works alone).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_airflow import ENV, motoko, routine_norm

from conftest import EXAMPLES, stop_everything
from motoko_airflow import processes
from motoko_airflow.blackdynamite import Study
from motoko_airflow.servers import study_root

INPUTS = ["2.1", "3.2"]
STUDIES = ("mult", "add", "norm")


@pytest.fixture(scope="module", params=["odd", "deep"])
def routine(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the routine example under an odd path, or under a deep one."""
    base = tmp_path_factory.mktemp(request.param)
    if request.param == "odd":
        directory = base / "my study é $x 'q\"" / "routine"
    else:
        directory = base / ("a" * 60) / ("b" * 60) / ("c" * 60) / "routine"
        assert len(str(directory)) > 200
    shutil.copytree(EXAMPLES / "routine", directory)
    yield directory
    stop_everything(directory)
    for name in STUDIES:  # the aliases made for them
        study_root(directory / name).unlink()


def _studies(directory: Path) -> list[Study]:
    return [Study(directory / name) for name in STUDIES]


def _norm(directory: Path, run_name: str) -> float:
    """The norm run's output (read by this process, through the study's address)."""
    from motoko_airflow.workflow import Workflow

    workflow = Workflow(directory)
    try:
        (run, _), = workflow.task_manager("norm").bd.select(run_name=run_name,
                                                          current_only=False)
        assert run["state"] == "FINISHED"
        return float(run.y)
    finally:
        workflow.close()


def test_routine_runs_natively(routine: Path) -> None:
    created = motoko("create", str(routine), "--validated")
    assert created.returncode == 0, created.stderr
    ran = motoko("orchestrator", "-w", str(routine), "start", "--launch", "inline",
                 "-n", "native", "--inputs", *INPUTS, timeout=300)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert _norm(routine, "native") == pytest.approx(routine_norm([2.1, 3.2]), rel=1e-12)
    for study in _studies(routine):
        address = study.zeo_socket
        assert len(os.fsencode(str(address))) <= 107
        # the socket file stays in the study, whichever path reaches it
        assert stat.S_ISSOCK((study.bd_dir / "zeo.socket").stat().st_mode)
        assert address.resolve() == (study.bd_dir / "zeo.socket").resolve()


def test_routine_runs_with_motoko_run(routine: Path) -> None:
    ran = motoko("run", str(routine), "-n", "air", "-q", "--inputs", *INPUTS, timeout=300)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert "succeeded" in ran.stdout
    assert _norm(routine, "air") == pytest.approx(routine_norm([2.1, 3.2]), rel=1e-12)


def test_blackdynamite_in_a_run_starts_its_own_server(routine: Path) -> None:
    """With the study's server down, BlackDynamite's client inside a run (launch.sh's
    header, then ``getRunFromScript``) starts its own server (zdaemon), reachable from
    here, and ``motoko kill`` stops it."""
    run_dir = _finished_mult_run(routine)
    assert motoko("kill", "-w", str(routine)).returncode == 0
    mult = _studies(routine)[0]
    assert mult.server_status() == "stopped"
    header = _header(run_dir / "launch.sh")
    script = header + "exec python -c " + shlex.quote(
        "import BlackDynamite as BD\n"
        "run, job = BD.getRunFromScript()\n"
        "print('RUN', run.id, run['state'], job.x)\n")
    env = {k: v for k, v in ENV.items() if not k.startswith("BLACKDYNAMITE_")}
    done = subprocess.run(["bash", "-c", script], cwd=run_dir, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"^RUN \d+ FINISHED [0-9.]+$", done.stdout, re.MULTILINE)
    assert mult.server_status() == "running"
    assert mult.server_pid() is None  # not ours: zdaemon's
    status = subprocess.run([str(Path(sys.executable).parent / "zdaemon"), "-C",
                             str(mult.bd_dir / "zdaemon.conf"), "status"],
                            capture_output=True, text=True, env=env, timeout=60)
    found = re.search(r"pid=(\d+)", status.stdout)
    assert found, status.stdout + status.stderr
    pid = int(found[1])
    assert motoko("kill", "-w", str(routine)).returncode == 0
    _assert_gone(pid)
    assert mult.server_status() == "stopped"


def test_kill_leaves_no_server(routine: Path) -> None:
    """Servers started here are found by every process and stopped by ``motoko kill``;
    a removed alias comes back and reaches the running server again."""
    studies = _studies(routine)
    if not (studies[0].bd_dir / "bd.zeo").exists():
        assert motoko("create", str(routine), "--validated").returncode == 0
    for study in studies:
        study.start_server()
    root = study_root(studies[0].directory)
    assert root != studies[0].directory
    root.unlink()  # as a /tmp cleaner would
    assert studies[0].server_status() == "running"
    assert root.is_symlink()
    pids = [study.server_pid() for study in studies]
    assert all(pids), pids
    info = motoko("info", "-w", str(routine))
    assert info.stdout.count("server: running") == 3, info.stdout + info.stderr
    killed = motoko("kill", "--verbose", "-w", str(routine))
    assert killed.returncode == 0, killed.stderr
    assert killed.stdout.count("server stopped") == 3, killed.stdout
    for study, pid in zip(studies, pids, strict=True):
        _assert_gone(pid)
        assert not (study.bd_dir / "zeo.pid").exists()
        assert study.server_status() == "stopped"


def test_study_root_is_the_study_while_its_sockets_fit() -> None:
    """A plain path is kept while BlackDynamite's longest socket under it fits in 107
    bytes; one byte more, or one odd character, and the study gets its short alias."""
    base = Path(tempfile.mkdtemp(prefix="m-", dir="/tmp"))  # short, whatever pytest's is
    try:
        room = 107 - len(f"{base}/" + "/.bd/zdaemon.socket")
        fits, over = base / ("f" * room), base / ("o" * (room + 1))
        odd = base / "odd dir"
        for directory in (fits, over, odd):
            directory.mkdir()
        assert study_root(fits) == fits
        for directory in (over, odd):
            alias = study_root(directory)
            assert alias.parent == Path(f"/tmp/motoko-airflow-{os.getuid()}")
            assert alias.resolve() == directory.resolve()
            assert study_root(directory) == alias  # the same for every process of the user
            alias.unlink()
        assert stat.S_IMODE(os.stat(alias.parent).st_mode) == 0o700
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ---- helpers ------------------------------------------------------------------------


def _finished_mult_run(directory: Path) -> Path:
    """A FINISHED mult run's directory (made by a native run if there is none)."""
    runs = sorted((directory / "mult" / "BD-mult-runs").glob("run-*"))
    if not runs:
        assert motoko("create", str(directory), "--validated").returncode == 0
        ran = motoko("orchestrator", "-w", str(directory), "start", "--launch", "inline",
                     "-n", "native", "--inputs", *INPUTS, timeout=300)
        assert ran.returncode == 0, ran.stderr[-3000:]
        runs = sorted((directory / "mult" / "BD-mult-runs").glob("run-*"))
    return runs[0]


def _header(launch: Path) -> str:
    """The environment header the launcher put at the top of a run's launch.sh."""
    lines = launch.read_text().splitlines(keepends=True)
    header = [line for line in lines[1:] if line.startswith("export BLACKDYNAMITE_")]
    assert len(header) == 5, lines[:8]
    return "".join(header)


def _assert_gone(pid: int) -> None:
    assert not processes.alive(pid), f"server pid {pid} still runs"
