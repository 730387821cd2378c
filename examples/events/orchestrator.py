"""Event style: a bisection driven by actions, in a cycle that ends the workflow.

* "start" (a python condition): nothing evaluated yet -> evaluate both bracket ends;
* "bisect" (a constraint event): evaluations FINISHED -> record them, narrow the
  bracket, evaluate its midpoint (the cycle), or store the root when narrow enough;
* "done" (a python condition on the workflow): a root is known -> finish;
* the error handler: a FAILED evaluation stops the workflow.
"""

from motoko.workflow import event


def populate_arg_parser(parser):
    parser.add_argument("--bracket", type=float, nargs=2, default=[1.0, 2.0],
                        help="an interval where f changes sign")
    parser.add_argument("--tolerance", type=float, default=1e-3,
                        help="stop when the bracket is narrower than this")


@event
async def start(workflow, **params):
    low, high = params["bracket"]
    workflow.vars.bracket = [low, high]
    workflow.vars.values = {}
    workflow.f.createTask(x=[low, high])


@event
async def bisect(runs, workflow, **params):
    values = workflow.vars.values
    for run, job in runs:
        values[job.x] = run.fx
        run.state = "FORWARDED"
    workflow.vars.values = values
    low, high = workflow.vars.bracket
    if low not in values or high not in values:
        return
    if values[low] * values[high] > 0:
        raise ValueError(f"f does not change sign on [{low}, {high}]")
    middle = (low + high) / 2
    if middle in values:
        low, high = (middle, high) if values[low] * values[middle] > 0 else (low, middle)
        workflow.vars.bracket = [low, high]
        middle = (low + high) / 2
    if high - low < params["tolerance"]:
        workflow.vars.root = middle
        return
    workflow.f.createTask(x=middle)


def has_root(workflow, task_manager):
    return "root" in workflow.vars


async def done(workflow, **params):
    print(f"root: {workflow.vars.root:.6f}")
    workflow.finished = True


async def report(runs, **params):
    for run, job in runs:
        print(f"evaluation {run.id} (x = {job.x}) FAILED")


def nothing_started(workflow, task_manager):
    return "bracket" not in workflow.vars


async def main(workflow, **params):
    workflow.add_error_handler(event="state = FAILED", f=report)
    workflow.add_action("start", event=nothing_started, f=start)
    workflow.add_action("bisect", task="evaluate", event="state = FINISHED", f=bisect)
    workflow.add_action("done", event=has_root, f=done)
