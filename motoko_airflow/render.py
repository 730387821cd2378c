"""Render a workflow graph (:mod:`motoko_airflow.graph`) as an Airflow DAG.

One task per node (``task_id`` = node id), through an explicit table from node kind
to operator class; dependencies from the graph's edges; DAG params from the
orchestrator's argparse options; retries, delays, timeouts and pools from
``motoko.yaml``'s ``airflow:`` sections. A mapped node (a ``createTask`` in loops)
becomes an ``ItemsOperator`` (``<node>__items``: the loops' items, filtered by the
node's guard, in batches) and a ``TaskManagerOperator`` expanded over those batches.

Branches: a node with a guard (``when``) evaluates it when it starts and is skipped
when it is false; every task after a node that can be skipped gets the trigger rule
``none_failed``, so a join still runs after the untaken side was skipped (and a
skipped task's runs count as none). In a fail-fast DAG (an error handler), where
Airflow allows no such trigger rule, an untaken task succeeds at once with no runs.

Nothing here traces, or imports BlackDynamite, numpy or pandas: it runs at DAG-parse
time. ``workflow_dag(path)`` traces then renders (the orchestrator module is imported;
the tracer runs no task).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow import read_files
from motoko_airflow.config import WorkflowConfig, load_workflow_config
from motoko_airflow.exceptions import RenderError
from motoko_airflow.plugin import describe_workflow

__all__ = ["ACTIONS_TASK_ID", "VERIFY_TASK_ID", "dag_from_graph", "workflow_dag"]

ACTIONS_TASK_ID = "actions"
#: The last task of a compiled DAG: the DAG run checked against ``main``
#: (:mod:`motoko_airflow.verification`); ``verify: false`` in motoko.yaml leaves it out.
VERIFY_TASK_ID = "verify_main"
_SECONDS = ("retry_delay", "execution_timeout", "max_retry_delay")
#: Defaults of task-manager and sensor tasks under ``motoko.yaml``'s ``airflow:``
#: settings. Their work is idempotent (a retry reuses FINISHED runs, adopts running
#: ones and gives FAILED ones one new attempt), so retrying is harmless, and it absorbs
#: what fails a task without its runs failing: a scheduler failing a task resumed from
#: deferral on a stale executor event (Airflow 3.3.2), a killed worker, a lost server.
#: An error of ``main``'s own code that a task evaluates (a guard, a check of a value no
#: step read, a block of main's statements) is final: every try would raise it again
#: (their retry policy, ``operators/retry.py``).
#: The actions and orchestrator tasks run user callbacks and keep Airflow's default (0),
#: and so does every task of a fail-fast DAG (an error handler: stop at the first failure).
TASK_DEFAULTS: dict[str, Any] = {"retries": 2, "retry_delay": 5}


def _airflow_kwargs(settings: Mapping[str, Any], *, sensor: bool,
                    waits: bool = False) -> dict[str, Any]:
    """Operator keyword arguments from an ``airflow:`` section (seconds -> timedelta);
    ``defer_after`` only for the tasks that wait for runs (task managers, sensors)."""
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if key in _SECONDS and not isinstance(value, datetime.timedelta):
            out[key] = datetime.timedelta(seconds=value)
        elif key in ("timeout", "poke_interval"):
            if sensor:
                out[key] = value
        elif key == "defer_after":
            if waits:
                out[key] = value
        elif key == "retry_exponential_backoff":
            out[key] = float(value) if not isinstance(value, bool) else (2.0 if value else 0)
        else:
            out[key] = value
    return out


def _params(graph: g.Graph) -> dict[str, Any]:
    """The DAG's Params; ``run_name`` gets the run-name rule (:data:`RUN_NAME_SCHEMA`),
    so Airflow's trigger form and REST API refuse a name every task would refuse."""
    from airflow.sdk import Param

    from motoko_airflow.params import RUN_NAME_RULE, RUN_NAME_SCHEMA, fixed_description

    params = {}
    for name, spec in graph.params.items():
        rest = {k: v for k, v in spec.items() if k != "default"}
        if name == "run_name":
            rest.update(RUN_NAME_SCHEMA)
            rest["description"] = "; ".join(
                filter(None, (rest.get("description"), RUN_NAME_RULE)))
        if name in graph.fixed:  # traced with this value: the only one the DAG accepts
            value = graph.fixed[name]
            rest["enum"] = [value]
            rest["description"] = "; ".join(filter(None, (
                fixed_description(name, value) + " (the tasks were compiled for it)",
                rest.get("description"))))
            # a keyword of the schema that validation ignores, for the refusal: Airflow
            # shows the failed schema, not the description, when it refuses a value
            rest["motoko"] = fixed_description(name, value)
            params[name] = Param(value, **rest)
            continue
        params[name] = Param(spec.get("default"), **rest)
    return params


