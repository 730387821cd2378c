"""Write the tracer's test corpus: tests/orchestrators/<case>/."""
import json, textwrap, sys
from pathlib import Path

ROOT = Path(sys.argv[1])
STD = {"mult": {"x": "float"}, "add": {"x": "float"}, "norm": {"mult_ids": "list"}}
INPUTS = '''def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")

'''
CASES = {}
ERRORS = {}

def case(name, source, studies=STD, aliases=None, error=None):
    (ERRORS if error else CASES)[name] = (textwrap.dedent(source).lstrip(), studies, aliases, error)

case("readme_routines", INPUTS + '''
async def run_mult(workflow, inputs):
    return await workflow.mult.createTask(x=inputs)


async def run_add(workflow, mult_runs):
    created = []
    for run, job in mult_runs:
        created.extend(await workflow.add.createTask(x=run.y))
    return created


async def main(workflow, **params):
    mult_runs = await run_mult(workflow, params["inputs"])
    add_runs = await run_add(workflow, mult_runs)
    await workflow.norm.createTask(
        mult_ids=[run.id for run, job in add_runs],
    )
''')

case("event_driven", INPUTS + '''
from motoko.workflow import event


@event
async def start_mult(workflow, **kwargs):
    await workflow.mult.createTask(x=kwargs["inputs"])


@event
async def forward_to_add(runs=None, workflow=None, **kwargs):
    for run, job in runs:
        created = await workflow.add.createTask(x=run.y)
        run.state = "FORWARDED"
        run.dependencies = [f"add.{r.id}" for r, j in created]


@event
async def start_norm(workflow=None, **kwargs):
    forwarded = workflow.mult.select(["state = FORWARDED"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in forwarded])


async def stop(workflow, **params):
    workflow.finished = True


async def show_failure(runs, **params):
    for r, j in runs:
        print("failed run", r.id)


def mult_count(workflow, task_manager):
    return len(task_manager.select([])) < 2


async def main(workflow, **params):
    workflow.add_error_handler(event="state = FAILED", f=show_failure)
    workflow.add_action("init", task="mult", event=mult_count, f=start_mult)
    workflow.add_action(
        "mult_finished",
        task="mult",
        event=["runs.id < 3", "state = FINISHED"],
        f=forward_to_add,
    )

    def ready_for_norm(workflow, task_manager):
        if len(workflow.mult.select([])) != 2:
            return False
        return not workflow.add.select(["state != FINISHED"])

    workflow.add_action("need_norm", event=ready_for_norm, f=start_norm)
    workflow.add_action("norm_finished", task="norm", event="state = FINISHED",
                        f=lambda workflow, **kw: None)
    workflow.add_action("finish", event=lambda: False, f=stop)
''')

case("single_create", INPUTS + '''
async def main(workflow, **params):
    await workflow.mult.createTask(x=params["inputs"])
''')

case("sequential_order", '''
async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    await workflow.add.createTask(x=2.0)
    await workflow.norm.createTask(mult_ids=[1, 2])
''')

case("unawaited_parallel", '''
async def main(workflow, **params):
    first = workflow.mult.createTask(x=1.0)
    second = workflow.add.createTask(x=2.0)
    await first
    await second
    await workflow.norm.createTask(mult_ids=[])
''')

case("gather_routines", INPUTS + '''
import asyncio


async def branch_mult(workflow, x):
    runs = await workflow.mult.createTask(x=x)
    return runs


async def branch_add(workflow, x):
    return await workflow.add.createTask(x=x + 1)


async def main(workflow, **params):
    mult_runs, add_runs = await asyncio.gather(
        branch_mult(workflow, params["inputs"]),
        branch_add(workflow, params["inputs"][0]),
    )
    await workflow.norm.createTask(mult_ids=[r.id for r, j in mult_runs])
''')

case("gather_create_calls", '''
from asyncio import gather


async def main(workflow, **params):
    await workflow.mult.createTask(x=0.5)
    await gather(workflow.add.createTask(x=1.0), workflow.add.createTask(x=2.0))
    await workflow.norm.createTask(mult_ids=[0])
''')

case("map_then_gather", INPUTS + '''
import asyncio


async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    pending = [workflow.add.createTask(x=run.y) for run, job in mult_runs]
    results = await asyncio.gather(*pending)
    await workflow.norm.createTask(mult_ids=[r.id for runs in results for r, j in runs])
''')

case("map_over_param_list", '''
def populate_arg_parser(parser):
    parser.add_argument("--inputs", type=float, nargs="+", required=True)
    parser.add_argument("--scale", type=float, default=2.0)


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        await workflow.add.createTask(x=run.y * params["scale"] + job.x)
''')

