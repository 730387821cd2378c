"""``motoko trace``: compile an orchestrator into a DAG file, JSON, dot or mermaid.

The main CLI registers it with :func:`add_parser` and calls :func:`run`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import pprint
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.exceptions import ConfigError, MotokoError
from motoko_airflow.params import fixed_description
from motoko_airflow.trace import trace
from motoko_airflow.trace.checks import check_graph

__all__ = ["FORMATS", "add_parser", "check_graph", "emit", "run"]

FORMATS = ("python", "json", "dot", "mermaid")
_DAG_ID = re.compile(r"^[A-Za-z0-9_.-]+$")

DESCRIPTION = """\
Trace a Motoko orchestrator's main(workflow, **params) into a workflow graph and write it
as a standalone Airflow DAG file (default), as JSON, or as a Graphviz dot / Mermaid drawing.

Awaited createTask calls become tasks, loops over runs become mapped tasks, lists built
from runs become fan-in, awaited selections become sensors, asyncio.gather gives parallel
branches and add_action registrations become the event-loop task. The DAG file embeds the
graph as data: importing it does not trace or import the orchestrator. The same input
always gives byte-identical output.
"""

EPILOG = """\
examples:
  motoko trace my_workflow -o dags/my_workflow.py
  motoko trace my_workflow/orchestrator.py --format mermaid
  motoko trace my_workflow --check --format json -o graph.json
  motoko trace my_workflow -o dags/my_workflow.py --levels 4

The orchestrator's own options give the values of the params main needs as plain values
(a file named by a param, range(params["levels"]), getattr by name): the DAG is traced
with them (else with their defaults) and accepts no other value for them.

Code that cannot be compiled (an 'if' on a run output, len() of runs, awaiting
asyncio.sleep, reading workflow.vars, ...) is reported as file:line with what to do;
--fallback turns the whole orchestrator into one task running Motoko's native loop.
"""


def _path_from_argv(argv: Sequence[str]) -> str | None:
    """The PATH argument of ``motoko trace`` in a command line (to read the workflow's
    own options before parsing it)."""
    if "trace" not in argv:
        return None
    takes_value = {"--format", "-f", "-o", "--output", "--dag-id"}
    skip = False
    for arg in list(argv)[list(argv).index("trace") + 1:]:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def add_parser(subparsers: Any, argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """Register ``trace`` on the ``motoko`` command's sub-parsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "trace",
        help="compile an orchestrator into an Airflow DAG file (or JSON/dot/mermaid)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path",
        metavar="PATH",
        help="the workflow directory, its motoko.yaml or its orchestrator .py file",
    )
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="python",
        help="python: a DAG file (default); json: the graph; dot/mermaid: a drawing "
        "(mapped tasks and sensors drawn differently)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of standard output"
    )
    parser.add_argument(
        "--dag-id", metavar="ID", help="the DAG id (default: the workflow directory's name)"
    )
    parser.add_argument(
        "--fallback",
        action="store_true",
        help="if the orchestrator cannot be traced, emit one task running the whole "
        "orchestrator (Motoko's own loop) instead of failing; the reason is printed",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="say that the checks passed (they always run: each task's job parameters "
        "against its study's bd.yaml 'job:' schema, each select/add_action constraint "
        "against its fields; on a problem, exit 2 listing them, nothing written)",
    )
    _orchestrator_values(parser, _path_from_argv(argv))
    parser.set_defaults(func=run)
    return parser


def _orchestrator_values(parser: argparse.ArgumentParser, path: str | None) -> None:
    """The orchestrator's own options: the values of the params ``main`` needs as plain
    values (the graph is traced with them, and fixed to them). None is required here:
    an option not given keeps its default, or stays a param of the DAG."""
    from motoko_airflow.options import orchestrator_options

    before = len(parser._actions)
    orchestrator_options(parser, path)
    for action in parser._actions[before:]:
        if action.required:
            action.required = False
            action.default = argparse.SUPPRESS


# ---------------------------------------------------------------- formats


