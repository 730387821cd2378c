"""The distribution as users get it: the sdist, the wheel built from it, installed into a
virtualenv of its own (no editable install, nothing of the checkout on ``sys.path``,
commands run from another directory), and the editable install developers use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, InstalledWheel, copy_source

NORM_Y = 8.33425099214  # the routine example with --inputs 2.1 3.2 (Motoko's result)

#: checkout folder -> where its modules are installed
INSTALLED_AS = {"motoko_airflow": "motoko_airflow", "motoko": "motoko",
                "operators": "motoko_airflow/operators", "sensors": "motoko_airflow/sensors"}


def checkout_modules() -> set[str]:
    """Every module of the checkout's packages, as its path inside an installed wheel."""
    found = set()
    for folder, installed in INSTALLED_AS.items():
        for path in (ROOT / folder).rglob("*.py"):
            if "__pycache__" not in path.parts:
                found.add(f"{installed}/{path.relative_to(ROOT / folder).as_posix()}")
    return found


def test_the_wheel_holds_every_module_of_the_checkout(installed_wheel: InstalledWheel) -> None:
    """Regression: a package list kept by hand left motoko_airflow/trace/ (the tracer) out
    of the wheel, so an installed `motoko trace` and `motoko run` failed at import."""
    with zipfile.ZipFile(installed_wheel.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entries = wheel.read(entry_points).decode()
    modules = checkout_modules()
    assert "motoko_airflow/trace/__init__.py" in modules
    assert modules - names == set()
    assert "motoko = motoko_airflow.cli:main" in entries
    assert "motoko = motoko_airflow.plugin.app:MotokoPlugin" in entries  # airflow.plugins


def test_the_sdist_holds_the_sources_and_build_files(installed_wheel: InstalledWheel) -> None:
    with tarfile.open(installed_wheel.sdist) as sdist:
        top, *_ = sdist.getnames()[0].split("/")
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "setup.py", "README.md"} <= names
    sources = {f"{folder}/{path.relative_to(ROOT / folder).as_posix()}"
               for folder in INSTALLED_AS for path in (ROOT / folder).rglob("*.py")
               if "__pycache__" not in path.parts}
    assert sources - names == set(), top


def run(installed: InstalledWheel, *command: str | Path, cwd: Path,
        **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd,
                          env=installed.environment(**env), timeout=600)


def test_installed_commands_trace_and_the_plugin(installed_wheel: InstalledWheel,
                                                 tmp_path: Path) -> None:
    """`motoko --version/--help`, `motoko trace` of both examples into DAG files that
    Airflow's DagBag loads, and the web-UI plugin registered, all from the wheel."""
    from motoko_airflow import __version__

    installed = installed_wheel
    home = tmp_path / "airflow"
    airflow_env = {"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    version = run(installed, installed.bin / "motoko", "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"motoko-airflow {__version__}"
    helped = run(installed, installed.bin / "motoko", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "trace" in helped.stdout and "run" in helped.stdout

    dags = tmp_path / "dags"
    for name in ("routine", "events"):
        shutil.copytree(EXAMPLES / name, tmp_path / name)
        # paths as typed: relative to the working directory
        traced = run(installed, installed.bin / "motoko", "trace", name, "-o",
                     f"dags/{name}.py", cwd=tmp_path)
        assert traced.returncode == 0, traced.stderr
    loaded = run(installed, installed.python, "-I", "-c", f"""
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder={str(dags)!r})
print(json.dumps({{"errors": bag.import_errors, "dags": sorted(bag.dag_ids),
                  "motoko": sys.modules["motoko_airflow"].__file__,
                  "tasks": {{d: sorted(bag.dags[d].task_ids) for d in bag.dag_ids}}}}))
""", cwd=tmp_path, **airflow_env)
    assert loaded.returncode == 0, loaded.stderr
    found = json.loads(loaded.stdout.splitlines()[-1])
    assert found["errors"] == {}
    assert found["dags"] == ["events", "routine"]
    assert found["motoko"].startswith(str(installed.venv))
    assert {"mult", "add", "norm"} <= set(found["tasks"]["routine"])
    assert "actions" in found["tasks"]["events"]

    plugins = run(installed, installed.bin / "airflow", "plugins", "-o", "json",
                  cwd=tmp_path, **airflow_env)
    assert plugins.returncode == 0, plugins.stderr
    listed = json.loads(plugins.stdout[plugins.stdout.index("["):])
    motoko = [p for p in listed if p["name"] == "motoko"]
    assert len(motoko) == 1, listed  # once: from the wheel's entry point
    assert "motoko_airflow" in json.dumps(motoko[0])


def test_installed_motoko_run_gives_the_routine_result(installed_wheel: InstalledWheel,
                                                       tmp_path: Path) -> None:
    """`motoko run routine` (a path relative to the working directory, as the README
    types it: main runs in the workflow directory) from the wheel."""
    installed = installed_wheel
    workflow = tmp_path / "routine"
    shutil.copytree(EXAMPLES / "routine", workflow)
    try:
        done = run(installed, installed.bin / "motoko", "run", "routine", "-n", "wheel",
                   "--inputs", "2.1", "3.2", cwd=tmp_path)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        result = run(installed, installed.python, "-I", "-c", f"""
from motoko_airflow.workflow import Workflow
import motoko_airflow
workflow = Workflow({str(workflow)!r})
workflow.run_name = "wheel"
try:
    print(motoko_airflow.__file__)
    print(*[run.y for run, job in workflow.norm.select("state = FINISHED")])
finally:
    workflow.kill()
""", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        where, ys = result.stdout.strip().splitlines()[-2:]
        assert where.startswith(str(installed.venv))
        assert [float(y) for y in ys.split()] == pytest.approx([NORM_Y])
    finally:
        run(installed, installed.bin / "motoko", "kill", "-w", "routine", "--aggressive",
            cwd=tmp_path)


CHECK = """
import json, sys
import motoko_airflow, motoko_airflow.operators, motoko_airflow.sensors, motoko_airflow.trace
import motoko.workflow, motoko.task_manager, motoko.scripts.create_studies
from motoko.workflow import Workflow, event
heavy = sorted(m for m in ("BlackDynamite", "numpy", "pandas", "airflow") if m in sys.modules)
print(json.dumps({"operators": motoko_airflow.operators.__file__,
                  "sensors": motoko_airflow.sensors.__file__,
                  "package": motoko_airflow.__file__, "heavy": heavy}))
"""


def test_editable_install(tmp_path: Path) -> None:
    """Developers' install: the checkout's folders are the packages."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
           "--no-deps"]
    subprocess.run([*pip, "PyYAML"], check=True)
    source = copy_source(tmp_path / "source")
    subprocess.run([*pip, "-e", str(source)], check=True, capture_output=True)
    result = subprocess.run([str(python), "-I", "-c", CHECK], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["heavy"] == []
    assert found["operators"] == str(source / "operators" / "__init__.py")
    assert found["sensors"] == str(source / "sensors" / "__init__.py")
    assert found["package"] == str(source / "motoko_airflow" / "__init__.py")
    assert (venv / "bin" / "motoko").exists()
