# ruff: noqa: B007, E501, F821, F841, I001 - as the fuzzer wrote it
import logging

def populate_arg_parser(parser):
    parser.add_argument('--a', type=float, nargs='+', default=[1.0, 2.0])
    parser.add_argument('--b', type=float, default=0.5)
    parser.add_argument('--n', type=int, default=2)
    parser.add_argument('--flag', action='store_true')
    parser.add_argument('--mode', choices=['fast', 'slow'], default='fast')
    parser.add_argument('--opt', type=float, default=None)

async def main(workflow, **params):
    task1 = workflow.square.createTask(v=2.5)
    square_runs2 = await task1
    kept3 = [max([r.w for r, j in square_runs2]) if [r.w for r, j in square_runs2] else 0.0]
    logging.getLogger().motoko_fuzz_held4 = kept3
    for _ in range(params['n']):
        mult_runs7 = await workflow.mult.createTask(x=kept3[-1])
        kept3.append(mult_runs7[0][0].y)
    acc8 = []
    back9 = logging.getLogger().motoko_fuzz_held4
    await workflow.mult.createTask(x=sum(back9) + len(back9))
