"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
None open. A width, a precision or an escape given to a string holding a traced
value's text ('%-14s' % str(v), f'{str(v):>14}', '{:>14}'.format(f'{v}'),
f'{s!r}', str([s])...) padded, cut or escaped the marker standing for the text
(fmt_marker_width_*): the instrumentation now sends %, every f-string field,
str.format/format_map and format() through motoko_airflow/trace/texts.py, which
cuts them; they are in make_cases.py with their attacks (atk_fmtw_*). The six the sixth study-like set's probes found (ascii() of a traced
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

from make_cases import write

if __name__ == "__main__":
    print("\n".join(write()))
