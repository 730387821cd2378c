import asyncio

import helpers


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


def doubled(xs):
    return [2 * x for x in xs]


async def main(workflow, **params):
    square_runs9, square_runs10 = await asyncio.gather(
        helpers.step2(workflow, params["b"], params),
        helpers.step2(workflow, helpers.spread([params["b"], params["b"]]), params),
    )
