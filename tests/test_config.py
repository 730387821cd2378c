"""motoko.yaml and bd.yaml: loading, and a clear error for every bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, write_study
from motoko_airflow.batch import Scaling
from motoko_airflow.config import load_study_config, load_workflow_config
from motoko_airflow.exceptions import ConfigError
from motoko_airflow.slurm_arrays import ArraySettings


@pytest.fixture
def wf(tmp_path: Path) -> Path:
    target = tmp_path / "wf"
    shutil.copytree(EXAMPLES / "routine", target)
    return target


def test_loads_the_routine_example_from_directory_file_or_orchestrator(wf: Path) -> None:
    for path in (wf, wf / "motoko.yaml", wf / "orchestrator.py"):
        config = load_workflow_config(path)
        assert list(config.task_managers) == ["mult", "add", "norm"]
        assert config.orchestrator_path == wf / "orchestrator.py"
        assert config.orchestrator_function == "main"
        assert config.generator == "bashCoat"
        assert config.task_managers["mult"].zeo_host == f"zeo://{wf / 'mult'}"


def test_aliases_hosts_generator_and_airflow_sections(wf: Path) -> None:
    (wf / "motoko.yaml").write_text(
        "task_managers:\n  mult:\n    host: zeo://127.0.0.1:8123\n    airflow: {retries: 4}\n"
        "  add:\n  norm:\naliases:\n  post: norm\norchestrator: orchestrator.main\n"
        "generator: slurm\nslurm_options: ['nodes=1']\n"
        "airflow: {retries: 2, retry_delay: 5, pool: hpc}\n")
    config = load_workflow_config(wf)
    assert config.resolve("post") == "norm"
    assert config.task_managers["mult"].zeo_host == "zeo://127.0.0.1:8123"
    assert config.generator == "slurmCoat"
    assert config.generator_options == ("nodes=1",)
    assert config.airflow_settings("mult") == {"retries": 4, "retry_delay": 5, "pool": "hpc"}
    assert config.airflow_settings("add")["retries"] == 2


def test_resources_scale_slurm_runs_by_default(wf: Path) -> None:
    (wf / "motoko.yaml").write_text(
        "task_managers:\n  mult:\norchestrator: orchestrator.main\ngenerator: slurm\n")
    assert load_workflow_config(wf).resources == Scaling(1.5, None, None)
    with open(wf / "motoko.yaml", "a") as config:
        config.write("slurm_options: [time=00:10:00, mem=2G]\n"
                     "resources: {factor: 2, max_time: \"1-00:00:00\", max_mem: 64G}\n")
    assert load_workflow_config(wf).resources == Scaling(2.0, 86400, 65536)


def test_slurm_runs_go_in_arrays_unless_told_otherwise(wf: Path) -> None:
    (wf / "motoko.yaml").write_text(
        "task_managers:\n  mult:\norchestrator: orchestrator.main\ngenerator: slurm\n")
    assert load_workflow_config(wf).slurm == ArraySettings(True, None, None)
    with open(wf / "motoko.yaml", "a") as config:
        config.write("slurm: {array_throttle: 200, array_size: 1000}\n")
    assert load_workflow_config(wf).slurm == ArraySettings(True, 200, 1000)
    (wf / "motoko.yaml").write_text(
        "task_managers:\n  mult:\norchestrator: orchestrator.main\ngenerator: slurm\n"
        "slurm: {array: false}\n")
    assert load_workflow_config(wf).slurm == ArraySettings(False, None, None)


def test_unknown_task_manager_suggests_a_close_name(wf: Path) -> None:
    config = load_workflow_config(wf)
    with pytest.raises(ConfigError, match="unknown task manager 'mul'.*Did you mean 'mult'"):
        config.resolve("mul")


SLURM = "task_managers:\n  mult:\norchestrator: orchestrator.main\ngenerator: slurm\n"
BAD_WORKFLOWS = [
    ("", "the file is empty"),
    ("task_managers: [\n", "not valid YAML at line 2"),
    ("- a\n- b\n", "expected a mapping"),
    ("orchestrator: orchestrator.main\n", "task_managers: required"),
    ("task_managers: {}\norchestrator: orchestrator.main\n", "non-empty mapping"),
    ("task_managers:\n  ../mult:\norchestrator: orchestrator.main\n", "not a plain directory"),
    ("task_managers:\n  a/b:\norchestrator: orchestrator.main\n", "not a plain directory"),
    ("task_managers:\n  /abs:\norchestrator: orchestrator.main\n", "not a plain directory"),
    ("task_managers:\n  ghost:\norchestrator: orchestrator.main\n", "no study folder"),
    ("task_managers:\n  mult:\n", "orchestrator: required"),
    ("task_managers:\n  mult:\norchestrator: main\n", "is not module.function"),
    ("task_managers:\n  mult:\norchestrator: a.b.c\n", "is not module.function"),
    ("task_managers:\n  mult:\norchestrator: missing.main\n", "missing.py not found"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\naliases:\n  p: nope\n",
     "aliases.p: alias 'p' points at 'nope'"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\norchestrater: x\n",
     "orchestrater: unknown key. Did you mean 'orchestrator'"),
    ("task_managers:\n  mult:\n    hots: x\norchestrator: orchestrator.main\n",
     "unknown setting"),
    ("task_managers:\n  mult:\n    host: tcp://x\norchestrator: orchestrator.main\n",
     "must be zeo://"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\ngenerator: condor\n",
     "not a BlackDynamite coat"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\nairflow: {retries: -1}\n",
     "airflow.retries: must be a whole number"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\nairflow: {retry: 1}\n",
     "unknown setting"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\nairflow: {defer_after: -1}\n",
     "airflow.defer_after: must be a number of seconds >= 0"),
    (f"{SLURM}resources: [2]\n", "resources: must be a mapping such as {factor: 1.5"),
    (f"{SLURM}resources: {{factr: 2}}\n",
     "resources: unknown setting(s) factr; allowed: factor, max_time, max_mem"),
    (f"{SLURM}resources: {{factor: 0.5}}\n", "resources.factor: 0.5 must be a number >= 1"),
    (f"{SLURM}resources: {{max_time: 4:00:00}}\n",
     "resources.max_time: 14400 must be a Slurm time in quotes"),
    (f"{SLURM}resources: {{max_time: '4h'}}\n", "resources.max_time: '4h' is not a Slurm time"),
    (f"{SLURM}resources: {{max_mem: lots}}\n",
     "resources.max_mem: 'lots' is not a Slurm memory size"),
    (f"{SLURM}slurm_options: [time=1h]\n", "slurm_options: '1h' is not a Slurm time"),
    (f"{SLURM}slurm_options: [mem=2 GiB]\n", "slurm_options: '2 GiB' is not a Slurm memory"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\nresources: {factor: 2}\n",
     "resources: scales the Slurm resources of a retried run: it needs 'generator: slurm'"),
    ("task_managers:\n  mult:\norchestrator: orchestrator.main\nslurm: {array: true}\n",
     "slurm: says how runs are submitted to Slurm: it needs 'generator: slurm'"),
    (f"{SLURM}slurm: [array]\n", "slurm: must be a mapping such as {array: true"),
    (f"{SLURM}slurm: {{throttle: 5}}\n",
     "slurm: unknown setting(s) throttle; allowed: array, array_throttle, array_size"),
    (f"{SLURM}slurm: {{array: 'no'}}\n", "slurm.array: must be true or false, not 'no'"),
    (f"{SLURM}slurm: {{array_throttle: 0}}\n",
     "slurm.array_throttle: 0 must be a whole number >= 1 (tasks of an array running"),
    (f"{SLURM}slurm: {{array_size: 2.5}}\n", "slurm.array_size: 2.5 must be a whole number"),
    (f"{SLURM}slurm: {{array: false, array_throttle: 4}}\n",
     "slurm: array_throttle and array_size apply to job arrays"),
]


@pytest.mark.parametrize(("text", "message"), BAD_WORKFLOWS)
def test_bad_motoko_yaml_names_file_and_key(wf: Path, text: str, message: str) -> None:
    (wf / "motoko.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_workflow_config(wf)
    assert message in str(info.value)
    assert str(wf / "motoko.yaml") in str(info.value)


def test_missing_motoko_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=f"{tmp_path}: no motoko.yaml in this directory"):
        load_workflow_config(tmp_path)


def test_study_folder_without_bd_yaml(wf: Path) -> None:
    (wf / "add" / "bd.yaml").unlink()
    with pytest.raises(ConfigError, match=r"task_managers.add: the study folder .* has no bd"):
        load_workflow_config(wf)


BAD_STUDIES = [
    ("job:\n  x: float\n", "study: None must be a name"),
    ("study: a b\njob:\n  x: float\n", "must be a name of letters"),
    ("study: s\n", "job: required"),
    ("study: s\njob:\n  x: double\n", "job.x: type 'double' is not one of"),
    ("study: s\njob:\n  x: float\njob_space:\n  y: 1\n", "job_space.y: 'y' is not a job"),
    ("study: s\njob:\n  x: float\nconfig_files: [nope.txt]\n", "'nope.txt' not found"),
    ("study: s\njob: [x]\n", "job: must be a mapping"),
    ("study: s\njob:\n  x: float\nrun:\n  nproc: float\n",
     "run.nproc: 'nproc' is BlackDynamite's own run field, of type int; declare it as "
     "'nproc: int' or remove it"),
    ("study: s\njob:\n  x: float\nrun:\n  state: int\n",
     "run.state: 'state' is BlackDynamite's own run field, of type str"),
    ("study: s\njob:\n  x: float\n  nproc: int\n", "job.nproc: 'nproc' is a name"),
    ("study: s\njob:\n  x: float\nrun:\n  event_name: str\n", "run.event_name: 'event_name'"),
]


@pytest.mark.parametrize(("text", "message"), BAD_STUDIES)
def test_bad_bd_yaml_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    directory = write_study(tmp_path)
    (directory / "bd.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_study_config(directory)
    assert message in str(info.value)
    assert str(directory / "bd.yaml") in str(info.value)


def test_standard_run_field_redeclared_with_its_type(tmp_path: Path) -> None:
    """Regression: a bd.yaml declaring ``nproc: int`` under ``run:`` (valid in Motoko
    0.1.4) was refused as a reserved name; it names BlackDynamite's own column."""
    directory = write_study(tmp_path)
    (directory / "bd.yaml").write_text(
        "study: s\njob:\n  x: float\nrun:\n  nproc: int\n  Machine_Name: str\n  y: float\n")
    config = load_study_config(directory)
    assert config.run == {"y": "float"}


def test_study_config_defaults(tmp_path: Path) -> None:
    directory = write_study(tmp_path, extra="job_space:\n  x: [1.0, 2.0]\nrun_params:\n  a: 1\n")
    config = load_study_config(directory)
    assert config.study == "calc"
    assert config.job == {"x": "float"}
    assert config.job_space == {"x": [1.0, 2.0]}
    assert config.run_params == {"a": 1}
    assert config.exec_file == "launch.sh"
