"""Orchestrators that make a DAG doing other work than ``main`` (native runtime =
oracle), kept out of the corpus until the tracer handles them: add each as a
``case(...)`` here with ``"WRONG: ..."`` and why in its idiom. In ``motoko run`` the
verification task (verify_main) should fail on each, naming the divergence.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k fmt_marker_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.

Open: two lists a loop fills in the two branches of a test of its item, copied
(``list(valid)``) or joined by ``list.__add__``, then joined and read by position
(found_branch_lists_*). Each path of the trace goes the test one way for the traced
item, so there one list holds the loop's element and the other none; merged at the
join (``paths.filtered``), both paths' joined lists read as one list of the loop's
items in the loop's order, with a conditional element, where natively it is all of the
first list's elements, then all of the second's. ``TracedList._not_interleaved`` refuses
the joins it sees (``+``, ``extend``, ``+=`` of the two lists themselves); a copy loses
the mark that says which loop fills a list, and ``list.__add__`` is not seen. The fix
belongs in the merge: elements tagged, when added in a loop, with the list they were
added to, and two fan-ins of one loop merged only when they come from one list.

Closed, in make_cases.py with their attacks: a library's callable object given a
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

FOUND_BRANCH_HEAD = '''
def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", default=[2.0, 12.0, 5.0, 30.0, 7.5, 3.0])


async def main(workflow, **params):
    screen = await workflow.gap.createTask(x=params["xs"])
    valid, missing = [], []
    for run, job in screen:
        if run.y is None:
            missing.append(job.x)
        else:
            valid.append(run.y)
'''
FOUND_BRANCH_PARAMS = {"xs": [2.0, 12.0, 5.0, 30.0, 7.5, 3.0]}

case("found_branch_lists_copies_joined", ["gap", "step"], [], FOUND_BRANCH_PARAMS,
     "WRONG: two lists filled in the branches of a test of the item, copied, joined, enumerated",
     FOUND_BRANCH_HEAD + '''    for i, v in enumerate(list(valid) + list(missing)):
        await workflow.step.createTask(x=v, i=i)
''')

case("found_branch_lists_unbound_add", ["gap", "step"], [], FOUND_BRANCH_PARAMS,
     "WRONG: two lists filled in the branches of a test of the item, joined by list.__add__",
     FOUND_BRANCH_HEAD + '''    for i, v in enumerate(list.__add__(valid, missing)):
        await workflow.step.createTask(x=v, i=i)
''')

case("found_branch_lists_copy_extended", ["gap", "step"], [], FOUND_BRANCH_PARAMS,
     "WRONG: a copy of one list filled in a branch of a test of the item extended with a "
     "copy of the other",
     FOUND_BRANCH_HEAD + '''    both = list(valid)
    both.extend(list(missing))
    for i, v in enumerate(both):
        await workflow.step.createTask(x=v, i=i)
''')


if __name__ == "__main__":
    print("\n".join(write()))
