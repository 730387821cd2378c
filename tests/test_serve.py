"""``motoko serve``: the studies' servers started and left running (for a deployment
whose workers reach them), refused where the studies are not stored."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES

MOTOKO = [sys.executable, "-m", "motoko_airflow"]


def motoko(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MOTOKO, *args], capture_output=True, text=True, timeout=120)


def test_serve_starts_the_servers_and_leaves_them_running(
        workflows: Callable[..., object], tmp_path: Path) -> None:
    from motoko_airflow.workflow import Workflow

    workflow = workflows("routine")
    assert isinstance(workflow, Workflow)
    directory = str(workflow.directory)
    assert motoko("kill", "-w", directory).returncode == 0
    studies = [workflow.task_manager(name).bd for name in ("mult", "add", "norm")]
    assert all(s.server_status() == "stopped" for s in studies)

    served = motoko("serve", "-w", directory)
    assert served.returncode == 0, served.stderr
    assert served.stdout.count("started at zeo://") == 3, served.stdout
    # after the command has exited, and after a leasing command (info) has come and gone
    assert all(s.server_status() == "running" for s in studies)
    assert motoko("info", "-w", directory).returncode == 0
    assert all(s.server_status() == "running" for s in studies)
    again = motoko("serve", "-w", directory, "-bd", "mult")
    assert again.returncode == 0 and again.stdout.strip() == (
        f"mult: already running at {studies[0].host}"), again.stdout

    # a copy without the storage (another host's view): refused, nothing started there
    copy = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLES / "routine", copy)
    refused = motoko("serve", "-w", str(copy))
    assert refused.returncode == 1
    assert "not created here: run 'motoko create' on this host first" in refused.stderr
    assert not (copy / "mult" / ".bd").exists()
    assert motoko("kill", "-w", directory).returncode == 0
    assert all(s.server_status() == "stopped" for s in studies)


def test_kill_says_what_it_could_not_stop_and_keeps_its_pid_file(
        workflows: Callable[..., object], tmp_path: Path) -> None:
    """``motoko kill`` never removes the pid file of a server it did not stop: here the
    study's ``zeo.pid`` names another study's server (a pid file copied between
    studies); the study's own server still answers, so kill names it on stderr, exits
    1, keeps the file and stops nobody else's server."""
    from conftest import write_workflow
    from motoko_airflow.workflow import Workflow

    orchestrator = "async def main(workflow, **params):\n    pass\n"
    mine, other = (workflows(write_workflow(tmp_path / name, orchestrator, {"calc": {}}))
                   for name in ("mine", "other"))
    assert isinstance(mine, Workflow) and isinstance(other, Workflow)
    study, elsewhere = mine.task_manager("calc").bd, other.task_manager("calc").bd
    own_pid, other_pid = study.server_pid(), elsewhere.server_pid()
    assert own_pid and other_pid
    pid_file = study.bd_dir / "zeo.pid"
    pid_file.write_text(f"{other_pid}\n")

    killed = motoko("kill", "-w", str(mine.directory))
    assert killed.returncode == 1, killed.stdout + killed.stderr
    assert (f"calc: the server at {study.host} still answers and was not stopped: its "
            f"pid file names runzeo pid {other_pid}, which serves another configuration"
            ) in killed.stderr, killed.stderr
    assert "server stopped" not in killed.stdout, killed.stdout
    assert pid_file.read_text() == f"{other_pid}\n"
    assert study.server_status() == "running" and elsewhere.server_status() == "running"

    pid_file.write_text(f"{own_pid}\n")  # put right: both stop, each by its own kill
    killed = motoko("kill", "-w", str(mine.directory))
    assert killed.returncode == 0 and f"calc: server stopped (pid {own_pid})" in killed.stdout
    assert study.server_status() == "stopped" and elsewhere.server_status() == "running"
    assert not pid_file.exists()
