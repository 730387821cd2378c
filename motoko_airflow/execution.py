"""What the Airflow operators, sensors and triggers do at run time, without Airflow.

The operators are thin: they gather their inputs from Airflow (params, XCom, the map
item) and call the functions here, which evaluate the graph's expressions, create and
launch runs through :mod:`motoko_airflow.blackdynamite`, and report states and run
records (plain JSON). Nothing here imports Airflow; BlackDynamite is imported lazily.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from motoko_airflow import segments
from motoko_airflow.calls import RECORD_CLASSES, record_fields, resolve, to_plain
from motoko_airflow.exceptions import MotokoError, ServerUnreachable

if TYPE_CHECKING:
    from motoko_airflow.blackdynamite import Study
    from motoko_airflow.config import WorkflowConfig

__all__ = [
    "JobView",
    "RunView",
    "Progress",
    "derive_run_name",
    "held_back",
    "debugging",
    "items_label",
    "main_error",
    "of_main",
    "quiet_storage_logs",
    "runs_table",
    "evaluate",
    "study_for",
]

Record = dict[str, Any]
T = TypeVar("T")
log = logging.getLogger(__name__)


# ---- run names ----------------------------------------------------------------------


def derive_run_name(explicit: str | None, airflow_run_id: str | None) -> str:
    """The BlackDynamite run name of a DAG run: the ``run_name`` param if given (``None``
    or ``""``: not given), refused with a :class:`ConfigError` when it breaks the rule
    (never rewritten, see :mod:`motoko_airflow.params`); else made from the Airflow run
    id, the same for every task and try of the DAG run (:func:`run_name_of_run_id`)."""
    from motoko_airflow.params import check_run_name, run_name_of_run_id

    if explicit is not None and explicit != "":
        return check_run_name(explicit, option="run_name")
    if not airflow_run_id:
        raise MotokoError("no run_name param and no Airflow run id to derive one from")
    return run_name_of_run_id(airflow_run_id)


# ---- studies --------------------------------------------------------------------------


def _study(study_dir: str, host: str | None, workflow: str, thread: int) -> Study:
    # one Study (one ZODB connection) per thread: a connection sees new commits only
    # through the transactions of the thread that uses it
    from motoko_airflow.blackdynamite import Study

    key = (study_dir, host, workflow, thread)
    if key not in _opened:
        _opened[key] = Study(study_dir, host=host, workflow=workflow)
    return _opened[key]


def close_studies() -> None:
    """Close the connections :func:`study_for` opened in this process."""
    for study in _opened.values():
        study.close()
    _opened.clear()


_opened: dict[tuple[str, str | None, str, int], Study] = {}


_configs: dict[str, tuple[float, WorkflowConfig]] = {}


def _workflow_config(workflow: str | Path) -> WorkflowConfig:
    """motoko.yaml, parsed again only when it has changed: a triggerer's waits look it up
    at every poll (measured: half of a poll's CPU when it was parsed each time)."""
    from motoko_airflow.config import find_config, load_workflow_config

    try:
        path = str(find_config(workflow))
    except MotokoError:
        return load_workflow_config(workflow)  # says what is wrong
    try:
        stamp = os.stat(path).st_mtime
    except OSError:
        return load_workflow_config(workflow)  # says what is wrong
    cached = _configs.get(path)
    if cached is None or cached[0] != stamp:
        _configs[path] = cached = (stamp, load_workflow_config(path))
    return cached[1]


def study_for(workflow: str | Path, task_manager: str) -> Study:
    """The (cached, per process and thread) Study of a workflow's task manager or alias."""
    config = _workflow_config(workflow)
    tm = config.task_managers[config.resolve(task_manager)]
    quiet_storage_logs()
    return _study(str(tm.study_dir), tm.host, str(config.path), threading.get_ident())


# ---- a study server that does not answer ------------------------------------------------


class Outage:
    """How long a study's ZEO server has not answered, for one task start or wait.

    :meth:`lost` is called with each :class:`ServerUnreachable`: within the workflow's
    ``server_grace`` the connections are closed (the next attempt connects again) and
    None is returned; after it, the one-line message to fail with. :meth:`answered`
    ends the outage."""

    def __init__(self, grace: float, clock: Any = None) -> None:
        import time

        self.grace = grace
        self._clock = clock or time.monotonic
        self.since: float | None = None

    def answered(self) -> None:
        self.since = None

    def lost(self, exc: ServerUnreachable) -> str | None:
        now = self._clock()
        if self.since is None:
            self.since = now
            log.warning("%s; waiting up to %.0f s for it (server_grace)", exc, self.grace)
        close_studies()
        if now - self.since < self.grace:
            return None
        where = f"study {exc.study}: " if exc.study else ""
        return (f"{where}the ZEO server at {exc.host or 'its address'} did not answer for "
                f"{now - self.since:.0f} s (server_grace: {self.grace:g} s in motoko.yaml): "
                "start it on the host that stores the study ('motoko serve -w WORKFLOW') "
                "and check that this host reaches it, then clear the task")


def server_grace(workflow: str | Path) -> float:
    """The workflow's ``server_grace`` (seconds)."""
    return _workflow_config(workflow).server_grace


def riding_out(workflow: str | Path, work: Callable[[], T], *,
               pause: float = 2.0) -> T:
    """``work()``, attempted again while a study's server does not answer, for up to
    the workflow's ``server_grace``; then :class:`ServerLost` with one line."""
    import time

    outage = Outage(server_grace(workflow))
    while True:
        try:
            return work()
        except ServerUnreachable as exc:
            message = outage.lost(exc)
            if message is not None:  # (the message names the study already)
                lost = ServerLost(message, None, exc.host)
                lost.study = exc.study
                raise lost from exc
            time.sleep(pause)


class ServerLost(ServerUnreachable):
    """A study's server did not answer for the whole ``server_grace``."""


def debugging() -> bool:
    """Whether ``MOTOKO_DEBUG`` (``motoko --debug`` sets it) asks for everything."""
    return os.environ.get("MOTOKO_DEBUG", "") not in ("", "0")


def quiet_storage_logs(level: int = logging.WARNING) -> None:
    """Keep ZEO's and ZODB's records below ``level`` (connection chatter at INFO; at
    CRITICAL, the tracebacks of a lost server too) out of terminals and task logs,
    unless debugging."""
    if not debugging():
        for name in ("ZEO", "ZODB", "txn"):
            logging.getLogger(name).setLevel(level)


def runs_table(records: Sequence[Record], limit: int = 50) -> str:
    """The runs of a task as a table for its log: id, state, attempt (with the resources
    it asked Slurm for, how long its job ran and its peak memory), job parameters and
    outputs (the first ``limit`` rows)."""
    from motoko_airflow.batch import resources_text, usage_text
    from motoko_airflow.schema import outputs as run_outputs

    rows = [("run", "state", "attempt", "job", "outputs")]
    for record in records[:limit]:
        job = ", ".join(f"{k}={_brief(v)}" for k, v in record["job"].items() if k != "id")
        outputs = ", ".join(f"{k}={_brief(_shown(record, v))}"
                            for k, v in run_outputs(record["run"]).items())
        attempt = str(record["run"].get("attempt") or 1)
        asked = resources_text(record["run"].get("resources") or {})
        used = usage_text(record["run"].get("batch_job"))
        if asked or used:  # what it asked Slurm for; how long it ran, its peak memory
            attempt += f" ({'; '.join(t for t in (asked, used) if t)})"
        rows.append((str(record["run_id"]), str(record["state"]), attempt, job,
                     outputs or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4]
             for r in rows]
    if len(records) > limit:
        lines.append(f"... and {len(records) - limit} more run(s)")
    return "\n".join(lines)


def _shown(record: Record, value: Any) -> Any:
    """An output of ``record`` as the run's script stored it (an exact record's tags
    undone, a value no tag holds by its type's name)."""
    if not record.get(segments.EXACT):
        return value
    if isinstance(value, dict) and set(value) == {segments.OPAQUE}:
        return f"<{value[segments.OPAQUE]}>"
    try:
        return segments.decode(value)
    except Exception:  # noqa: BLE001 - shown only (numpy missing, a bad tag)
        return value


def _brief(value: Any) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---- expressions ----------------------------------------------------------------------


class RunView:
    """A run record seen as a run: ``run.id``, ``run.state``, outputs (``run.y``)."""

    def __init__(self, record: Record) -> None:
        self._record = record
        self._decoded: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        record = self._record
        if name == "id":
            return record["run_id"]
        if name == "state":
            return record["state"]
        fields = record.get("run", {})
        for key in (name, name.lower()):
            if key in fields:
                return self._output(key, fields[key])
        raise AttributeError(
            f"run {record.get('run_id')} of study {record.get('study')} has no {name!r}; "
            f"it has: {', '.join(sorted(fields))}")

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def _output(self, key: str, value: Any) -> Any:
        """A field of an exact record (``run_record(exact=True)``) as the run's script
        stored it, made once per view (``run.cells is run.cells``, as natively)."""
        if not self._record.get(segments.EXACT):
            return value
        if key not in self._decoded:
            self._decoded[key] = segments.decode(value, exact=True)
        return self._decoded[key]

    # one run is one object in main (BlackDynamite's store gives it once): a run seen
    # twice at run time is equal to itself, and a key of a dict
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._key()))

    def _key(self) -> tuple[Any, Any]:
        return (self._record.get("study"), self._record.get("run_id"))


