"""Files main writes (motoko_airflow/trace/writes.py): a step that writes them when the
DAG runs, where it is sure to write what main writes; a fallback point everywhere else.

The end-to-end cases (the DAG's file byte for byte main's, its verification comparing
them) are tests/differential/atk_write_* and the cases whose case.json lists ``writes``;
the replay's comparison is tests/test_verification.py."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from motoko_airflow import graph as g
from motoko_airflow.execution import write_file
from motoko_airflow.trace import trace
from motoko_airflow.trace_command import to_dot, to_mermaid

HEAD = '''\
import asyncio
import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[1.0, 2.0])


'''


def write(directory: Path, source: str, files: dict[str, str] | None = None) -> Path:
    for study in ("sq", "lin"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  sq:\n  lin:\norchestrator: orchestrator.main\n")
    (directory / "orchestrator.py").write_text(HEAD + textwrap.dedent(source).lstrip())
    for name, text in (files or {}).items():
        (directory / name).write_text(text)
    return directory


def traced(directory: Path) -> g.Graph:
    return trace(directory, fallback=True, values={"xs": [1.0, 2.0]})


def kinds(graph: g.Graph) -> list[str]:
    return [n.kind for n in graph.nodes]


def reason(graph: g.Graph) -> str:
    return next(getattr(n, "reason", "") for n in graph.nodes
                if isinstance(n, (g.SegmentNode, g.FallbackNode)))


def record(y: float, x: float) -> dict:
    return {"run_id": 1, "state": "FINISHED", "run": {"y": y}, "job": {"job_id": 1, "x": x}}


def test_a_file_written_in_a_with_is_a_step_between_mains_steps(tmp_path):
    directory = write(tmp_path, '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "out.json", "w") as f:
        json.dump({"ys": [run.y for run, job in runs], "n": len(runs)}, f, indent=1)
        f.write(f"\\n# last {runs[-1][0].y:.2f}\\n")
    await workflow.lin.createTask(x=1.0)
''')
    graph = traced(directory)
    assert kinds(graph) == ["create_task", "write", "create_task"]
    node = graph.nodes[1]
    assert isinstance(node, g.WriteNode) and node.id == "write_out_json"
    assert node.path == str(directory / "out.json")
    assert [w.how for w in node.operations] == ["json.dump", "write"]
    assert node.operations[0].keywords == (("indent", 1),)
    edges = {(e.source, e.target) for e in graph.edges}
    assert ("sq", "write_out_json") in edges and ("write_out_json", "lin") in edges
    assert not (directory / "out.json").exists()  # nothing written while traced

    # the graph stays data: its JSON gives the same node back
    again = g.Graph.from_json(graph.to_json())
    assert again.nodes[1] == node
    assert "writes" in to_dot(graph) and "write_out_json" in to_mermaid(graph)

    # the runtime writes what main writes, from the DAG run's runs
    size = write_file(node.path, dict(node.options), g.node_to_dict(node)["operations"],
                      {"xs": [1.0, 2.0]},
                      {"sq": [record(1.0, 1.0), record(4.0, 2.0)]})
    text = (directory / "out.json").read_text()
    assert text == json.dumps({"ys": [1.0, 4.0], "n": 2}, indent=1) + "\n# last 4.00\n"
    assert size == len(text)


def test_csv_print_and_write_text_are_recorded_with_their_options(tmp_path):
    directory = write(tmp_path, '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "t.csv", "w", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["x", "y"])
        w.writerows([[job.x, run.y] for run, job in runs])
    with open(HERE / "t.txt", "w", encoding="utf-8") as f:
        print("ys", runs[0][0].y, sep=",", end="!\\n", file=f)
    (HERE / "t.md").write_text(f"# {len(runs)} runs\\n")
    await workflow.lin.createTask(x=1.0)
''')
    graph = traced(directory)
    assert kinds(graph) == ["create_task", "write", "write", "write", "create_task"]
    table, text, markdown = graph.nodes[1:4]
    assert table.options == (("newline", ""),)
    assert [(w.how, w.keywords) for w in table.operations] == [
        ("csv.writerow", (("delimiter", ";"),)), ("csv.writerows", (("delimiter", ";"),))]
    assert text.options == (("encoding", "utf-8"),)
    assert [w.how for w in text.operations] == ["write"]
    assert [w.how for w in markdown.operations] == ["write"]
    records = {"sq": [record(1.0, 1.0), record(4.0, 2.0)]}
    for node in (table, text, markdown):
        write_file(node.path, dict(node.options), g.node_to_dict(node)["operations"], {},
                   records)
    assert (directory / "t.csv").read_bytes() == b"x;y\r\n1.0;1.0\r\n2.0;4.0\r\n"
    assert (directory / "t.txt").read_text() == "ys,1.0!\n"
    assert (directory / "t.md").read_text() == "# 2 runs\n"


def test_what_the_dag_would_not_write_as_main_does_is_a_fallback_point(tmp_path):
    cases = {
        "append": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "log.txt", "a") as f:
        f.write(str(runs[0][0].y))
    await workflow.lin.createTask(x=1.0)
''',
        "loop": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "log.txt", "w") as f:
        for run, job in runs:
            f.write(str(run.y))
    await workflow.lin.createTask(x=1.0)
''',
        "step_while_open": '''
async def main(workflow, **params):
    f = open(HERE / "log.txt", "w")
    f.write("start")
    await workflow.sq.createTask(x=params["xs"])
    f.close()
''',
        "never_closed": '''
async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    f = open(HERE / "log.txt", "w")
    f.write("end")
''',
        "read_back": '''
async def main(workflow, **params):
    (HERE / "plan.json").write_text("[3.0]")
    plan = json.loads((HERE / "plan.json").read_text())
    await workflow.sq.createTask(x=plan)
''',
        "read_before": '''
async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "plan.json") as f:
        plan = json.load(f)
    (HERE / "plan.json").write_text("[3.0]")
    await workflow.lin.createTask(x=plan)
''',
        "sorted_keys": '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    with open(HERE / "k.json", "w") as f:
        json.dump({job.x: run.y for run, job in runs}, f, sort_keys=True)
    await workflow.lin.createTask(x=1.0)
''',
        "gather": '''
async def one(workflow, x):
    (run, job), = await workflow.sq.createTask(x=x)
    (HERE / "one.txt").write_text(str(run.y))


async def main(workflow, **params):
    await asyncio.gather(*(one(workflow, x) for x in params["xs"]))
''',
    }
    why = {"append": "mode 'a'", "loop": "traced once for all its items",
           "step_while_open": "still open at a step",
           "never_closed": "still open at a step or where main ends",
           "read_back": "after writing", "read_before": "main read it",
           "sorted_keys": "sorts the keys", "gather": "routines run concurrently"}
    for name, source in cases.items():
        directory = write(tmp_path / name, source, {"plan.json": "[1.0]"})
        graph = traced(directory)
        assert not any(isinstance(n, g.WriteNode) for n in graph.nodes if
                       name not in ("read_back",)), (name, kinds(graph))
        assert why[name] in reason(graph), (name, reason(graph))
        assert not (directory / "log.txt").exists()


def test_a_write_at_a_modules_top_level_is_pythons(tmp_path):
    """A module of the workflow writing when imported does so natively, on every import
    (the DAG's tasks import it too): not a step."""
    directory = write(tmp_path, '''
import helper


async def main(workflow, **params):
    await workflow.sq.createTask(x=params["xs"])
''')
    (directory / "helper.py").write_text(
        "from pathlib import Path\n\n"
        "Path(__file__).with_name('imported.txt').write_text('imported')\n")
    graph = traced(directory)
    assert kinds(graph) == ["create_task"]
    assert (directory / "imported.txt").read_text() == "imported"


def test_branches_writing_one_file_make_one_guarded_step(tmp_path):
    directory = write(tmp_path, '''
async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    if runs[-1][0].y > 3:
        text = f"big {runs[-1][0].y}"
    else:
        text = "small"
    with open(HERE / "verdict.txt", "w") as f:
        f.write(text)
    await workflow.lin.createTask(x=1.0)
''')
    graph = traced(directory)
    writes = [n for n in graph.nodes if isinstance(n, g.WriteNode)]
    assert len(writes) == 1, kinds(graph)
    text = str(writes[0].operations[0].args[0])
    assert "small" in text and "big" in text, text
