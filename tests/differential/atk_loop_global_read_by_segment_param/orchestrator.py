SEEN = []


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)
    parser.add_argument("--maxit", type=int, default=3)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    for run, job in runs:
        if run.text not in SEEN:
            SEEN.append(run.text)
    k = 0
    for k in range(params["maxit"]):
        counted = await workflow.count.createTask(n=len(SEEN) + k)
        if counted[0][0].y > 45:
            break
    await workflow.sq.createTask(x=float(k))
