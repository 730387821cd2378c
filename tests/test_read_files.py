"""What ``main`` reads and does while it is traced (motoko_airflow/trace/effects.py).

The tracer runs ``main``'s Python for real: a file it reads is compiled into the graph
as it was then. Read before the first step, the file is recorded with a digest and the
DAG refuses to load once it changed (Airflow's DagBag shows the reason); read after a
step, a run may have changed it, so ``open()`` reads it when the DAG runs and any other
reader stops the path there; a side effect (a file written, a directory made, a process
started) stops the path there too, so it happens when the DAG runs, as in ``main``.
"""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import BIN, EXAMPLES
from motoko_airflow import graph as g
from motoko_airflow.exceptions import RenderError
from motoko_airflow.trace import trace

ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

HEAD = '''\
import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, nargs="+", default=[1.0, 2.0])

'''


def workflow(tmp_path: Path, body: str, **files: str) -> Path:
    """The routine example's studies with ``main`` = ``body`` (and more files)."""
    import shutil

    directory = tmp_path / "wf"
    shutil.copytree(EXAMPLES / "routine", directory)
    (directory / "orchestrator.py").write_text(HEAD + textwrap.dedent(body).lstrip())
    for name, text in files.items():
        (directory / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (directory / name.replace("__", "/")).write_text(text)
    return directory


def fallback_line(graph: g.Graph) -> tuple[int, str] | None:
    node = graph.fallback
    return None if node is None else (node.lineno, node.reason)


def load_dags(folder: Path) -> dict:
    """Airflow's DagBag over ``folder`` in a fresh interpreter: its DAG ids and errors."""
    code = textwrap.dedent(f"""
        import json, os, tempfile
        os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp()
        os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
        from airflow.dag_processing.dagbag import DagBag
        bag = DagBag(dag_folder={str(folder)!r})
        print(json.dumps({{"dags": sorted(bag.dag_ids), "errors": bag.import_errors}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def emit(directory: Path, dag_file: Path) -> None:
    done = subprocess.run([str(BIN / "motoko"), "trace", str(directory), "-o", str(dag_file)],
                          env={**os.environ, "PATH": ENV["PATH"]}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_file_read_before_the_first_step_is_compiled_and_a_change_refuses_the_dag(
        tmp_path: Path) -> None:
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            sweep = json.loads((HERE / "sweep.json").read_text())
            names = sorted(p.name for p in (HERE / "inputs").iterdir())
            runs = await workflow.mult.createTask(x=[*sweep["x"], float(len(names))])
            await workflow.add.createTask(x=[run.y for run, job in runs])
    ''', **{"sweep.json": '{"x": [1.0, 2.0]}', "inputs__a.dat": "1"})
    graph = trace(directory)
    assert fallback_line(graph) is None
    assert set(graph.read_files) == {"orchestrator.py", "sweep.json", "inputs"}
    assert graph.read_files["sweep.json"].startswith("file:")
    assert graph.read_files["inputs"].startswith("dir:")  # the names it listed

    dags = tmp_path / "dags"
    emit(directory, dags / "wf.py")
    assert load_dags(dags) == {"dags": ["wf"], "errors": {}}
    (directory / "sweep.json").write_text('{"x": [1.0, 3.0]}')
    found = load_dags(dags)
    assert found["dags"] == []
    [error] = found["errors"].values()
    assert "sweep.json changed since the workflow was traced" in error
    assert f"motoko trace {directory} -o <this DAG file>" in error
    emit(directory, dags / "wf.py")  # traced again: it loads again
    assert load_dags(dags) == {"dags": ["wf"], "errors": {}}
    # the other changes main would see: the directory's names, main itself
    for name, change in (
            ("inputs", lambda: (directory / "inputs" / "b.dat").write_text("2")),
            ("orchestrator.py", lambda: (directory / "orchestrator.py").write_text(
                (directory / "orchestrator.py").read_text() + "\n# edited\n"))):
        change()
        with pytest.raises(RenderError, match=f"DAG wf: {name} changed since"):
            runpy.run_path(str(dags / "wf.py"))
        emit(directory, dags / "wf.py")
        runpy.run_path(str(dags / "wf.py"))


def test_a_file_opened_after_a_step_is_read_when_the_dag_runs(tmp_path: Path) -> None:
    """A run may write the file: open() after a step is a run-time call, the graph
    records no digest of it."""
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            runs = await workflow.mult.createTask(x=params["inputs"])
            with open(HERE / "threshold.json") as f:
                limit = json.load(f)["limit"]
            await workflow.add.createTask(x=[run.y for run, job in runs if run.y > limit])
    ''', **{"threshold.json": '{"limit": 1.0}'})
    graph = trace(directory)
    assert fallback_line(graph) is None
    assert "threshold.json" not in graph.read_files
    (_, x), = graph.node("add").job_params
    [read] = [e for e in g.walk(x) if isinstance(e, g.Invoke) and e.callee.qualname == "open"]
    assert read.args == (g.Const(str(directory / "threshold.json")),)


@pytest.mark.parametrize(("statement", "what"), [
    # (a file written whole is a step of its own: tests/test_trace_writes.py)
    ('(HERE / "summary.txt").write_bytes(b"done")', "writes"),
    ('open(HERE / "log.txt", "a").close()', "writes"),
    ('os.makedirs(HERE / "plots", exist_ok=True)', "makes a directory"),
    ('subprocess.run(["true"], check=True)', "starts a process"),
    ('(HERE / "inputs.dat").unlink(missing_ok=True)', "removes a file"),
    ('print(sorted(p.name for p in HERE.glob("*.dat")))', "lists the directory"),
    ('print((HERE / "sweep.json").read_text())', "reads"),
    ("os.chdir(HERE)", "changes its directory"),
])
def test_a_side_effect_or_a_late_read_is_where_main_runs_natively(
        tmp_path: Path, statement: str, what: str) -> None:
    directory = workflow(tmp_path, f'''
        async def main(workflow, **params):
            runs = await workflow.mult.createTask(x=params["inputs"])
            {statement}
            await workflow.add.createTask(x=[run.y for run, job in runs])
    ''', **{"sweep.json": '{"x": [1.0]}', "inputs.dat": "1"})
    graph = trace(directory)
    found = fallback_line(graph)
    assert found is not None, "compiled a step the tracer ran past a side effect"
    lineno, reason = found
    lines = (directory / "orchestrator.py").read_text().splitlines()
    assert statement in lines[lineno - 1] and f"main {what}" in reason
    assert [n.id for n in graph.nodes] == ["mult", "orchestrator"]
    # the tracer ran past nothing: the side effect did not happen at trace time
    assert not (directory / "summary.txt").exists() and not (directory / "plots").exists()
    assert (directory / "inputs.dat").exists()


def test_a_side_effect_before_any_step_leaves_nothing_to_compile(tmp_path: Path) -> None:
    from motoko_airflow.exceptions import TraceError

    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            os.makedirs(HERE / "plots", exist_ok=True)
            await workflow.mult.createTask(x=params["inputs"])
    ''')
    with pytest.raises(TraceError, match=r"orchestrator.py:\d+: main makes a directory"):
        trace(directory)
    assert trace(directory, fallback=True).is_fallback
    assert not (directory / "plots").exists()
    # the host's state read by main: what it reads natively, where and when it runs
    directory = workflow(tmp_path / "host", """
        async def main(workflow, **params):
            cpus = open("/proc/cpuinfo").read().count("processor")
            await workflow.mult.createTask(x=[float(cpus)])
    """)
    with pytest.raises(TraceError, match=r"orchestrator.py:\d+: main reads /proc/cpuinfo, "
                                         r"the state of the host"):
        trace(directory)


def test_a_module_top_level_may_read_and_write(tmp_path: Path) -> None:
    """A module's top level runs on every import (natively, and in the DAG's tasks that
    import the orchestrator): it makes its directory; what it reads is recorded."""
    directory = workflow(tmp_path, '''
        os.makedirs(HERE / "plots", exist_ok=True)
        CONF = json.loads((HERE / "conf.json").read_text())


        async def main(workflow, **params):
            runs = await workflow.mult.createTask(x=CONF["x"])
            await workflow.add.createTask(x=[run.y for run, job in runs])
    ''', **{"conf.json": '{"x": [2.0, 3.0]}'})
    graph = trace(directory)
    assert fallback_line(graph) is None
    assert set(graph.read_files) == {"orchestrator.py", "conf.json"}
    assert (directory / "plots").is_dir()


def test_an_environment_variable_main_reads_must_be_the_same_where_the_dag_loads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DAG compiled from an environment variable's value (or from its absence) refuses
    to load where it differs: natively, main would read that host's value."""
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            replicas = int(os.environ.get("STUDY_REPLICAS", "2"))
            scratch = os.getenv("STUDY_SCRATCH")
            xs = [x * replicas for x in params["inputs"]] if scratch is None else [0.0]
            await workflow.mult.createTask(x=xs)
    ''')
    monkeypatch.setenv("STUDY_REPLICAS", "3")
    monkeypatch.delenv("STUDY_SCRATCH", raising=False)
    dag_file = tmp_path / "dags" / "wf.py"
    graph = trace(directory)
    assert graph.read_env == {"STUDY_REPLICAS": "3", "STUDY_SCRATCH": None}
    (_, x), = graph.node("mult").job_params
    assert "3" in str(x)  # compiled from the value read
    assert type(os.environ) is os._Environ  # put back
    emit(directory, dag_file)
    runpy.run_path(str(dag_file))
    monkeypatch.setenv("STUDY_REPLICAS", "4")
    with pytest.raises(RenderError, match="STUDY_REPLICAS is '4' here but was '3'"):
        runpy.run_path(str(dag_file))
    monkeypatch.setenv("STUDY_REPLICAS", "3")
    monkeypatch.setenv("STUDY_SCRATCH", "/scratch")
    with pytest.raises(RenderError, match="STUDY_SCRATCH is '/scratch' here but was unset"):
        runpy.run_path(str(dag_file))


def test_main_setting_an_environment_variable_is_where_it_runs_natively(
        tmp_path: Path) -> None:
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            runs = await workflow.mult.createTask(x=params["inputs"])
            os.environ["OMP_NUM_THREADS"] = "1"
            await workflow.add.createTask(x=[run.y for run, job in runs])
    ''')
    before = os.environ.get("OMP_NUM_THREADS")
    lineno, reason = fallback_line(trace(directory))
    assert "main changes the environment" in reason
    assert os.environ.get("OMP_NUM_THREADS") == before


