"""Who holds a value main changes in place: a block or a segment given the value is
bound to main's name afterwards, which is only what the change in place does when
nothing else holds the object. The rule counts references (``sys.getrefcount``), so it
also sees holders ``gc.get_referrers`` misses: an object frozen before the trace
(``gc.freeze``, as the tracer freezes what was alive before it), a holder outside
Python's objects, a weak reference. The differential corpus (tests/differential/
atk_held_*) runs orchestrators that keep such a list both ways."""

from __future__ import annotations

import atexit
import functools
import gc
import sys
import weakref
from typing import Any

from motoko_airflow.trace.blocks import foreign_references


def foreign(name: str) -> int:
    """The foreign references to the caller's variable ``name`` (the caller standing
    for main's frame)."""
    main = sys._getframe(1)
    value = main.f_locals[name]
    return foreign_references(value, main)


def test_a_list_only_main_holds_has_none() -> None:
    ys: list[float] = [1.0]
    assert foreign("ys") == 0
    assert ys == [1.0]


def test_a_second_name_of_main_is_counted_as_main_s() -> None:
    """(Another name of main for it is refused by its own rule, which counts names.)"""
    ys: list[float] = []
    alias = ys
    assert foreign("ys") == 0
    assert alias is ys


def test_another_list_holding_it_is_foreign() -> None:
    ys: list[float] = []
    box = [ys]
    assert foreign("ys") == 1
    box.append(ys)
    assert foreign("ys") == 2


def test_an_object_frozen_before_is_seen_though_gc_misses_it() -> None:
    holder: list[Any] = []
    gc.freeze()
    try:
        ys: list[float] = []
        holder.append(ys)
        assert not any(h is holder for h in gc.get_referrers(ys))  # the blind spot
        assert foreign("ys") == 1
        holder.clear()
        assert foreign("ys") == 0
    finally:
        gc.unfreeze()


def test_a_module_attribute_is_foreign() -> None:
    ys: list[float] = []
    functools._motoko_test_kept = ys  # type: ignore[attr-defined]
    try:
        assert foreign("ys") == 1
    finally:
        del functools._motoko_test_kept  # type: ignore[attr-defined]
    assert foreign("ys") == 0


def test_a_holder_outside_python_objects_is_foreign() -> None:
    ys: list[float] = []
    atexit.register(len, ys)
    try:
        assert foreign("ys") == 1
    finally:
        atexit.unregister(len)


def test_a_partial_an_iterator_and_a_default_are_foreign() -> None:
    ys: list[float] = []
    total = functools.partial(sum, ys)
    assert foreign("ys") == 1
    del total
    later = (y for y in ys)
    assert foreign("ys") == 1
    del later

    def keep(kept: list[float] = ys) -> int:
        return len(kept)

    assert foreign("ys") == 1
    assert keep() == 0


def test_a_closure_reading_main_s_name_is_main_s_cell() -> None:
    """A lambda reads main's cell, which binding the block's value changes as the
    change in place would: not foreign."""
    ys: list[float] = []
    count = lambda: len(ys)  # noqa: E731
    assert foreign("ys") == 0
    assert count() == 0


def test_a_weak_reference_is_foreign() -> None:
    seen: set[int] = {1}
    ref = weakref.ref(seen)
    assert foreign("seen") == 1
    del ref
    assert foreign("seen") == 0


def test_main_not_among_the_callers_is_never_zero() -> None:
    def elsewhere() -> Any:
        return sys._getframe()

    frame = elsewhere()  # a frame that has returned: not among the callers
    ys: list[float] = []
    assert foreign_references(ys, frame) == -1


def test_a_name_written_into_main_s_locals_snapshot_is_one_reference() -> None:
    """``locals()["alias"] = ys`` puts a key in the frame's snapshot that is no variable
    of it: one reference (the snapshot's), not two, so a holder elsewhere still shows."""
    ys: list[float] = []
    locals()["alias"] = ys
    functools._motoko_test_kept = ys  # type: ignore[attr-defined]
    try:
        assert foreign("ys") == 1
    finally:
        del functools._motoko_test_kept  # type: ignore[attr-defined]
    assert foreign("ys") == 0


def test_a_namespace_frame_between_is_never_zero() -> None:
    ys: list[float] = []
    main = sys._getframe()
    found = eval("foreign_references(ys, main)", {"foreign_references": foreign_references},
                 {"ys": ys, "main": main})
    assert found == -1
