"""Shared fixtures: real workflows and studies in temporary directories.

Every ZEO server, launcher daemon and run a test starts is stopped by the fixture that
made its workflow or study (by pid file / zdaemon config, never by name).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent

os.environ.setdefault("MOTOKO_POLL_INTERVAL", "0.05")
# the runs' `python doIt.py` must find this interpreter's packages
os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"

DOIT_SQUARE = """\
import BlackDynamite as BD

run, job = BD.getRunFromScript()
run.start()
run.y = job.x * job.x
run.finish()
"""

LAUNCH = """\
#!/bin/bash
python doIt.py
"""


def write_study(directory: Path, name: str = "calc", job: str = "x: float",
                doit: str = DOIT_SQUARE, launch: str = LAUNCH, extra: str = "") -> Path:
    """A study folder: bd.yaml, launch.sh and doIt.py."""
    study = directory / name
    study.mkdir(parents=True, exist_ok=True)
    (study / "bd.yaml").write_text(f"study: {name}\njob:\n  {job}\n{extra}")
    (study / "launch.sh").write_text(launch)
    (study / "doIt.py").write_text(doit)
    return study


def write_workflow(directory: Path, orchestrator: str, studies: dict[str, dict[str, str]],
                   extra_yaml: str = "") -> Path:
    """A workflow directory: motoko.yaml, orchestrator.py and its studies."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["task_managers:"] + [f"  {name}:" for name in studies]
    (directory / "motoko.yaml").write_text(
        "\n".join(lines) + "\norchestrator: orchestrator.main\n" + extra_yaml)
    (directory / "orchestrator.py").write_text(textwrap.dedent(orchestrator))
    for name, spec in studies.items():
        write_study(directory, name, **spec)
    return directory


def stop_everything(directory: Path) -> None:
    """Stop the launchers, servers and detached orchestrator of a workflow directory."""
    from motoko_airflow.cli import main as cli

    if (directory / "motoko.yaml").exists():
        cli(["kill", "-w", str(directory), "--aggressive"])


@pytest.fixture
def workflows(tmp_path: Path) -> Iterator[Callable[..., object]]:
    """``make(example_or_dir, create=True, **kw)`` -> a created Workflow in tmp_path."""
    from motoko_airflow.workflow import Workflow

    made: list[Path] = []
    objects: list[Workflow] = []

    def make(source: str | Path, create: bool = True, **kwargs: object) -> Workflow:
        src = Path(source)
        if not src.is_absolute():
            src = EXAMPLES / src
        target = tmp_path / f"{src.name}-{len(made)}"
        if src != target:
            shutil.copytree(src, target, ignore=shutil.ignore_patterns(
                ".bd", "BD-*", ".wf", "__pycache__"))
        made.append(target)
        workflow = Workflow(target, **kwargs)  # type: ignore[arg-type]
        objects.append(workflow)
        if create:
            assert workflow.create(validated=True)
        return workflow

    yield make
    for workflow in objects:
        workflow.close()  # this process's connections first
    for directory in made:
        stop_everything(directory)  # runs, then launchers, orchestrator and servers


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Callable[..., object]]:
    """``make(**write_study kwargs)`` -> a created Study; its server is stopped after."""
    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.launcher import stop_launcher

    made: list[Study] = []

    def make(**kwargs: object) -> Study:
        directory = write_study(tmp_path / f"s{len(made)}", **kwargs)  # type: ignore[arg-type]
        s = Study(directory)
        made.append(s)
        s.create()
        return s

    yield make
    from motoko_airflow.launcher import stop_runs

    for s in made:
        stop_launcher(s)
        if s.server_status() == "running":
            stop_runs(s)  # runs still executing (and their exit marking) end first
        s.stop_server()


# ---- the package as users install it ----------------------------------------------------


