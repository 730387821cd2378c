"""Orchestrators that made a DAG doing other work than ``main`` when they were written
(native runtime = oracle), kept out of the corpus until the tracer handles them. In
``motoko run`` the verification task (verify_main) fails on all of them, naming the
divergence, but one: the order of a set of strings (atk_set_order_names) is the trace's
process's, which the replay shares (PYTHONHASHSEED unset); natively another process may
iterate it in another order, so main's own runs differ from one run to the next.

    python tests/differential/found.py       # writes them into tests/differential/
    python -m pytest -q tests/test_differential.py -k atk_

Once one compiles right (or falls back), move its ``case(...)`` into make_cases.py.
"""

# ruff: noqa: E501

from make_cases import XS, case, write

case("atk_lambda_default_shadow", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "WRONG: a key lambda whose default (c=center) names a local of main that shadows a "
     "module-level name", """
center = 0.0  # the module's default centre


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    center = 5.0
    closest = min(runs, key=lambda pair, c=center: abs(pair[0].y - c))
    await workflow.lin.createTask(x=closest[0].y)
""")

case("atk_helper_globals_configure", ["sq", "lin"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "WRONG: a helper module configured by main through globals()[...] before a helper "
     "of it is called at run time", "import scaling\n\n\n" + XS + """

async def main(workflow, **params):
    scaling.configure(3.0)
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=scaling.scaled_total([run.y for run, job in runs]))
""", files={"scaling.py": """
\"\"\"Scaling of totals, configured once per study.\"\"\"

SCALE = 1.0


def configure(scale):
    globals()["SCALE"] = scale


def scaled_total(values):
    total = 0.0
    for v in values:
        total += v
    return SCALE * total
"""})


case("atk_memo_first_wins", ["sq", "lin", "count", "mix"], ["--xs", "1", "2"],
     {"xs": [1.0, 2.0]},
     "WRONG: a run-time helper keeping its first total in a dict of another module "
     "(reached through a call, min([...])), called on two branches the DAG runs in "
     "another order", "from memo import first_total\n\n\n" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    mids = await workflow.lin.createTask(x=[run.y for run, job in runs])
    first = first_total([run.y for run, job in mids])
    second = first_total([run.y for run, job in runs])
    await workflow.mix.createTask(a=second, b=1.0)
    await workflow.count.createTask(n=int(first))
""", files={"memo.py": """
\"\"\"Totals remembered across the study (the first one is the reference).\"\"\"

import store


def first_total(values):
    table = min([store.TOTALS], key=len)
    table.setdefault("first", sum(values))
    return table["first"]
""", "store.py": """
\"\"\"Shared tables of the study.\"\"\"

TOTALS = {}
"""})


case("atk_select_all_then_wrong_step", ["sq"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "WRONG: an awaited select().all(...) that later runs of the same study break, "
     "then a step the DAG gets wrong (a key lambda with a default naming a local): "
     "verify_main's replay stops at the select and checks nothing after it", """
center = 0.0  # the module's default centre


""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.sq.select().all("x < 3")
    center = 5.0
    closest = min(runs, key=lambda pair, c=center: abs(pair[0].y - c))
    await workflow.sq.createTask(x=closest[1].x + 10.0)
""")


case("atk_set_order_names", ["label"], [], {},
     "WRONG: stages numbered in the iteration order of a set of strings (that order "
     "changes from one Python process to the next: the trace's is compiled)", """
STAGES = {"mesh", "solve", "refine", "post", "plot"}


async def main(workflow, **params):
    for i, stage in enumerate(STAGES):
        await workflow.label.createTask(name=f"{i}-{stage}")
""")

case("atk_lambda_default_loop", ["sq", "lin"], ["--xs", "1", "2", "3"],
     {"xs": [1.0, 2.0, 3.0]},
     "WRONG: key lambdas made in a loop with the c=c idiom (the default names the loop "
     "variable, which the run-time call looks up in the module)", """
""" + XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    for c in (0.0, 5.0):
        closest = min(runs, key=lambda pair, c=c: abs(pair[0].y - c))
        await workflow.lin.createTask(x=closest[0].y)
""")


case("atk_param_equals_tuple", ["sq", "lin"], ["--grid", "1", "1"], {"grid": [1, 1]},
     "WRONG: a list param (nargs=2, a tuple default) compared with a tuple: the graph "
     "compares it with a list", """
def populate_arg_parser(parser):
    parser.add_argument("--grid", type=int, nargs=2, default=(1, 1),
                        help="cells along x and y")


async def main(workflow, **params):
    if params["grid"] == (1, 1):
        await workflow.sq.createTask(x=1.0)
    else:
        await workflow.lin.createTask(x=float(params["grid"][0]))
""")


case("atk_iadd_result_alias", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "WRONG: += on the list a run-time call returned (sorted), read through another "
     "name bound to it before (the list is changed in place natively)", XS + """

async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    ys = sorted(run.y for run, job in runs)
    everything = ys
    ys += [100.0]
    await workflow.lin.createTask(x=everything)
""")

case("atk_module_name_as_label", ["label"], [], {},
     "WRONG: the orchestrator's __name__ as a job parameter (the trace imports it under "
     "another name)", """
async def main(workflow, **params):
    await workflow.label.createTask(name=__name__)
""")

case("atk_helper_reads_settings_table", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "WRONG: a helper called at run time reading a dict of another module of the "
     "workflow (settings.LIMITS) that main changes first", "import settings\nfrom stats "
     "import count_above\n\n\n" + XS + """

async def main(workflow, **params):
    settings.LIMITS["y"] = 3.0
    runs = await workflow.sq.createTask(x=params["xs"])
    await workflow.lin.createTask(x=float(count_above([run.y for run, job in runs])))
""", files={"settings.py": """
\"\"\"Settings of the study.\"\"\"

LIMITS = {"y": 0.5}
""", "stats.py": """
\"\"\"Helpers of the study.\"\"\"

import settings


def count_above(values):
    return sum(1 for v in values if v > settings.LIMITS["y"])
"""})


case("atk_type_is_list", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "WRONG: type(values) is list on a list made by list(param) (the trace's list() "
     "makes another type, and its list is another object)", XS + """

async def main(workflow, **params):
    values = list(params["xs"])
    if type(values) is list:
        await workflow.sq.createTask(x=values)
    else:
        await workflow.lin.createTask(x=values)
""")

case("atk_isinstance_list", ["sq", "lin"], ["--xs", "1", "2"], {"xs": [1.0, 2.0]},
     "WRONG: isinstance(values, list) on a list made by list(param): the trace fails "
     "(TypeError, its list() is a function), motoko run refuses a valid orchestrator",
     XS + """

async def main(workflow, **params):
    values = list(params["xs"])
    if isinstance(values, list):
        await workflow.sq.createTask(x=values)
    else:
        await workflow.lin.createTask(x=values)
""")


if __name__ == "__main__":
    print("\n".join(write()))
