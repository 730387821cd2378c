"""What can be checked in a traced graph before a single run exists, against each
study's ``bd.yaml``: every ``createTask``'s job parameters (names, missing values, the
types of constants and of DAG params), and the constraints of selections and actions
(their syntax, and their fields). ``motoko trace`` and ``motoko run`` refuse a graph
with problems. Plain Python: no BlackDynamite.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.config import StudyConfig, load_study_config, load_workflow_config
from motoko_airflow.exceptions import ConstraintError
from motoko_airflow.schema import field_types, parse_constraints

__all__ = ["check_graph"]

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "float": (float, int),
    "int": (int,),
    "str": (str,),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}
_SCHEMA_TYPES: dict[str, tuple[str, ...]] = {
    "float": ("number", "integer"),
    "int": ("integer",),
    "str": ("string",),
    "bool": ("boolean",),
    "list": ("array",),
    "dict": ("object",),
}


def check_graph(graph: g.Graph) -> list[str]:
    """Problems found in the graph, each ``file:line: what``, in graph order (empty:
    all good)."""
    config = load_workflow_config(graph.workflow)
    file = Path(config.orchestrator_path).name
    studies: dict[str, StudyConfig] = {}

    def study(task_manager: str) -> StudyConfig | None:
        name = config.aliases.get(task_manager, task_manager)
        if name not in config.task_managers:
            return None
        if name not in studies:
            studies[name] = load_study_config(config.task_managers[name].study_dir)
        return studies[name]

    problems: list[str] = []

    def constraints(texts: tuple[str, ...], task_manager: str, where: str) -> None:
        found = study(task_manager)
        if found is None:
            return
        try:
            parse_constraints(list(texts), field_types(found))
        except ConstraintError as exc:
            problems.append(f"{where} on {task_manager}: {exc} (fields: {found.path})")

    for node in graph.nodes:
        where = f"{file}:{node.lineno}"
        if isinstance(node, g.CreateTaskNode):
            found = study(node.task_manager)
            if found is not None:
                problems += _job_params(node, found, graph.params, f"{where}: task {node.id!r}")
        elif isinstance(node, g.SensorNode):
            for condition in node.conditions:
                for texts in (condition.constraints, *condition.all_of):
                    constraints(texts, condition.task_manager, f"{where}: select")
        elif isinstance(node, g.ActionNode) and node.event_constraints is not None:
            targets = list(config.task_managers) if node.task == "__all__" else [node.task]
            for name in targets:
                constraints(node.event_constraints, name,
                            f"{where}: add_action {node.event_name!r}")
    return problems


def _job_params(node: g.CreateTaskNode, study: StudyConfig,
                params: dict[str, dict[str, Any]], where: str) -> list[str]:
    problems = []
    for name, expr in node.job_params:
        if name not in study.job:
            close = difflib.get_close_matches(name, list(study.job), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(f"{where}: job parameter {name!r} is not declared in "
                            f"{study.path} (declared: {', '.join(study.job) or 'none'}){hint}")
            continue
        problem = _check_value(expr, study.job[name], params)
        if problem:
            problems.append(f"{where}: job parameter {name!r} ({study.job[name]} in "
                            f"{study.path}): {problem}")
    given = {name for name, _ in node.job_params}
    missing = [k for k in study.job if k not in given and k not in study.job_space]
    if missing:
        problems.append(f"{where}: job parameter(s) {', '.join(missing)} have no value; "
                        f"pass them to createTask or give defaults in {study.path} job_space")
    return problems


def _param_types(spec: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(scalar types, item types) a param may take."""
    types = spec.get("type", [])
    types = {types} if isinstance(types, str) else set(types)
    types.discard("null")
    items = spec.get("items", {}).get("type")
    return types, {items} if items else set()


def _check_value(expr: g.Expr, expected: str, params: dict[str, dict[str, Any]]) -> str | None:
    """A problem with passing ``expr`` to a field of type ``expected``, or None."""
    if isinstance(expr, g.Const):
        value = expr.value
        if value is None or isinstance(value, bool) and expected != "bool":
            return f"{value!r} is not a {expected}"
        if isinstance(value, list) and expected != "list":
            # BlackDynamite expands lists: one job per element
            for item in value:
                problem = _check_value(g.Const(item), expected, params)
                if problem:
                    return problem
            return None
        if not isinstance(value, _PY_TYPES[expected]):
            return f"{value!r} is a {type(value).__name__}, not a {expected}"
        return None
    if isinstance(expr, g.ListExpr) and expected != "list":
        for item in expr.items:
            problem = _check_value(item, expected, params)
            if problem:
                return problem
        return None
    if isinstance(expr, g.Param) and expr.name in params:
        scalar, items = _param_types(params[expr.name])
        allowed = set(_SCHEMA_TYPES[expected])
        if scalar & allowed or ("array" in scalar and (items & allowed or expected == "list")):
            return None
        shown = "/".join(sorted(
            f"array of {'/'.join(sorted(items))}" if t == "array" and items else t
            for t in scalar)) or "unknown"
        return f"param {expr.name!r} is {shown}, not a {expected}"
    return None  # run outputs and expressions: known at run time only