class JobView(RunView):
    """A run record seen as its job: ``job.id`` and the job parameters."""

    def _key(self) -> tuple[Any, Any]:
        return (self._record.get("study"), self._record.get("job_id"))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        record = self._record
        if name == "id":
            return record["job_id"]
        fields = record.get("job", {})
        for key in (name, name.lower()):
            if key in fields:
                return fields[key]
        raise AttributeError(
            f"job {record.get('job_id')} of study {record.get('study')} has no {name!r}; "
            f"it has: {', '.join(sorted(fields))}")


class Pair(tuple):  # type: ignore[type-arg]
    """A run record seen as Motoko's ``(run, job)`` pair; ``.record`` is the record."""

    record: Record

    def __new__(cls, record: Record) -> Pair:
        pair = super().__new__(cls, (RunView(record), JobView(record)))
        pair.record = record
        return pair


def _is_record(value: Any) -> bool:
    return isinstance(value, Mapping) and "run_id" in value and "job_id" in value


#: In a record written out for XCom, which part of the run it stood for (a run or a job
#: seen alone, as a block of main's statements may give them); none: the pair.
PART = "motoko_part"
#: a tuple in a loop item (``to_json``/``view``): JSON has lists only
TUPLE = "motoko_tuple"
#: a record of the workflow's own class as JSON: {RECORD: [module, qualname, file],
#: "fields": [...]} (a mapped step's loop items)
RECORD = "motoko_record"


