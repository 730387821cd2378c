"""Load and validate a workflow's ``motoko.yaml`` and its studies' ``bd.yaml``.

Pure data: this module imports neither Airflow nor BlackDynamite, so the tracer and
DAG files can use it at parse time.
"""

from __future__ import annotations

import contextlib
import keyword
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from motoko_airflow.batch import DEFAULT_FACTOR, Scaling, parse_mem, parse_time
from motoko_airflow.exceptions import ConfigError
from motoko_airflow.slurm_arrays import ArraySettings

__all__ = [
    "AIRFLOW_KEYS",
    "CONFIG_FILENAME",
    "StudyConfig",
    "TaskManagerConfig",
    "WorkflowConfig",
    "check_orchestrator_source",
    "check_workflow",
    "find_config",
    "in_workflow_directory",
    "load_study_config",
    "load_workflow_config",
]

CONFIG_FILENAME = "motoko.yaml"
STUDY_FILENAME = "bd.yaml"

#: Keys accepted in an ``airflow:`` section (top level or per task manager).
AIRFLOW_KEYS = frozenset(
    {"retries", "retry_delay", "execution_timeout", "timeout", "pool", "poke_interval",
     "max_active_tis_per_dag", "queue", "priority_weight", "retry_exponential_backoff",
     "defer_after"}
)
GENERATORS = ("bashCoat", "slurmCoat", "pbsCoat", "sgeCoat")
_GENERATOR_ALIASES = {"bash": "bashCoat", "slurm": "slurmCoat", "pbs": "pbsCoat",
                      "sge": "sgeCoat"}
_STUDY_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_TYPE_NAMES = ("float", "int", "str", "list", "bool", "dict")
_RESERVED_ATTRIBUTES = frozenset(
    {"config", "directory", "task_managers", "aliases", "actions", "vars", "run_name",
     "finished", "params", "create", "execute", "add_action", "add_error_handler",
     "get_runs", "start_launcher_daemons"}
)


@dataclass(frozen=True)
class TaskManagerConfig:
    """One ``task_managers:`` entry: a study directory inside the workflow."""

    name: str
    directory: Path
    host: str | None = None
    airflow: dict[str, Any] = field(default_factory=dict)

    @property
    def study_dir(self) -> Path:
        return self.directory / self.name

    @property
    def zeo_host(self) -> str:
        """The BlackDynamite host: ``zeo://<study_dir>`` unless ``host:`` is set."""
        return self.host or f"zeo://{self.study_dir}"


@dataclass(frozen=True)
class WorkflowConfig:
    """A validated ``motoko.yaml``."""

    path: Path
    task_managers: dict[str, TaskManagerConfig]
    orchestrator: str
    aliases: dict[str, str] = field(default_factory=dict)
    generator: str = "bashCoat"
    generator_options: tuple[str, ...] = ()
    airflow: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    #: ``resources:``: how a Slurm run's next attempt grows after a TIMEOUT/OUT_OF_MEMORY
    resources: Scaling = field(default_factory=Scaling)
    #: ``verify:``: a compiled DAG ends with a task checking its runs against ``main``
    verify: bool = True
    #: ``slurm:``: how runs go to Slurm (job arrays, their throttle and size)
    slurm: ArraySettings = field(default_factory=ArraySettings)
    #: ``server_grace:`` (seconds): how long a task start or a wait rides out a study's
    #: ZEO server that does not answer before failing (no retry is spent meanwhile)
    server_grace: float = 300.0

    @property
    def directory(self) -> Path:
        return self.path.parent

    @property
    def orchestrator_module(self) -> str:
        return self.orchestrator.split(".")[0]

    @property
    def orchestrator_function(self) -> str:
        return self.orchestrator.split(".")[1]

    @property
    def orchestrator_path(self) -> Path:
        return self.directory / f"{self.orchestrator_module}.py"

    def resolve(self, name: str) -> str:
        """The task manager a name or alias stands for; ConfigError if neither."""
        if name in self.task_managers:
            return name
        if name in self.aliases:
            return self.aliases[name]
        import difflib

        known = sorted(self.task_managers) + sorted(self.aliases)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ConfigError(
            f"unknown task manager {name!r}; known: {', '.join(known)}.{hint}",
            path=str(self.path),
        )

    def airflow_settings(self, task_manager: str | None = None) -> dict[str, Any]:
        """The ``airflow:`` defaults, overridden by the task manager's own section."""
        settings = dict(self.airflow)
        if task_manager is not None:
            settings.update(self.task_managers[self.resolve(task_manager)].airflow)
        return settings


