"""The workflow graph IR: what the tracer produces and the renderer consumes.

A :class:`Graph` is plain, immutable data (frozen dataclasses holding tuples, strings,
numbers and JSON-style dicts). It imports nothing heavy (no Airflow, BlackDynamite,
numpy or pandas) and round-trips losslessly through JSON (``Graph.to_json()`` /
``Graph.from_json()``); the JSON key order is fixed, so the same graph always gives
byte-identical text. ``version`` is :data:`FORMAT_VERSION` (2: guards, loops over any
list, calls and conditional expressions); a graph of another version is refused with
"re-run `motoko trace`".

Graph-level fields
------------------
``dag_id``            default DAG id (the workflow directory's name, sanitised).
``workflow``          absolute path of the workflow's ``motoko.yaml``: the runtime loads
                      the workflow (studies, generator, ``airflow:`` settings) from it.
``orchestrator``      :class:`CallableRef` of the orchestrator's ``main``.
``task_managers``     the real task manager names (aliases already resolved).
``aliases``           ``alias -> task manager`` as declared, for display only; every node
                      already names the real task manager.
``fixed``             ``name -> value`` of the params ``main`` was traced with as plain
                      values (absent when none): the nodes hold what ``main`` computed
                      from those values, so a DAG run must have exactly them; render
                      each as a one-value Param (``enum``) saying so.
``read_files``        ``path -> digest`` of the files (and directory listings) ``main``
                      read while it was traced, and of the workflow's own modules
                      (absent when none): the nodes hold what they held then, so the DAG
                      refuses to load once one changed (:mod:`motoko_airflow.read_files`).
``read_env``          ``name -> value`` (None: unset) of the environment variables
                      ``main`` read while it was traced (absent when none): the DAG
                      refuses to load where one differs.
``params``            the DAG params, JSON-schema style: ``name -> {"type", "default",
                      "description", "enum", "minItems", "maxItems", "items", ...}``; build
                      one ``airflow.sdk.Param(spec["default"], **rest)`` per entry. The
                      optional ``run_name`` param (string or null) is always present; the
                      renderer adds the run-name rule to it (``params.RUN_NAME_SCHEMA``).
``nodes``             the tasks, in a topological order.
``edges``             :class:`Edge` ``(source, target, kind)``; ``kind`` is ``"data"``
                      (the target reads the source's runs) or ``"order"`` (the source was
                      awaited before the target started: sequential awaits).
``fail_fast``         True when the orchestrator registered an error handler.
``error_handler``     :class:`ErrorHandler` or None: the event (default
                      ``"state = FAILED"``) and callback to run when a run fails.

Nodes (``kind`` in JSON) and what each resolves at run time
-----------------------------------------------------------
Every node but actions has ``when``: None (always runs) or a boolean :data:`Expr` over
params and upstream runs (a branch of ``main``). A node whose ``when`` is false does
nothing: its task is *skipped* (so are the tasks only it leads to), and tasks after a
join still run. Inside a mapped node, ``when`` may read the loop items: it then filters
the items (no runs for the items where it is false).

:class:`CreateTaskNode` (``create_task``) - one ``TaskManagerOperator``. At run time it
    evaluates ``job_params`` and ``run_params`` (name -> :data:`Expr`), creates the runs
    in ``task_manager``'s study tagged ``event_name`` (Motoko's: the name of the
    function that called ``createTask``, so the native runtime finds the same runs),
    launches them and waits until all are FINISHED. Its result (XCom) is the list of
    its run records. With ``foreach`` (a tuple of :class:`Loop`), the node is *mapped*:
    one ``createTask`` per combination of the loops' items (the product, nested in
    order; a later loop's ``over`` may read an earlier loop's item), in order; inside
    one call, :class:`Item` ``(loop.var)`` denotes that loop's current item. The node's
    runs are the concatenation of all calls' runs, in item order.
:class:`SensorNode` (``sensor``) - one ``ConstraintSensor``/``AllRunsSensor``. Waits
    until every :class:`Condition` in ``conditions`` holds (they are AND-combined:
    ``sel_a & sel_b``), then returns the matching run records (the concatenation over
    its conditions). A condition with ``all_of`` empty holds when the selection of
    ``constraints`` in its task manager is non-empty; with ``all_of`` it holds when the
    selection is non-empty and every selected run satisfies at least one of the
    ``all_of`` constraint lists (Motoko's ``TaskSelection.all``). Selections are scoped
    to the DAG run's ``run_name`` by the runtime.
:class:`ActionNode` (``action``) - a ``workflow.add_action`` registration. All action
    nodes of a graph run together in ONE event-loop task (``ActionOperator``), in
    ``index`` order, with Motoko's semantics. ``event`` is either constraints (data) or
    a :class:`CallableRef`; ``callback`` and ``get_params`` are :class:`CallableRef`.
    References with ``importable == False`` (lambdas, functions defined inside
    ``main``) cannot be imported by name: the runtime obtains them by calling the
    orchestrator's ``main`` with a workflow that only records actions, and takes the
    registration with the same ``index``.
:class:`FallbackNode` (``fallback``) - ``main`` run with Motoko's native loop as one
    ``OrchestratorOperator`` task, with the DAG params and run name. ``partial`` False:
    the whole orchestrator could not be traced (``--fallback``). ``partial`` True: the
    nodes before it are the part of ``main`` that could be compiled; the task runs
    ``main`` from the start and ``createTask`` (idempotent) finds their runs FINISHED,
    so it really does only the rest. ``reason`` says why (``file:line: ...``).
    ``statement``: the first and last lines of the statement of ``main``'s body the
    path was cut in, when no statement after it awaits or calls other than a safe
    built-in: the task makes runs for that statement only (in effect a segment of it;
    left out of the JSON when None).
:class:`SegmentNode` (``segment``) - one statement of ``main``'s own body (a ``while``
    whose exit reads outputs, a ``for``, a ``try`` around a helper coroutine, a ``with
    contextlib.suppress``) that makes steps and cannot be compiled, run as one
    ``SegmentOperator`` task: it runs ``main`` natively on the DAG run's run name (the
    compiled steps before it find their runs FINISHED) and stops right after the
    statement at ``line``/``column``, returning the variables ``names`` it binds (plain
    JSON; runs as their records); later nodes read them through
    ``Invoke(Function("motoko_airflow.segments", "value"), (Runs(id), Const(name)))``.
:class:`RaiseNode` (``raise``) - a ``raise`` statement of ``main`` (or of a routine it
    awaits) reached on a branch: when ``when`` holds, the task fails, and with it the DAG
    run, with the exception named ``error`` (a built-in's name, or the orchestrator's
    own class, shown as ``error: message``) and ``message`` (an :data:`Expr` evaluated
    like a job parameter, then ``str``); nothing of ``main`` after it exists on that
    branch. Its task is never retried.
:class:`WriteNode` (``write``) - a file ``main`` opens for writing (``open(path, "w")``,
    ``Path.write_text``) and closes before its next step: ``path`` as ``main`` names it
    (relative to the workflow directory, where ``main`` runs), ``options`` the plain
    keywords of its ``open`` (``encoding``, ``newline``), ``operations`` the calls
    ``main`` made on it, in order (:class:`Write`: ``write`` of a text, ``json.dump`` /
    ``yaml.dump`` / ``yaml.safe_dump`` of a value, ``csv.writerow`` / ``csv.writerows``
    of rows, with their plain keywords), each value an :data:`Expr` evaluated when the
    task runs (run records are not written: the tracer refuses them). Every step
    ``main`` makes after it comes after it, every step before it before it.

Expressions (:data:`Expr`, ``kind`` in JSON), evaluated by the runtime
--------------------------------------------------------------------
:class:`Const` a JSON value; :class:`Param` ``params[name]`` (the DAG run's params,
``run_name`` included); :class:`Runs` the ``(run, job)`` pairs of a node (all its map
instances, in order; with ``scope``, a tuple of loop names, only the runs made for the
current item of each of those loops that is current where it is evaluated: inside ``for
x in xs: runs = await a.createTask(x=x)``, ``runs`` are this ``x``'s; run records carry
``items``, the loop items they were made for); :class:`Item` the current item of loop
``loop``: ``part`` ``"value"`` is the item itself, ``"run"``/``"job"`` its first/second
element (the run and the job of a ``(run, job)`` pair); :class:`Collect` fan-in:
``[element for item in over if where]`` with ``loop`` naming the item; :class:`Attr`
attribute (``run.y``, ``job.x``, ``run.id``; on a mapping it reads the key),
:class:`Index` ``value[index]``, :class:`BinOp` (``+ - * / // % **``, comparisons ``< <=
> >= == !=``, ``in``/``not in``, and the lazy ``and``/``or`` with Python's meaning),
:class:`UnaryOp` (``- + abs not``), :class:`ListExpr` and :class:`DictExpr` (string
keys), :class:`Call` one of :data:`FUNCTIONS` (``len sum min max sorted round abs str
int float bool list zip enumerate range format repr``; ``format(value, spec)`` is
Python's), :class:`Cond` ``then if test else orelse`` (only the chosen side is
evaluated). A run, wherever it appears (``Runs``, ``Item``, ``Collect``), is a ``(run,
job)`` pair whose run reads a record's ``run_id``/``state``/run entries and whose job
reads ``job_id``/job parameters.

Run-time calls. :class:`Function` names a callable without holding it (the graph stays
data): ``module`` and ``qualname`` (``statistics`` / ``fmean``, ``numpy`` /
``linspace``, ``builtins`` / ``sorted``, or a function of the workflow's own code,
whose ``file`` is then the absolute path of its module); a ``lambda`` or a ``def``
inside another function has ``qualname`` ``<lambda>`` or its name and is found at
``line``/``column`` of ``file`` (it reads no variable of the function around it: the
tracer checked). Its value is the callable itself (``key=`` of ``sorted``).
:class:`Invoke` ``callee(*args, **dict(zip(keywords, values)))``: the runtime imports
the callee's module (the workflow's modules from their files), calls it with the
evaluated arguments and keeps the result as Python returns it (a numpy array stays
one, so ``grid * 2`` means what it meant in ``main``); results become plain JSON only
where a value leaves the expression (a job parameter, a loop item). The tracer only
makes calls whose callee is deterministic and changes nothing it does not own.

Every node also carries ``lineno``, the orchestrator line it was traced from (for
messages and docs only).

Renderer contract
-----------------
``motoko_airflow.render.dag_from_graph(graph: Graph, *, dag_id: str | None = None)``
receives a :class:`Graph` (as built here or by ``Graph.from_json``) and returns an
``airflow.sdk.DAG``: one task per node (``task_id`` = node id; actions grouped into one
task), dependencies from ``edges`` (both kinds), ``params`` from ``graph.params``,
``fail_fast=graph.fail_fast``, ``dag_id`` argument overriding ``graph.dag_id``. It must
not trace or import the orchestrator at parse time. ``motoko trace --format python``
emits a DAG file that calls exactly ``dag_from_graph(Graph.from_dict(GRAPH),
dag_id=...)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

__all__ = [
    "FORMAT_VERSION",
    "FUNCTIONS",
    "ActionNode",
    "Attr",
    "BinOp",
    "Call",
    "CallableRef",
    "Collect",
    "Cond",
    "Condition",
    "Const",
    "CreateTaskNode",
    "DictExpr",
    "Edge",
    "ErrorHandler",
    "Expr",
    "FallbackNode",
    "SegmentNode",
    "Function",
    "Graph",
    "Index",
    "Invoke",
    "Item",
    "ListExpr",
    "TupleExpr",
    "Loop",
    "Node",
    "Param",
    "RaiseNode",
    "Runs",
    "SensorNode",
    "UnaryOp",
    "Write",
    "WriteNode",
    "expr_from_dict",
    "expr_nodes",
    "expr_to_dict",
]

FORMAT_VERSION = 2

BINARY_OPS = ("+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "==", "!=",
              "in", "not in", "and", "or", "is", "is not", "&", "|", "^", "<<", ">>")
UNARY_OPS = ("-", "+", "abs", "not", "~")
FUNCTIONS = ("len", "sum", "min", "max", "sorted", "round", "abs", "str", "int", "float",
             "bool", "list", "zip", "enumerate", "range", "format", "repr", "any", "all")


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Const:
    """A constant JSON value (number, string, bool, None)."""

    kind: ClassVar[str] = "const"
    value: Any

    def __str__(self) -> str:
        return repr(self.value)


@dataclass(frozen=True)
class Param:
    """``params[name]``: a DAG param."""

    kind: ClassVar[str] = "param"
    name: str

    def __str__(self) -> str:
        return f"params[{self.name!r}]"


@dataclass(frozen=True)
class Runs:
    """The ``(run, job)`` pairs of a node: all of them, or, for the loops in ``scope``
    whose item is current here, only those its ``createTask`` made for that item."""

    kind: ClassVar[str] = "runs"
    node: str
    scope: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"runs of {self.node}" + (f" for this {', '.join(self.scope)}"
                                         if self.scope else "")


@dataclass(frozen=True)
class Item:
    """The current item of loop ``loop`` (``part``: ``value``, ``run`` or ``job``)."""

    kind: ClassVar[str] = "item"
    loop: str
    part: str = "value"

    def __str__(self) -> str:
        return f"{self.loop}.job" if self.part == "job" else self.loop


@dataclass(frozen=True)
class Collect:
    """Fan-in: ``[element for loop in over if where]``."""

    kind: ClassVar[str] = "collect"
    loop: str
    over: Expr
    element: Expr
    where: Expr | None = None

    def __str__(self) -> str:
        cond = f" if {self.where}" if self.where is not None else ""
        return f"[{self.element} for {self.loop} in {self.over}{cond}]"


@dataclass(frozen=True)
class Attr:
    kind: ClassVar[str] = "attr"
    value: Expr
    name: str

    def __str__(self) -> str:
        return f"{self.value}.{self.name}"


@dataclass(frozen=True)
class Index:
    kind: ClassVar[str] = "index"
    value: Expr
    index: Expr

    def __str__(self) -> str:
        return f"{self.value}[{self.index}]"


@dataclass(frozen=True)
class BinOp:
    kind: ClassVar[str] = "binop"
    op: str
    left: Expr
    right: Expr

    def __post_init__(self) -> None:
        if self.op not in BINARY_OPS:
            raise ValueError(f"unknown binary operator {self.op!r}")

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


@dataclass(frozen=True)
class UnaryOp:
    kind: ClassVar[str] = "unaryop"
    op: str
    operand: Expr

    def __post_init__(self) -> None:
        if self.op not in UNARY_OPS:
            raise ValueError(f"unknown unary operator {self.op!r}")

    def __str__(self) -> str:
        if self.op == "abs":
            return f"abs({self.operand})"
        return f"not {self.operand}" if self.op == "not" else f"{self.op}{self.operand}"


@dataclass(frozen=True)
class ListExpr:
    kind: ClassVar[str] = "list"
    items: tuple[Expr, ...]

    def __str__(self) -> str:
        return "[" + ", ".join(str(i) for i in self.items) + "]"


class TupleExpr(ListExpr):
    """A tuple ``main`` built, while it is traced: a :class:`ListExpr` (its JSON form, and
    what the DAG holds); the mark says that ``main`` holds a tuple there (see
    :mod:`motoko_airflow.trace.tuples`). Equal to the list of the same items."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ListExpr) and self.items == other.items

    __hash__ = ListExpr.__hash__


