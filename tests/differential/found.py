"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
Open (held7, found blind): match statements on outputs. A class pattern with a
capture (case str(t): over run.text) or a sequence pattern (case (lo, hi): over a
tuple output), a class pattern over an int output (case int(v) if v > 10), a mapping
pattern over a dict output (case {1: v}) and a star sequence pattern over a list output
(case [first, *rest]) are tested against the stand-in while tracing and never match:
the DAG takes the arm after it (held7p_match_class_capture, held7p_match_sequence_output,
held7p_match_int_class_guard, held7p_match_mapping_output, held7p_match_outputs; value
and or-patterns, and a mapping pattern over a dict literal holding an output, compile
right: held7p_match_value_mapping in make_cases.py). Refused while main runs natively:
~int(run.y) (held7p_invert_output, held7p_intdiv_negative) and three study-like
orchestrators whose capped loops with a break on an output sit in helpers
(held7_adaptive_regions, held7_bestk_linspace, held7_newton_gather): motoko run exits
2 asking for --fallback instead of running a segment or a partial fallback.
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

# held7: found writing study-like orchestrators and probes blind


# minimal forms of the held7p_match_outputs divergence and the held7p_intdiv_negative refusal


if __name__ == "__main__":
    print("\n".join(write()))
