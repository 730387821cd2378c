"""Files ``main`` writes, compiled as steps (:class:`~motoko_airflow.graph.WriteNode`).

A study writes its summary next to the orchestrator: ``with open(HERE / "gci.json",
"w") as f: json.dump(report, f, indent=2)``, a CSV of its table (``csv.writer(f)``,
``writerow``/``writerows``), ``print(..., file=f)``, ``Path.write_text``. While
``main`` is traced, ``open`` of a plain path for writing gives a :class:`WrittenFile`,
which writes nothing: it records each call made on it (the values as graph
expressions, read back from the text's markers for formatted text), and becomes a node
when ``main`` closes it. The node's task writes the file when the DAG runs, with that
DAG run's values, after the steps ``main`` made before it and before those it makes
after (it joins the frontier, as an awaited step does).

Only what the DAG writes exactly as ``main`` does is recorded; anything else stops the
path where it happens (:class:`~.state.Untraceable`: the statement then runs natively,
as before):

- mode ``"w"`` only (text, truncating; ``"a"``, ``"x"``, ``"+"`` and binary modes are
  not idempotent, or read): a retried task writes the same file again;
- a plain path, not one ``main`` read before (its digest would no longer match, and
  the DAG would stop loading), not a source file;
- not inside a loop traced once for all its items, in routines running concurrently
  (``asyncio.gather``, ``create_task``), in a ``try`` whose ``except`` may catch an
  error of the write, or with actions registered; no step while the file is open, and
  the file closed before ``main`` ends;
- values: no run or job in a csv row or a yaml dump (their text is BlackDynamite's
  object's; ``json.dump`` of one fails both ways alike), no tuple where the
  text tells one from a list (a csv field, ``yaml.dump``), dict keys of a value dumped
  are strings, keywords are plain; ``yaml`` dumps hold no container twice (``yaml``
  would write an alias);
- the file is not read, listed or asked about afterwards by ``main`` while it is
  traced (:mod:`.effects` refuses those: it is not written yet).

An error of the write itself (``json.dump`` of a value JSON cannot hold) fails the
task with ``main``'s error; a value computed before that may raise is checked before
the file is opened (:mod:`.unread`), so such a failure leaves the file as it was where
``main`` would have truncated it first.
"""

from __future__ import annotations

import csv
import os
import pathlib
import sys
from typing import Any, Literal

from motoko_airflow import graph as g
from motoko_airflow.trace import tuples
from motoko_airflow.trace.state import Recorder, Untraceable

__all__ = ["UNKNOWN", "WrittenFile", "open_for_writing", "writer", "written_text"]

#: (in ``Recorder.read_later``) a file read at run time whose path is a traced value
UNKNOWN = ""
_SCALARS = (str, int, float, bool, type(None))
_TESTS = frozenset({"<", "<=", ">", ">=", "==", "!=", "in", "not in", "is", "is not"})
_OPEN_OPTIONS = ("encoding", "newline", "errors")
#: keywords of the dumps and of csv.writer that the DAG may pass on (plain values)
_KEYWORDS = {
    "json.dump": {"indent", "sort_keys", "ensure_ascii", "separators", "allow_nan",
                  "skipkeys"},
    "yaml.dump": {"default_flow_style", "sort_keys", "indent", "width", "allow_unicode",
                  "explicit_start", "explicit_end"},
    "csv": {"delimiter", "quotechar", "lineterminator", "quoting", "escapechar",
            "doublequote", "skipinitialspace", "strict", "dialect"},
}
_KEYWORDS["yaml.safe_dump"] = _KEYWORDS["yaml.dump"]


