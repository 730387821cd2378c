"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k fmt_marker_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.

Open: none.

Closed, in make_cases.py with their attacks: two lists a loop fills in the two
branches of a test of its item, copied (``list(valid)``) or joined by ``list.__add__``,
then joined and read by position (atk_branchcopy_*: ``paths.Merger.fills_several``); a library's callable object given a
string holding a traced value's text (atk_callobj_*: sequences.run_time_or_cut); the truth of a string made only of traced
values' texts and dicts or sets keyed by such strings (fmt_marker_truth, atk_truth_*:
.texts.truth, .sequences.keyed_by_text); an augmented % of an item or attribute
(fmt_marker_augassign_item); a width, a precision or an escape given to
such a string, and such a string iterated or converted by Python (fmt_marker_*,
atk_fmtw_*: motoko_airflow/trace/texts.py); match statements testing an output's class,
length, keys or identity (held7p_match_*, atk_match_*); the refusals of valid
orchestrators, an error Python's own code raised on a stand-in blamed on main
(atk_ref_*, held7p_invert_output: motoko_airflow/trace/blame.py); the formatting cuts of
held6f_*. A refusal cannot run as a differential case (the order of a set of strings,
which the tracer refuses, is tested in tests/test_trace.py).
"""

# ruff: noqa: E501

from make_cases import case, write  # noqa: F401 (case: the next one found)

if __name__ == "__main__":
    print("\n".join(write()))
