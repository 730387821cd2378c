"""Records of main's own classes (namedtuple, typing.NamedTuple, field-only dataclasses)
given to run-time calls: made again by their class in the task that needs them, and
refused wherever that is not shown to give what main has. Trace only (and the JSON
round trip of a mapped step's items): the differential corpus (rec_*) runs them both
ways."""

from __future__ import annotations

from pathlib import Path

from test_trace import shape, traced

from motoko_airflow import graph as g
from motoko_airflow.calls import resolve
from motoko_airflow.execution import _plain, to_json, view


def _classes(graph: g.Graph) -> set[str]:
    return {e.callee.qualname for n in graph.nodes for x in n.expressions()
            for e in g.walk(x) if isinstance(e, g.Invoke)
            and isinstance(e.callee, g.Function) and e.callee.file is not None}


def _reason(graph: g.Graph) -> str:
    assert graph.fallback is not None, shape(graph)
    return graph.fallback.reason


def test_a_namedtuple_ranked_by_a_key_is_made_again_at_run_time(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from collections import namedtuple
!Level = namedtuple("Level", "x y")
runs = await workflow.mult.createTask(x=params["inputs"])
levels = [Level(j.x, r.y) for r, j in runs]
best = min(levels, key=lambda lv: lv.y)
await workflow.add.createTask(x=best.x)
''')
    assert graph.fallback is None
    assert "Level" in _classes(graph)


def test_a_dataclass_of_fields_sorted_and_zipped_compiles(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from dataclasses import dataclass
!@dataclass(frozen=True)
!class P:
!    x: float
!    y: float = 0.0
runs = await workflow.mult.createTask(x=params["inputs"])
ps = sorted([P(j.x, r.y) for r, j in runs], key=lambda p: p.y)
await workflow.add.createTask(x=[b.y - a.y for a, b in zip(ps, ps[1:])])
''')
    assert graph.fallback is None
    assert "P" in _classes(graph)


def test_a_class_with_a_method_is_refused(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from typing import NamedTuple
!class P(NamedTuple):
!    x: float
!    y: float
!    def gap(self):
!        return abs(self.y)
runs = await workflow.mult.createTask(x=params["inputs"])
best = min([P(j.x, r.y) for r, j in runs], key=lambda p: p.y)
await workflow.add.createTask(x=best.x)
''', fallback=True)
    assert "P object" in _reason(graph)


def test_a_dataclass_changed_anywhere_is_refused(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from dataclasses import dataclass
!@dataclass
!class P:
!    x: float
!    y: float
runs = await workflow.mult.createTask(x=params["inputs"])
ps = [P(j.x, r.y) for r, j in runs]
best = min(ps, key=lambda p: p.y)
ps[0].y = 3.0
await workflow.add.createTask(x=best.y)
''', fallback=True)
    assert graph.fallback is not None


def test_an_identity_compared_dataclass_is_refused(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from dataclasses import dataclass
!@dataclass(frozen=True, eq=False)
!class P:
!    x: float
runs = await workflow.mult.createTask(x=params["inputs"])
best = min([P(r.y) for r, j in runs], key=lambda p: p.x)
await workflow.add.createTask(x=best.x)
''', fallback=True)
    assert graph.fallback is not None


def test_a_record_as_a_job_parameter_is_refused(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from collections import namedtuple
!P = namedtuple("P", "x y")
runs = await workflow.mult.createTask(x=params["inputs"])
best = min([P(j.x, r.y) for r, j in runs], key=lambda p: p.y)
await workflow.add.createTask(x=list(best))
''', fallback=True)
    assert "record" in _reason(graph)


def test_a_field_holding_a_list_main_may_change_is_refused(tmp_path: Path) -> None:
    """A record made again at run time holds a copy of a list: main's own record sees
    an append made after the call."""
    graph = traced(tmp_path, '''
!from collections import namedtuple
!P = namedtuple("P", "x ys")
runs = await workflow.mult.createTask(x=params["inputs"])
ys = [1.0]
best = min([P(r.y, ys) for r, j in runs], key=lambda p: p.x)
ys.append(2.0)
await workflow.add.createTask(x=float(len(best.ys)))
''', fallback=True)
    assert graph.fallback is not None