def _plain(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(type(v) in _SCALARS for v in value)
    return type(value) in _SCALARS


def _is_writing(mode: Any) -> bool:
    return isinstance(mode, str) and bool(set(mode) & set("wax+"))


def open_for_writing(rec: Recorder, path: Any, args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> WrittenFile | None:
    """``open(path, *args, **kwargs)`` called by ``main``'s code: a :class:`WrittenFile`
    when it opens ``path`` for writing (or a refusal), None when it reads."""
    mode = kwargs.get("mode", args[0] if args else "r")
    if not _is_writing(mode):
        return None
    shown = os.fspath(path) if isinstance(path, (str, os.PathLike)) else path
    if not isinstance(shown, str) or "\u27e8traced#" in shown:
        shown = "a file whose name is formatted from a value known only at run time"
    why = _refusal(rec, path, mode, args, kwargs)
    if why is not None:
        raise rec.untraceable(f"main writes {shown}: {why}; the DAG's tasks would not "
                              "write it as main does")
    name = os.fspath(path)
    options = tuple((k, kwargs[k]) for k in _OPEN_OPTIONS if k in kwargs)
    return WrittenFile(rec, name, options)


def _refusal(rec: Recorder, path: Any, mode: Any, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> str | None:
    from motoko_airflow.trace.effects import _SOURCES
    from motoko_airflow.trace.sequences import _carries

    if mode not in ("w", "wt", "tw"):
        return (f"mode {mode!r} (only a file written whole, mode 'w', is written by a "
                "step: a retried task would append twice)")
    if len(args) > 1 or set(kwargs) - {"mode", *_OPEN_OPTIONS}:
        return "open() is given options other than encoding, newline or errors"
    if any(not _plain(kwargs[k]) for k in _OPEN_OPTIONS if k in kwargs):
        return "an option of open() is known only at run time"
    if not isinstance(path, (str, os.PathLike)) or _carries(path):
        return "its path is known only at run time"
    name = os.fspath(path)
    if not isinstance(name, str) or "\u27e8traced#" in name:
        return "its path is known only at run time"
    real = os.path.realpath(name)
    if real in rec.read_files or real.endswith(_SOURCES):
        return ("main read it before (the DAG is compiled from what it held, and would "
                "refuse to load once it changed)")
    if any(os.path.realpath(f._path) == real for f in rec.writing):
        return "main has it open for writing already (which text stays depends on flushes)"
    if real in rec.read_later or UNKNOWN in rec.read_later:
        return ("main read it (or a file whose path is known only at run time) after a "
                "step, before: the DAG reads it when a later step needs the value, after "
                "this write")
    return _context(rec)


def _context(rec: Recorder) -> str | None:
    """Why a file cannot be written here (None: it can)."""
    if rec.regions or rec.gathering:
        return ("routines run concurrently (asyncio.gather, create_task): where it is "
                "written among their steps is only known at run time")
    if any(lp.open for lp in rec.open_loops):
        return "inside a loop traced once for all its items (one write per item)"
    if rec.guarded:
        return "a try around it may catch an error of the write, and go on"
    if rec.actions:
        return "actions are registered (they may run steps while main writes)"
    if rec.guards:
        return "inside an if merged at its join"
    return None


class WrittenFile:
    """A file ``main`` opened for writing, while traced: the calls made on it are
    recorded; closing it makes the :class:`~motoko_airflow.graph.WriteNode`."""

    def __init__(self, rec: Recorder, path: str, options: tuple[tuple[str, Any], ...]
                 ) -> None:
        self._rec = rec
        self._path = path
        self._options = options
        self._lineno = rec.lineno()
        self._steps = _steps(rec)
        self._operations: list[g.Write] = []
        self._closed = False
        rec.writing.append(self)
        rec.written.add(os.path.realpath(path))

    # -- the file's own calls
    @property
    def closed(self) -> bool:
        return self._closed

    def write(self, text: Any) -> Any:
        self._from_workflow(text)
        expr = self._record("write", text)
        if isinstance(text, str) and "\u27e8traced#" not in text:
            return len(text)
        from motoko_airflow.trace.loops import Seq

        return Seq(self._rec, g.Call("len", (expr,)))  # its length, at run time

    def writelines(self, lines: Any) -> None:
        if type(lines) not in (list, tuple):
            raise self._refused("writelines() of a value known only at run time")
        for line in lines:
            self._from_workflow(line)
            self._record("write", line)

    def _from_workflow(self, text: Any) -> None:
        """A library writing into the file (``pprint.pprint(x, stream=f)``) may have
        measured, padded or wrapped the text it made of a traced value: only plain text
        is taken from it (the workflow's own code formats through .texts' checks)."""
        caller = sys._getframe(2).f_code.co_filename
        if caller not in self._rec.instrumented and caller != __file__ and \
                _traced_text(text):
            raise self._refused("a library writes text it made of a value known only at "
                                "run time (it may have measured or padded it)")

    def flush(self) -> None:
        if self._closed:
            raise ValueError("I/O operation on closed file.")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        rec = self._rec
        if self in rec.writing:
            rec.writing.remove(self)
        why = _context(rec)
        if why is not None:
            raise self._refused(why)
        node = g.WriteNode(rec.new_id(f"write_{_stem(self._path)}"), self._path,
                           tuple(self._operations), self._options, lineno=self._lineno)
        rec.add_node(node, g.node_inputs(node))
        rec.awaited(node.id)

    def __enter__(self) -> WrittenFile:
        if self._closed:
            raise ValueError("I/O operation on closed file.")
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> Literal[False]:
        if kind is None:
            self.close()
        else:  # main stops here (the tracer's signal): nothing is written
            self._closed = True
            if self in self._rec.writing:
                self._rec.writing.remove(self)
        return False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise self._refused(f"main uses the file's {name}")

    def __iter__(self) -> Any:
        raise self._refused("main reads the file it writes")

    # -- recording
    def _refused(self, why: str) -> Untraceable:
        return self._rec.untraceable(
            f"main writes {self._path}: {why}; the DAG's tasks would not write it as main "
            "does")

    def _record(self, how: str, value: Any, keywords: dict[str, Any] | None = None
                ) -> g.Expr:
        if self._closed:
            raise ValueError("I/O operation on closed file.")
        rec = self._rec
        why = _context(rec)
        if why is None and _steps(rec) != self._steps:
            why = "a step is made while it is open"
        if why is not None:
            raise self._refused(why)
        words = dict(keywords or {})
        allowed = _KEYWORDS.get(how.partition(".")[0] if how.startswith("csv") else how,
                                set())
        for key, word in words.items():
            if key not in allowed or not _plain(word):
                raise self._refused(f"{how}() is given {key}={word!r}, which the DAG does "
                                    "not pass on")
        if how != "write":
            _refuse_keys(self, value, how)
        expr = _expr(rec, value, self._refused)
        # json.dump of a run fails natively and in the DAG alike (neither BlackDynamite's
        # objects nor the DAG's views of them are JSON); csv and yaml write their text
        if how.startswith(("csv", "yaml")) and _holds_runs(expr):
            raise self._refused(f"{how}() of a value that may hold runs or jobs (their "
                                "text is BlackDynamite's object's)")
        if how.startswith("yaml") or how == "json.dump" and words.get("sort_keys"):
            # sorted keys: an int key sorts otherwise than the string JSON makes of it
            # (a dict known only at run time may have come through JSON, from a task)
            _refuse_unknown_dicts(self, expr, how)
        if how.startswith("yaml"):
            tuples.refuse_if(rec, expr, how)
            _refuse_shared(self, value, expr)
        elif how == "csv.writerow":
            if tuples.holds_tuple(tuples.element(tuples.shape(rec, expr))):
                raise self._refused("a field of the row may be or hold a tuple, written "
                                    "as a list by the DAG")
        elif how == "csv.writerows":
            if tuples.holds_tuple(tuples.element(tuples.element(tuples.shape(rec, expr)))):
                raise self._refused("a field of a row may be or hold a tuple, written "
                                    "as a list by the DAG")
        self._operations.append(g.Write(how, (expr,), tuple(sorted(words.items()))))
        return expr

    def printed(self, args: tuple[Any, ...], sep: Any, end: Any) -> None:
        """``print(*args, sep=sep, end=end, file=self)``."""
        self._record("write", written_text(self._rec, args, sep, end, self._refused))


def _holds_runs(expr: g.Expr, depth: int = 0) -> bool:
    """Whether ``expr`` may be or hold a run or a job (a run-time result given runs may
    be one), not only their fields (``run.y``, ``job.x``: data)."""
    from motoko_airflow.trace.blocks import _may_hold_runs
    from motoko_airflow.trace.values import run_like

    if depth > 200:
        return True
    if isinstance(expr, g.Attr) and run_like(expr.value):
        return False  # a run's output, a job's parameter
    if isinstance(expr, g.Call) and expr.function in ("len", "bool", "any", "all") or \
            isinstance(expr, g.BinOp) and expr.op in _TESTS:
        return False  # a number or a truth
    if isinstance(expr, g.Collect) or isinstance(expr, g.Index) and isinstance(
            expr.index, g.Const) and isinstance(expr.value, g.Invoke) and \
            expr.value.callee.end is not None:
        return _may_hold_runs(expr)  # a list's elements; a block's variable
    if isinstance(expr, (g.Runs, g.Item)):
        return True
    return any(_holds_runs(e, depth + 1) for e in g.subexpressions(expr))


def _steps(rec: Recorder) -> int:
    """The steps made so far, other files written aside (two files may be open)."""
    return sum(not isinstance(r.node, g.WriteNode) for r in rec.recorded)


def _traced_text(text: Any) -> bool:
    from motoko_airflow.trace.texts import marked

    return _traced(text) or marked(text)


def _stem(path: str) -> str:
    return pathlib.PurePath(path).name.replace(".", "_") or "file"


def _expr(rec: Recorder, value: Any, refused: Any) -> g.Expr:
    from motoko_airflow.trace.calls import convertible
    from motoko_airflow.trace.values import after_loops, to_expr
    from motoko_airflow.trace.workflow import stale_value

    if not _traced(value) and not convertible(value):
        raise refused(f"it is given a {type(value).__name__}, which the DAG cannot hold")
    loops: list[Any] = []
    expr = to_expr(rec, value, loops)
    stale = [lp for lp in loops if not lp.open and not lp.reiterated]
    broken = [lp for lp in stale if lp.left_early and not lp.decided]
    if broken:
        expr = after_loops(expr, broken)
    stale = [lp for lp in stale if lp not in broken]
    if stale:
        raise stale_value(rec, stale[0], rec.lineno())
    return expr


def _refuse_keys(file: WrittenFile, value: Any, how: str, depth: int = 0) -> None:
    """Dict keys of a value dumped must be strings: the graph holds JSON, whose keys
    are (an int key would come back a string, which JSON writes the same, unless
    ``sort_keys`` then compares it with another's)."""
    if depth > 50:
        raise file._refused(f"{how}() of a value nested too deep")
    if type(value) is dict:
        for key, item in dict.items(value):
            if type(key) is not str or "\u27e8traced#" in key:
                raise file._refused(f"{how}() of a dict whose key {key!r} is not a plain "
                                    "string")
            _refuse_keys(file, item, how, depth + 1)
    elif type(value) in (list, tuple):  # (a traced list: its keys are the graph's)
        for item in (list.__iter__(value) if type(value) is list else value):
            _refuse_keys(file, item, how, depth + 1)


def _refuse_unknown_dicts(file: WrittenFile, expr: g.Expr, how: str) -> None:
    """Every part of ``expr`` the graph does not build itself (a list, a dict of string
    keys, a constant) is surely a scalar, or a run's output (stored by its script and
    read as it is)."""
    todo = [expr]
    while todo:
        e = todo.pop()
        if isinstance(e, (g.ListExpr, g.DictExpr)):
            todo += g.subexpressions(e)
        elif not isinstance(e, g.Const) and not tuples.scalar(file._rec, e) and \
                not tuples.run_output(e):
            raise file._refused(f"{how}() sorts the keys of {e}, a value known only at run "
                                "time that may be a dict of keys other than strings")


def _refuse_shared(file: WrittenFile, value: Any, expr: g.Expr) -> None:
    """``yaml`` writes a container met twice as an alias: natively and in the DAG the
    same containers must be met twice. The DAG's value is read back from JSON (no
    container shared) unless it reads run outputs or run-time results, which may be:
    only scalars of those, and no container of main's twice."""
    seen: set[int] = set()

    def walk(v: Any, depth: int) -> None:
        if depth > 50:
            raise file._refused("yaml of a value nested too deep")
        if type(v) in (dict, list, tuple):
            if id(v) in seen:
                raise file._refused("yaml of a value holding one container twice (yaml "
                                    "writes an alias)")
            seen.add(id(v))
            for item in (dict.values(v) if type(v) is dict else list.__iter__(v)
                         if type(v) is list else v):
                walk(item, depth + 1)
        elif _traced(v):
            raise file._refused("yaml of a value holding a list known only at run time")

    walk(value, 0)
    if any(isinstance(e, (g.Attr, g.Invoke, g.Index, g.Item, g.Collect))
           and not tuples.scalar(file._rec, e) for e in g.walk(expr)):
        raise file._refused("yaml of a value holding a run output or a run-time result "
                            "that may be a container")


def written_text(rec: Recorder, args: tuple[Any, ...], sep: Any, end: Any,
                 refused: Any) -> str:
    """The text ``print(*args, sep=sep, end=end)`` writes: each argument's ``str()``
    (a marker for a traced value's text), joined."""
    from motoko_airflow.trace.texts import marked
    from motoko_airflow.trace.values import Symbol, text_of

    for what in (sep, end):
        if what is not None and not isinstance(what, str):
            raise refused("print() is given a sep or end that is not a string")
    parts = []
    for arg in args:
        if isinstance(arg, str):
            parts.append(arg)
        elif isinstance(arg, Symbol):
            parts.append(text_of(arg, sys._getframe(0), "str"))
        elif _traced(arg) or marked(arg):
            raise refused(f"print() of a {type(arg).__name__} holding values known only "
                          "at run time (its text is Python's for each of them)")
        else:
            parts.append(str(arg))
    return (" " if sep is None else sep).join(parts) + ("\n" if end is None else end)


def _traced(value: Any) -> bool:
    from motoko_airflow.trace.functions import traced

    return traced(value)


def writer(rec: Recorder, function: Any, args: tuple[Any, ...],
           kwargs: dict[str, Any]) -> Any:
    """``json.dump``, ``yaml.dump``/``safe_dump`` or ``csv.writer`` given a
    :class:`WrittenFile` (else None: called as it is)."""
    if function is csv.writer:
        if args and isinstance(args[0], WrittenFile):
            if len(args) > 2 or (len(args) == 2 and not isinstance(args[1], str)):
                raise args[0]._refused("csv.writer() is given a dialect object")
            words = dict(kwargs)
            if len(args) == 2:
                words["dialect"] = args[1]
            return _CsvWriter(args[0], words)
        return None
    how = _DUMPS.get(_name(function))
    if how is None:
        return None
    file = args[1] if len(args) > 1 else kwargs.get("stream" if how.startswith("yaml")
                                                    else "fp")
    if not isinstance(file, WrittenFile):
        return None
    if len(args) != 2 or {"stream", "fp", "obj", "data"} & set(kwargs):
        raise file._refused(f"{how}() is given its value or file by keyword")
    file._record(how, args[0], kwargs)
    return None


_DUMPS = {("json", "dump"): "json.dump", ("yaml", "dump"): "yaml.dump",
          ("yaml", "safe_dump"): "yaml.safe_dump"}


def _name(function: Any) -> tuple[str, str]:
    module = getattr(function, "__module__", None) or ""
    return module.partition(".")[0], getattr(function, "__qualname__", "")


def dumps(function: Any) -> bool:
    """Whether ``function`` may be given a :class:`WrittenFile` (see :func:`writer`)."""
    return function is csv.writer or _name(function) in _DUMPS


class _CsvWriter:
    """``csv.writer(f, **options)`` of a :class:`WrittenFile`."""

    def __init__(self, file: WrittenFile, options: dict[str, Any]) -> None:
        self._file = file
        self._options = options

    def writerow(self, row: Any) -> Any:
        self._file._record("csv.writerow", row, self._options)

    def writerows(self, rows: Any) -> None:
        self._file._record("csv.writerows", rows, self._options)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise self._file._refused(f"main uses the csv writer's {name}")


def write_text(rec: Recorder, path: pathlib.PurePath, args: tuple[Any, ...],
               kwargs: dict[str, Any]) -> Any:
    """``path.write_text(data, encoding=None, errors=None, newline=None)``."""
    names = ("data", "encoding", "errors", "newline")
    given = dict(zip(names, args, strict=False))
    if len(args) > len(names) or set(given) & set(kwargs) or set(kwargs) - set(names) \
            or "data" not in {*given, *kwargs}:
        raise rec.untraceable(f"main writes {path}: write_text() is given other "
                              "arguments; the DAG's tasks would not write it as main does")
    given.update(kwargs)
    options = {k: given[k] for k in names[1:] if given.get(k) is not None}
    file = open_for_writing(rec, path, ("w",), options)
    assert file is not None  # (mode "w")
    written = file.write(given["data"])
    file.close()
    return written


def check_closed(rec: Recorder) -> None:
    """At a step, and where ``main`` ends: no file may be open for writing."""
    if rec.writing:
        file = rec.writing[0]
        raise file._refused("it is still open at a step or where main ends (close it, "
                            "or write it in a with block)")


def path_written(rec: Any, real: str) -> str | None:
    """The file main wrote (while traced) that ``real`` is, or holds (a directory):
    reading it now would read what it held before."""
    for done in getattr(rec, "written", ()):
        if done == real or done.startswith(real.rstrip(os.sep) + os.sep):
            return done
    return None

