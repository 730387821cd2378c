"""The embedded Airflow harness (motoko_airflow.embedded), run for real: no mocks.

``configure()`` must precede the first ``import airflow`` of a process, so every DAG runs
in a subprocess of its own: a small script calls the harness and prints one JSON line
that the tests read. Two scripts cover the DAG tests (a first ``dag.test()`` costs several
seconds per process), started together; the migrated template database is built once per
session, by two processes at once, in a private cache directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from motoko_airflow import embedded

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300  # seconds; subprocess.run kills the child when it is reached

HEADER = """\
import json, os, sys, time
from pathlib import Path
from motoko_airflow import embedded

home = Path(sys.argv[1])
embedded.prepare(home)

from airflow.sdk import DAG, BaseSensorOperator, Param, PokeReturnValue, task


def report(**data):
    print("RESULT " + json.dumps(data, default=str), flush=True)
"""


def _env(cache: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": path}


def run_script(directory: Path, cache: Path, body: str) -> tuple[dict[str, Any], str]:
    """Run HEADER + body with ``directory/home`` as AIRFLOW_HOME: (reported JSON, stdout)."""
    return Script(directory, cache, body).result()


class Script:
    """HEADER + body started in the background with ``directory/home`` as AIRFLOW_HOME,
    its output in files of ``directory``."""

    def __init__(self, directory: Path, cache: Path, body: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        script = directory / "script.py"
        script.write_text(HEADER + textwrap.dedent(body))
        self.out, self.err = directory / "script.out", directory / "script.err"
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.process = subprocess.Popen(
                [sys.executable, str(script), str(directory / "home")], env=_env(cache),
                stdin=subprocess.DEVNULL, stdout=out, stderr=err)

    def result(self) -> tuple[dict[str, Any], str]:
        """Wait for it (killed after TIMEOUT s, as subprocess.run does): (reported JSON,
        stdout)."""
        try:
            code = self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        stdout, stderr = self.out.read_text(), self.err.read_text()
        assert code == 0, stdout[-3000:] + stderr[-5000:]
        lines = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
        assert lines, stdout[-3000:] + stderr[-3000:]
        return json.loads(lines[-1].removeprefix("RESULT ")), stdout

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private cache whose template DB two processes built at the same time."""
    directory = tmp_path_factory.mktemp("cache")
    code = "from motoko_airflow import embedded; print(embedded.template_database())"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=_env(directory),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
        assert proc.returncode == 0, err
        outputs.append(out.strip())
    template = directory / "motoko-airflow" / f"airflow-{embedded.airflow_version()}.db"
    assert outputs == [str(template)] * 2
    # one build: no scratch directory or temporary copy left behind
    assert sorted(p.name for p in template.parent.iterdir()) == [
        template.name, template.name + ".lock"]
    return directory


# --------------------------------------------------------------------------- database


