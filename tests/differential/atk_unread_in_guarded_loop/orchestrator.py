import math


def populate_arg_parser(parser):
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--tol", type=float, default=0.02)
    parser.add_argument("--max_levels", type=int, default=4)


async def main(workflow, **params):
    h = params["h0"]
    errs = []
    for level in range(params["max_levels"]):
        runs = await workflow.mesh.createTask(h=h)
        errs.append(abs(runs[0][0].u - 1.0))
        if len(errs) > 1:
            rate = math.log(errs[-2] / errs[-1], 2)
            print(f"level {level}: rate {rate:.2f}")
        if errs[-1] < params["tol"]:
            break
        h /= 2
    await workflow.count.createTask(n=len(errs))
    await workflow.lin.createTask(x=errs[-1])