@pytest.mark.parametrize(("question", "function"), [
    ('os.path.exists(HERE / "done.flag")', "os.path.exists"),
    ('(HERE / "done.flag").is_file()', "Path.is_file"),
    ('os.path.getsize(HERE / "inputs.dat") > 0', "os.path.getsize"),
    ('os.stat(HERE / "inputs.dat").st_size > 0', "os.stat"),
    ('os.access(HERE / "done.flag", os.R_OK)', "os.access"),
])
def test_a_question_about_a_path_after_a_step_is_where_main_runs_natively(
        tmp_path: Path, question: str, function: str) -> None:
    """A run may create the file main asks about (no audit event says so: the functions
    are watched): the answer the tracer has now would choose the branch for good."""
    directory = workflow(tmp_path, f'''
        async def main(workflow, **params):
            runs = await workflow.mult.createTask(x=params["inputs"])
            if {question}:
                await workflow.add.createTask(x=[run.y for run, job in runs])
    ''', **{"inputs.dat": "1"})
    graph = trace(directory)
    found = fallback_line(graph)
    assert found is not None, "compiled the answer a run may change"
    lineno, reason = found
    assert question in (directory / "orchestrator.py").read_text().splitlines()[lineno - 1]
    assert f"main asks about {directory}/" in reason and f"({function}) after a step" in reason
    assert [n.id for n in graph.nodes] == ["mult", "orchestrator"]


