"""A study's schema, without BlackDynamite: the types of its job and run fields, the
values a job parameter accepts, and constraints parsed and matched as BlackDynamite
should (rejecting what it would silently mis-read).

Plain Python only: the tracer checks an orchestrator's constraints and ``createTask``
parameters against ``bd.yaml`` with it, at DAG-parse time too; ``blackdynamite`` uses
it on real runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from motoko_airflow.config import RESERVED_FIELDS, StudyConfig
from motoko_airflow.exceptions import ConstraintError, JobParameterError

__all__ = [
    "Constraint",
    "RUN_BUILTIN_FIELDS",
    "TYPES",
    "accepts",
    "expand_job_space",
    "field_types",
    "outputs",
    "parse_constraint",
    "parse_constraints",
    "plain",
    "plain_or_same",
]

#: bd.yaml's type names.
TYPES: dict[str, type] = {"float": float, "int": int, "str": str, "list": list,
                          "bool": bool, "dict": dict}
#: Fields every BlackDynamite run has, with their types.
RUN_BUILTIN_FIELDS: dict[str, type] = {
    "id": int, "machine_name": str, "run_path": str, "job_id": int, "nproc": int,
    "run_name": str, "state": str, "exec": str, "last_step": int, "workflow": str,
    "event_name": str, "attempt": int, "retry_token": str, "superseded_by": int,
    "dag_id": str,
}


def field_types(config: StudyConfig) -> dict[str, dict[str, type]]:
    """Field types of a study's runs and jobs, as constraints see them."""
    jobs = {"id": int, **{k.lower(): TYPES[v] for k, v in config.job.items()}}
    runs = dict(RUN_BUILTIN_FIELDS)
    runs.update({k.lower(): TYPES[v] for k, v in config.run.items()})
    return {"runs": runs, "jobs": jobs}


def outputs(run_fields: Mapping[str, Any]) -> dict[str, Any]:
    """What a run's script set: its fields but the columns BlackDynamite and motoko keep
    for themselves (:data:`~motoko_airflow.config.RESERVED_FIELDS`), and unset ones."""
    return {k: v for k, v in run_fields.items()
            if k.lower() not in RESERVED_FIELDS and v is not None}


def accepts(type_name: str, value: Any) -> bool:
    """Whether a job parameter declared ``type_name`` takes ``value`` (BlackDynamite
    coerces nothing: ``"10.0"`` for a float crashes it)."""
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, list):
        value = value.item()  # numpy scalar
    return {
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "str": isinstance(value, str),
        "list": isinstance(value, (list, tuple)),
        "bool": isinstance(value, bool),
        "dict": isinstance(value, dict),
    }[type_name]


@dataclass(frozen=True)
class Constraint:
    """One parsed ``[runs.|jobs.]field OP value`` constraint."""

    table: str | None  # "runs", "jobs" or None (whichever declares the field)
    field: str
    op: str
    value: str
    text: str

    def matches(self, run: Any, job: Any, types: dict[str, dict[str, type]]) -> bool:
        obj, kind = (job, "jobs") if self._table(types) == "jobs" else (run, "runs")
        try:
            actual = obj[self.field]
        except KeyError:
            actual = getattr(obj, self.field, None)
        if actual is None:
            return self.op == "!=" and self.value.lower() not in ("none", "null")
        expected: Any = self.value
        field_type = types[kind].get(self.field)
        if field_type in (int, float):
            expected = field_type(float(self.value)) if field_type is int else float(self.value)
        elif isinstance(actual, bool):
            expected = self.value.lower() in ("1", "true", "yes")
        elif isinstance(actual, (int, float)):
            expected = float(self.value)
        if self.op == "=":
            return bool(actual == expected)
        if self.op == "!=":
            return bool(actual != expected)
        try:
            if self.op == "<":
                return bool(actual < expected)
            return bool(actual > expected)
        except TypeError:
            return False

    def _table(self, types: dict[str, dict[str, type]]) -> str:
        if self.table:
            return self.table
        return "jobs" if self.field in types["jobs"] and self.field not in types["runs"] \
            else "runs"


_CONSTRAINT = re.compile(
    r"^\s*(?:(?P<table>runs|jobs)\.)?(?P<field>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"(?P<op>!=|=|<|>)\s*(?P<value>[^\s<>=!]+)\s*$",
    re.IGNORECASE,
)


