"""Params that shape the graph: traced with their values, fixed in the DAG.

``main`` is first traced with every param symbolic: a param that only flows into
``createTask``, is mapped over or is branched on is then read by the DAG at run time,
whatever value a DAG run is triggered with. A param that ``main`` needs as a plain value
(``Path(params["sweep"])`` and the file read from it, ``np.linspace(lo, hi,
params["n"])``, ``getattr(workflow, name)``, ``sorted(params["dts"])``, ``range(
params["levels"])`` whose values are used after the loop, a ``while`` bounded by a
param) stops that trace: part or all of ``main`` would run natively.

Then :func:`trace_with_values` traces ``main`` again with the known values of the params
(``motoko run``'s command line, ``motoko trace``'s orchestrator options, else the
defaults of ``populate_arg_parser``): Python runs ``main`` on real values, exactly. If
that compiles more, each param is tried symbolic again, one at a time, and stays so when
the graph keeps the same fallback (none, or the same obstacle); the others are *fixed*:
``Graph.fixed`` holds their values, and the renderer makes each a one-value Param
(``enum``) whose description says "traced with levels=3; re-run `motoko trace` to
change it" (:func:`motoko_airflow.params.fixed_description`), so Airflow's trigger
form shows it read-only and a trigger with another value is refused with that message
(never run with a DAG traced for another value).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from motoko_airflow import graph as g
from motoko_airflow.exceptions import TraceError

__all__ = ["trace_with_values"]

#: ``trace(fixed) -> graph`` (raising :class:`TraceError`) and the values it found
Tracer = Callable[[dict[str, Any]], g.Graph]
#: params are tried symbolic again one by one only while the traces so far have run
#: ``main`` at most this many times (beyond, the rest stay fixed: sound, less general)
UNFIX_BUDGET = 100


def _fallbacks(graph: g.Graph) -> tuple[str, ...]:
    """What runs natively (segments too: traced with values, such a loop may unroll)."""
    return tuple(n.reason for n in graph.nodes
                 if isinstance(n, (g.FallbackNode, g.SegmentNode)))


def _compiled(graph: g.Graph) -> int:
    return sum(1 for n in graph.nodes
               if not isinstance(n, (g.FallbackNode, g.SegmentNode)))


def _better(new: g.Graph, old: g.Graph | None) -> bool:
    """Whether ``new`` compiles more of ``main`` than ``old`` (None: it did not trace)."""
    if old is None:
        return True
    if len(_fallbacks(new)) != len(_fallbacks(old)):
        return len(_fallbacks(new)) < len(_fallbacks(old))
    return bool(_fallbacks(old)) and _compiled(new) > _compiled(old)


def _json(value: Any) -> bool:
    try:
        return json.loads(json.dumps(value)) == value
    except (TypeError, ValueError):
        return False


def trace_with_values(trace: Tracer, defaults: dict[str, Any],
                      values: dict[str, Any] | None,
                      spent: Callable[[], int] = lambda: 0) -> g.Graph:
    """The graph of ``main`` with as few params fixed as compile as much.

    ``trace(fixed)`` traces with the params of ``fixed`` given those values (the others
    symbolic); ``defaults`` are the values ``populate_arg_parser`` gives when nothing is
    said (filled in by the first, symbolic, trace), ``values`` those given explicitly.
    ``spent()`` counts the runs of ``main`` so far (:data:`UNFIX_BUDGET`). Raises the
    symbolic trace's :class:`TraceError` when no value helps.
    """
    error: TraceError | None = None
    graph: g.Graph | None = None
    try:
        graph = trace({})
    except TraceError as exc:
        error = exc
    if graph is not None and not _fallbacks(graph):
        return graph
    known = {**defaults, **(values or {})}
    known = {name: value for name, value in known.items()
             if name != "run_name" and _json(value)}
    if not known:
        return _result(graph, error)
    try:
        best = trace(dict(known))
    except TraceError as exc:
        # nothing compiles either way: the error with the real values says more (the
        # file a param names is missing, not "a str is expected")
        return _result(graph, exc)
    if not _better(best, graph):
        return _result(graph, error)
    fixed = dict(known)
    for name in list(known):
        if spent() > UNFIX_BUDGET:
            break
        trial = {k: v for k, v in fixed.items() if k != name}
        try:
            candidate = trace(trial)
        except TraceError:
            continue
        if _fallbacks(candidate) == _fallbacks(best):
            best, fixed = candidate, trial
    return replace(best, fixed=fixed) if fixed else best


def _result(graph: g.Graph | None, error: TraceError | None) -> g.Graph:
    if graph is not None:
        return graph
    assert error is not None
    raise error
