"""Benchmark the tracer (DESIGN.md section 7): prints numbers, asserts nothing.

    PYTHONPATH=. python bench/trace.py [--repeat 15]

1. ``trace()`` of a generated 50-node orchestrator (10 gathered branches, each a create
   then 4 chained maps): median wall time; target under 0.5 s. The same for a branchy
   one (each branch under ``if params["flag_<k % 4>"]:``, with an ``else`` side, and a
   per-run ``if run.y > k:`` in the first branch: 32 paths merged into one graph).
2. Size of the graph JSON and of the emitted DAG file.
3. Importing the emitted DAG file vs a hand-written static DAG of the same shape (target
   within 1.5x), each in a fresh interpreter. Until ``motoko_airflow.render`` exists only
   the graph part of the emitted file (``Graph.from_dict`` of the embedded literal) can be
   timed; the script says so.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from motoko_airflow import graph as g  # noqa: E402
from motoko_airflow.trace import trace  # noqa: E402
from motoko_airflow.trace_command import emit  # noqa: E402

BRANCHES, DEPTH = 10, 5


def make_workflow(directory: Path, branchy: bool = False) -> Path:
    for study in ("mult", "add"):
        (directory / study).mkdir(parents=True)
        (directory / study / "bd.yaml").write_text(f"study: {study}\njob:\n  x: float\n")
    (directory / "motoko.yaml").write_text(
        "task_managers:\n  mult:\n  add:\norchestrator: orchestrator.main\n"
    )
    branches = []
    for k in range(BRANCHES):
        steps = []
        for step in range(1, DEPTH):
            steps.append(
                textwrap.indent(
                    textwrap.dedent(f"""\
                    created = []
                    for run, job in runs:
                        created.extend(await workflow.add.createTask(x=run.y * {step} + {k}))
                    runs = created
                    """),
                    "    ",
                )
            )
        head = f"    runs = await workflow.mult.createTask(x=inputs[0] + {k})\n"
        if branchy:
            other = f"        runs = await workflow.add.createTask(x=inputs[1] - {k})\n"
            head = f"    if flags[{k % 4}]:\n    " + head + "    else:\n" + other
            if k == 0:
                steps[0] = steps[0].replace("        created.extend(",
                                            "        if run.y > 1:\n            created.extend(")
        branches.append(
            f"async def branch_{k}(workflow, inputs, flags):\n"
            + head
            + "".join(steps)
            + "    return runs\n"
        )
    calls = ", ".join(f"branch_{k}(workflow, params['inputs'], flags)"
                      for k in range(BRANCHES))
    source = (
        "import asyncio\n\n\n"
        "def populate_arg_parser(parser):\n"
        "    parser.add_argument('--inputs', type=float, nargs=2, required=True)\n"
        + "".join(f"    parser.add_argument('--flag_{i}', action='store_true')\n"
                  for i in range(4)) + "\n\n"
        + "\n\n".join(branches)
        + "\n\nasync def main(workflow, **params):\n"
        + "    flags = [params[f'flag_{i}'] for i in range(4)]\n"
        + f"    await asyncio.gather({calls})\n"
    )
    (directory / "orchestrator.py").write_text(source)
    return directory


def static_dag(graph: g.Graph) -> str:
    """A hand-written-style DAG file with the same tasks and dependencies."""
    lines = [
        "from airflow.sdk import DAG",
        "from airflow.providers.standard.operators.empty import EmptyOperator",
        "",
        f"with DAG({graph.dag_id + '_static'!r}, schedule=None) as dag:",
    ]
    for node in graph.nodes:
        lines.append(f"    t_{node.id} = EmptyOperator(task_id={node.id!r})")
    for edge in graph.edges:
        lines.append(f"    t_{edge.source} >> t_{edge.target}")
    return "\n".join(lines) + "\n"


def import_time(code: str, repeat: int) -> float | None:
    """Median wall time of running ``code`` in a fresh interpreter (None on failure)."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        if done.returncode != 0:
            print("    failed:", done.stderr.decode().strip().splitlines()[-1:])
            return None
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        branchy = make_workflow(Path(tmp) / "bench_branchy", branchy=True)
        trace(branchy)
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            branchy_graph = trace(branchy)
            samples.append(time.perf_counter() - start)
        guarded = sum(1 for n in branchy_graph.nodes if getattr(n, "when", None) is not None)
        print(f"trace() of a branchy {len(branchy_graph.nodes)}-node orchestrator "
              f"({guarded} guarded):")
        print(f"  median {statistics.median(samples) * 1000:.1f} ms over {args.repeat} runs "
              "(target < 500 ms)")

        workflow = make_workflow(Path(tmp) / "bench_workflow")
        trace(workflow)  # warm: imports, bytecode cache
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            graph = trace(workflow)
            samples.append(time.perf_counter() - start)
        nodes = len(graph.nodes)
        mapped = sum(1 for n in graph.nodes if getattr(n, "foreach", None))
        print(f"trace() of a {nodes}-node orchestrator ({mapped} mapped):")
        print(
            f"  median {statistics.median(samples) * 1000:.1f} ms, min "
            f"{min(samples) * 1000:.1f} ms over {args.repeat} runs (target < 500 ms)"
        )

        json_text = graph.to_json()
        dag_file = Path(tmp) / "emitted_dag.py"
        dag_file.write_text(emit(graph, "python"))
        static_file = Path(tmp) / "static_dag.py"
        static_file.write_text(static_dag(graph))
        print(
            f"graph JSON: {len(json_text)} bytes; emitted DAG file: {dag_file.stat().st_size} bytes"
        )

        start = time.perf_counter()
        for _ in range(args.repeat):
            g.Graph.from_json(json_text)
        per = (time.perf_counter() - start) / args.repeat
        print(f"Graph.from_json in-process: {per * 1000:.2f} ms")

        repeat = max(3, args.repeat // 3)
        print(f"fresh-interpreter timings (median of {repeat}):")
        base = import_time("pass", repeat)
        graph_part = (
            dag_file.read_text()
            .split("\ndag = dag_from_graph(")[0]
            .replace("from motoko_airflow.render import dag_from_graph\n", "")
            + "\nGraph.from_dict(GRAPH)\n"
        )
        graph_only = import_time(graph_part, repeat)
        airflow = import_time("import airflow.sdk", repeat)
        static = import_time(f"exec(open({str(static_file)!r}).read())", repeat)
        show = lambda t: "n/a" if t is None else f"{t * 1000:.0f} ms"  # noqa: E731
        print(f"  interpreter start                      {show(base)}")
        print(f"  emitted file, graph part only          {show(graph_only)}")
        print(f"  import airflow.sdk                     {show(airflow)}")
        print(f"  static DAG file ({nodes} EmptyOperators)  {show(static)}")
        if importlib.util.find_spec("motoko_airflow.render") is None:
            print(
                "  emitted DAG file, full import          NOT MEASURABLE YET: "
                "motoko_airflow.render (dag_from_graph) does not exist; target: within "
                "1.5x of the static DAG file"
            )
        else:
            full = import_time(f"exec(open({str(dag_file)!r}).read())", repeat)
            print(f"  emitted DAG file, full import          {show(full)}")
            if full and static:
                print(
                    f"  ratio emitted/static                   {full / static:.2f}x "
                    "(target <= 1.5x)"
                )


if __name__ == "__main__":
    main()
