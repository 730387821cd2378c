def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def main(workflow, **params):
    cache = {}
    for h in sorted(params["hs"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    while len(cache) < params["max_points"]:
        box = [cache]
        key = round(max(cache.values()) / 2, 5)
        if key in cache:
            break
        (run, job), = await workflow.mesh.createTask(h=key)
        box[0][key] = run.u
    await workflow.count.createTask(n=len(cache))
