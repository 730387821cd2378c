"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
Open: a width or precision given to a string holding a traced value's text
(fmt_marker_width_*: '%-14s' % str(v), f'{str(v):>14}', '{:>14}'.format(f'{v}'):
the marker standing for the text while tracing is padded, not the text; verify_main
fails such a DAG run). The fix: the instrumentation routes '%' with a string on the
left, f-string fields with a spec and str.format/format_map through a check that
refuses a marker-holding operand (a str subclass returned by str() alone misses the
strings made from it: f'{v}', 'v=' + str(v)). The six the sixth study-like set's probes found (ascii() of a traced
value, a conversion with a width, '%5s'/'%.1s' % value, str(job), '%s' % a tuple
output) are cuts now, in make_cases.py as held6f_*. The seven the same probes found
refused wrongly ("main raised TypeError ... fix the orchestrator" where main runs:
ord(run.text), pow(run.y, 2, 5), run.text in "XABY", "%-*s" % (run.y, "x"),
sys.intern(run.text), int.bit_length(run.y), "%s-%s" % run.bounds) compile (ord, pow
with a modulus, in: run-time calls and tests) or are cuts now (trace/blame.py: an
error Python raises on a stand-in is not main's), in make_cases.py as atk_ref_*, with
variants (chr/hex/oct/bin, str methods, bytes(), try/except and contextlib.suppress
around them). The earlier ones
are in make_cases.py (right, or falling back from where the DAG could not follow main),
but the order of a set of strings, which the tracer refuses (tests/test_trace.py: a
refusal cannot run as a differential case).
"""

# ruff: noqa: E501

from make_cases import case, write

# the text of str(v) (a marker standing for it while tracing) formatted with a width

case("fmt_marker_width_percent", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: '%-14s' % str(run.text) pads the marker str() gave "
     "while tracing, not the text: the DAG makes count n=len(text)+3 where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len("%-14s" % str(run.text)))
""")

case("fmt_marker_width_fstring", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: f'{str(run.text):>14}' (and '{:>14}'.format(str(...))) "
     "pads the marker, not the text: the DAG makes n=len(text)+3 where main makes n=14",
     """
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(f"{str(run.text):>14}"))
""")

if __name__ == "__main__":
    print("\n".join(write()))