def parse_constraint(text: str, types: dict[str, dict[str, type]] | None = None) -> Constraint:
    """Parse one constraint, rejecting what BlackDynamite would silently mis-read.

    ``types`` maps ``"runs"``/``"jobs"`` to the study's field types; when given, the
    field must exist and the value must fit its type.
    """
    if not isinstance(text, str):
        raise ConstraintError("a constraint must be a string such as 'state = FINISHED'",
                              repr(text))
    if "==" in text:
        raise ConstraintError("equality is a single '=' in BlackDynamite's constraints, "
                              "e.g. 'state = FINISHED'", text)
    if re.search(r"(<=|>=|=<|=>)", text):
        raise ConstraintError("only =, !=, < and > are understood by BlackDynamite; "
                              "'<=' and '>=' are not (use < or > with a shifted value)", text)
    if re.search(r"\band\b|,|\bor\b", text, re.IGNORECASE):
        raise ConstraintError("one condition per string; pass several conditions as a list, "
                              "e.g. ['runs.id < 3', 'state = FINISHED']", text)
    match = _CONSTRAINT.match(text)
    if not match:
        raise ConstraintError("expected '[runs.|jobs.]field OP value' with OP one of "
                              "=, !=, <, > and a value without spaces", text)
    table = match["table"].lower() if match["table"] else None
    field = match["field"].lower()
    value = match["value"]
    if field == "id" and table is None:
        table = "runs"
    if types is not None:
        known = set(types["runs"]) | set(types["jobs"])
        scope = set(types[table]) if table else known
        if field not in scope:
            where = f"{table} " if table else ""
            raise ConstraintError(
                f"unknown {where}field {field!r}; fields: {', '.join(sorted(scope))}", text)
        if value.lower() in known:
            raise ConstraintError(
                f"the value {value!r} is also a field name, which BlackDynamite compares as "
                "that field instead of the text; choose another value", text)
        kind = table or ("jobs" if field in types["jobs"] and field not in types["runs"]
                         else "runs")
        field_type = types[kind].get(field)
        if field_type in (int, float):
            try:
                float(value)
            except ValueError:
                raise ConstraintError(f"{field} is a number; {value!r} is not", text) from None
    return Constraint(table, field, match["op"], value, text.strip())


def parse_constraints(
    constraints: str | Sequence[str] | None, types: dict[str, dict[str, type]] | None = None
) -> list[Constraint]:
    """Parse a constraint string or list of strings (all must hold)."""
    if constraints is None:
        return []
    if isinstance(constraints, str):
        constraints = [constraints]
    return [parse_constraint(c, types) for c in constraints]


# ---- job spaces ---------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A JSON-safe copy of ``value`` (tuples kept: XCom keeps them, and ``str()``
    differs), or a sentinel TypeError."""
    if value is None or isinstance(value, (bool, int, str, float)):
        return value
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return plain(value.item())
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy arrays
        return plain(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def plain_or_same(value: Any) -> Any:
    try:
        return plain(value)
    except TypeError:
        return value


def expand_job_space(config: StudyConfig, job_params: Mapping[str, Any],
                     study: str) -> list[dict[str, Any]]:
    """Merge ``job_params`` over ``bd.yaml``'s ``job_space`` and expand list values: the
    jobs one ``createTask`` makes in ``study``, in order.

    Lists expand as a cartesian product, the first parameter varying slowest, as in
    BlackDynamite; ``list``-typed fields are not expanded. Unknown parameters and
    values of the wrong type raise :class:`JobParameterError`.
    """
    space: dict[str, Any] = {}
    for key, value in config.job_space.items():
        space[key.lower()] = value
    for key, value in job_params.items():
        current = space.get(key.lower())
        if isinstance(value, dict) and isinstance(current, dict):
            space[key.lower()] = {**current, **value}
        else:
            space[key.lower()] = value
    schema = {k.lower(): v for k, v in config.job.items()}
    for key in space:
        if key not in schema:
            raise JobParameterError(
                f"study {study}: {key!r} is not a job parameter of this study; "
                f"{config.path} declares: {', '.join(schema) or 'none'}", study, key)
    missing = [k for k in schema if k not in space]
    if missing:
        raise JobParameterError(
            f"study {study}: job parameter(s) {', '.join(missing)} have no value; "
            f"pass them to createTask or give defaults in {config.path} job_space",
            study, missing[0])
    combos: list[dict[str, Any]] = [{}]
    for key, value in space.items():
        type_name = schema[key]
        values = value if isinstance(value, list) and type_name != "list" else [value]
        combos = [{**c, key: _coerce(config, study, key, type_name, v)} for c in combos
                  for v in values]
    return combos


def _coerce(config: StudyConfig, study: str, key: str, type_name: str, value: Any) -> Any:
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, list):
        value = value.item()  # numpy scalar
    if not accepts(type_name, value):
        raise JobParameterError(
            f"study {study}: job parameter {key!r} is declared {type_name} in "
            f"{config.path}, got {value!r} ({type(value).__name__})", study, key)
    if type_name == "float":
        return float(value)
    if type_name == "list":
        return [plain_or_same(v) for v in value]
    return value