def _exprs(pairs: tuple[tuple[str, g.Expr], ...] | None) -> dict[str, Any] | None:
    if pairs is None:
        return None
    return {name: g.expr_to_dict(expr) for name, expr in pairs}


def dag_from_graph(graph: g.Graph, *, dag_id: str | None = None, mode: str | None = None,
                   deferrable: bool | None = None, poke_interval: float | None = None,
                   timeout: float | None = None, launch: str = "bash",
                   wait_slice: float | None = None, **dag_kwargs: Any) -> Any:
    """The Airflow DAG of a traced workflow graph.

    ``mode``/``deferrable``/``poke_interval`` set how task managers and sensors wait
    (default: deferrable), ``timeout`` how long at most (seconds); ``motoko run`` uses
    ``mode="reschedule"``, so that under
    ``dag.test()`` mapped instances run their runs concurrently. ``launch="daemon"``
    leaves runs to ``motoko launcher`` daemons (always, when the workflow's generator
    is not bash: they submit with the coat and its options). Explicit ``mode``,
    ``deferrable``, ``poke_interval``, ``timeout`` win over ``motoko.yaml``'s
    ``airflow:`` settings. ``wait_slice`` (``motoko run``: reschedule mode under
    ``dag.test()``) lets task managers and sensors keep checking their runs, every
    ``poke_interval``, for that many seconds per poke before they are rescheduled (see
    :class:`~motoko_airflow.operators.guard.WaitSlice`); the actions task then checks
    at most once a second.
    Other keyword arguments go to ``DAG``.
    """
    from airflow.sdk import DAG

    from motoko_airflow.operators.action import (
        ActionOperator,
        OrchestratorOperator,
        RaiseOperator,
        SegmentOperator,
        WriteOperator,
    )
    from motoko_airflow.operators.task_manager import ItemsOperator, TaskManagerOperator
    from motoko_airflow.sensors.constraint import ConstraintSensor

    config = _load(graph)
    read_files.check(graph.read_files, dag_id or graph.dag_id, str(config.directory))
    read_files.check_env(graph.read_env, dag_id or graph.dag_id, str(config.directory))
    if config.generator != "bashCoat":
        launch = "daemon"  # slurm/pbs/sge: the launcher daemons submit with their options
    wait: dict[str, Any] = {}
    if mode is not None:
        wait["mode"] = mode
    wait["deferrable"] = True if deferrable is None and mode is None else bool(deferrable)
    if poke_interval is not None:
        wait["poke_interval"] = poke_interval
    if timeout is not None:
        wait["timeout"] = timeout
    # task managers and sensors wait in slices; the actions task (which runs the
    # orchestrator's callbacks at each check) keeps a reschedule per check
    sliced = {"wait_slice": wait_slice} if wait_slice else {}
    action_wait = dict(wait)
    if wait_slice and "poke_interval" in wait:
        action_wait["poke_interval"] = max(float(wait["poke_interval"]), 1.0)
    # the DAG's own default_args come before the defaults of task managers and sensors;
    # a fail-fast DAG (an error handler) stops at the first failure: no retry by default
    task_defaults = {} if graph.fail_fast else {**TASK_DEFAULTS, **{
        k: v for k, v in dag_kwargs.get("default_args", {}).items() if k in TASK_DEFAULTS}}
    mapped = {n.id for n in graph.nodes if isinstance(n, g.CreateTaskNode) and n.foreach}
    skippable = _skippable(graph)
    skip = not graph.fail_fast
    description = describe_workflow(config.directory.name, config.path)  # the UI's key
    dag_kwargs.setdefault("schedule", None)
    dag_kwargs.setdefault("catchup", False)
    dag_kwargs.setdefault("description", description)
    dag_kwargs.setdefault("tags", ["motoko"])

    with DAG(dag_id or graph.dag_id, params=_params(graph), fail_fast=graph.fail_fast,
             **dag_kwargs) as dag:
        tasks: dict[str, Any] = {}
        items_of: dict[str, Any] = {}

        def reading(needed: list[str]) -> dict[str, Any]:
            return {"upstream": {n: tasks[n].output for n in needed},
                    "mapped_upstreams": [n for n in needed if n in mapped]}

        def inputs(node: g.Node) -> dict[str, Any]:
            needed = sorted(g.node_inputs(node))
            for upstream in needed:
                if upstream not in tasks:
                    raise RenderError(f"node {node.id!r} reads {upstream!r}, which comes "
                                      "later in the graph")
            rule = {"trigger_rule": "none_failed"} if skip and any(
                u in skippable for u in graph.upstream(node.id)) else {}
            guard = getattr(node, "when", None)
            when = g.expr_to_dict(guard) if guard is not None else None
            return {**reading(needed), "when": when, "skip_untaken": skip, **rule}

        for node in graph.nodes:
            if isinstance(node, g.CreateTaskNode):
                settings = _airflow_kwargs(
                    {**task_defaults, **config.airflow_settings(node.task_manager)},
                    sensor=True, waits=True)
                guarded = inputs(node)
                common = {
                    **settings, **wait, **sliced, **guarded,
                    "task_id": node.id, "workflow": str(config.path),
                    "task_manager": node.task_manager,
                    "job_exprs": _exprs(node.job_params), "run_exprs": _exprs(node.run_params),
                    "event_name": node.event_name, "launch": launch,
                    "error_handler": _handler(graph),
                    "doc_md": _doc(node),
                }
                if not node.foreach:
                    tasks[node.id] = TaskManagerOperator(**common)
                else:
                    loops = [{"var": lp.var, "over": g.expr_to_dict(lp.over)}
                             for lp in node.foreach]
                    items = ItemsOperator(
                        task_id=f"{node.id}__items", loops=loops, workflow=str(config.path),
                        **{k: v for k, v in guarded.items()})
                    common.pop("when")
                    # its items (and the runs they came from) arrive in map_items: it
                    # reads only what its parameters read, not every upstream run again
                    # (each instance would render, store and serialize them: O(width))
                    common.update(reading(sorted(set().union(*map(
                        g.expr_nodes, _param_exprs(node))))))
                    tasks[node.id] = TaskManagerOperator.partial(
                        loops=loops, map_index_template="{{ task.map_label }}",
                        **common).expand(map_items=items.output)
                    items_of[node.id] = items
            elif isinstance(node, g.SensorNode):
                conditions = [{"task_manager": c.task_manager,
                               "constraints": list(c.constraints),
                               "all_of": [list(a) for a in c.all_of]} for c in node.conditions]
                settings = dict(task_defaults)
                for c in node.conditions:
                    settings.update(config.airflow_settings(c.task_manager))
                tasks[node.id] = ConstraintSensor(**{
                    **_airflow_kwargs(settings, sensor=True, waits=True), **wait, **sliced,
                    **inputs(node),
                    "task_id": node.id, "workflow": str(config.path),
                    "conditions": conditions, "doc_md": _doc(node)})
            elif isinstance(node, g.ActionNode):
                if ACTIONS_TASK_ID not in tasks:
                    tasks[ACTIONS_TASK_ID] = ActionOperator(**{
                        **_airflow_kwargs(config.airflow_settings(), sensor=True),
                        **action_wait, "task_id": ACTIONS_TASK_ID, "workflow": str(config.path)})
                tasks[node.id] = tasks[ACTIONS_TASK_ID]
            elif isinstance(node, g.FallbackNode):
                tasks[node.id] = OrchestratorOperator(
                    task_id=node.id, workflow=str(config.path), reason=node.reason,
                    rest_of_main=node.partial, doc_md=_doc(node), **inputs(node),
                    **_airflow_kwargs(config.airflow_settings(), sensor=False))
            elif isinstance(node, g.SegmentNode):
                tasks[node.id] = SegmentOperator(
                    task_id=node.id, workflow=str(config.path), line=node.line,
                    column=node.column, names=list(node.names), reason=node.reason,
                    doc_md=_doc(node), **inputs(node),
                    **_airflow_kwargs(config.airflow_settings(), sensor=False))
            elif isinstance(node, g.RaiseNode):
                settings = _airflow_kwargs(config.airflow_settings(), sensor=False)
                settings.pop("retries", None)  # never retried: it fails the same way
                tasks[node.id] = RaiseOperator(
                    task_id=node.id, workflow=str(config.path), error=node.error,
                    message=g.expr_to_dict(node.message), doc_md=_doc(node),
                    **inputs(node), **settings)
            elif isinstance(node, g.WriteNode):
                tasks[node.id] = WriteOperator(
                    task_id=node.id, workflow=str(config.path), path=node.path,
                    options=dict(node.options), doc_md=_doc(node),
                    operations=g.node_to_dict(node)["operations"],
                    **inputs(node), **_airflow_kwargs(config.airflow_settings(), sensor=False))
            else:  # pragma: no cover - the graph module defines no other kind
                raise RenderError(f"cannot render node {node!r}")
        for edge in graph.edges:
            source = tasks[edge.source]
            target = items_of.get(edge.target, tasks[edge.target])
            if source is not target and target not in source.downstream_list:
                source >> target
        if config.verify and any(isinstance(n, g.CreateTaskNode) for n in graph.nodes):
            _verify_task(graph, config, [*tasks.values(), *items_of.values()])
    return dag


