import asyncio


def populate_arg_parser(parser):
    parser.add_argument('--inputs', type=float, nargs=2, required=True)


async def branch(workflow, inputs, k):
    (r, j), = await workflow.sq.createTask(x=inputs[0] + k)
    (s, t), = await workflow.lin.createTask(x=r.y + inputs[1])
    return s.y


async def main(workflow, **params):
    ys = await asyncio.gather(*(branch(workflow, params["inputs"], k) for k in range(3)))
    await workflow.label.createTask(name=str(ys))
