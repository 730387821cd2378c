import asyncio

import helpers


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")


async def main(workflow, **params):
    await asyncio.gather(*[helpers.step(workflow, v, params) for v in params["a"]])