@dataclass(frozen=True)
class StudyConfig:
    """A validated ``bd.yaml``."""

    path: Path
    study: str
    job: dict[str, str]
    run: dict[str, str] = field(default_factory=dict)
    job_space: dict[str, Any] = field(default_factory=dict)
    run_params: dict[str, Any] = field(default_factory=dict)
    config_files: tuple[str, ...] = ()
    exec_file: str = "launch.sh"
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def directory(self) -> Path:
        return self.path.parent


@contextlib.contextmanager
def in_workflow_directory(directory: str | os.PathLike[str]) -> Iterator[None]:
    """Run the block in the workflow directory, and come back to the working directory
    of before. ``main`` always runs there, as under Motoko (whose commands run in the
    workflow directory): being traced, in ``motoko run``, in a task of a scheduler's
    worker, so a relative path it opens (``open("sweep.json")``) names the same file."""
    try:
        before: str | None = os.getcwd()
    except FileNotFoundError:  # removed meanwhile: nowhere to come back to
        before = None
    os.chdir(directory)
    try:
        yield
    finally:
        if before is not None:
            os.chdir(before)


def find_config(path: str | os.PathLike[str]) -> Path:
    """The ``motoko.yaml`` for a workflow directory, the file itself, or its orchestrator.

    Its path is canonical (absolute, symbolic links resolved, no ``..``): whatever spelling
    a command, a DAG file or a host reaches a workflow by, its studies, their servers'
    command lines and pid files are named one way, so ``motoko kill`` knows them.
    """
    p = Path(path).expanduser().resolve()
    if p.is_dir():
        candidate = p / CONFIG_FILENAME
        if not candidate.is_file():
            raise ConfigError(
                f"no {CONFIG_FILENAME} in this directory; a workflow directory holds "
                f"{CONFIG_FILENAME}, the orchestrator and one folder per study",
                path=str(p),
            )
        return candidate
    if not p.exists():
        raise ConfigError("no such file or directory", path=str(p))
    if p.suffix == ".py":
        candidate = p.parent / CONFIG_FILENAME
        if not candidate.is_file():
            raise ConfigError(
                f"the orchestrator's directory has no {CONFIG_FILENAME}", path=str(p)
            )
        return candidate
    return p


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise ConfigError("file not found", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if "'\\t'" in problem:
            problem = "a tab; YAML indents with spaces only"
        raise ConfigError(f"not valid YAML{where}: {problem}", path=str(path)) from exc
    if data is None:
        raise ConfigError("the file is empty", path=str(path))
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping of keys to values, found {type(data).__name__}",
            path=str(path),
        )
    return data


def _check_airflow_section(section: Any, path: Path, key: str) -> dict[str, Any]:
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise ConfigError("must be a mapping such as {retries: 2}", path=str(path), key=key)
    unknown = sorted(set(section) - AIRFLOW_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(unknown)}; allowed: "
            f"{', '.join(sorted(AIRFLOW_KEYS))}",
            path=str(path),
            key=key,
        )
    for name in ("retries", "max_active_tis_per_dag", "priority_weight"):
        if name in section and (not isinstance(section[name], int) or section[name] < 0):
            raise ConfigError("must be a whole number >= 0", path=str(path), key=f"{key}.{name}")
    for name in ("retry_delay", "execution_timeout", "timeout", "poke_interval",
                 "defer_after"):
        value = section.get(name)
        if value is None:
            continue
        # a retry at once, as Airflow allows; deferring at once (the default)
        zero_ok = name in ("retry_delay", "defer_after")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0 \
                or (value == 0 and not zero_ok):
            raise ConfigError(f"must be a number of seconds {'>=' if zero_ok else '>'} 0",
                              path=str(path), key=f"{key}.{name}")
    return dict(section)


