def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=1.0)
    parser.add_argument("--levels", type=int, default=4)


async def main(workflow, **params):
    history = []
    x = params["x0"]
    for level in range(params["levels"]):
        (run, job), = await workflow.sq.createTask(x=x)
        if run.y < 2 or level % 2 == 0:
            history.append(run.y)
        if len(history) >= 2 and history[-1] - history[-2] > 3:
            break
        x += 0.75
    await workflow.lin.createTask(x=history[-1] + len(history))
