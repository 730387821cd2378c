def populate_arg_parser(parser):
    parser.add_argument("--starts", type=float, nargs="+", required=True)


async def main(workflow, **params):
    for start in params["starts"]:
        seeds = await workflow.sq.createTask(x=[start])
        for run, job in seeds[:2]:
            x = min(seeds, key=lambda p: abs(p[0].y - 2.0))[0].y if seeds else 1.0
            for it in range(3):
                (step, _), = await workflow.newton.createTask(x=x)
                if step.err < 0.05:
                    break
                x = step.next
        await workflow.count.createTask(n=len(seeds))
