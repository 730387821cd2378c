"""Formatting a string that holds a traced value's text, while ``main`` is traced.

``str(v)``, ``repr(v)`` and ``f"{v}"`` of a stand-in give a string holding a marker
(:mod:`.values`) that :func:`~.values.to_expr` turns back into the text ``main`` makes.
Python may change that string before ``main`` sees it: a width or a precision pads or
cuts the marker (``'%-14s' % str(v)``, ``f"{str(v):>14}"``, ``'{:>14}'.format(f'{v}')``,
``format(str(v), '>14')``), ``repr`` escapes it (``f"{str(v)!r}"``, ``'%r' % s``, the
text of a list holding one), and a format string holding one is parsed with the
marker's text in place of the value's (``(str(v) + ' %d') % n``). The instrumentation
(:mod:`.instrument`) sends ``%`` (:func:`percent`), every f-string field
(:func:`convert`, :func:`format_value`), ``str.format``/``format_map``
(:func:`str_format`) and ``format()`` here; each refuses (:class:`~.state.Untraceable`:
the statement is cut, it runs with Python's own text) what would change a marker, and
does what Python does otherwise. A marker passed on whole (``'%s' % s``,
``'{}'.format(s)``, ``f"{s}"``, ``'v=' + s``) stays compiled.

These helpers run Python's formatting in this package's frames, where
:func:`~.values._whole_text` lets ``str()`` of a stand-in through: they refuse
themselves the stand-ins main's own frame would have refused (a width after ``!s``,
``!a``, ``%`` of a stand-in, a conversion in ``str.format``).
"""

from __future__ import annotations

import re
from typing import Any

from motoko_airflow.trace.state import Recorder, Untraceable
from motoko_airflow.trace.values import MARKER, Symbol, only_markers

__all__ = ["checked_truths", "convert", "format_value", "percent", "percent_right",
           "str_format", "truth"]

#: how deep containers are searched for a marker; deeper counts as holding one
_DEPTH = 20


def _traced(value: Any) -> bool:
    from motoko_airflow.trace.loops import RunPair
    from motoko_airflow.trace.sequences import TracedGen

    return isinstance(value, (Symbol, TracedGen, RunPair))


def marked(value: Any, depth: int = _DEPTH, seen: frozenset[int] = frozenset()) -> bool:
    """Whether ``value`` is, or holds, a string holding a marker: Python's text for it
    (``str()``, which shows the ``repr()`` of the items of a container and of an
    object's fields) would escape the marker. Stand-ins are not searched: their text
    is compiled (``Symbol.__repr__``)."""
    if isinstance(value, str):
        return MARKER in value
    if value is None or type(value) in (int, float, bool, complex) or isinstance(
            value, Symbol):
        return False
    if depth <= 0 or id(value) in seen:
        return depth <= 0
    seen = seen | {id(value)}
    if isinstance(value, dict):
        items: Any = [*dict.keys(value), *dict.values(value)]
    elif isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
    elif isinstance(value, (set, frozenset)):
        items = list(value)
    else:
        fields = getattr(value, "__dict__", None)
        items = list(fields.values()) if isinstance(fields, dict) else []
    return any(marked(v, depth - 1, seen) for v in items)


def _refuse(rec: Recorder, what: str) -> Untraceable:
    return rec.untraceable(
        f"{what}: Python would format the placeholder standing for a traced value's text "
        "while tracing, not the text main makes; format the value itself (f\"{v:>14}\") "
        "or let this run at run time")


def convert(rec: Recorder, value: Any, conversion: int) -> Any:
    """An f-string field's ``!s``/``!r``/``!a`` (``conversion``: its ``ord``) of
    ``value``, as Python applies it."""
    kind = chr(conversion)
    if _traced(value):
        if kind == "a":
            raise rec.untraceable(
                f"an f-string field converting a traced value ({_shown(value)}) with !a: "
                "the DAG cannot give the text main makes; format the value itself")
        return str(value) if kind == "s" else repr(value)
    if kind == "s":
        if not isinstance(value, str) and marked(value):
            raise _refuse(rec, "an f-string field !s of a value holding a traced value's text")
        return str(value)
    if marked(value):
        raise _refuse(rec, f"an f-string field !{kind} (it escapes the text) of a string "
                      "holding a traced value's text")
    return repr(value) if kind == "r" else ascii(value)


