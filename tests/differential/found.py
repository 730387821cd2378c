"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
Open: six found with the sixth study-like set (held6_wrong_*): ascii() of a traced
value and '%.1s' % value are answered while tracing from the stand-in; a conversion
with a width ('%5s', f'{v!s:>5}', '{!r:>6}'.format) loses the width; str(job) formats
another object than BlackDynamite's job; '%s' % output compiles to str(output), where
an output that is a tuple is the %'s arguments natively. Refused wrongly by the same probes (the tracer
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

# held6 (found while writing the sixth study-like set, probing builtins of outputs)

case("held6_wrong_builtins_mix", ["count", "label", "step"], ["--ns", "1", "3"], {"ns": [1, 3]},
     "WRONG: other runs than main (the probe the two below reduce): builtins of int and str outputs (divmod, format with 'b', repr, ascii, "
     "int(text, 36), round of a division) given to steps; len(ascii(lab.text)) is 20 in the DAG (step i=20) where main makes i=8 and i=9", '''
def populate_arg_parser(parser):
    parser.add_argument("--ns", type=int, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.count.createTask(n=params["ns"])
    labs = await workflow.label.createTask(
        name=[format(run.y, "b") + repr(run.y) for run, job in runs])
    for run, job in runs:
        q, r = divmod(run.y, 4)
        await workflow.step.createTask(x=float(q) + round(run.y / 4), i=r)
    for lab, job in labs:
        await workflow.step.createTask(x=float(int(lab.text, 36) % 97), i=len(ascii(lab.text)))
''')


case("held6_wrong_ascii_len", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: ascii() of a traced value (an output here; a free "
     "param, f'{v!a}', '%a' and '{!a}'.format too) is answered while tracing from the "
     "stand-in and fixed in the DAG: count n=20 where main makes n=4 (len(\"'AB'\"))", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(ascii(run.text)))
''')

case("held6_wrong_conversion_spec", ["label"], [], {"name": "ab"},
     "WRONG: other runs than main: an f-string field with a conversion and a format spec "
     "(f'{run.y!s:>5}', f'{v!r:>9}') of a traced value compiles to str()/repr() without "
     "the spec: the DAG makes label name='2' where main makes name='    2' (on a tuple "
     "output, f'{run.bounds!r:>14}' pads to another width: '   (1.0, 2.0)' where main "
     "makes '    (1.0, 2.0)'; 26 other uses of a tuple output as names are right; a "
     "free param and a job field lose it too: f'{params[\"name\"]!s:>4}', "
     "f'{run.y!r:<4}|' made '2|' where main makes '2   |'; a spec without a conversion "
     "is right)", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=f"{run.y!s:>5}")
''')

case("held6_wrong_percent_width", ["label"], [], {"name": "ab"},
     "WRONG: other runs than main: '%5s' % value ('{!s:>5}'.format(v), '{!r:>6}'.format(v) "
     "too) of a traced value compiles to str()/repr() without its width: the DAG makes "
     "label name='2' where main makes name='    2'; and '%.1s' % run.text is answered "
     "while tracing from the stand-in: the DAG makes name='\u27e8' where main makes "
     "name='A' (a probe of 24 formattings found these; '{:>{w}}', '%(a)s', '{r.text}', "
     "f'{v:{width}.3f}', '{:.1%}', ':,', ':#x', ':03d' and the others compile right; "
     "'%-4s|' % job.name and '%4s' % params['name'] lose the width too)", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name="%5s" % run.y)
    await workflow.label.createTask(name="%.1s" % run.text)
''')


case("held6_wrong_str_job", ["label", "count"], [], {"name": "ab"},
     "WRONG: other runs than main: str() of a job compiles, but the DAG's task formats "
     "another object than BlackDynamite's job (natively 'JobZEO object:\\n  id: 1\\n  "
     "name: ab', 33 characters): the DAG makes count n=59 where main makes n=33", '''
def populate_arg_parser(parser):
    parser.add_argument("--name", default="ab")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.count.createTask(n=len(str(job)))
''')


case("held6_wrong_percent_tuple_output", ["pair", "label"], [], {"x": 1.0},
     "WRONG: a step main never reaches: '%s' % run.bounds, an output that is a tuple, "
     "compiles to str(run.bounds); natively % takes the tuple as its arguments and "
     "raises (not all arguments converted), so main makes no label run, where the DAG "
     "makes label name='(1.0, 2.0)'. ('%s-%s' % run.bounds, right natively, is refused "
     "as an error of the orchestrator.)", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, default=1.0)


async def main(workflow, **params):
    (run, job), = await workflow.pair.createTask(x=params["x"])
    await workflow.label.createTask(name="%s" % run.bounds)
''', raises="TypeError: not all arguments converted during string formatting")


if __name__ == "__main__":
    print("\n".join(write()))
