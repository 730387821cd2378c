def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tol", type=float, default=1.0)


async def main(workflow, **params):
    runs = await workflow.sq.createTask(x=params["xs"])
    pts = sorted((job.x, run.y) for run, job in runs)
    for rnd in range(params["rounds"]):
        gaps = [(abs(y1 - y0), (x0 + x1) / 2) for (x0, y0), (x1, y1) in zip(pts, pts[1:])]
        jump, xm = max(gaps)
        if jump < params["tol"]:
            break
        (run, job), = await workflow.sq.createTask(x=xm)
        pts = sorted(pts + [(xm, run.y)])
    await workflow.count.createTask(n=len(pts))