def format_value(rec: Recorder, value: Any, spec: Any = "") -> Any:
    """``format(value, spec)``: an f-string field (after its conversion), the built-in
    ``format()`` and each field of ``str.format``."""
    if isinstance(value, Symbol):
        return format(value, spec)  # Symbol.__format__ compiles it, a marked spec too
    if isinstance(spec, str) and MARKER in spec:
        raise rec.untraceable(
            "a format spec made from a traced value given to a value known while tracing "
            f"(a {type(value).__name__}): its text is only known at run time")
    if marked(value):
        if spec != "":
            raise _refuse(rec, f"a format spec ({spec!r}) applied to a string holding a "
                          "traced value's text")
        if not isinstance(value, str):
            raise _refuse(rec, "the text of a container or an object holding a string "
                          "made from a traced value (it shows the string's repr)")
    return format(value, spec)


def _shown(value: Any) -> str:
    return str(value._expr) if isinstance(value, Symbol) else type(value).__name__


class _Text(str):
    """The ``!s`` of a ``str.format`` field, formatted after by its spec (Python calls
    a str subclass's ``__format__``); never leaves :func:`str_format`."""

    rec: Recorder

    def __format__(self, spec: str) -> str:
        return format_value(self.rec, str.__str__(self), spec)


class _Field:
    """An argument of ``str.format``: Python's lookups (``{0.x}``, ``{a[1]}``), its
    conversions and its ``__format__`` pass through here, checked."""

    __slots__ = ("_rec", "_value")

    def __init__(self, rec: Recorder, value: Any) -> None:
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_value", value)

    def __getattribute__(self, name: str) -> Any:
        rec, value = object.__getattribute__(self, "_rec"), object.__getattribute__(
            self, "_value")
        return _Field(rec, getattr(value, name))

    def __getitem__(self, key: Any) -> Any:
        rec, value = object.__getattribute__(self, "_rec"), object.__getattribute__(
            self, "_value")
        return _Field(rec, value[key])

    def __format__(self, spec: str) -> str:
        rec, value = object.__getattribute__(self, "_rec"), object.__getattribute__(
            self, "_value")
        return format_value(rec, value, spec)

    def __str__(self) -> str:
        rec, value = object.__getattribute__(self, "_rec"), object.__getattribute__(
            self, "_value")
        _no_conversion(rec, value, "!s")
        if not isinstance(value, str) and marked(value):
            raise _refuse(rec, "'{!s}' of a value holding a traced value's text")
        text = _Text(str(value))
        text.rec = rec
        return text

    def __repr__(self) -> str:
        rec, value = object.__getattribute__(self, "_rec"), object.__getattribute__(
            self, "_value")
        _no_conversion(rec, value, "!r")
        if marked(value):
            raise _refuse(rec, "'{!r}' (it escapes the text) of a string holding a traced "
                          "value's text")
        return repr(value)


def _no_conversion(rec: Recorder, value: Any, kind: str) -> None:
    if _traced(value):
        raise rec.untraceable(
            f"a call formatting a traced value ({_shown(value)}) with {kind} other than "
            "str(v), repr(v) or an f-string field: the DAG cannot give the text main "
            "makes; write an f-string instead")


def str_format(rec: Recorder, text: str, name: str) -> Any:
    """``text.format`` (``name`` ``"format"``) or ``text.format_map``, checked."""
    if name == "format":
        def format_(*args: Any, **kwargs: Any) -> str:
            return str.format(text, *(_Field(rec, a) for a in args),
                              **{k: _Field(rec, v) for k, v in kwargs.items()})
        return format_

    def format_map(mapping: Any) -> str:
        class Fields:
            def __getitem__(self, key: Any) -> Any:
                return _Field(rec, mapping[key])
        return str.format_map(text, Fields())
    return format_map


# %-formatting: %[(key)][flags][width][.precision][length]type
_SPEC = re.compile(r"%(?:\((?P<key>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?"
                   r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<type>.?)", re.DOTALL)


