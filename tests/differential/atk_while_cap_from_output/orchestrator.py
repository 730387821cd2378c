def populate_arg_parser(parser):
    parser.add_argument("--n0", type=int, default=2)


async def main(workflow, **params):
    first = await workflow.count.createTask(n=params["n0"])
    rounds = first[0][0].y // 10
    done = 0
    while done < rounds:
        await workflow.lin.createTask(x=float(done))
        done += 1
    await workflow.count.createTask(n=done + 100)
