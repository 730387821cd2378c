from dataclasses import dataclass


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)


@dataclass
class State:
    x: float
    y: float


def advance(state, y):
    state.y = y
    state.x = state.x + 1.0
    return state


async def main(workflow, **params):
    await workflow.lin.createTask(x=params["x0"])
    start = State(params["x0"], 0.0)
    s = start
    while s.y < 5.0:
        (run, job), = await workflow.sq.createTask(x=s.x)
        s = advance(s, run.y)
    await workflow.lin.createTask(x=start.x + start.y)
