import asyncio
import dataclasses


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--mode", default="fast")


@dataclasses.dataclass
class Result:
    y: float
    ids: list


async def probe(workflow, v):
    runs = await workflow.mult.createTask(x=v)
    return Result(runs[0][0].y, [r.id for r, j in runs])


async def main(workflow, **params):
    res = await asyncio.gather(*[probe(workflow, v) for v in params["a"]])
    for g in res:
        await workflow.square.createTask(v=g.y)
    g1 = g2 = res[0]
    await workflow.agg.createTask(vals=[g1.y], mult_ids=g2.ids)