def view(value: Any) -> Any:
    """Plain JSON (a loop item, an XCom) with run records as ``(run, job)`` pairs, or as
    the run or job alone when written out so."""
    if _is_record(value):
        part = value.get(PART)
        if part is None:
            return Pair(value)
        record = {k: v for k, v in value.items() if k != PART}
        return RunView(record) if part == "run" else JobView(record)
    if isinstance(value, dict) and RECORD in value:
        module, qualname, file = value[RECORD]
        return resolve(module, qualname, file)(*(view(v) for v in value["fields"]))
    if isinstance(value, dict) and set(value) == {TUPLE}:
        return tuple(view(v) for v in value[TUPLE])
    if isinstance(value, dict) and set(value) == {segments.NUMPY}:
        return segments.decode(value)
    if isinstance(value, dict) and len(value) == 1 and set(value) <= _KINDS:
        import collections

        (tag, pairs), = value.items()
        factory = ""
        if tag == segments.DEFAULTDICT:
            factory, pairs = pairs
        items = [(_hashable(view(k)), view(v)) for k, v in pairs]
        if tag == segments.COUNTER:
            return collections.Counter(dict(items))
        if tag == segments.ORDERED:
            return collections.OrderedDict(items)
        return collections.defaultdict(segments.FACTORIES[factory], items)
    if isinstance(value, dict) and len(value) == 1 and set(value) <= _KEYED:
        (tag, items), = value.items()
        if tag == segments.ITEMS:
            return {_hashable(view(k)): view(v) for k, v in items}
        return segments.ordered_set([_hashable(view(v)) for v in items],
                                    tag == segments.FROZENSET)
    if isinstance(value, list):
        return [view(v) for v in value]
    if type(value) is dict:  # JSON's; a Counter main made (a Collect's item) stays one
        return {k: view(v) for k, v in value.items()}
    return value


