"""Motoko 0.1.4's own test workflow, unchanged, gives Motoko's numbers.

The workflow and its test come from Motoko's source distribution on PyPI (fetched
with pip, cached under ~/.cache/motoko-airflow); none of its code is in this project.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import BIN, stop_everything

REFERENCE = "motoko==0.1.4"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "motoko-airflow"
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


@pytest.fixture(scope="session")
def motoko_sdist() -> Path:
    """The unpacked Motoko 0.1.4 source distribution."""
    target = CACHE / "motoko-0.1.4"
    if not (target / "tests" / "local" / "workflow" / "motoko.yaml").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--no-binary", ":all:", REFERENCE, "-d", str(CACHE)], check=True)
        with tarfile.open(CACHE / "motoko-0.1.4.tar.gz") as archive:
            archive.extractall(CACHE, filter="data")
    return target


@pytest.fixture
def reference_tests(motoko_sdist: Path, tmp_path: Path):
    target = tmp_path / "local"
    shutil.copytree(motoko_sdist / "tests" / "local", target)
    yield target
    stop_everything(target / "workflow")


def expected_y1(x: list[float]) -> float:
    """Motoko's own expected value (its local_test.py), computed independently here."""
    val = ((0.342 * x[0] + 0.56 - 3.3) ** 2 + (-2.31 * x[0] + 0.56 - 2.34) ** 2
           + (0.342 * x[1] + 0.56 - 0.148) ** 2)
    return 0.342 * val


def test_motokos_own_test_passes_unchanged(reference_tests: Path) -> None:
    """Run Motoko 0.1.4's tests/local/local_test.py as it is, against this runtime."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(reference_tests / "local_test.py")],
        cwd=reference_tests, env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout


def test_motokos_test_workflow_through_the_cli(reference_tests: Path) -> None:
    workflow = reference_tests / "workflow"

    def motoko(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "motoko_airflow", *args], cwd=workflow,
                              env=ENV, capture_output=True, text=True, timeout=300)

    assert motoko("create", ".", "--validated").returncode == 0
    assert motoko("launcher").returncode == 0
    run = motoko("orchestrator", "start", "--run_name", "test", "--inputs", "2.1", "3.2")
    assert run.returncode == 0, run.stderr[-3000:]
    assert "terminate: workflow successful" in run.stdout

    from motoko_airflow.workflow import Workflow

    wf = Workflow(workflow)
    try:
        wf.run_name = "test"
        assert max(r.id for r, _ in wf.mult.select()) == 4
        assert len(wf.add.select()) == 3 and len(wf.norm.select()) == 1
        (run3, _), = wf.mult.select("runs.id = 3")
        assert math.fabs(run3.y[0] - expected_y1([2.1, 3.2])) < 1e-8
    finally:
        wf.kill()


def test_motokos_test_workflow_under_airflow(reference_tests: Path) -> None:
    """The cyclic event workflow as an Airflow DAG (one ActionOperator), same numbers."""
    workflow = reference_tests / "workflow"
    result = subprocess.run(
        [sys.executable, "-m", "motoko_airflow", "run", str(workflow), "-n", "test",
         "--inputs", "2.1", "3.2"], env=ENV, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "succeeded" in result.stdout

    from motoko_airflow.workflow import Workflow

    wf = Workflow(workflow)
    try:
        wf.run_name = "test"
        assert [r.id for r, _ in wf.mult.select()] == [1, 2, 3, 4]
        (run3, _), = wf.mult.select("runs.id = 3")
        assert math.fabs(run3.y[0] - expected_y1([2.1, 3.2])) < 1e-8
    finally:
        wf.kill()