@dataclass(frozen=True)
class DictExpr:
    kind: ClassVar[str] = "dict"
    keys: tuple[str, ...]
    values: tuple[Expr, ...]

    def __str__(self) -> str:
        return (
            "{"
            + ", ".join(f"{k!r}: {v}" for k, v in zip(self.keys, self.values, strict=True))
            + "}"
        )


@dataclass(frozen=True)
class Call:
    """``function(*args)`` for one of :data:`FUNCTIONS`."""

    kind: ClassVar[str] = "call"
    function: str
    args: tuple[Expr, ...]

    def __post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise ValueError(f"unknown function {self.function!r}")

    def __str__(self) -> str:
        return f"{self.function}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class Cond:
    """``then if test else orelse``."""

    kind: ClassVar[str] = "cond"
    test: Expr
    then: Expr
    orelse: Expr

    def __str__(self) -> str:
        return f"({self.then} if {self.test} else {self.orelse})"


@dataclass(frozen=True)
class Function:
    """A callable named by its module and qualified name (or, for a lambda or a ``def``
    inside a function, by its position in ``file``); its value is the callable.

    A lambda or ``def`` found by position is made again in its module's namespace, where
    its default values would be evaluated anew (``lambda p, c=center: ...`` would read
    the module's ``center``, or none): ``defaults`` and ``kwdefaults`` hold the values
    main gave them (numbers, strings, booleans, None), set on the callable made again."""

    kind: ClassVar[str] = "function"
    module: str
    qualname: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    defaults: tuple[Any, ...] | None = None
    kwdefaults: tuple[tuple[str, Any], ...] | None = None
    #: a block of main's statements (qualname ``<block>``): the position (line, column)
    #: of its last statement; the first is ``line``/``column``
    end: tuple[int, int] | None = None

    def __str__(self) -> str:
        if self.end is not None:
            return f"{self.module}.<lines {self.line}-{self.end[0]}>"
        where = f"@{self.line}:{self.column}" if self.line is not None else ""
        return f"{self.module}.{self.qualname}{where}"