def _check_task_manager_name(name: Any, path: Path) -> str:
    if not isinstance(name, str) or not name:
        raise ConfigError(f"task manager names must be strings, found {name!r}",
                          path=str(path), key="task_managers")
    if name in (".", "..") or "/" in name or "\\" in name or os.path.isabs(name):
        raise ConfigError(
            f"{name!r} is not a plain directory name; each task manager is a folder "
            "directly inside the workflow directory",
            path=str(path),
            key=f"task_managers.{name}",
        )
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ConfigError(
            f"{name!r} must be a Python identifier (workflow.{name} is how the "
            "orchestrator reaches it); rename the folder",
            path=str(path),
            key=f"task_managers.{name}",
        )
    if name in _RESERVED_ATTRIBUTES:
        raise ConfigError(f"{name!r} is reserved by the Workflow API; rename the folder",
                          path=str(path), key=f"task_managers.{name}")
    return name


def load_workflow_config(path: str | os.PathLike[str]) -> WorkflowConfig:
    """Read and validate ``motoko.yaml`` (given as a directory, the file or the orchestrator).

    Every problem raises :class:`ConfigError` naming the file and the key.
    """
    config_path = find_config(path)
    data = _load_yaml(config_path)
    directory = config_path.parent
    where = str(config_path)

    known_keys = {"task_managers", "aliases", "orchestrator", "generator", "airflow",
                  "resources", "verify", "slurm",
                  "server_grace"}
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(f"keys must be strings, found {key!r}", path=where)
        if key not in known_keys and not key.endswith("_options"):
            import difflib

            close = difflib.get_close_matches(key, sorted(known_keys), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"unknown key.{hint}", path=where, key=key)

    managers_raw = data.get("task_managers")
    if managers_raw is None:
        raise ConfigError(
            "required: a mapping of study folder names, e.g. "
            "'task_managers: {mult: , add: }'",
            path=where,
            key="task_managers",
        )
    if not isinstance(managers_raw, dict) or not managers_raw:
        raise ConfigError("must be a non-empty mapping of study folder names",
                          path=where, key="task_managers")

    task_managers: dict[str, TaskManagerConfig] = {}
    for name, settings in managers_raw.items():
        name = _check_task_manager_name(name, config_path)
        settings = settings or {}
        key = f"task_managers.{name}"
        if not isinstance(settings, dict):
            raise ConfigError("must be empty or a mapping (host:, airflow:)", path=where,
                              key=key)
        unknown = sorted(set(settings) - {"host", "airflow"})
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(map(str, unknown))}; "
                              "allowed: host, airflow", path=where, key=key)
        host = settings.get("host")
        if host is not None:
            if not isinstance(host, str) or not host.startswith("zeo://"):
                raise ConfigError(
                    f"host {host!r} must be zeo://<directory> or zeo://<host>:<port>",
                    path=where,
                    key=f"{key}.host",
                )
        study_dir = directory / name
        if not study_dir.is_dir():
            raise ConfigError(f"no study folder {study_dir}; create it with a bd.yaml",
                              path=where, key=key)
        if not (study_dir / STUDY_FILENAME).is_file():
            raise ConfigError(f"the study folder {study_dir} has no {STUDY_FILENAME}",
                              path=where, key=key)
        airflow = _check_airflow_section(settings.get("airflow"), config_path, f"{key}.airflow")
        task_managers[name] = TaskManagerConfig(name, directory, host, airflow)

    aliases_raw = data.get("aliases") or {}
    if not isinstance(aliases_raw, dict):
        raise ConfigError("must be a mapping of alias: task_manager", path=where,
                          key="aliases")
    aliases: dict[str, str] = {}
    for alias, target in aliases_raw.items():
        if target not in task_managers:
            raise ConfigError(
                f"alias {alias!r} points at {target!r}, which is not a task manager; "
                f"task managers: {', '.join(task_managers)}",
                path=where,
                key=f"aliases.{alias}",
            )
        if not isinstance(alias, str) or not alias.isidentifier():
            raise ConfigError(f"alias {alias!r} must be a Python identifier", path=where,
                              key="aliases")
        if alias in task_managers:
            raise ConfigError(f"alias {alias!r} is also a task manager name", path=where,
                              key=f"aliases.{alias}")
        aliases[alias] = target

    orchestrator = data.get("orchestrator")
    if orchestrator is None:
        raise ConfigError("required: the orchestrator as module.function, e.g. "
                          "'orchestrator: orchestrator.main'", path=where, key="orchestrator")
    parts = orchestrator.split(".") if isinstance(orchestrator, str) else []
    if len(parts) != 2 or not all(p.isidentifier() for p in parts):
        raise ConfigError(
            f"{orchestrator!r} is not module.function (e.g. orchestrator.main, for "
            "main() in orchestrator.py beside motoko.yaml)",
            path=where,
            key="orchestrator",
        )
    if not (directory / f"{parts[0]}.py").is_file():
        raise ConfigError(f"{parts[0]}.py not found in {directory}", path=where,
                          key="orchestrator")

    generator = data.get("generator", "bashCoat")
    generator = _GENERATOR_ALIASES.get(generator, generator)
    if generator not in GENERATORS:
        raise ConfigError(f"{data.get('generator')!r} is not a BlackDynamite coat; use one "
                          f"of {', '.join(GENERATORS)}", path=where, key="generator")
    options_key = generator.replace("Coat", "_options")
    options = data.get(options_key) or []
    if not isinstance(options, list) or not all(isinstance(o, (str, int, float))
                                                for o in options):
        raise ConfigError("must be a list of option strings, e.g. ['nodes=1']",
                          path=where, key=options_key)
    resources = _check_resources(data, generator, config_path)
    slurm = _check_slurm(data, generator, config_path)

    airflow = _check_airflow_section(data.get("airflow"), config_path, "airflow")
    verify = data.get("verify", True)
    if not isinstance(verify, bool):
        raise ConfigError(f"must be true or false, not {verify!r} (false: compiled DAGs "
                          "are not checked against main)", path=where, key="verify")
    grace = data.get("server_grace", WorkflowConfig.server_grace)
    if isinstance(grace, bool) or not isinstance(grace, (int, float)) or grace < 0:
        raise ConfigError(f"must be a number of seconds >= 0, not {grace!r} (how long a "
                          "task rides out a study server that does not answer)",
                          path=where, key="server_grace")
    return WorkflowConfig(
        server_grace=float(grace),
        path=config_path,
        task_managers=task_managers,
        orchestrator=orchestrator,
        aliases=aliases,
        generator=generator,
        generator_options=tuple(str(o) for o in options),
        airflow=airflow,
        raw=data,
        resources=resources,
        verify=verify,
        slurm=slurm,
    )