def percent(rec: Recorder, left: Any, right: Any) -> Any:
    """``left % right``; when ``left`` is a string, each argument its conversions take
    is checked: a stand-in only by a bare ``%s``/``%r`` in a tuple or a dict (alone, a
    tuple output would be the arguments), a string holding a marker only by a bare
    ``%s``."""
    if isinstance(left, str):
        _check_percent(rec, left, right)
    return left % right


def percent_right(rec: Recorder, left: Any, unknown: bool, right: Any) -> Any:
    """``right`` of ``d[k] %= right`` (or ``o.a %= right``), ``left`` being ``d[k]``
    read again, checked as :func:`percent` checks ``left % right`` (``unknown``: the
    target holds a call, so it is not read twice)."""
    if unknown:
        raise rec.untraceable(
            "%= of an item or attribute reached through a call: whether Python formats "
            "a traced value's text there is not checked; compute it into a name first")
    if isinstance(left, str):
        _check_percent(rec, left, right)
    return right


def _check_percent(rec: Recorder, text: str, right: Any) -> None:
    if MARKER in text:
        raise _refuse(rec, "%-formatting with a format string holding a traced value's "
                      "text (its own text may hold %)")
    if _traced(right) and not isinstance(right, tuple):
        raise rec.untraceable(
            f"%-formatting of a traced value ({_shown(right)}): its widths and "
            "precisions, and a tuple taken as its arguments, are only known at run time; "
            "write an f-string instead")
    position = 0
    for spec in _SPEC.finditer(text):
        if spec["type"] == "%" and not (spec["key"] or spec["flags"] or spec["width"]
                                        or spec["precision"] is not None):
            continue
        taken = []
        for star in (spec["width"], spec["precision"]):
            if star == "*":
                taken.append((None, position))
                position += 1
        if spec["key"] is not None:
            value = right[spec["key"]] if isinstance(right, dict) else right
        elif isinstance(right, tuple):
            value = tuple.__getitem__(right, position) if position < len(right) else None
            position += 1
        else:
            value = right
        bare = not (spec["flags"] or spec["width"] or spec["precision"] is not None)
        for _, at in taken:
            if isinstance(right, tuple) and at < len(right) and marked(
                    tuple.__getitem__(right, at)):
                raise _refuse(rec, "a %-formatting width or precision (*) given a traced "
                              "value's text")
        if _traced(value):
            if not (bare and spec["type"] in ("s", "r")):
                raise rec.untraceable(
                    f"%-formatting of a traced value ({_shown(value)}) with "
                    f"{spec.group(0)!r}: its widths and precisions are only known at run "
                    "time; write an f-string instead")
        elif marked(value) and not (bare and spec["type"] == "s" and isinstance(value, str)):
            raise _refuse(rec, f"%-formatting {spec.group(0)!r} of a string holding a traced "
                          "value's text")


def _truth_refused(rec: Recorder) -> Untraceable:
    return rec.untraceable(
        "the truth of a string made only of traced values' texts (if s, s or ..., not s, "
        "any/all/filter of such strings) is only known at run time: the placeholder "
        "standing for an empty text is not empty; test len(run.text) or the value itself")


def truth(rec: Recorder, value: Any) -> Any:
    """``value`` itself, as Python is about to test its truth (``if``, ``while``, a
    conditional expression, ``and``/``or``, ``not``, ``assert``, a comprehension's or a
    case's ``if``): a string made of nothing but markers stands for texts that may all
    be empty, which only the run knows. (A string holding other characters too is
    true whatever the texts are.)"""
    if isinstance(value, str) and only_markers(value):
        raise _truth_refused(rec)
    if isinstance(value, list):
        # a list built in a loop traced once: whether it is empty is its value's, at
        # run time (Python's len would count the one item the loop was traced with)
        from motoko_airflow.trace.sequences import TracedList, collected, stale_loop

        if isinstance(value, TracedList):
            loop = stale_loop(value)
            known = collected(value, loop) if loop is not None else None
            if known is not None:
                return known
    return value


def checked_truths(rec: Recorder, items: Any) -> Any:
    """``items`` for a built-in that tests the truth of each (``any``, ``all``,
    ``filter(None, ...)``): iterated as the built-in would, each item checked by
    :func:`truth`."""
    for item in items:
        yield truth(rec, item)
