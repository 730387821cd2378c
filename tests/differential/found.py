"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
Open: a string holding a traced value's text iterated or converted by Python
(fmt_marker_iterated: len(list(str(v))), sum(1 for c in s), bytes(s, 'utf8');
fmt_marker_reversed: ''.join(reversed(s)), ''.join(c for c in s)): the marker's
characters are read, not the text's. The fix: iterating such a string (the
instrumentation's __motoko_iter__, list/tuple/set of it, iter/reversed/map/filter,
the built-ins given it) refuses it, as comparing and indexing it already do; its
truth value (an empty text) is open too. Closed: a width, a precision or an escape
given to such a string ('%-14s' % str(v), f'{str(v):>14}', f'{s!r}', str([s])...),
fmt_marker_width_* and atk_fmtw_* in make_cases.py (motoko_airflow/trace/texts.py
cuts them). The six the sixth study-like set's probes found (ascii() of a traced
value, a conversion with a width, '%5s'/'%.1s' % value, str(job), '%s' % a tuple
output) are cuts now, in make_cases.py as held6f_*. Refused wrongly by the same probes (the tracer
blames the orchestrator, "main raised TypeError ... fix the orchestrator", where main
runs natively; a refusal cannot be a differential case): ord(run.text),
pow(run.y, 2, 5), run.text in "XABY", "%-*s" % (run.y, "x"), sys.intern(run.text),
int.bit_length(run.y), "%s-%s" % run.bounds (a tuple output). The earlier ones
are in make_cases.py (right, or falling back from where the DAG could not follow main),
but the order of a set of strings, which the tracer refuses (tests/test_trace.py: a
refusal cannot run as a differential case).
"""

# ruff: noqa: E501

from make_cases import case, write

# a string holding a traced value's text (a marker while tracing) iterated or converted
# by Python: the marker's characters are read, not the text's

case("fmt_marker_iterated", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: len(list(str(run.text))) counts the characters of the "
     "marker standing for the text while tracing (11), fixed in the DAG: count n=11 where "
     "main makes n=2 (sum(1 for c in s), len(tuple(s)), list(s)[0], len(bytes(s, 'utf8')) "
     "too)",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(list(str(run.text))))
""")

case("fmt_marker_reversed", ["label"], [], {"name": "ab"},
     "WRONG: other runs than main: ''.join(reversed(str(run.text))) reverses the marker "
     "(no longer one), and ''.join(c for c in s) joins its characters at run time: the DAG "
     "makes label name='\u27e90#decart\u27e8' where main makes name='BA'",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name="".join(reversed(str(run.text))))
""")

if __name__ == "__main__":
    print("\n".join(write()))