case("chained_maps", INPUTS + '''
async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    add_runs = []
    for run, job in mult_runs:
        add_runs.extend(await workflow.add.createTask(x=run.y))
    again = []
    for run, job in add_runs:
        again.extend(await workflow.mult.createTask(x=run.y / 2))
    await workflow.norm.createTask(mult_ids=[r.id for r, j in again])
''')

case("sensor_between", INPUTS + '''
async def main(workflow, **params):
    workflow.mult.createTask(x=params["inputs"])
    finished = await workflow.mult.select("state = FINISHED")
    for run, job in finished:
        await workflow.add.createTask(x=run.y)
    await workflow.add.select(["state = FINISHED"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in finished])
''')

case("sensor_all", '''
async def main(workflow, **params):
    await workflow.mult.createTask(x=[1.0, 2.0])
    done = await workflow.mult.select(["runs.id < 3"]).all(
        ["state = FINISHED"], ["state = FORWARDED"]
    )
    await workflow.norm.createTask(mult_ids=[r.id for r, j in done])
''')

case("sensor_and", '''
async def main(workflow, **params):
    workflow.mult.createTask(x=1.0)
    workflow.add.createTask(x=2.0)
    both = await (workflow.mult.select("state = FINISHED")
                  & workflow.add.select("state = FINISHED"))
    await workflow.norm.createTask(mult_ids=[r.id for r, j in both])
''')

case("aliases", INPUTS + '''
async def main(workflow, **params):
    products = await workflow.multiply.createTask(x=params["inputs"])
    for run, job in products:
        await workflow.plus.createTask(x=run.y)
    workflow.add_action("watch", task="plus", event="state = FINISHED",
                        f=on_sum)


async def on_sum(runs=None, workflow=None, **kwargs):
    pass
''', aliases={"multiply": "mult", "plus": "add"})

case("with_error_handler", INPUTS + '''
async def report(runs, **params):
    for r, j in runs:
        print("failed", r.id)


async def main(workflow, **params):
    workflow.add_error_handler(event="state = FAILED", f=report)
    runs = await workflow.mult.createTask(x=params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in runs])
''')

case("nested_helpers", INPUTS + '''
async def make(workflow, tm, value):
    return await getattr(workflow, tm).createTask(x=value)


async def stage_two(workflow, runs):
    out = []
    for run, job in runs:
        out.extend(await make(workflow, "add", run.y + 1))
    return out


async def stage_one(workflow, inputs):
    first = await make(workflow, "mult", inputs)
    return await stage_two(workflow, first)


async def main(workflow, **params):
    added = await stage_one(workflow, params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in added])
''')

case("constant_loop_unrolled", '''
async def main(workflow, **params):
    for x in [1.0, 2.0, 3.0]:
        await workflow.mult.createTask(x=x)
    for i in range(2):
        workflow.add.createTask(x=float(i))
''')

case("expressions", INPUTS + '''
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"][0] * 2 + 1)
    for run, job in runs:
        await workflow.add.createTask(
            x=-(run.y ** 2) / job.x - abs(run["y"]) // 3 % 7,
            run_params={"origin": run.id, "tag": workflow.run_name},
        )
''')

case("fan_in_comprehension", INPUTS + '''
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in runs])
    await workflow.norm.createTask(mult_ids=[r.y * 2 for r, j in runs])
    await workflow.norm.createTask(mult_ids=list(runs))
''')

case("run_params", '''
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    await workflow.mult.createTask(run_params={"nproc": params["n"], "queue": "short"},
                                   x=1.5)
''')

case("no_parser", '''
async def main(workflow, **params):
    await workflow.mult.createTask(x=[0.1, 0.2, 0.3])
''')

case("param_types", '''
def populate_arg_parser(parser):
    parser.add_argument("--x", type=float, required=True, help="value of x")
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--values", type=float, nargs="*", default=[1.0])


async def main(workflow, **params):
    await workflow.mult.createTask(x=params["x"])
    await workflow.add.createTask(x=params["values"])
''')

case("actions_get_params", '''
def params_now():
    return {"now": 1}


async def on_any(workflow=None, params=None, **kwargs):
    pass


async def main(workflow, **params):
    workflow.add_action("any_finished", event=["state = FINISHED"], get_params=params_now,
                        f=on_any)
''')

case("routine_then_action", INPUTS + '''
async def relaunch(runs=None, workflow=None, **kwargs):
    pass


async def main(workflow, **params):
    await workflow.mult.createTask(x=params["inputs"])
    workflow.add_action("relaunch", task="mult", event="state = FAILED", f=relaunch)
    await workflow.add.createTask(x=0.0)
''')

