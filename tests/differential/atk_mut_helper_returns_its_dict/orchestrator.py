def populate_arg_parser(parser):
    parser.add_argument("--hs", type=float, nargs=2, default=[0.8, 0.1])
    parser.add_argument("--max_points", type=int, default=5)


async def u_at(workflow, cache, h):
    if h not in cache:
        (run, job), = await workflow.mesh.createTask(h=h)
        cache[h] = run.u
    return cache


async def main(workflow, **params):
    cache = {}
    seen = {}
    a, b = sorted(params["hs"])
    intervals = [(a, b)]
    await u_at(workflow, cache, a)
    await u_at(workflow, cache, b)
    while len(cache) < params["max_points"]:
        jumps = [(abs(cache[hi] - cache[lo]), (lo, hi)) for lo, hi in intervals]
        jump, (lo, hi) = max(jumps, key=lambda t: t[0])
        if jump < 0.01:
            break
        m = round((lo + hi) / 2, 5)
        seen = await u_at(workflow, cache, m)
        intervals.remove((lo, hi))
        intervals += [(lo, m), (m, hi)]
    seen[0.0] = 1.0
    await workflow.count.createTask(n=len(cache))