def _label(node: g.Node) -> str:
    if isinstance(node, g.CreateTaskNode):
        text = f"{node.id}\\n{node.task_manager}.createTask"
        for loop in node.foreach:
            text += f"\\nfor {loop}"
        if node.when is not None:
            text += f"\\nwhen {node.when}"
        return text
    if isinstance(node, g.SensorNode):
        parts = []
        for c in node.conditions:
            text = f"{c.task_manager}: " + (" & ".join(c.constraints) or "any run")
            if c.all_of:
                text += " all(" + " | ".join(" & ".join(a) for a in c.all_of) + ")"
            parts.append(text)
        return f"{node.id}\\n" + "\\nand ".join(parts)
    if isinstance(node, g.ActionNode):
        return f"{node.id}\\naction {node.event_name} on {node.task}"
    if isinstance(node, g.RaiseNode):
        text = f"{node.id}\\nraise {node.error.rpartition('.')[2]}({node.message})"
        return text + (f"\\nwhen {node.when}" if node.when is not None else "")
    if isinstance(node, g.WriteNode):
        text = f"{node.id}\\nwrites {node.path}: " + "; ".join(
            w.how for w in node.operations)
        return text + (f"\\nwhen {node.when}" if node.when is not None else "")
    if isinstance(node, g.SegmentNode):
        text = f"{node.id}\\nlines from {node.line} natively (segment)"
        return text + (f"\\nwhen {node.when}" if node.when is not None else "")
    if node.partial:
        return f"{node.id}\\nrest of main (Motoko's loop)"
    return f"{node.id}\\nwhole orchestrator (fallback)"