_RESOURCES_KEYS = ("factor", "max_time", "max_mem")
_SLURM_KEYS = ("array", "array_throttle", "array_size")


def _check_slurm(data: dict[str, Any], generator: str, path: Path) -> ArraySettings:
    """``slurm:``: ``{array: true, array_throttle: 200, array_size: 1000}``."""
    where = str(path)
    section = data.get("slurm")
    if section is None:
        return ArraySettings()
    if generator != "slurmCoat":
        raise ConfigError("says how runs are submitted to Slurm: it needs "
                          "'generator: slurm'; remove it or submit with Slurm",
                          path=where, key="slurm")
    if not isinstance(section, dict):
        raise ConfigError("must be a mapping such as {array: true, array_throttle: 200}",
                          path=where, key="slurm")
    unknown = sorted(str(k) for k in set(section) - set(_SLURM_KEYS))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; allowed: "
                          f"{', '.join(_SLURM_KEYS)}", path=where, key="slurm")
    array = section.get("array", True)
    if not isinstance(array, bool):
        raise ConfigError(f"must be true or false, not {array!r} (false: one sbatch per "
                          "run, as BlackDynamite's slurm coat)", path=where, key="slurm.array")
    numbers = {}
    for key, meaning in (("array_throttle", "tasks of an array running at once"),
                         ("array_size", "tasks per array, at most")):
        value = section.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or value < 1):
            raise ConfigError(f"{value!r} must be a whole number >= 1 ({meaning})",
                              path=where, key=f"slurm.{key}")
        numbers[key] = value
    if not array and any(v is not None for v in numbers.values()):
        raise ConfigError("array_throttle and array_size apply to job arrays; remove them "
                          "or set 'array: true'", path=where, key="slurm")
    return ArraySettings(array, numbers["array_throttle"], numbers["array_size"])