#: the tags :func:`to_json` gives a set, a frozenset and a dict not keyed by plain
#: strings (:mod:`motoko_airflow.segments`' own)
_KEYED = frozenset({segments.SET, segments.FROZENSET, segments.ITEMS})
#: the tags :func:`to_json` gives a Counter, an OrderedDict and a defaultdict
_KINDS = frozenset({segments.COUNTER, segments.ORDERED, segments.DEFAULTDICT})


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def to_json(value: Any) -> Any:
    """The reverse of :func:`view`: pairs, runs and jobs back to their records (for
    XCom)."""
    if isinstance(value, Pair):
        return value.record
    if isinstance(value, RunView):  # JobView too
        return {**value._record, PART: "job" if isinstance(value, JobView) else "run"}
    _known_record_class(type(value))
    fields = record_fields(value)
    if fields is not None:
        return {RECORD: list(RECORD_CLASSES[type(value)]),
                "fields": [to_json(v) for v in fields]}
    if type(value).__module__ == "numpy" and getattr(
            getattr(value, "dtype", None), "kind", "") in "biuf":  # given back as is
        return segments.encode(value, {}, "a loop's item")
    value = to_plain(value)
    kind = segments.dict_kind(value)
    if kind is not None:  # a Counter, an OrderedDict, a defaultdict: str() tells them
        pairs = [[to_json(k), to_json(v)] for k, v in value.items()]
        return {kind[0]: [kind[1], pairs] if kind[0] == segments.DEFAULTDICT else pairs}
    base = next((t for t in (tuple, list, dict, set, frozenset) if isinstance(value, t)),
                None)
    if base is not None and type(value) is not base and \
            not type(value).__module__.startswith("motoko_airflow"):
        raise MotokoError(
            f"a loop's item holds a {type(value).__name__}, which would cross tasks as a "
            f"plain {base.__name__} (str(), == and type() would tell it from main's): "
            "loop over plain values, or run with --fallback")
    if isinstance(value, tuple):  # a run output may be one (str() and == tell it)
        return {TUPLE: [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if type(value) in (set, frozenset):  # an output may be one (JSON has none)
        tag = segments.SET if type(value) is set else segments.FROZENSET
        return {tag: [to_json(v) for v in value]}
    if isinstance(value, dict):
        # keys view() would misread as a tag or a record: the dict as its items
        if all(type(k) is str for k in value) and not set(value) & (
                _KEYED | _KINDS | {TUPLE, RECORD, "run_id", segments.NUMPY}):
            return {k: to_json(v) for k, v in value.items()}
        return {segments.ITEMS: [[to_json(k), to_json(v)] for k, v in value.items()]}
    return value


def _known_record_class(cls: type) -> None:
    """A named tuple class of the workflow's own files (made by a function of it, not
    met by the tracer) made known as a record class, so its objects cross tasks as
    themselves (``view`` makes them again from the file); a library's is not."""
    import sys

    if cls in RECORD_CLASSES or not issubclass(cls, tuple) or \
            not isinstance(getattr(cls, "_fields", None), tuple) or \
            "<" in cls.__qualname__:
        return
    file = getattr(sys.modules.get(cls.__module__), "__file__", None)
    if not file or not file.endswith(".py") or any(
            os.path.abspath(file).startswith(os.path.abspath(p) + os.sep)
            for p in {sys.prefix, sys.base_prefix, sys.exec_prefix}):
        return
    RECORD_CLASSES[cls] = (cls.__module__, cls.__qualname__, os.path.abspath(file))


#: Beside a loop variable's item in a scope, ``POSITION + var`` is the item's position in
#: its loop: of two equal items (a list param with a value given twice), it tells which
#: iteration's runs are whose.
POSITION = "#"
#: In a fan-in's scope, before a loop var: the key of its current item as a mapped step
#: records it (:func:`_key_as_recorded`); the item itself stays as ``main`` made it.
KEY = "key:"


def item_key(value: Any) -> Any:
    """What identifies a loop item (a run by its study and id), for the ``items`` a run
    record carries: the loop items its ``createTask`` was made for."""
    if isinstance(value, Pair):
        value = value.record
    elif isinstance(value, RunView):
        value = value._record
    if _is_record(value):
        return ["run", value.get("study"), value["run_id"]]
    if isinstance(value, dict) and set(value) == {TUPLE}:
        value = value[TUPLE]
    if isinstance(value, (list, tuple)):
        return [item_key(v) for v in value]
    return value


def _key_as_recorded(item: Any) -> Any:
    """:func:`item_key` of a loop item in the JSON form a mapped step's items have
    (:func:`loop_items`): a numpy float's key is its encoding, a tuple's a list. An item
    with no JSON form keeps itself: no mapped step made runs for it."""
    try:
        return item_key(to_json(item))
    except MotokoError:
        return item_key(item)


_BINARY = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
    "**": lambda a, b: a**b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b, "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
    "is": lambda a, b: a is b, "is not": lambda a, b: a is not b,
    "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
    "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b,
}
_UNARY = {"-": lambda a: -a, "+": lambda a: +a, "abs": abs, "not": lambda a: not a,
          "~": lambda a: ~a}
_FUNCTIONS: dict[str, Any] = {
    "len": len, "sum": sum, "min": min, "max": max, "sorted": sorted, "round": round,
    "abs": abs, "str": str, "int": int, "float": float, "bool": bool, "list": list,
    "zip": lambda *a: [list(t) for t in zip(*a, strict=False)],
    "enumerate": lambda a, start=0: [[i, v] for i, v in enumerate(a, start)],
    "range": lambda *a: list(range(*a)), "format": format, "repr": repr, "any": any,
    "all": all,
}


def evaluate(expr: Any, params: Mapping[str, Any], records: Mapping[str, Sequence[Record]],
             items: Mapping[str, Any] | None = None, *, plain: bool = True) -> Any:
    """Evaluate a graph expression (an ``Expr`` or its JSON dict) to a value.

    ``params`` are the DAG run's params, ``records`` the run records of upstream nodes
    (all their runs), ``items`` the current item of each loop here (plain JSON, run
    records as dicts). With ``plain`` the result must be plain data (a job parameter).
    """
    from motoko_airflow import graph

    if isinstance(expr, dict):
        expr = graph.expr_from_dict(expr)

    def ev(e: Any, scope: Mapping[str, Any]) -> Any:
        if isinstance(e, graph.Const):
            return e.value
        if isinstance(e, graph.Param):
            if e.name not in params:
                raise MotokoError(f"the DAG run has no param {e.name!r}")
            return params[e.name]
        if isinstance(e, graph.Item):
            if e.loop not in scope:
                raise MotokoError(f"no current item of loop {e.loop!r} here")
            value = view(scope[e.loop])
            return value if e.part == "value" else value[0 if e.part == "run" else 1]
        if isinstance(e, graph.Runs):
            if e.node not in records:
                raise MotokoError(f"the runs of {e.node!r} were not passed to this task")
            found = records[e.node]
            for var in e.scope:  # inside its loops: the runs made for the current item
                if var in scope:
                    key = scope[KEY + var] if KEY + var in scope else item_key(scope[var])
                    found = [r for r in found if (r.get("items") or {}).get(var) == key]
                    if POSITION + var in scope:  # of equal items, this one's
                        at = scope[POSITION + var]
                        found = [r for r in found
                                 if (r.get("items") or {}).get(POSITION + var, at) == at]
            return [Pair(r) for r in found]
        if isinstance(e, graph.Collect):
            out = []
            # its variable hides an outer loop's of the same name (a mapped step's,
            # whose item's position would pick the runs of that item only)
            outer = {k: v for k, v in scope.items() if k != POSITION + e.loop}
            for item in ev(e.over, scope):
                inner = {**outer, e.loop: item, KEY + e.loop: _key_as_recorded(item)}
                if e.where is None or ev(e.where, inner):
                    # a tuple stays one (a run output may be one: a dict key, str())
                    out.append(_plain(ev(e.element, inner), tuples=True))
            return out
        if isinstance(e, graph.Attr):
            value = ev(e.value, scope)
            if _is_record(value):  # a run record (a dict has no attributes otherwise)
                return value[e.name]
            return getattr(value, e.name)
        if isinstance(e, graph.Index):
            return ev(e.value, scope)[ev(e.index, scope)]
        if isinstance(e, graph.BinOp):
            left = ev(e.left, scope)
            if e.op == "and":
                return ev(e.right, scope) if left else left
            if e.op == "or":
                return left if left else ev(e.right, scope)
            return _BINARY[e.op](left, ev(e.right, scope))
        if isinstance(e, graph.UnaryOp):
            return _UNARY[e.op](ev(e.operand, scope))
        if isinstance(e, graph.ListExpr):
            return [ev(i, scope) for i in e.items]
        if isinstance(e, graph.DictExpr):
            return {k: ev(v, scope) for k, v in zip(e.keys, e.values, strict=True)}
        if isinstance(e, graph.Call):
            return _FUNCTIONS[e.function](*(ev(a, scope) for a in e.args))
        if isinstance(e, graph.Cond):
            return ev(e.then, scope) if ev(e.test, scope) else ev(e.orelse, scope)
        if isinstance(e, graph.Function):
            return resolve(e.module, e.qualname, e.file, e.line, e.column, e.defaults,
                           e.kwdefaults, e.end)
        if isinstance(e, graph.Invoke):
            function = ev(e.callee, scope)
            args = [ev(a, scope) for a in e.args]
            kwargs = {}
            for k, v in zip(e.keywords, e.values, strict=True):
                if e.callee.end is not None and isinstance(v, graph.Index) and isinstance(
                        v.value, graph.Invoke) and v.value.callee.end is not None and \
                        isinstance(v.index, graph.Const):
                    # a variable of an earlier block of main's statements, given to
                    # this one: left unbound when that block did not bind it
                    bound = ev(v.value, scope)
                    if v.index.value in bound:
                        kwargs[k] = bound[v.index.value]
                    continue
                kwargs[k] = ev(v, scope)
            return function(*args, **kwargs)
        raise MotokoError(f"cannot evaluate expression {e!r}")

    try:
        value = ev(expr, items or {})
        return _plain(value) if plain else value
    except _MAY_PASS:
        raise
    except Exception as exc:
        _mark_of_main(exc)
        raise


#: Errors of an evaluation that the next try may not meet: a file or a connection of the
#: moment. Any other error is ``main``'s own code failing on the same values, as it
#: would on every try (:func:`of_main`).
_MAY_PASS = (OSError, ServerUnreachable)
_OF_MAIN = "_motoko_of_main"


def _mark_of_main(exc: BaseException) -> None:
    with contextlib.suppress(AttributeError, TypeError):  # an exception that takes none
        setattr(exc, _OF_MAIN, True)


def of_main(exc: BaseException) -> bool:
    """Whether ``exc`` was raised evaluating ``main``'s own code (a graph expression: a
    guard, a check of a value no step read, a block of ``main``'s statements, a job
    parameter) on a task's inputs, which a retry of the task evaluates again, to the
    same error: such a failure is final (:class:`~motoko_airflow.operators.retry.
    MainErrorsAreFinal`). Not a file or connection error (:data:`_MAY_PASS`)."""
    return bool(getattr(exc, _OF_MAIN, False))


def main_error(error: str, message: Any) -> Exception:
    """The exception a raise of ``main`` (a ``RaiseNode``) fails its task with: ``error``
    names a built-in exception, or ``module.Class`` of the workflow's code, made again
    under that name (the task does not import the orchestrator; the task's log shows
    ``module.Class: message`` as it would natively); its text is ``str(message)``,
    ``main``'s ``str(exc)`` (a ``KeyError`` is not quoted twice)."""
    import builtins

    text = str(message)
    module, _, name = error.rpartition(".")
    found = getattr(builtins, name, None) if not module else None
    base: type[Exception] = Exception
    if isinstance(found, type) and issubclass(found, Exception):
        try:
            made = found(text)
        except Exception:  # noqa: BLE001 - its arguments are not one text (UnicodeError)
            pass
        else:
            if str(made) == text:
                return made
            base = found
    cls = type(name, (base,), {"__module__": module or "builtins", "__qualname__": name,
                               "__str__": lambda self: text})
    return cls(text)  # type: ignore[no-any-return]


def write_file(path: str, options: Mapping[str, Any],
               operations: Sequence[Mapping[str, Any]], params: Mapping[str, Any],
               records: Mapping[str, Sequence[Record]]) -> int:
    """A file ``main`` writes (a ``WriteNode``), written as ``main`` writes it: opened
    with ``open(path, "w", **options)`` (a relative path from the working directory,
    the workflow's), then each operation made in turn, its values evaluated over the
    DAG run's params and upstream runs. An error is ``main``'s (``json.dump`` of a
    value JSON cannot hold): the task fails with it, as ``main`` does. Returns the
    file's size in characters."""
    import csv
    import json

    with open(path, "w", **options) as file:
        for operation in operations:
            how, keywords = operation["how"], dict(operation["keywords"])
            values = [evaluate(a, params, records, plain=False) for a in operation["args"]]
            if how == "write":
                file.write(*values)
            elif how == "json.dump":
                json.dump(values[0], file, **keywords)
            elif how in ("yaml.dump", "yaml.safe_dump"):
                import yaml

                getattr(yaml, how.partition(".")[2])(values[0], file, **keywords)
            elif how in ("csv.writerow", "csv.writerows"):
                getattr(csv.writer(file, **keywords), how.partition(".")[2])(values[0])
            else:
                raise MotokoError(f"{path}: unknown write operation {how!r}; trace the "
                                  "workflow again with this motoko-airflow")
        return file.tell()


def holds(expr: Any, params: Mapping[str, Any], records: Mapping[str, Sequence[Record]],
          items: Mapping[str, Any] | None = None) -> bool:
    """Whether a node's ``when`` guard holds (None: always)."""
    if expr is None:
        return True
    return bool(evaluate(expr, params, records, items, plain=False))


def loop_items(loops: Sequence[Any], params: Mapping[str, Any],
               records: Mapping[str, Sequence[Record]]) -> list[dict[str, Any]]:
    """The items of a mapped node: one scope (loop var -> plain item) per combination of
    its loops, nested in order (a later loop may read an earlier one's item)."""
    from motoko_airflow import graph

    scopes: list[dict[str, Any]] = [{}]
    for loop in loops:
        if isinstance(loop, dict):
            loop = graph.Loop(loop["var"], graph.expr_from_dict(loop["over"]))
        scopes = [{**scope, loop.var: to_json(item), POSITION + loop.var: at}
                  for scope in scopes
                  for at, item in enumerate(evaluate(loop.over, params, records, scope,
                                                     plain=False))]
    return scopes


def task_calls(job_params: Mapping[str, Any], run_params: Mapping[str, Any] | None,
               job_exprs: Mapping[str, Any], run_exprs: Mapping[str, Any] | None,
               params: Mapping[str, Any], records: Mapping[str, Sequence[Record]],
               scopes: Sequence[Mapping[str, Any]]
               ) -> list[tuple[dict[str, Any], dict[str, Any] | None, Mapping[str, Any]]]:
    """The ``(job params, run params, loop items)`` of each ``createTask`` a task stands
    for: one per scope (``[{}]`` for a task outside loops), its plain ``job_params`` and
    ``run_params`` updated with its evaluated ``job_exprs`` and ``run_exprs`` (run params
    None when it has neither)."""
    calls = []
    for scope in scopes:
        job = dict(job_params)
        job.update({k: evaluate(e, params, records, scope) for k, e in job_exprs.items()})
        run = dict(run_params or {}) if (run_params or run_exprs) else None
        if run_exprs:
            assert run is not None
            run.update({k: evaluate(e, params, records, scope) for k, e in run_exprs.items()})
        calls.append((job, run, scope))
    return calls


def create_calls(study: Any, calls: Sequence[tuple[dict[str, Any], dict[str, Any] | None,
                                                   Mapping[str, Any]]],
                 *, run_name: str, event_name: str, retry_token: str | None = None,
                 dag_id: str | None = None) -> tuple[list[int], list[dict[str, Any]]]:
    """Create (or find again: idempotent) the runs of ``calls`` in ``study``: their run
    ids, in order, each as often as ``createTask`` returns it (a job given twice, as in
    ``x=[1.0, 2.0, 1.0]``, is the same run twice: fan-ins keep it twice, as ``main``'s
    list does), and, beside each, the loop items of the call that returned it
    (:func:`item_key` of each, and the item's position in its loop; what
    :func:`with_items` puts on its record). A run that several iterations make (the same
    job from other items, or an item given twice) is there once per iteration, each
    with that iteration's items: as ``main`` sees it in each."""
    run_ids: list[int] = []
    items: list[dict[str, Any]] = []
    for job, run, scope in calls:
        pairs = study.create_runs(job, run, run_name=run_name, event_name=event_name,
                                  retry_token=retry_token, dag_id=dag_id)
        run_ids.extend(int(r.id) for r, _ in pairs)
        keys = {k: (v if k.startswith(POSITION) else item_key(v)) for k, v in scope.items()}
        items.extend(keys for _ in pairs)
    return run_ids, items


def with_items(records: list[Record], items: Sequence[Mapping[str, Any]]) -> list[Record]:
    """``records`` (changed in place; one per run id :func:`create_calls` returned, in
    its order) each with ``items``, the loop items of the call that made it, when it has
    some (so ``Runs`` inside a loop can read the current item's)."""
    if items and len(items) != len(records):
        raise MotokoError(f"{len(records)} run records for {len(items)} loop items: "
                          "the runs were not found again as they were made")
    for record, made_for in zip(records, items, strict=False):
        if made_for:
            record["items"] = dict(made_for)
    return records


def mapped_items(loops: Sequence[Any], when: Any, params: Mapping[str, Any],
                 records: Mapping[str, Sequence[Record]]
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The items of a mapped node (:func:`loop_items`), and those for which its guard
    ``when`` holds (the ones it makes runs for). A guard that reads none of the node's
    own loops is tested first: on a branch ``main`` did not take, the loops are not
    evaluated at all (they may read runs that branch never made)."""
    from motoko_airflow import graph

    if when is not None:
        expr = graph.expr_from_dict(when) if isinstance(when, dict) else when
        own = {lp["var"] if isinstance(lp, dict) else lp.var for lp in loops}

        def per_item(part: Any) -> bool:
            return any(isinstance(e, graph.Item) and e.loop in own
                       or isinstance(e, graph.Runs) and own & set(e.scope)
                       for e in graph.walk(part))

        # the tests before the first that reads an item (a guard's, before the checks
        # of values main computed per item): false, and no item is made
        for part in graph.conjuncts(expr):
            if per_item(part):
                break
            if not holds(part, params, records):
                return [], []
    items = loop_items(loops, params, records)
    return items, [item for item in items if holds(when, params, records, item)]


def items_label(items: Sequence[Mapping[str, Any]] | None, limit: int = 80) -> str:
    """A short label of a batch of loop items, for a mapped task instance: ``x=0.718``,
    ``mult.3 → x=2.1`` (an upstream run: study, run id, its job's parameters, so that it
    is not read as the mapped task's own run), ``mult.3 → x=2.1, y=2``, or
    ``mult.3 → x=2.1; ... (40 items)``."""
    if not items:
        return "no item"

    def short(var: str, value: Any) -> str:
        if isinstance(value, dict) and "run_id" in value:
            name = f"{value['study']}.{value['run_id']}" if value.get("study") else \
                f"run {value['run_id']}"
            job = {k: v for k, v in (value.get("job") or {}).items() if k != "id"}
            shown = ", ".join(short(k, v) for k, v in list(job.items())[:3])
            more = ", ..." if len(job) > 3 else ""
            return f"{name} → {shown}{more}" if shown else name
        if isinstance(value, list) and value and isinstance(value[0], dict) \
                and "run_id" in value[0]:
            return short(var, value[0])  # a (run, job) pair
        if isinstance(value, float):
            return f"{var}={value:g}"
        if isinstance(value, list):
            return f"{var}=({', '.join(short(var, v).split('=', 1)[-1] for v in value)})"
        return f"{var}={value}"

    labels = [", ".join(short(var, value) for var, value in item.items()
                        if not var.startswith(POSITION)) or "item"
              for item in items]
    text = "; ".join(labels)
    if len(text) <= limit:
        return text
    return f"{labels[0][:limit - 20]}; ... ({len(labels)} items)"


def _plain(value: Any, tuples: bool = False) -> Any:
    if isinstance(value, (RunView, JobView)):
        raise MotokoError("a whole run or job cannot be a job parameter; use one of its "
                          "fields, e.g. run.id or run.y")
    if getattr(value, "ndim", 0) and type(value).__module__ == "numpy":
        raise MotokoError("a numpy array cannot be a job parameter (main would pass the "
                          "array itself); pass list(...) or [float(v) for v in ...]")
    if not (tuples and _numpy_number(value)):  # an element keeps its numpy number
        value = to_plain(value)
    if isinstance(value, tuple) and tuples:
        items = (_plain(v, tuples) for v in value)
        if type(value) is not tuple and isinstance(getattr(value, "_fields", None), tuple):
            return type(value)(*items)  # a namedtuple of main's stays one (its fields)
        return tuple(items)
    if isinstance(value, (tuple, list)):
        return [_plain(v, tuples) for v in value]
    if isinstance(value, dict) and not _is_record(value):
        if tuples and type(value) is not dict:
            return value  # a Counter, an OrderedDict...: an element keeps its type
        return {k: _plain(v, tuples) for k, v in value.items()}
    return value


def _numpy_number(value: Any) -> bool:
    """A numpy number (a run output ``doIt.py`` stored as one, ``np.mean`` of outputs):
    ``str([...])`` and ``type()`` tell it from a float."""
    return type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and \
        getattr(getattr(value, "dtype", None), "kind", "") in "biuf"


def flatten_records(value: Any, mapped: bool) -> list[Record]:
    """Upstream XCom (a list of records, or per map instance a list of lists)."""
    if value is None:
        return []
    items = list(value[:]) if hasattr(value, "__getitem__") else list(value)
    if not mapped:
        return items
    return [record for instance in items if instance for record in instance]


def batches(records: Sequence[Record], limit: int) -> list[list[Record]]:
    """Split records into at most ``limit`` batches (one batch per map instance), so a
    sweep wider than Airflow's ``max_map_length`` still runs (no silent cap)."""
    if not records:
        return []
    size = max(1, -(-len(records) // max(1, limit)))
    return [list(records[i:i + size]) for i in range(0, len(records), size)]


# ---- runs -----------------------------------------------------------------------------


@dataclass
class Progress:
    """Where a set of runs stands."""

    run_ids: list[int]
    states: dict[int, str]

    @property
    def failed(self) -> list[int]:
        from motoko_airflow.blackdynamite import FAILED_STATES

        return sorted(i for i, s in self.states.items() if s in FAILED_STATES)

    @property
    def finished(self) -> bool:
        return all(s == "FINISHED" for s in self.states.values())

    def summary(self) -> str:
        from collections import Counter

        counts = Counter(self.states.values())
        return ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))


def launch(study: Study, run_ids: Sequence[int]) -> list[int]:
    """Start the runs still CREATED (detached: they outlive this process)."""
    from motoko_airflow.launcher import Launcher

    study.sync()
    created = [i for i, s in study.states(run_ids).items() if s == "CREATED"]
    return Launcher(study).launch(created) if created else []


def progress(study: Study, run_ids: Sequence[int]) -> Progress:
    """The runs' states now; runs whose script ended without finishing, or whose
    process is gone, become FAILED (``Study.settle_exited``), and FINISHED runs whose
    script still runs are reported FINISHING."""
    study.refresh()
    study.settle_exited(run_ids)
    states = study.states(run_ids)
    # FINISHED counts once the run's script has ended too (it may still fail after it)
    for run_id in study.script_running([i for i, s in states.items() if s == "FINISHED"]):
        states[run_id] = "FINISHING"
    return Progress(list(run_ids), states)


def held_back(study: Study, run_ids: Sequence[int]) -> tuple[float, str] | None:
    """Whether the study's Slurm launcher holds some of these runs back for a limit of
    the site (``MaxJobCount``, a QOS): since when (the hold's key), and one line saying
    how many and why; None when it holds none of them."""
    from motoko_airflow import slurm_arrays

    held = slurm_arrays.read_held(study.bd_dir)
    mine = set(held.runs) & set(run_ids) if held is not None else set()
    if held is None or not mine:
        return None
    return held.since, held.text(len(mine))


def records(study: Study, run_ids: Sequence[int]) -> list[Record]:
    """The plain-JSON records of runs, in the given order."""
    from motoko_airflow.blackdynamite import run_record

    study.sync()
    return [run_record(study.name, *study.get_run(i), exact=True) for i in run_ids]


def failure_message(study: Study, run_ids: Sequence[int]) -> str:
    """Which runs FAILED, why when it is known (``run.failure_reason``: e.g. their
    process was killed), then the tail of their output."""
    runs = [study.get_run(i)[0] for i in run_ids]
    reasons = "; ".join(f"run {run.id}: {run.failure_reason}" for run in runs
                        if getattr(run, "failure_reason", None))
    tails = "\n".join(study.output_tail(run) for run in runs)
    ids = ", ".join(str(i) for i in run_ids)
    why = f" ({reasons})" if reasons else ""
    return f"study {study.name}: run(s) {ids} FAILED{why}\n{tails}"


def select_records(study: Study, constraints: Sequence[str], run_name: str,
                   all_of: Sequence[Sequence[str]] = ()) -> list[Record] | None:
    """Records matching ``constraints`` (None while the condition does not hold).

    With ``all_of``, the selection must be non-empty and every selected run must
    satisfy one same constraint set of ``all_of`` (Motoko's ``TaskSelection.all``).
    """
    from motoko_airflow.blackdynamite import parse_constraints, run_record

    study.sync()
    selection = study.select(list(constraints), run_name=run_name)
    if not selection:
        return None
    if all_of:
        types = study.types
        sets = [parse_constraints(list(c), types) for c in all_of]
        if not any(all(all(c.matches(r, j, types) for c in s) for r, j in selection)
                   for s in sets):
            return None
    return [run_record(study.name, r, j, exact=True) for r, j in selection]
