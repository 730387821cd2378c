"""The distribution installs both ways and its packages import from either install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CHECK = """
import json, sys
import motoko_airflow, motoko_airflow.operators, motoko_airflow.sensors
import motoko.workflow, motoko.task_manager, motoko.scripts.create_studies
from motoko.workflow import Workflow, event
heavy = sorted(m for m in ("BlackDynamite", "numpy", "pandas", "airflow") if m in sys.modules)
print(json.dumps({"operators": motoko_airflow.operators.__file__,
                  "sensors": motoko_airflow.sensors.__file__,
                  "package": motoko_airflow.__file__, "heavy": heavy}))
"""


@pytest.mark.parametrize("editable", [False, True], ids=["regular", "editable"])
def test_install(tmp_path: Path, editable: bool) -> None:
    import json

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
           "--no-deps"]
    subprocess.run([*pip, "PyYAML"], check=True)
    subprocess.run([*pip, *(["-e"] if editable else []), str(ROOT)], check=True,
                   capture_output=True)
    result = subprocess.run([str(python), "-I", "-c", CHECK], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["heavy"] == []
    if editable:
        assert found["operators"] == str(ROOT / "operators" / "__init__.py")
        assert found["sensors"] == str(ROOT / "sensors" / "__init__.py")
    else:
        site = str(venv / "lib")
        assert found["operators"].startswith(site)
        assert found["operators"].endswith("motoko_airflow/operators/__init__.py")
        assert found["package"].startswith(site)
    assert (venv / "bin" / "motoko").exists()