def _check_resources(data: dict[str, Any], generator: str, path: Path) -> Scaling:
    """``resources:`` (how a Slurm run's next attempt grows after Slurm ended its job for
    time or memory), and the ``time=``/``mem=`` values of ``slurm_options``."""
    where = str(path)
    if generator == "slurmCoat":
        for option in data.get("slurm_options") or []:
            key, _, value = str(option).removeprefix("--").partition("=")
            try:
                if key == "time":
                    parse_time(value)
                elif key in ("mem", "mem-per-cpu"):
                    parse_mem(value)
            except ValueError as exc:
                raise ConfigError(str(exc), path=where, key="slurm_options") from None
    section = data.get("resources")
    if section is None:
        return Scaling()
    if generator != "slurmCoat":
        raise ConfigError("scales the Slurm resources of a retried run: it needs "
                          "'generator: slurm'; remove it or submit with Slurm",
                          path=where, key="resources")
    if not isinstance(section, dict):
        raise ConfigError("must be a mapping such as {factor: 1.5, max_time: \"04:00:00\", "
                          "max_mem: 16G}", path=where, key="resources")
    unknown = sorted(str(k) for k in set(section) - set(_RESOURCES_KEYS))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; allowed: "
                          f"{', '.join(_RESOURCES_KEYS)}", path=where, key="resources")
    factor = section.get("factor", DEFAULT_FACTOR)
    if not isinstance(factor, (int, float)) or isinstance(factor, bool) or factor < 1:
        raise ConfigError(f"{factor!r} must be a number >= 1 (each attempt asks for this "
                          "many times the last one's time or memory; 1: no growth)",
                          path=where, key="resources.factor")
    max_time = section.get("max_time")
    if max_time is not None:
        if not isinstance(max_time, str):
            raise ConfigError(
                f"{max_time!r} must be a Slurm time in quotes, e.g. \"04:00:00\" or "
                "\"2-00:00:00\" (YAML reads an unquoted 4:00:00 as a number of seconds)",
                path=where, key="resources.max_time")
        try:
            max_time = parse_time(max_time)
        except ValueError as exc:
            raise ConfigError(str(exc), path=where, key="resources.max_time") from None
    max_mem = section.get("max_mem")
    if max_mem is not None:
        try:
            max_mem = parse_mem(max_mem)
        except ValueError as exc:
            raise ConfigError(str(exc), path=where, key="resources.max_mem") from None
    return Scaling(float(factor), max_time, max_mem)


#: The columns BlackDynamite 1.3.9 gives every run (``id`` every job too), and those
#: motoko sets: a job or run field of ``bd.yaml`` may not take one of these names (a
#: constraint ``state = ...`` or an output ``run.id`` would read the wrong one).
RESERVED_FIELDS = frozenset({
    "id", "machine_name", "run_path", "job_id", "nproc", "run_name", "start_time", "state",
    "exec", "last_step", "last_step_time",
    "workflow", "event_name", "attempt", "retry_token", "superseded_by", "failure_reason",
    "dag_id",
    "launched_by", "blackdynamite_version", "resources", "batch_job", "slurm_options",
    "batch_array",
    "host_recorded",
})

#: The run fields BlackDynamite 1.3.9 gives every run, with their types: ``bd.yaml`` may
#: declare one again under ``run:`` with the same type (Motoko 0.1.4 accepts it, e.g.
#: ``nproc: int``); it then names BlackDynamite's own column.
STANDARD_RUN_FIELDS: dict[str, str] = {
    "machine_name": "str", "run_path": "str", "job_id": "int", "nproc": "int",
    "run_name": "str", "state": "str", "exec": "str", "last_step": "int",
}


