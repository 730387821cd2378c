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