@dataclass(frozen=True)
class Invoke:
    """``callee(*args, **dict(zip(keywords, values)))``, called at run time."""

    kind: ClassVar[str] = "invoke"
    callee: Function
    args: tuple[Expr, ...] = ()
    keywords: tuple[str, ...] = ()
    values: tuple[Expr, ...] = ()

    def __post_init__(self) -> None:
        if len(self.keywords) != len(self.values):
            raise ValueError("an invoke needs one value per keyword")

    def __str__(self) -> str:
        parts = [str(a) for a in self.args]
        parts += [f"{k}={v}" for k, v in zip(self.keywords, self.values, strict=True)]
        return f"{self.callee}({', '.join(parts)})"


Expr = (Const | Param | Runs | Item | Collect | Attr | Index | BinOp | UnaryOp | ListExpr
        | DictExpr | Call | Cond | Function | Invoke)

_EXPR_CLASSES: dict[str, Any] = {
    c.kind: c
    for c in (Const, Param, Runs, Item, Collect, Attr, Index, BinOp, UnaryOp, ListExpr,
              DictExpr, Call, Cond, Function, Invoke)
}


def _hash_once(cls: Any) -> None:
    """Give ``cls`` a hash computed once per object. An expression shares its parts (an
    iteration reads its previous iterates): the dataclass's hash walks it as a tree, in
    time exponential in its depth, at every lookup; kept, each object's is computed
    from its parts' once. Not pickled: a hash is the process's own (strings' are
    salted)."""
    computed = cls.__hash__

    def __hash__(self: Any) -> int:
        kept = self.__dict__.get("_hash")
        if kept is None:
            kept = computed(self)
            object.__setattr__(self, "_hash", kept)
        return int(kept)

    def __getstate__(self: Any) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in _KEPT}

    cls.__hash__ = __hash__
    cls.__getstate__ = __getstate__