def _param_exprs(node: g.CreateTaskNode) -> list[g.Expr]:
    """The expressions of a ``createTask``'s job and run parameters."""
    return [e for _, e in node.job_params] + [e for _, e in node.run_params or ()]


def _verify_task(graph: g.Graph, config: WorkflowConfig, tasks: list[Any]) -> Any:
    """The verification task, after every task that has no other downstream task."""
    from motoko_airflow.operators.action import VerifyOperator

    unique = list({id(t): t for t in tasks}.values())
    leaves = [t for t in unique if not t.downstream_list]
    taken = {t.task_id for t in unique}
    task_id = VERIFY_TASK_ID
    while task_id in taken:
        task_id += "_"
    verify = VerifyOperator(
        task_id=task_id, workflow=str(config.path),
        events=sorted({n.event_name for n in graph.nodes
                       if isinstance(n, g.CreateTaskNode) and n.event_name}),
        actions=any(isinstance(n, g.ActionNode) for n in graph.nodes),
        written=sorted({n.path for n in graph.nodes if isinstance(n, g.WriteNode)}),
        # after an untaken branch (skipped tasks) too; never after a failure
        trigger_rule="all_success" if graph.fail_fast else "none_failed",
        after_failures=graph.fail_fast,
        doc_md="Replays `main` natively on this DAG run's run name and checks that the "
               "DAG made exactly the runs `main` asks for, and wrote the files it "
               "writes as `main` does; on a difference it makes the missing runs (and "
               "writes `main`'s text) and fails with a report (`verify: false` in "
               "motoko.yaml leaves this task out).")
    for leaf in leaves:
        leaf >> verify
    if graph.fail_fast:
        # Airflow's fail-fast skips every task after a failure, and a DAG run whose
        # leaves are skipped counts as a success: as a teardown that fails the DAG run,
        # the verification runs after a failure too, and then fails it
        verify.as_teardown(on_failure_fail_dagrun=True)
    return verify


