import asyncio


def populate_arg_parser(parser):
    parser.add_argument('--ws', type=float, nargs=3, required=True)


async def weigh(workflow, ws, x):
    (r, j), = await workflow.sq.createTask(x=x)
    (s, t), = await workflow.lin.createTask(x=r.y * ws[-3] + ws[2])
    return s.y


async def main(workflow, **params):
    ys = await asyncio.gather(weigh(workflow, params["ws"], 1.0),
                              weigh(workflow, params["ws"], 2.0))
    await workflow.label.createTask(name=str(ys))