def test_a_question_about_a_path_before_the_first_step_is_recorded(tmp_path: Path) -> None:
    """Asked before any step, the answer is compiled: recorded with what it depends on
    (existence and type; for a size or a time, the file's status), and the DAG refuses
    to load once the answer may differ. A library's own questions (``Path.resolve``) are
    not main's."""
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            here = HERE.resolve()
            restart = (here / "restart.json").exists()
            big = os.path.getsize(here / "inputs.dat") > 1
            runs = await workflow.mult.createTask(x=params["inputs"] if not restart else [9.0])
            if big:
                await workflow.add.createTask(x=[run.y for run, job in runs])
    ''', **{"inputs.dat": "1"})
    graph = trace(directory)
    assert fallback_line(graph) is None
    assert [n.id for n in graph.nodes] == ["mult"]
    assert graph.read_files["restart.json"] == "kind:absent/absent"
    assert graph.read_files["inputs.dat"].startswith("stat:")
    assert set(graph.read_files) == {"orchestrator.py", "restart.json", "inputs.dat"}
    dags = tmp_path / "dags"
    emit(directory, dags / "wf.py")
    runpy.run_path(str(dags / "wf.py"))
    for name, change in (("restart.json", lambda: (directory / "restart.json").write_text("{}")),
                         ("inputs.dat", lambda: (directory / "inputs.dat").write_text("12"))):
        change()
        with pytest.raises(RenderError, match=f"DAG wf: {name} changed since"):
            runpy.run_path(str(dags / "wf.py"))
        emit(directory, dags / "wf.py")
        runpy.run_path(str(dags / "wf.py"))
    graph = trace(directory)  # and traced again, the answers are the new ones
    assert [n.id for n in graph.nodes] == ["mult", "add"]
    assert graph.read_files["restart.json"] == "kind:file/file"


def test_a_path_read_and_asked_about_keeps_both_records(tmp_path: Path) -> None:
    from motoko_airflow.read_files import stale

    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            sweep = HERE / "sweep.json"
            xs = json.loads(sweep.read_text())["x"] if sweep.is_file() else [1.0]
            await workflow.mult.createTask(x=xs)
    ''', **{"sweep.json": '{"x": [2.0]}'})
    graph = trace(directory)
    parts = graph.read_files["sweep.json"].split("|")
    assert sorted(p.partition(":")[0] for p in parts) == ["file", "kind"]
    assert stale(graph.read_files, str(directory)) == []
    (directory / "sweep.json").write_text('{"x": [3.0]}')  # the same kind, other contents
    assert stale(graph.read_files, str(directory)) == ["sweep.json"]


def test_a_file_main_found_missing_is_recorded_as_missing(tmp_path: Path) -> None:
    """An optional settings file (the error caught): its absence chose the values, so
    the DAG refuses to load once it appears."""
    directory = workflow(tmp_path, '''
        async def main(workflow, **params):
            try:
                xs = json.loads((HERE / "override.json").read_text())["x"]
            except FileNotFoundError:
                xs = params["inputs"]
            await workflow.mult.createTask(x=xs)
    ''')
    graph = trace(directory)
    assert graph.fallback is None
    assert graph.read_files["override.json"] == "kind:absent/absent"
    dags = tmp_path / "dags"
    emit(directory, dags / "wf.py")
    runpy.run_path(str(dags / "wf.py"))
    (directory / "override.json").write_text('{"x": [5.0]}')
    with pytest.raises(RenderError, match="DAG wf: override.json changed since"):
        runpy.run_path(str(dags / "wf.py"))
