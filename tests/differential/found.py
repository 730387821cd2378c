"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k fmt_marker_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.

Open: an augmented % whose target is an item or an attribute (fmt_marker_augassign_item:
d['k'] %= str(v); a name's is a cut), and the truth of a string holding a traced value's
text (fmt_marker_truth: `if str(run.text):`, `s or 'none'`): the marker standing for the
text is never empty.

Closed, in make_cases.py with their attacks: a width, a precision or an escape given to
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

# the truth of a string holding a traced value's text: the marker is never empty

case("fmt_marker_truth", ["label", "count"], ["--name", ""], {"name": ""},
     "WRONG: other runs than main: `if str(run.text):` tests the marker standing for the "
     "text while tracing, never empty: the DAG makes count n=1 where main, whose text is "
     "'', makes n=2 (str(v) or 'none' too)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    if str(run.text):
        await workflow.count.createTask(n=1)
    else:
        await workflow.count.createTask(n=2)
""")

# an augmented % whose target is an item or an attribute (d["k"] %= s) is not
# rewritten by the instrumentation: Python pads the marker

case("fmt_marker_augassign_item", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: d['k'] %= str(run.text), d['k'] being '%-14s', pads "
     "the marker standing for the text while tracing: the DAG makes count n=len(text)+3 "
     "where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    d = {"k": "%-14s"}
    d["k"] %= str(run.text)
    await workflow.count.createTask(n=len(d["k"]))
""")

if __name__ == "__main__":
    print("\n".join(write()))