def _skippable(graph: g.Graph) -> set[str]:
    """Nodes whose task may end skipped: guarded ones, and what follows them."""
    out = {n.id for n in graph.nodes if getattr(n, "when", None) is not None}
    if not any(getattr(n, "when", None) is not None for n in graph.nodes):
        return set()  # no branch: Airflow's default rules, as before
    changed = True
    while changed:
        changed = False
        for edge in graph.edges:
            if edge.source in out and edge.target not in out:
                out.add(edge.target)
                changed = True
    return out


def _doc(node: g.Node) -> str:
    """What the task stands for, shown in the Airflow UI (Task details)."""
    lines = [f"Traced from line {node.lineno} of the orchestrator."] if node.lineno else []
    if isinstance(node, g.CreateTaskNode):
        lines.append(f"`{node.task_manager}.createTask(" + ", ".join(
            f"{k}={e}" for k, e in node.job_params) + ")`")
        lines += [f"for {lp}" for lp in node.foreach]
    if isinstance(node, (g.FallbackNode, g.SegmentNode)):
        lines.append(node.reason)
    if isinstance(node, g.WriteNode):
        lines.append(f"writes `{node.path}`: " + "; ".join(
            f"`{w}`" for w in node.operations))
    if isinstance(node, g.RaiseNode):
        lines.append(f"`raise {node.error.rpartition('.')[2]}({node.message})`: fails the "
                     "DAG run, as `main` does natively")
    when = getattr(node, "when", None)
    if when is not None:
        lines.append(f"only when `{when}`")
    return "\n\n".join(lines)


def _handler(graph: g.Graph) -> dict[str, Any] | None:
    """The error handler's callback reference, for the task managers to call."""
    handler = graph.error_handler
    if handler is None:
        return None
    ref = handler.callback
    if ref is None:
        return {"importable": False}
    return {"module": ref.module, "qualname": ref.qualname, "importable": ref.importable}


def _load(graph: g.Graph) -> WorkflowConfig:
    path = Path(graph.workflow).resolve()  # a DAG file of an older trace: joined only
    if not path.exists():
        raise RenderError(
            f"the graph's workflow {path} does not exist here; trace the workflow again "
            "('motoko trace') where it lives")
    return load_workflow_config(path)


def workflow_dag(path: str | Path, dag_id: str | None = None, *, fallback: bool = False,
                 **dag_kwargs: Any) -> Any:
    """Trace a workflow (directory, motoko.yaml or orchestrator) and render its DAG.

    For DAG files: ``dag = workflow_dag("/path/to/workflow")``.
    """
    from motoko_airflow.trace import trace

    return dag_from_graph(trace(path, fallback=fallback), dag_id=dag_id, **dag_kwargs)