for _cls in (*_EXPR_CLASSES.values(), TupleExpr):
    _hash_once(_cls)

#: what an expression object keeps about itself, computed once (not pickled): its hash
#: (above), and what :func:`walk` and :func:`_expr_nodes` find in it. An expression is
#: frozen and its parts are expressions (a ``Const``'s value, which may be a list, is
#: read by none of these), so what is kept is the object's for its whole life: no
#: cache to clear, nothing keyed by an id that could be another object's later.
_KEPT = frozenset({"_hash", "_walk", "_nodes"})

# fields holding one expression / a tuple of expressions (Const.value is plain data)
_EXPR_FIELDS = {"over", "element", "where", "value", "index", "left", "right", "operand",
                "test", "then", "orelse", "callee"}
_EXPRS_FIELDS = {"items", "values", "args"}


def expr_to_dict(expr: Expr) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": expr.kind}
    for f in fields(expr):
        value = getattr(expr, f.name)
        if f.name == "scope" and not value:
            continue  # the default: all runs
        if isinstance(expr, Const) or value is None:
            out[f.name] = value
        elif f.name in _EXPRS_FIELDS:
            out[f.name] = [expr_to_dict(v) for v in value]
        elif f.name in _EXPR_FIELDS:
            out[f.name] = expr_to_dict(value)
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def expr_from_dict(data: dict[str, Any]) -> Expr:
    kind = data["kind"]
    cls = _EXPR_CLASSES.get(kind)
    if cls is None:
        raise ValueError(f"unknown expression kind {kind!r}; re-run `motoko trace`")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if cls is Const or value is None:
            kwargs[f.name] = value
        elif f.name in _EXPRS_FIELDS:
            kwargs[f.name] = tuple(expr_from_dict(v) for v in value)
        elif f.name in _EXPR_FIELDS:
            kwargs[f.name] = expr_from_dict(value)
        elif f.name in ("keys", "scope", "keywords", "defaults", "end"):
            kwargs[f.name] = tuple(value)
        elif f.name == "kwdefaults":
            kwargs[f.name] = tuple((k, v) for k, v in value)
        else:
            kwargs[f.name] = value
    return cls(**kwargs)  # type: ignore[no-any-return]