case("loop_exit_closes_map", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        print("first run", run.id)
        break
    await workflow.add.createTask(x=1.0)
    first = next(iter(runs))
    await workflow.add.createTask(x=2.0)
    for r1, j1 in runs:
        await workflow.add.createTask(x=r1.y + 1.0)
    await workflow.norm.createTask(mult_ids=[3])
""")

case("map_over_built_list", INPUTS + """
async def main(workflow, **params):
    mult_runs = await workflow.mult.createTask(x=params["inputs"])
    created = []
    for run, job in mult_runs:
        created.extend(await workflow.add.createTask(x=run.y))
    for run, job in created:
        await workflow.norm.createTask(mult_ids=[run.id])
    for run, job in created:
        await workflow.mult.createTask(x=1.0)
""")

# ------------------------------------------------------------------ errors
case("branch_on_output", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        if run.y > 3:
            await workflow.add.createTask(x=run.y)
""")

case("len_of_runs", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    await workflow.add.createTask(x=len(runs))
""")

case("partial_unawaited_selection", """
async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    if workflow.mult.select("state = FINISHED"):  # FALLBACK-FROM
        await workflow.add.createTask(x=1.0)
""")

case("loop_over_param", INPUTS + """
async def main(workflow, **params):
    for x in params["inputs"]:
        await workflow.mult.createTask(x=x)
""")

case("partial_asyncio_sleep", """
import asyncio


async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    await asyncio.sleep(1)  # FALLBACK-FROM
    await workflow.add.createTask(x=2.0)
""")

case("error_workflow_vars", """
async def main(workflow, **params):
    workflow.vars.count = 1  # TRACE-ERROR
""", error="workflow.vars (persistent workflow variables)")

case("partial_polling_loop", """
async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    while not workflow.finished:  # FALLBACK-FROM
        pass
""")

case("fstring_of_output", INPUTS + """
async def main(workflow, **params):
    (run, job), = await workflow.mult.createTask(x=1.0)
    await workflow.add.createTask(x=run.y, label=f"from {run.id}: {run.y:.3f}")
""", studies={"mult": {"x": "float"}, "add": {"x": "float", "label": "str"},
              "norm": {"mult_ids": "list"}})

case("branch_compare_param", """
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=1)


async def main(workflow, **params):
    if params["n"] > 2:
        await workflow.mult.createTask(x=1.0)
    else:
        await workflow.add.createTask(x=2.0)
    await workflow.norm.createTask(mult_ids=[params["n"]])
""")

case("nested_loops_product", INPUTS + """
async def main(workflow, **params):
    a = await workflow.mult.createTask(x=params["inputs"])
    b = await workflow.add.createTask(x=params["inputs"])
    for r1, j1 in a:
        for r2, j2 in b:
            await workflow.norm.createTask(mult_ids=[r1.id, r2.id])
""")

case("error_unknown_task_manager", """
async def main(workflow, **params):
    await workflow.mlut.createTask(x=1.0)  # TRACE-ERROR
""", error="workflow.mlut: unknown task manager 'mlut'")

case("sum_of_outputs", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    total = sum(r.y for r, j in runs)
    await workflow.add.createTask(x=total)
""")

case("error_get_runs", """
async def main(workflow, **params):
    runs = workflow.get_runs(["mult.1"])  # TRACE-ERROR
""", error="workflow.get_runs() reads BlackDynamite while main runs")

case("error_background_task", """
import asyncio


async def side(workflow):  # TRACE-ERROR
    await workflow.add.createTask(x=1.0)


async def main(workflow, **params):
    asyncio.ensure_future(side(workflow))
""", error="a background task (side) was started")

case("error_user_exception", INPUTS + """
async def main(workflow, **params):
    await workflow.mult.createTask(x=params["missing"])  # TRACE-ERROR
""", error="main raised KeyError: 'missing' while being traced")

case("enumerate_runs", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for i, (run, job) in enumerate(runs):
        await workflow.add.createTask(x=run.y + i)
""")

case("branch_flag_reassigned", """
def populate_arg_parser(parser):
    parser.add_argument("--refine", action="store_true")
    parser.add_argument("--x0", type=float, default=1.0)


async def main(workflow, **params):
    step = 0.5
    if params["refine"] and params["x0"] > 0:
        runs = await workflow.mult.createTask(x=params["x0"])
        step = 0.1
    else:
        runs = await workflow.add.createTask(x=params["x0"])
    await workflow.norm.createTask(mult_ids=[r.y * step for r, j in runs])
""")

case("zip_and_concat", INPUTS + """
async def main(workflow, **params):
    a = await workflow.mult.createTask(x=params["inputs"])
    b = await workflow.add.createTask(x=params["inputs"])
    for (ra, ja), (rb, jb) in zip(a, b):
        await workflow.mult.createTask(x=ra.y + rb.y)
    ids = [r.id for r, j in a] + [r.id for r, j in b]
    await workflow.norm.createTask(mult_ids=ids + [max(r.y for r, j in b)])
""")

case("filter_in_comprehension", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    big = [r.id for r, j in runs if r.y > 1]
    await workflow.norm.createTask(mult_ids=big)
""")

