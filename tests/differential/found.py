"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
None is left now: the last twelve are in make_cases.py (right, or falling back from
where the DAG could not follow main), but the order of a set of strings, which the
tracer refuses (tests/test_trace.py: a refusal cannot run as a differential case).
"""

# ruff: noqa: E501

from make_cases import write

if __name__ == "__main__":
    print("\n".join(write()))