def load_study_config(study_dir: str | os.PathLike[str]) -> StudyConfig:
    """Read and validate a study's ``bd.yaml``."""
    path = Path(study_dir) / STUDY_FILENAME
    data = _load_yaml(path)
    where = str(path)
    study = data.get("study")
    if not isinstance(study, str) or not _STUDY_NAME.match(study):
        raise ConfigError(f"{study!r} must be a name of letters, digits, _ and -",
                          path=where, key="study")

    def schema(key: str, required: bool) -> dict[str, str]:
        section = data.get(key)
        if section is None:
            if required:
                raise ConfigError("required: the job parameters and their types, e.g. "
                                  "'job: {x: float}'", path=where, key=key)
            return {}
        if not isinstance(section, dict):
            raise ConfigError("must be a mapping of name: type", path=where, key=key)
        kept = {}
        for name, type_name in section.items():
            standard = STANDARD_RUN_FIELDS.get(str(name).lower()) if key == "run" else None
            if standard is not None:
                if type_name != standard:
                    raise ConfigError(
                        f"{name!r} is BlackDynamite's own run field, of type {standard}; "
                        f"declare it as '{name}: {standard}' or remove it",
                        path=where, key=f"{key}.{name}")
                continue  # BlackDynamite's column already: the declaration changes nothing
            kept[name] = type_name
            if str(name).lower() in RESERVED_FIELDS:
                raise ConfigError(
                    f"{name!r} is a name BlackDynamite or motoko gives its own columns; "
                    f"rename it (reserved: {', '.join(sorted(RESERVED_FIELDS))})",
                    path=where, key=f"{key}.{name}")
            if type_name not in _TYPE_NAMES:
                raise ConfigError(f"type {type_name!r} is not one of {', '.join(_TYPE_NAMES)}",
                                  path=where, key=f"{key}.{name}")
        return {str(k): str(v) for k, v in kept.items()}

    job = schema("job", required=True)
    run = schema("run", required=False)
    job_space = data.get("job_space") or {}
    run_params = data.get("run_params") or {}
    for key, value in (("job_space", job_space), ("run_params", run_params)):
        if not isinstance(value, dict):
            raise ConfigError("must be a mapping of name: default", path=where, key=key)
    for name in job_space:
        if name not in job:
            raise ConfigError(f"{name!r} is not a job parameter; declared: {', '.join(job)}",
                              path=where, key=f"job_space.{name}")
    config_files = data.get("config_files") or []
    if not isinstance(config_files, list):
        raise ConfigError("must be a list of file names", path=where, key="config_files")
    for name in config_files:
        if not (path.parent / str(name)).is_file():
            raise ConfigError(f"{name!r} not found in {path.parent}", path=where,
                              key="config_files")
    exec_file = data.get("exec_file", "launch.sh")
    return StudyConfig(
        path=path,
        study=study,
        job=job,
        run=run,
        job_space=dict(job_space),
        run_params=dict(run_params),
        config_files=tuple(str(c) for c in config_files),
        exec_file=str(exec_file),
        raw=data,
    )


def check_orchestrator_source(path: Path) -> None:
    """Compile the orchestrator's source (running nothing): a syntax error is reported
    as ``file:line: message``."""
    try:
        compile(Path(path).read_bytes(), str(path), "exec")
    except SyntaxError as exc:
        hint = ""
        if "await" in str(exc.msg):
            hint = ("; a function that awaits must be 'async def' (e.g. "
                    "'async def main(workflow, **params):')")
        raise ConfigError(f"{path}:{exc.lineno}: syntax error: {exc.msg}{hint}") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the orchestrator {path}: {exc.strerror}") from exc


def check_workflow(path: str | os.PathLike[str]) -> WorkflowConfig:
    """Everything a command needs before it creates anything, checked in this order so
    the first real problem is the one shown: ``motoko.yaml``, every study's ``bd.yaml``
    (reserved field names) and script, the orchestrator's source. Imports nothing."""
    settings = load_workflow_config(path)
    for task_manager in settings.task_managers.values():
        study = load_study_config(task_manager.study_dir)
        script = study.path.parent / study.exec_file
        if not script.is_file():
            raise ConfigError(
                f"{study.exec_file} not found in {script.parent}: every study needs the "
                "script its runs execute (e.g. '#!/bin/bash' then 'python doIt.py')",
                path=str(study.path),
                key="exec_file" if "exec_file" in study.raw else None)
    check_orchestrator_source(settings.orchestrator_path)
    return settings
