"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k fmt_marker_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.

Open: a library's callable object (not a function, class or method: an
operator.itemgetter, a functools.partial of a C function) called with a string
holding a traced value's text runs unchecked on the placeholder
(atk_callobj_itemgetter, atk_callobj_partial_builtin). The fix: in
sequences.foreign, such an object of a library class (sequences._library_class)
given a traced value or a marker becomes a run-time call (calls.deferred) or a cut,
as a library object's C method already does.

Closed, in make_cases.py with their attacks: the truth of a string made only of traced
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

from make_cases import case, write

# a library's callable object called with a string holding a traced value's text

CALLOBJ_HEAD = """
import functools
import operator


def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
"""

case("atk_callobj_itemgetter", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: operator.itemgetter(0)(str(run.text) + '#') takes the "
     "first character of the placeholder standing for the text while tracing, not 'A': "
     "the DAG makes count n=2 where main makes n=1",
     CALLOBJ_HEAD + """\
    first = operator.itemgetter(0)(str(run.text) + "#")
    await workflow.count.createTask(n=1 if first == "A" else 2)
""")

case("atk_callobj_partial_builtin", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: functools.partial(str.replace)(str(run.text), 'A', "
     "'xyz') replaces in the placeholder while tracing (nothing to replace): the DAG "
     "makes count n=2 where main makes n=4",
     CALLOBJ_HEAD + """\
    replace = functools.partial(str.replace)
    await workflow.count.createTask(n=len(replace(str(run.text), "A", "xyz")))
""")

if __name__ == "__main__":
    print("\n".join(write()))