def test_a_mapped_step_over_records_crosses_tasks_as_json(tmp_path: Path) -> None:
    graph = traced(tmp_path, '''
!from collections import namedtuple
!P = namedtuple("P", "x y")
runs = await workflow.mult.createTask(x=params["inputs"])
for p in sorted([P(j.x, r.y) for r, j in runs], key=lambda p: p.y)[:2]:
    await workflow.add.createTask(x=p.x)
''')
    assert graph.fallback is None
    assert any(isinstance(n, g.CreateTaskNode) and n.foreach for n in graph.nodes)


def test_records_round_trip_through_json(tmp_path: Path) -> None:
    (tmp_path / "recmod.py").write_text(
        "from collections import namedtuple\nfrom dataclasses import dataclass\n"
        "P = namedtuple('P', 'x y')\n\n\n@dataclass(frozen=True)\nclass D:\n"
        "    x: float\n    ys: list\n")
    file = str(tmp_path / "recmod.py")
    p = resolve("recmod", "P", file)(1.0, [2.0, "a"])
    d = resolve("recmod", "D", file)(1.5, [3.0])
    back = view(to_json([p, {"d": d}]))
    assert type(back[0]) is type(p) and back[0] == p and repr(back[0]) == repr(p)
    assert type(back[1]["d"]) is type(d) and back[1]["d"] == d
    # a namedtuple kept in a list built at run time stays one
    kept = _plain([p], tuples=True)
    assert type(kept[0]) is type(p)


def test_a_record_in_a_field_of_a_record_is_refused(tmp_path: Path) -> None:
    """``outer.inner`` of a record made at run time would be a record given to a job."""
    graph = traced(tmp_path, '''
!from collections import namedtuple
!P = namedtuple("P", "x y")
!Q = namedtuple("Q", "x inner")
runs = await workflow.mult.createTask(x=params["inputs"])
inner = min([P(j.x, r.y) for r, j in runs], key=lambda p: p.y)
outer = min([Q(r.y, inner) for r, j in runs], key=lambda q: q.x)
await workflow.add.createTask(x=outer.inner)
''', fallback=True)
    assert graph.fallback is not None


def test_a_property_computed_from_the_fields_alone_is_allowed() -> None:
    """``@property def error(self): return abs(self.u - 1.0)``: what a task's object made
    again by the class answers is what main's answers. Anything reading more (a global,
    another attribute, a method, a call of another function) or doing more (a setter, a
    statement) is not such a property."""
    import ast
    import textwrap

    from motoko_airflow.trace.records import pure_property

    def check(source: str) -> bool:
        (node,) = ast.parse(textwrap.dedent(source)).body
        return pure_property(node, {"h", "u", "cells"})

    assert check('''
        @property
        def error(self):
            """The distance."""
            return abs(self.u - 1.0) / max(self.cells, 1)
        ''')
    assert check('''
        @property
        def log_h(me):
            return math.log(me.h) if me.h > 0 else -math.inf
        ''')
    for refused in [
        "@property\ndef e(self):\n    return self.u * SCALE",  # a global
        "@property\ndef e(self):\n    return self.other",  # not a field
        "@property\ndef e(self):\n    return helper(self.u)",  # another function
        "@property\ndef e(self):\n    return self.u.real",  # an attribute of a field
        "@property\ndef e(self):\n    return LOG.append(self.u) or self.u",
        "@property\ndef e(self):\n    return self",  # the object itself
        "@property\ndef e(self):\n    return math",
        "@property\ndef e(self):\n    return [x for x in (self.u,)]",
        "@property\ndef e(self):\n    return round(self.u, ndigits=2)",  # keywords
        "@property\ndef e(self):\n    print(self.u)\n    return self.u",  # a statement
        "@property\ndef e(self, scale=2):\n    return self.u * scale",
        "@e.setter\ndef e(self, value):\n    self.u = value",
        "def e(self):\n    return self.u",  # a method
        "@functools.cached_property\ndef e(self):\n    return self.u",
    ]:
        assert not check(refused), refused
