import asyncio

import helpers


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    acc2 = []
    add_runs9, add_runs10 = await asyncio.gather(
        helpers.step5(workflow, (acc2[-1] if acc2 else 1.0) if params["n"] >= 2 else 2.0, params),
        helpers.step5(workflow, sum(acc2), params),
    )