def to_dot(graph: g.Graph) -> str:
    lines = [f'digraph "{graph.dag_id}" {{', "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for node in graph.nodes:
        label = _label(node).replace('"', '\\"')
        if isinstance(node, g.CreateTaskNode):
            shape = "box3d" if node.foreach else "box"
            style = ', style="bold"' if node.foreach else ""
        elif isinstance(node, g.SensorNode):
            shape, style = "ellipse", ', style="dashed"'
        elif isinstance(node, g.ActionNode):
            shape, style = "hexagon", ""
        elif isinstance(node, g.RaiseNode):
            shape, style = "octagon", ""
        elif isinstance(node, g.WriteNode):
            shape, style = "note", ""
        else:
            shape, style = "doubleoctagon", ""
        lines.append(f'  "{node.id}" [shape={shape}{style}, label="{label}"];')
    for e in graph.edges:
        style = "" if e.kind == "data" else ' [style="dashed"]'
        lines.append(f'  "{e.source}" -> "{e.target}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(node_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", node_id)


def to_mermaid(graph: g.Graph) -> str:
    lines = ["flowchart LR"]
    for node in graph.nodes:
        label = _label(node).replace("\\n", "<br/>").replace('"', "#quot;")
        nid = _mermaid_id(node.id)
        if isinstance(node, g.CreateTaskNode):
            shape = ('[["', '"]]') if node.foreach else ('["', '"]')
        elif isinstance(node, g.SensorNode):
            shape = ('(["', '"])')
        elif isinstance(node, g.ActionNode):
            shape = ('{{"', '"}}')
        elif isinstance(node, g.RaiseNode):
            shape = ('>"', '"]')
        elif isinstance(node, g.WriteNode):
            shape = ('[("', '")]')
        else:
            shape = ('[/"', '"/]')
        lines.append(f"    {nid}{shape[0]}{label}{shape[1]}")
    for e in graph.edges:
        arrow = "-->" if e.kind == "data" else "-.->"
        lines.append(f"    {_mermaid_id(e.source)} {arrow} {_mermaid_id(e.target)}")
    return "\n".join(lines) + "\n"


def _summary(node: g.Node) -> str:
    if isinstance(node, g.CreateTaskNode):
        args = [f"{k}={v}" for k, v in node.job_params]
        if node.run_params is not None:
            run_params = ", ".join(f"{k!r}: {v}" for k, v in node.run_params)
            args.append(f"run_params={{{run_params}}}")
        text = f"{node.id}: {node.task_manager}.createTask({', '.join(args)})"
        for loop in node.foreach:
            text += f" for {loop}"
        if node.when is not None:
            text += f" when {node.when}"
        return text
    return _label(node).replace("\\n", " | ")


def to_python(graph: g.Graph, output: Path | None = None) -> str:
    """A standalone DAG file: the graph as a literal, rendered at parse time.

    Written to ``output``, the file names the workflow relative to itself, so the
    repository (or dags folder) holding both can move.
    """
    relocate: list[str] = []
    if output is not None:
        relative = os.path.relpath(graph.workflow, Path(output).absolute().parent)
        graph = dataclasses.replace(graph, workflow=relative)
        relocate = [
            "# the workflow, relative to this file",
            'GRAPH["workflow"] = str((Path(__file__).resolve().parent / GRAPH["workflow"])'
            '.resolve())',
            "",
        ]
    summary = []
    for node in graph.nodes:
        text = _summary(node)
        upstream = graph.upstream(node.id)
        after = f"  (after {', '.join(upstream)})" if upstream else ""
        summary.append(f"#   {text}{after}")
    if graph.error_handler is not None:
        h = graph.error_handler
        event = " & ".join(h.event_constraints or ()) or str(h.event_callable)
        summary.append(f"#   error handler: {h.callback} on {event} (fail_fast)")
    literal = pprint.pformat(graph.to_dict(), indent=1, width=96, sort_dicts=False)
    return "\n".join(
        [
            f'"""Airflow DAG {graph.dag_id!r}, emitted by `motoko trace` - do not edit.',
            "",
            f"Workflow: {graph.workflow}",
            f"Orchestrator: {graph.orchestrator.file}:{graph.orchestrator.qualname}",
            "Re-run `motoko trace` after changing the orchestrator. Importing this file does",
            "not trace the orchestrator: the graph below is data, rendered by motoko_airflow.",
            '"""',
            "",
            "# Tasks:",
            *summary,
            "",
            *(["from pathlib import Path", ""] if relocate else []),
            "from motoko_airflow.graph import Graph",
            "from motoko_airflow.render import dag_from_graph",
            "",
            f"GRAPH = {literal}",
            "",
            *relocate,
            f"dag = dag_from_graph(Graph.from_dict(GRAPH), dag_id={graph.dag_id!r})",
            "",
        ]
    )


def emit(graph: g.Graph, fmt: str, output: Path | None = None) -> str:
    """The text of ``graph`` in one of :data:`FORMATS` (to be written to ``output``)."""
    if fmt == "json":
        return graph.to_json()
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "python":
        return to_python(graph, output)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _write(path: str, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # mkstemp makes it 0600: a scheduler running as another user could not parse
        # it; follow the umask, as an editor's save does
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def run(args: argparse.Namespace) -> int:
    """Execute ``motoko trace``; returns the exit code. Errors go to stderr, one line."""
    try:
        if args.dag_id is not None and not _DAG_ID.match(args.dag_id):
            raise ConfigError(
                f"--dag-id {args.dag_id!r} may only contain letters, digits, '_', '.' and '-'"
            )
        values = {dest: getattr(args, dest) for dest in
                  getattr(args, "orchestrator_dests", ()) if hasattr(args, dest)}
        # what main prints while it is traced goes to stderr: stdout is the graph
        with contextlib.redirect_stdout(sys.stderr):
            graph = trace(args.path, fallback=args.fallback, values=values)
        for name, value in graph.fixed.items():
            print(f"motoko trace: param {name} fixed: {fixed_description(name, value)}",
                  file=sys.stderr)
        if args.dag_id:
            graph = dataclasses.replace(graph, dag_id=args.dag_id)
        for node in graph.nodes:
            if isinstance(node, g.WriteNode):
                print(f"motoko trace: write: task {node.id!r} writes {node.path} when the DAG "
                      "runs (" + (", ".join(dict.fromkeys(w.how for w in node.operations))
                                  or "empty") + ")", file=sys.stderr)
            elif isinstance(node, g.SegmentNode):
                print(f"motoko trace: segment: task {node.id!r} runs main natively to the "
                      f"end of the statement of line {node.line} and passes on "
                      f"{', '.join(node.names) or 'nothing'}: {node.reason}",
                      file=sys.stderr)
            elif isinstance(node, g.FallbackNode) and node.partial:
                compiled = sum(1 for n in graph.nodes if not isinstance(n, g.FallbackNode))
                print(
                    f"motoko trace: partial fallback: {compiled} step(s) compiled; task "
                    f"{node.id!r} runs the rest of main with Motoko's loop: {node.reason}",
                    file=sys.stderr,
                )
            elif isinstance(node, g.FallbackNode):
                print(
                    f"motoko trace: fallback: the whole orchestrator runs as one task: "
                    f"{node.reason}",
                    file=sys.stderr,
                )
        problems = check_graph(graph)  # always: mistakes found before any run exists
        if problems:
            for problem in problems:
                print(f"motoko trace: check: {problem}", file=sys.stderr)
            print(f"motoko trace: check failed: {len(problems)} problem(s)", file=sys.stderr)
            return 2
        if args.check:
            count = sum(isinstance(n, g.CreateTaskNode) for n in graph.nodes)
            print(f"motoko trace: check passed ({count} task(s))", file=sys.stderr)
        text = emit(graph, args.format, Path(args.output) if args.output else None)
        if args.output:
            _write(args.output, text)
        else:
            sys.stdout.write(text)
    except MotokoError as exc:
        print(f"motoko trace: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        print(f"motoko trace: error: {exc}", file=sys.stderr)
        return 1
    return 0