case("partial_convergence_loop", """
async def main(workflow, **params):
    x = 1.0
    await workflow.add.createTask(x=x)
    while True:  # FALLBACK-FROM
        (run, job), = await workflow.mult.createTask(x=x)
        if run.y < 0.01:
            break
        x = run.y
    await workflow.norm.createTask(mult_ids=[x])
""")

case("block_flag_set_in_loop", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    found = False
    for run, job in runs:
        if run.y > 3:
            found = True
    if found:
        await workflow.add.createTask(x=1.0)
""")

case("partial_flag_set_in_loop_with_a_wait", INPUTS + """
import asyncio


async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    found = False
    for run, job in runs:  # FALLBACK-FROM
        await asyncio.sleep(0)
        if run.y > 3:
            found = True
    if found:
        await workflow.add.createTask(x=1.0)
""")


case("unrolled_loop_with_output_branch", """
async def main(workflow, **params):
    for i in range(3):
        (run, job), = await workflow.mult.createTask(x=float(i))
        if run.y > 1:
            await workflow.add.createTask(x=run.y)
""")

case("early_return", """
def populate_arg_parser(parser):
    parser.add_argument("--go", action="store_true")


async def main(workflow, **params):
    await workflow.mult.createTask(x=1.0)
    if not params["go"]:
        return
    await workflow.add.createTask(x=2.0)
""")

case("raise_on_branch", """
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    if params["n"] < 0:
        raise ValueError("n must be positive")
    await workflow.mult.createTask(x=params["n"])
""")

case("partial_param_while", """
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, required=True)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    i = 0
    while i < params["n"]:  # FALLBACK-FROM
        await workflow.mult.createTask(x=i)
        i += 1
""")

case("param_while_fixed", """
def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=3)


async def main(workflow, **params):
    await workflow.add.createTask(x=0.5)
    i = 0
    while i < params["n"]:  # traced with n=3: unrolled, n fixed in the DAG
        await workflow.mult.createTask(x=i)
        i += 1
""")

case("bounded_convergence_loop", """
async def main(workflow, **params):
    x = 1.0
    for it in range(4):
        (run, job), = await workflow.mult.createTask(x=x)
        if run.y < 0.01:
            break
        x = run.y
    await workflow.add.createTask(x=x)
""")

case("per_item_runs", INPUTS + """
async def main(workflow, **params):
    for x in params["inputs"]:
        (run, job), = await workflow.mult.createTask(x=x)
        await workflow.add.createTask(x=run.y + x)
""")


case("partial_break_on_output", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:  # FALLBACK-FROM
        if run.y > 3:
            break
        await workflow.add.createTask(x=run.y)
    await workflow.mult.createTask(x=0.5)
""")

case("value_left_by_a_loop", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    for run, job in runs:
        first = run
        break
    for run, job in runs:
        second = run.y
        break
    await workflow.add.createTask(x=first.y + second)
""")


case("block_accumulation", INPUTS + """
async def main(workflow, **params):
    runs = await workflow.mult.createTask(x=params["inputs"])
    total = 0
    for run, job in runs:
        total = total + run.y
    await workflow.add.createTask(x=total)
""")


def write(name, spec):
    source, studies, aliases, error = spec
    d = ROOT / name
    d.mkdir(parents=True, exist_ok=True)
    yaml = "task_managers:\n" + "".join(f"  {tm}:\n" for tm in studies)
    if aliases:
        yaml += "aliases:\n" + "".join(f"  {a}: {t}\n" for a, t in aliases.items())
    yaml += "orchestrator: orchestrator.main\n"
    (d / "motoko.yaml").write_text(yaml)
    (d / "orchestrator.py").write_text(source)
    for tm, job in studies.items():
        (d / tm).mkdir(exist_ok=True)
        (d / tm / "bd.yaml").write_text(
            f"study: {tm}\njob:\n" + "".join(f"  {k}: {v}\n" for k, v in job.items()))
    if error:
        (d / "expected_error.json").write_text(json.dumps({"message": error}, indent=2) + "\n")


for name, spec in {**CASES, **ERRORS}.items():
    write(name, spec)
print(len(CASES), "cases,", len(ERRORS), "error cases")