def copy_source(target: Path) -> Path:
    """The checkout's sources copied to ``target``, to build from: setuptools writes
    build/ and *.egg-info where it builds, and the checkout stays as it was."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".motoko", "build", "dist", "*.egg-info", "__pycache__",
        ".*_cache", "tests", "bench", ".bd", ".wf", "BD-*"))
    return target


class InstalledWheel:
    """motoko-airflow built as users get it (an sdist, then a wheel built from that
    sdist) and installed with its ``[celery]`` extra into a virtualenv of its own: no
    editable install, nothing of the checkout on ``sys.path``. Its dependencies are
    pinned to the versions of the environment running the tests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dist = root / "dist"
        self.venv = root / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def sdist(self) -> Path:
        return next(self.dist.glob("motoko_airflow-*.tar.gz"))

    @property
    def wheel(self) -> Path:
        return next(self.dist.glob("motoko_airflow-*.whl"))

    def environment(self, **extra: str) -> dict[str, str]:
        """The environment of a user of this install: its ``bin`` first on ``PATH``, no
        ``PYTHONPATH``, nothing of the test run's Airflow settings."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AIRFLOW", "PYTHON", "MOTOKO_", "VIRTUAL_ENV"))}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env.update(extra)
        return env

    def build_and_install(self) -> None:
        source = copy_source(self.root / "source")
        uv = [sys.executable, "-m", "uv"]
        # `uv build` makes the sdist, then the wheel from the unpacked sdist: the sdist
        # must hold everything a build needs
        _checked([*uv, "build", "--quiet", "--out-dir", str(self.dist), str(source)],
                 cwd=self.root)
        pins = self.root / "pins.txt"
        frozen = _checked([*uv, "pip", "freeze", "--python", sys.executable])
        pins.write_text("".join(line + "\n" for line in frozen.splitlines()
                                if not line.lower().startswith(("motoko", "-e "))))
        _checked([*uv, "venv", "--quiet", "--python", sys.executable, str(self.venv)])
        _checked([*uv, "pip", "install", "--quiet", "--python", str(self.python),
                  "--constraint", str(pins), f"{self.wheel}[celery]"])


def _checked(command: list[str], cwd: Path | None = None) -> str:
    """Run ``command``; its output, or a failure showing what it printed."""
    import subprocess

    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    """The :class:`InstalledWheel` (built once a session, ≈ 10 s with a warm cache)."""
    installed = InstalledWheel(tmp_path_factory.mktemp("wheel"))
    installed.build_and_install()
    return installed


# ---- one Airflow deployment shared by the modules that only use it ---------------------

SHARED_AIRFLOW = "shared_airflow"


#: The teams of the shared deployment (multi-team mode) and a user of each
TEAMS = {"team_a": "alice", "team_b": "bob"}


class SharedAirflow:
    """A running :class:`~motoko_airflow.deployment.LocalAirflow` (scheduler,
    dag-processor, triggerer, API server) shared by test modules that trigger DAG runs
    and read them but never break a component (tests/test_scheduler_faults.py keeps its
    own). Modules put their DAG files in with :meth:`add_dag` and their workflows in
    with :meth:`add_workflow`; :meth:`stop` stops Airflow first, then every workflow's
    runs, launchers and servers (the order a module's own deployment had).

    It runs in multi-team mode: the :data:`TEAMS` own a DAG folder each (``add_dag(...,
    team=)``), and each has one user of role ``user`` (reads and triggers its team's
    DAGs and the team-less ones); the admin reads everything."""

    def __init__(self, root: Path) -> None:
        from motoko_airflow.deployment import LocalAirflow

        self.root = root
        # a new DAG file is parsed when the dag-processor finds it (every 2 s); the
        # files here never change after, so none is parsed again every 5 s (the CPU
        # that took is the tests' on a small machine)
        # Airflow caches a DAG's team for core.team_name_cache_ttl (30 s): a DAG asked
        # about before its team's folder was parsed would stay team-less (readable by
        # every team) that long; the tests check permissions as they settle, so no cache
        self.airflow = LocalAirflow(
            root / "airflow", config={"dag_processor": {"min_file_process_interval": "600"},
                                      "core": {"team_name_cache_ttl": "0"}},
            teams={team: root / "teams" / team for team in TEAMS},
            users={user: f"user:{team}" for team, user in TEAMS.items()})
        #: dag_id -> workflow directory, for every Motoko DAG file in the dags folder
        self.motoko_dags: dict[str, Path] = {}
        self.workflows: list[Path] = []
        self.stopped = False

    def start(self) -> None:
        self.airflow.dags_folder.mkdir(parents=True, exist_ok=True)
        self.airflow.start()

    def add_workflow(self, directory: Path) -> Path:
        """``directory``'s runs, launchers and servers are stopped after Airflow."""
        self.workflows.append(directory)
        return directory

    def add_dag(self, dag_id: str, source: str, workflow: Path | None = None,
                team: str | None = None) -> None:
        """Write ``<dag_id>.py``; ``workflow``: the directory of the Motoko workflow the
        DAG renders (None for a DAG that is not Motoko's); ``team``: the team owning it
        (one of :data:`TEAMS`; None: no team)."""
        if workflow is not None:
            self.motoko_dags[dag_id] = workflow
        folder = self.airflow.dags_folder if team is None else self.airflow.teams[team]
        (folder / f"{dag_id}.py").write_text(source)

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        errors: list[BaseException] = []
        try:
            self.airflow.stop()
        finally:
            for directory in self.workflows:  # every one, whatever failed before
                if (directory / "motoko.yaml").exists():
                    try:
                        _kill_workflow(directory)
                    except BaseException as error:  # the first one is raised below
                        errors.append(error)
        if errors:
            raise errors[0]


def _kill_workflow(directory: Path) -> None:
    from motoko_airflow.workflow import Workflow

    try:
        Workflow(directory).kill()
    finally:
        stop_everything(directory)


_shared_airflow: list[SharedAirflow] = []  # the running one, if any


@pytest.fixture(scope="session")
def shared_airflow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedAirflow]:
    """The :class:`SharedAirflow`, started at first use. It is stopped as soon as the
    last test using it has ended (the tests using it run one after the other, see
    :func:`pytest_collection_modifyitems`), so no idle Airflow competes with later tests
    for the CPU; at the latest at the end of the session."""
    shared = SharedAirflow(tmp_path_factory.mktemp("shared"))
    _shared_airflow.append(shared)
    try:
        shared.start()
        yield shared
    finally:
        _shared_airflow.remove(shared)
        shared.stop()


def pytest_configure(config: pytest.Config) -> None:
    """SIGTERM ends the session as Ctrl-C does, fixtures torn down, so every server,
    daemon and Airflow a test started is stopped: scripts/test.sh stops its background
    session so (a shell's background job ignores SIGINT), and so may a CI runner. A
    process forked from this one dies of it as before."""
    session = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != session:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupt)


@pytest.hookimpl(trylast=True)  # after -k/-m and other deselection
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """The tests that use the shared Airflow run one after the other, from where the
    first of them was (each module's own order kept), and the last one is marked."""
    users = [item for item in items if SHARED_AIRFLOW in getattr(item, "fixturenames", ())]
    if not users:
        return
    first = items.index(users[0])
    chosen = set(users)
    rest = [item for item in items if item not in chosen]
    items[:] = rest[:first] + users + rest[first:]
    users[-1].stash[_LAST_SHARED_AIRFLOW_USER] = True


_LAST_SHARED_AIRFLOW_USER = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the last test using the shared Airflow (and its modules' fixtures) is torn
    down, stop the shared Airflow."""
    try:
        return (yield)
    finally:
        if item.stash.get(_LAST_SHARED_AIRFLOW_USER, False) and _shared_airflow:
            _shared_airflow[-1].stop()
