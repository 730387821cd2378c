def populate_arg_parser(parser):
    parser.add_argument("--n", type=int, default=70)


async def main(workflow, **params):
    xs = [float(i % 7) for i in range(params["n"])]
    plain = sorted(set(xs))
    runs = await workflow.sq.createTask(x=plain)
    y = {x: runs[i][0].y for i, x in enumerate(plain)}
    ranked = sorted(xs, key=lambda x: -y[x])
    await workflow.count.createTask(n=int(ranked[0]) + int(ranked[-1]) * 10)