def _children(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of an expression class holding expressions: (name, is a tuple of them)."""
    if cls not in _CHILDREN:
        _CHILDREN[cls] = () if cls is Const else tuple(
            (f.name, f.name in _EXPRS_FIELDS) for f in fields(cls)
            if f.name in _EXPRS_FIELDS or f.name in _EXPR_FIELDS)
    return _CHILDREN[cls]


_CHILDREN: dict[type, tuple[tuple[str, bool], ...]] = {}


def subexpressions(expr: Expr) -> list[Expr]:
    """The expressions directly inside ``expr``."""
    out: list[Expr] = []
    for name, many in _children(type(expr)):
        value = getattr(expr, name)
        if value is None:
            continue
        if many:
            out.extend(value)
        else:
            out.append(value)
    return out


def walk(expr: Expr) -> list[Expr]:
    """``expr`` and every expression inside it, depth first, each object once: an
    expression shares sub-expressions (a secant update reads the previous iterates
    several times), and as a tree it grows exponentially with the iterations. (Found
    once per object and kept on it, see :data:`_KEPT`; a new list every call.)"""
    kept = expr.__dict__.get("_walk")
    if kept is None:
        out, todo, seen = [], [expr], set()
        while todo:
            e = todo.pop()
            if id(e) in seen:
                continue
            seen.add(id(e))
            out.append(e)
            todo.extend(reversed(subexpressions(e)))
        kept = tuple(out)
        object.__setattr__(expr, "_walk", kept)
    return list(kept)


def conjuncts(expr: Expr | None) -> list[Expr]:
    """``a and b and c`` as ``[a, b, c]``, in the order Python evaluates them (none for
    None)."""
    if expr is None:
        return []
    if isinstance(expr, BinOp) and expr.op == "and":
        return conjuncts(expr.left) + conjuncts(expr.right)
    return [expr]


def conjunction(parts: list[Expr]) -> Expr:
    """``parts[0] and parts[1] and ...`` (at least one part)."""
    out = parts[0]
    for more in parts[1:]:
        out = BinOp("and", out, more)
    return out


def tree_size(expr: Expr, sizes: dict[int, tuple[Expr, int]] | None = None,
              cap: int | None = None) -> int:
    """How many terms ``expr`` has written out (as JSON, as evaluated): each shared
    sub-expression counted every time it is used. Linear in the distinct objects.
    ``sizes``: those known, by object (filled in, each kept with its object as
    :func:`map_expr` keeps them: a table that outlives ``expr`` would otherwise give a
    freed object's size to a new one given its id); ``cap``: count no further."""
    sizes = {} if sizes is None else sizes
    todo: list[tuple[Expr, bool]] = [(expr, False)]
    while todo:
        e, children_done = todo.pop()
        if id(e) in sizes:
            continue
        children = subexpressions(e)
        if children_done:
            size = 1 + sum(sizes[id(c)][1] for c in children)
            sizes[id(e)] = (e, size if cap is None else min(cap, size))
        else:
            todo.append((e, True))
            todo.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(expr)][1]


def _expr_nodes(expr: Expr) -> frozenset[str]:
    # (not cached by value: hashing and comparing an expression that shares its
    # sub-expressions walks it as a tree, exponentially; walk() visits each object once;
    # kept on the object, see _KEPT)
    kept = expr.__dict__.get("_nodes")
    if kept is None:
        kept = frozenset(e.node for e in walk(expr) if isinstance(e, Runs))
        object.__setattr__(expr, "_nodes", kept)
    return kept  # type: ignore[no-any-return]


def expr_nodes(expr: Expr | None) -> set[str]:
    """The node ids an expression reads (its data dependencies)."""
    if expr is None:
        return set()
    return set(_expr_nodes(expr))


def map_expr(expr: Expr, fn: Any, _done: dict[int, Any] | None = None) -> Expr:
    """Rebuild ``expr`` bottom-up, replacing each sub-expression ``e`` by ``fn(e)`` (a
    shared sub-expression once: ``fn`` must not depend on where it is)."""
    done = {} if _done is None else _done
    known = done.get(id(expr))
    if known is not None:
        return known[1]  # type: ignore[no-any-return]
    children = _children(type(expr))
    if not children:
        out = fn(expr)
    else:
        changes: dict[str, Any] = {}
        for name, many in children:
            value = getattr(expr, name)
            if value is None:
                continue
            new: Any
            if many:
                new = tuple(map_expr(v, fn, done) for v in value)
                changed = any(a is not b for a, b in zip(new, value, strict=True))
            else:
                new = map_expr(value, fn, done)
                changed = new is not value
            if changed:
                changes[name] = new
        out = fn(replace(expr, **changes) if changes else expr)
    done[id(expr)] = (expr, out)  # the expression kept alive: its id stays its own
    return out  # type: ignore[no-any-return]


# ---------------------------------------------------------------- references


@dataclass(frozen=True)
class CallableRef:
    """A function of the orchestrator module (or another module), by name.

    ``module`` is the module's name (``orchestrator`` for the orchestrator file, whose
    path is ``file`` relative to the workflow directory); ``importable`` is False for
    lambdas and functions defined inside other functions; ``event_decorated`` records
    Motoko's ``@event`` decorator.
    """

    module: str
    qualname: str
    file: str | None = None
    lineno: int | None = None
    importable: bool = True
    event_decorated: bool = False

    def __str__(self) -> str:
        return f"{self.module}:{self.qualname}"


def _ref_from_dict(data: dict[str, Any] | None) -> CallableRef | None:
    return None if data is None else CallableRef(**data)


def _ref_to_dict(ref: CallableRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {f.name: getattr(ref, f.name) for f in fields(ref)}


# ---------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Condition:
    """One awaited selection: ``workflow.<task_manager>.select(constraints)[.all(*all_of)]``."""

    task_manager: str
    constraints: tuple[str, ...] = ()
    all_of: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Loop:
    """``for <var> in <over>``: one loop of a mapped node."""

    var: str
    over: Expr

    def __str__(self) -> str:
        return f"{self.var} in {self.over}"


@dataclass(frozen=True)
class CreateTaskNode:
    kind: ClassVar[str] = "create_task"
    id: str
    task_manager: str
    job_params: tuple[tuple[str, Expr], ...] = ()
    run_params: tuple[tuple[str, Expr], ...] | None = None
    foreach: tuple[Loop, ...] = ()
    when: Expr | None = None
    event_name: str = "main"
    lineno: int | None = None

    @property
    def map_over(self) -> str | None:
        """The node whose runs the first loop iterates (None: not mapped over runs)."""
        if self.foreach and isinstance(self.foreach[0].over, Runs):
            return self.foreach[0].over.node
        return None

    def expressions(self) -> list[Expr]:
        out = [e for _, e in self.job_params] + [e for _, e in self.run_params or ()]
        out += [lp.over for lp in self.foreach]
        return out + ([self.when] if self.when is not None else [])


@dataclass(frozen=True)
class SensorNode:
    kind: ClassVar[str] = "sensor"
    id: str
    conditions: tuple[Condition, ...]
    when: Expr | None = None
    lineno: int | None = None

    def expressions(self) -> list[Expr]:
        return [self.when] if self.when is not None else []


@dataclass(frozen=True)
class ActionNode:
    kind: ClassVar[str] = "action"
    id: str
    index: int
    event_name: str
    task: str
    event_constraints: tuple[str, ...] | None = None
    event_callable: CallableRef | None = None
    callback: CallableRef | None = None
    get_params: CallableRef | None = None
    lineno: int | None = None

    def expressions(self) -> list[Expr]:
        return []


@dataclass(frozen=True)
class FallbackNode:
    kind: ClassVar[str] = "fallback"
    id: str
    reason: str
    partial: bool = False
    when: Expr | None = None
    lineno: int | None = None
    statement: tuple[int, int] | None = None

    def expressions(self) -> list[Expr]:
        return [self.when] if self.when is not None else []


@dataclass(frozen=True)
class RaiseNode:
    kind: ClassVar[str] = "raise"
    id: str
    error: str
    message: Expr
    when: Expr | None = None
    lineno: int | None = None

    def expressions(self) -> list[Expr]:
        return [self.message] + ([self.when] if self.when is not None else [])


@dataclass(frozen=True)
class SegmentNode:
    kind: ClassVar[str] = "segment"
    id: str
    reason: str
    line: int
    column: int
    names: tuple[str, ...] = ()
    when: Expr | None = None
    lineno: int | None = None

    def expressions(self) -> list[Expr]:
        return [self.when] if self.when is not None else []


@dataclass(frozen=True)
class Write:
    """One call ``main`` made on a file it writes: ``how`` (``write``, ``json.dump``,
    ``yaml.dump``, ``yaml.safe_dump``, ``csv.writerow``, ``csv.writerows``), the
    values it was given (``args``: the text, the value dumped, the row or rows) and its
    plain keywords (``json.dump``'s ``indent``, the csv writer's dialect options)."""

    how: str
    args: tuple[Expr, ...] = ()
    keywords: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        shown = [str(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.keywords]
        return f"{self.how}({', '.join(shown)})"


#: what :class:`Write` may call
WRITES = ("write", "json.dump", "yaml.dump", "yaml.safe_dump", "csv.writerow",
          "csv.writerows")


@dataclass(frozen=True)
class WriteNode:
    kind: ClassVar[str] = "write"
    id: str
    path: str
    operations: tuple[Write, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()
    when: Expr | None = None
    lineno: int | None = None

    def expressions(self) -> list[Expr]:
        out = [a for w in self.operations for a in w.args]
        return out + ([self.when] if self.when is not None else [])


Node = (CreateTaskNode | SensorNode | ActionNode | FallbackNode | RaiseNode | SegmentNode
        | WriteNode)
_NODE_CLASSES: dict[str, Any] = {
    c.kind: c for c in (CreateTaskNode, SensorNode, ActionNode, FallbackNode, RaiseNode,
                        SegmentNode, WriteNode)
}


def node_inputs(node: Node) -> set[str]:
    """The nodes whose runs this node reads (its loops, params and guard)."""
    return set(_node_inputs(node))


def _node_inputs(node: Node) -> frozenset[str]:
    found: set[str] = set()
    for e in node.expressions():
        found |= _expr_nodes(e)
    return frozenset(found)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str = "order"  # "data" | "order"


@dataclass(frozen=True)
class ErrorHandler:
    event_constraints: tuple[str, ...] | None = ("state = FAILED",)
    event_callable: CallableRef | None = None
    callback: CallableRef | None = None
    task: str = "__all__"


def _params_to_dict(pairs: tuple[tuple[str, Expr], ...] | None) -> dict[str, Any] | None:
    if pairs is None:
        return None
    return {name: expr_to_dict(e) for name, e in pairs}


def _params_from_dict(data: dict[str, Any] | None) -> tuple[tuple[str, Expr], ...] | None:
    if data is None:
        return None
    return tuple((name, expr_from_dict(e)) for name, e in data.items())


def node_to_dict(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": node.kind}
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name in ("job_params", "run_params"):
            value = _params_to_dict(value)
        elif f.name == "conditions":
            value = [
                {
                    "task_manager": c.task_manager,
                    "constraints": list(c.constraints),
                    "all_of": [list(a) for a in c.all_of],
                }
                for c in value
            ]
        elif f.name == "foreach":
            value = [{"var": lp.var, "over": expr_to_dict(lp.over)} for lp in value]
        elif f.name in ("when", "message"):
            value = None if value is None else expr_to_dict(value)
        elif f.name == "operations":
            value = [{"how": w.how, "args": [expr_to_dict(a) for a in w.args],
                      "keywords": {k: v for k, v in w.keywords}} for w in value]
        elif f.name == "options":
            value = dict(value)
        elif isinstance(value, CallableRef):
            value = _ref_to_dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        elif f.name == "statement" and value is None:
            continue  # (added later: graphs without it stay as they were)
        out[f.name] = value
    return out


def node_from_dict(data: dict[str, Any]) -> Node:
    cls = _NODE_CLASSES.get(data.get("kind", ""))
    if cls is None:
        raise ValueError(f"unknown node kind {data.get('kind')!r}; re-run `motoko trace`")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name in ("job_params", "run_params"):
            value = _params_from_dict(value)
        elif f.name == "conditions":
            value = tuple(
                Condition(
                    c["task_manager"], tuple(c["constraints"]), tuple(tuple(a) for a in c["all_of"])
                )
                for c in value
            )
        elif f.name == "foreach":
            value = tuple(Loop(lp["var"], expr_from_dict(lp["over"])) for lp in value)
        elif f.name in ("when", "message"):
            value = None if value is None else expr_from_dict(value)
        elif f.name == "operations":
            value = tuple(Write(w["how"], tuple(expr_from_dict(a) for a in w["args"]),
                                tuple((k, tuple(v) if isinstance(v, list) else v)
                                      for k, v in w["keywords"].items())) for w in value)
        elif f.name == "options":
            value = tuple(value.items())
        elif f.name in ("event_callable", "callback", "get_params"):
            value = _ref_from_dict(value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- graph


@dataclass(frozen=True)
class Graph:
    dag_id: str
    workflow: str
    orchestrator: CallableRef
    task_managers: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    fail_fast: bool = False
    error_handler: ErrorHandler | None = None
    version: int = FORMAT_VERSION
    fixed: dict[str, Any] = field(default_factory=dict)
    read_files: dict[str, str] = field(default_factory=dict)
    read_env: dict[str, str | None] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def upstream(self, node_id: str) -> list[str]:
        return sorted({e.source for e in self.edges if e.target == node_id})

    @property
    def is_fallback(self) -> bool:
        """True when the whole orchestrator is one task (nothing compiled)."""
        return any(isinstance(n, FallbackNode) and not n.partial for n in self.nodes)

    @property
    def fallback(self) -> FallbackNode | None:
        return next((n for n in self.nodes if isinstance(n, FallbackNode)), None)

    def to_dict(self) -> dict[str, Any]:
        handler = None
        if self.error_handler is not None:
            h = self.error_handler
            handler = {
                "event_constraints": None
                if h.event_constraints is None
                else list(h.event_constraints),
                "event_callable": _ref_to_dict(h.event_callable),
                "callback": _ref_to_dict(h.callback),
                "task": h.task,
            }
        out = {
            "version": self.version,
            "dag_id": self.dag_id,
            "workflow": self.workflow,
            "orchestrator": _ref_to_dict(self.orchestrator),
            "task_managers": list(self.task_managers),
            "aliases": dict(self.aliases),
            "params": {k: dict(v) for k, v in self.params.items()},
        }
        if self.fixed:  # absent when empty: graphs without fixed params are unchanged
            out["fixed"] = dict(self.fixed)
        if self.read_files:
            out["read_files"] = dict(self.read_files)
        if self.read_env:
            out["read_env"] = dict(self.read_env)
        out.update({
            "fail_fast": self.fail_fast,
            "error_handler": handler,
            "nodes": [node_to_dict(n) for n in self.nodes],
            "edges": [[e.source, e.target, e.kind] for e in self.edges],
        })
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        version = data.get("version")
        if version != FORMAT_VERSION:
            raise ValueError(
                f"graph format version {version!r} is not supported (expected "
                f"{FORMAT_VERSION}); re-run `motoko trace` with this motoko-airflow"
            )
        h = data.get("error_handler")
        handler = None
        if h is not None:
            handler = ErrorHandler(
                event_constraints=None
                if h["event_constraints"] is None
                else tuple(h["event_constraints"]),
                event_callable=_ref_from_dict(h["event_callable"]),
                callback=_ref_from_dict(h["callback"]),
                task=h["task"],
            )
        orchestrator = _ref_from_dict(data["orchestrator"])
        assert orchestrator is not None
        return cls(
            dag_id=data["dag_id"],
            workflow=data["workflow"],
            orchestrator=orchestrator,
            task_managers=tuple(data["task_managers"]),
            aliases=dict(data["aliases"]),
            params={k: dict(v) for k, v in data["params"].items()},
            nodes=tuple(node_from_dict(n) for n in data["nodes"]),
            edges=tuple(Edge(s, t, k) for s, t, k in data["edges"]),
            fail_fast=bool(data["fail_fast"]),
            error_handler=handler,
            version=version,
            fixed=dict(data.get("fixed") or {}),
            read_files=dict(data.get("read_files") or {}),
            read_env=dict(data.get("read_env") or {}),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Graph:
        return cls.from_dict(json.loads(text))
