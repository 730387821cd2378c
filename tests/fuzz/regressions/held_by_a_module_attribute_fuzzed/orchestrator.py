# ruff: noqa: B007, E501, F821, F841, I001 - as the fuzzer wrote it
import itertools
import os


def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)


async def main(workflow, **params):
    square_runs1 = await workflow.square.createTask(v=list(itertools.accumulate(list(itertools.accumulate(params["a"])))))
    t2 = 1.5
    flag3 = False
    for r, j in square_runs1:
        if j.v <= 3.0:
            flag3 = True
    x4 = 2.0
    it5 = 0
    mult_runs6 = []
    while it5 < 2:
        mult_runs6 = await workflow.mult.createTask(x=x4)
        it5 += 1
        if mult_runs6[0][0].n >= 2:
            break
        x4 = x4 + 1
    square_runs7 = await workflow.square.createTask(v=params["a"])
    kept8 = [{"fast": 1.0, "slow": 2.0}[params["mode"]]]
    os.motoko_fuzz_held9 = kept8
    for _ in range(2):
        mult_runs12 = await workflow.mult.createTask(x=kept8[-1])
        kept8.append(mult_runs12[0][0].y)
        if mult_runs12[0][0].y > 4.0:
            break
    back13 = os.motoko_fuzz_held9
    await workflow.agg.createTask(vals=back13)
