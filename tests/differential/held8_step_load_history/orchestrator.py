import statistics


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=0.5)
    parser.add_argument("--limit", type=float, default=50.0)
    parser.add_argument("--relax", type=float, default=0.5)
    parser.add_argument("--max-steps", type=int, default=10)


async def main(workflow, **params):
    x = params["x0"]
    history = []
    for i in range(params["max_steps"]):
        (run, job), = await workflow.step.createTask(x=x, i=i)
        history.append((job.i, job.x, run.y))
        if run.y > params["limit"]:
            print(f"limit {params['limit']} passed at increment {i}")
            break
        x = params["relax"] * run.y + 1.0
    else:
        print("limit never reached")
    print(f"{'i':>3} {'x':>9} {'y':>9}")
    for i, xi, yi in history:
        print(f"{i:3d} {xi:9.3f} {yi:9.3f}")
    increments = [b[2] - a[2] for a, b in zip(history, history[1:])]
    i_last, x_last, y_last = history[-1]
    (iv, _), = await workflow.interval.createTask(x=y_last)
    lo, hi = iv.b
    (p, _), = await workflow.pair.createTask(x=hi - lo)
    print(f"final bracket [{lo:.3f}, {hi:.3f}], pair bounds {p.bounds}")
    await workflow.count.createTask(n=len(history))
    if increments:
        await workflow.lin.createTask(x=statistics.median(increments))