def test_importing_the_harness_imports_neither_airflow_nor_blackdynamite() -> None:
    code = ("import sys, motoko_airflow.embedded; "
            "print(sorted(m for m in ('airflow', 'BlackDynamite') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], env=_env(ROOT), capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert out.strip() == "[]"


def test_template_is_reused_and_copies_are_migrated(cache: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    template = embedded.template_database()
    before = template.stat()
    for name in ("a", "b"):
        embedded.ensure_database(tmp_path / name)
    after = template.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    revision = embedded._revision(template)
    assert revision
    for name in ("a", "b"):
        assert embedded._revision(tmp_path / name / embedded.DB_NAME) == revision


def test_existing_database_is_kept(cache: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    embedded.ensure_database(tmp_path)
    db = tmp_path / embedded.DB_NAME
    before = db.stat()
    embedded.ensure_database(tmp_path)
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_concurrent_ensure_database_into_one_home(cache: Path, tmp_path: Path) -> None:
    code = f"from motoko_airflow import embedded; embedded.ensure_database({str(tmp_path)!r})"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=_env(cache),
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [proc.communicate(timeout=60)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 4, errors
    assert embedded._revision(tmp_path / embedded.DB_NAME)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".airflow.db.")]


def test_configure_after_airflow_import_with_another_home(cache: Path, tmp_path: Path) -> None:
    body = """\
        import airflow  # noqa: F401 (configured for `home` by HEADER)
        embedded.configure(home)  # same home again: harmless
        try:
            embedded.configure(home.parent / "elsewhere")
        except RuntimeError as exc:
            report(error=str(exc))
        else:
            report(error=None)
    """
    data, _ = run_script(tmp_path, cache, body)
    assert data["error"] and "already imported" in data["error"]


# --------------------------------------------------------------------------- DAG runs

CHAIN = """\
def chain(dag_id, extra_task=False):
    with DAG(dag_id, schedule=None, params={"x": Param(3, type="integer")}) as dag:
        @task
        def a(params=None):
            return params["x"]

        @task
        def b(v):
            print("b prints", v)
            return v * 2

        @task
        def c(v):
            return v + 1

        c(b(a()))
        if extra_task:
            @task
            def d():
                return "new"
            d()
    return dag


with DAG("boom", schedule=None) as failing:
    @task
    def ok():
        return 1

    @task
    def bad(v):
        raise ValueError(f"kaput-{v}")

    @task
    def after(v):
        return v

    after(bad(ok()))


def summary(result):
    return {"state": result.state, "run_id": result.run_id, "log": str(result.log_path),
            "tasks": result.task_states, "failures": result.failures}


progress = []
def show(states):
    progress.append(states)
    print("PROGRESS", json.dumps(states), flush=True)

first = embedded.run_dag(chain("chain_one"), {"x": 5}, on_progress=show, progress_interval=0.05)
def before_the_run():
    import sqlite3
    with sqlite3.connect(home / embedded.DB_NAME) as con:
        seen_at_start.append([con.execute(f"SELECT count(*) FROM {table} WHERE dag_id = ?",
                                          ("chain_two",)).fetchone()[0]
                              for table in ("dag_version", "dag_run")])

seen_at_start = []
defaults = embedded.run_dag(chain("chain_two"), on_start=before_the_run)
broken = embedded.run_dag(failing)
changed = embedded.run_dag(chain("chain_one", extra_task=True), {"x": 7})

def refuse(states):
    raise LookupError("progress callback broke")

try:
    embedded.run_dag(chain("chain_three"), on_progress=refuse, progress_interval=0.01)
except LookupError as exc:
    callback_error = str(exc)
else:
    callback_error = None

# the in-process Execution API as dag.test() built it: the routes it serves, by version
from airflow.api_fastapi.execution_api import app as api_app
from airflow.sdk.api.datamodels._generated import API_VERSION

api = api_app.create_task_execution_api_app()
api._cadwyn_initialize()
api_routes = {version: sorted(getattr(r, "path", "") for r in router.routes)
              for version, router in api.router.versioned_routers.items()}

from airflow._shared.observability.metrics import stats
from airflow.sdk._shared.observability.metrics import stats as sdk_stats

import sqlite3
with sqlite3.connect(home / embedded.DB_NAME) as con:
    versions = con.execute(
        "SELECT dag_id, count(*) FROM dag_version GROUP BY dag_id ORDER BY dag_id").fetchall()
report(first=summary(first), first_c=first.xcom("c"), first_a=first.xcom("a"),
       defaults=summary(defaults), defaults_c=defaults.xcom("c"),
       broken=summary(broken), broken_tail=broken.log_tail,
       changed=summary(changed), changed_c=changed.xcom("c"), changed_d=changed.xcom("d"),
       progress=progress, versions=versions, callback_error=callback_error,
       seen_at_start=seen_at_start, legacy_names=os.environ["AIRFLOW__METRICS__LEGACY_NAMES_ON"],
       registries_read=[module._registry is not None for module in (stats, sdk_stats)],
       api_routes=api_routes, sdk_version=API_VERSION)
"""


@pytest.fixture(scope="module")
def dag_scripts(request: pytest.FixtureRequest, cache: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Script]]:
    """The DAG scripts (each in its own home) the selected tests need, started at once:
    the sensors' waits overlap the chains' work. Any still running at the end is
    stopped."""
    bodies = {"chains": CHAIN, "sensors": SENSORS}
    needed = {name for item in request.session.items for name in bodies
              if name in getattr(item, "fixturenames", ())}
    scripts = {name: Script(tmp_path_factory.mktemp(name), cache, bodies[name])
               for name in sorted(needed)}
    try:
        yield scripts
    finally:
        for script in scripts.values():
            script.stop()


@pytest.fixture(scope="module")
def chains(dag_scripts: dict[str, Script]) -> tuple[dict[str, Any], str]:
    return dag_scripts["chains"].result()


def test_chain_passes_conf_through_xcom(chains: tuple[dict[str, Any], str]) -> None:
    data, _ = chains
    assert data["first"]["state"] == "success"
    assert (data["first_a"], data["first_c"]) == (5, 11)
    assert [(t, m, s, n) for t, m, s, _, n in data["first"]["tasks"]] == [
        ("a", -1, "success", 1), ("b", -1, "success", 1), ("c", -1, "success", 1)]
    assert all(duration is not None for *_, duration, _ in data["first"]["tasks"])
    assert data["first"]["failures"] == []


def test_on_start_is_called_once_the_dag_is_registered_before_its_run(
        chains: tuple[dict[str, Any], str]) -> None:
    data, _ = chains
    assert data["seen_at_start"] == [[1, 0]]  # one DAG version, no DAG run yet
    assert data["defaults"]["state"] == "success"


def test_with_no_metrics_backend_the_legacy_metric_names_are_not_worked_out(
        chains: tuple[dict[str, Any], str]) -> None:
    data, _ = chains
    assert data["legacy_names"] == "False"
    assert data["registries_read"] == [False, False]  # Airflow's YAML of every metric


def test_same_dag_twice_under_two_ids_in_one_process(chains: tuple[dict[str, Any], str]) -> None:
    data, _ = chains
    assert data["defaults"]["state"] == "success"
    assert data["defaults_c"] == 7  # the param's default, 3 * 2 + 1
    assert Path(data["defaults"]["log"]).parent.name == "chain_two"


def test_failed_task_is_reported_with_its_error(chains: tuple[dict[str, Any], str]) -> None:
    data, _ = chains
    broken = data["broken"]
    assert broken["state"] == "failed"
    states = {t: s for t, _, s, _, _ in broken["tasks"]}
    assert states == {"ok": "success", "bad": "failed", "after": "upstream_failed"}
    [(task_id, map_index, error, tail)] = broken["failures"]
    assert (task_id, map_index, error) == ("bad", -1, "ValueError: kaput-1")
    assert "Traceback" in tail and "kaput-1" in data["broken_tail"]
    assert "task_id=ok" not in tail  # only the failed task's own section


def test_changed_dag_is_registered_as_a_new_version(chains: tuple[dict[str, Any], str]) -> None:
    """Regression: Airflow skipped re-serializing a DAG written < 30 s before
    (``min_serialized_dag_update_interval``), so the DB kept version 1 while dag.test()
    ran the changed in-memory DAG."""
    data, _ = chains
    assert data["changed"]["state"] == "success"
    assert (data["changed_c"], data["changed_d"]) == (15, "new")
    assert [t for t, *_ in data["changed"]["tasks"]] == ["a", "b", "c", "d"]
    assert data["versions"] == [["boom", 1], ["chain_one", 2], ["chain_three", 1],
                                ["chain_two", 1]]


def test_execution_api_serves_the_sdk_version_from_the_routes_as_written(
        chains: tuple[dict[str, Any], str]) -> None:
    """The in-process Execution API routes the Task SDK's API version (the only one it
    speaks) to the routes as written, without Cadwyn generating a router per version
    (0.5 s of CPU at its first request): the other versions serve nothing. Like
    Cadwyn's newest version, it leaves out the route that exists in older versions only
    (``GET /dag-runs/{dag_id}/previous``)."""
    data, _ = chains
    routes = data["api_routes"]
    paths = routes[data["sdk_version"]]
    assert "/task-instances/{task_instance_id}/run" in paths
    assert "/dag-runs/previous" in paths, paths  # what replaced it
    assert "/dag-runs/{dag_id}/previous" not in paths
    others = {version: served for version, served in routes.items()
              if version != data["sdk_version"]}
    assert others and not any(others.values()), others


def test_progress_reaches_the_terminal_and_logs_go_to_a_file(
        chains: tuple[dict[str, Any], str]) -> None:
    data, stdout = chains
    assert data["progress"][-1] == [["a", -1, "success"], ["b", -1, "success"],
                                    ["c", -1, "success"]]
    printed = "\n".join(line for line in stdout.splitlines() if not line.startswith("RESULT "))
    assert printed.count("PROGRESS ") == len(data["progress"]) >= 2
    assert "[DAG TEST]" not in printed and "b prints" not in printed
    log = Path(data["first"]["log"]).read_text()
    assert "[DAG TEST] starting task_id=a" in log and "b prints 5" in log


def test_progress_callback_error_is_raised_after_the_run(
        chains: tuple[dict[str, Any], str]) -> None:
    assert chains[0]["callback_error"] == "progress callback broke"


SENSORS = """\
POKES = home / "pokes"
POKES.mkdir(exist_ok=True)


class WaitSensor(BaseSensorOperator):
    \"\"\"Done `wait` seconds after its first poke; logs every poke's time.\"\"\"

    def __init__(self, *, value, wait, **kwargs):
        super().__init__(**kwargs)
        self.value = value
        self.wait = wait

    def poke(self, context):
        now = time.time()
        first = POKES / f"{self.dag_id}-{self.value}"
        if not first.exists():
            first.write_text(repr(now))
        with open(POKES / "pokes.jsonl", "a") as log:
            log.write(json.dumps([self.dag_id, self.value, now]) + "\\n")
        done = now - float(first.read_text()) >= self.wait
        return PokeReturnValue(is_done=done, xcom_value=self.value * 10)


with DAG("sense", schedule=None) as sense:
    waits = WaitSensor.partial(task_id="wait", mode="reschedule", poke_interval=1,
                               wait=2).expand(value=[1, 2, 3])

    @task
    def total(values):
        return sum(values)

    total(waits.output)

with DAG("never", schedule=None) as never:
    WaitSensor(task_id="forever", value=0, wait=1e9, mode="reschedule", poke_interval=1,
               timeout=3)

mapped = embedded.run_dag(sense)
stuck = embedded.run_dag(never)
pokes = [json.loads(line) for line in open(POKES / "pokes.jsonl")]
report(mapped_state=mapped.state, total=mapped.xcom("total"), second=mapped.xcom("wait", 1),
       mapped_tasks=mapped.task_states,
       stuck_state=stuck.state, stuck_failures=stuck.failures, pokes=pokes)
"""


@pytest.fixture(scope="module")
def sensors(dag_scripts: dict[str, Script]) -> dict[str, Any]:
    return dag_scripts["sensors"].result()[0]


def test_rescheduled_mapped_sensors_are_poked_interleaved(sensors: dict[str, Any]) -> None:
    """dag.test() runs one task instance at a time, yet rescheduling sensors wait together:
    every instance is poked before any of them is done."""
    assert sensors["mapped_state"] == "success"
    assert (sensors["total"], sensors["second"]) == (60, 20)
    pokes = [(value, at) for dag_id, value, at in sensors["pokes"] if dag_id == "sense"]
    first = {value: min(at for v, at in pokes if v == value) for value in (1, 2, 3)}
    last = {value: max(at for v, at in pokes if v == value) for value in (1, 2, 3)}
    assert max(first.values()) < min(last.values())
    for value in (1, 2, 3):
        assert sum(1 for v, _ in pokes if v == value) >= 3  # poked, rescheduled, poked again
    order = [value for value, _ in sorted(pokes, key=lambda p: p[1])]
    assert sorted(order[:3]) == [1, 2, 3]  # the first round pokes all three
    states = [(t, m, s, n) for t, m, s, _, n in sensors["mapped_tasks"]]
    assert states == [("total", -1, "success", 1)] + [("wait", i, "success", 1) for i in range(3)]


def test_rescheduled_sensor_timeout_fails_the_task(sensors: dict[str, Any]) -> None:
    assert sensors["stuck_state"] == "failed"
    [(task_id, _, error, tail)] = sensors["stuck_failures"]
    assert task_id == "forever"
    assert error.startswith("AirflowSensorTimeout: Sensor has timed out")
    pokes = [p for p in sensors["pokes"] if p[0] == "never"]
    assert 2 <= len(pokes) <= 10  # it gave up after a few pokes instead of waiting forever


def test_a_failed_tasks_error_names_an_exception_of_any_name() -> None:
    """The exception line closing a traceback is the task's error whatever the class is
    called (an orchestrator's ``Unstable``), not only names ending in Error/Exception."""
    lines = [
        "2026-12-04T16:18:44.1 [info] starting",
        "Traceback (most recent call last):",
        '  File "task_runner.py", line 1579, in _run_task_and_map_outcome',
        "    result = _execute_task(context=context, ti=ti, log=log)",
        '  File "orchestrator.py", line 12, in main',
        '    raise Unstable(f"no stable step (last y={y})")',
        "orchestrator.Unstable: no stable step (last y=1.0)",
        "2026-12-04T16:18:44.2 [info] Task instance is in failed state",
    ]
    assert embedded._error(lines) == "Unstable: no stable step (last y=1.0)"
    # a log record after a traceback-like line is not taken for an exception
    assert embedded._error(["Traceback (most recent call last):", "  frame",
                            "2026-12-04 record"]) == ""
    # named as before when the traceback is cut off
    assert embedded._error(["ValueError: bad x"]) == "ValueError: bad x"
