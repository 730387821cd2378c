import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


def merge(intervals):
    out = []
    for lo, hi in sorted(intervals, key=lambda iv: iv[0]):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    intervals = [tuple(run.bounds) for run, job in runs]
    merged = merge(intervals)
    mids = [(lo + hi) / 2 for lo, hi in merged]
    await asyncio.gather(*[workflow.lin.createTask(x=m) for m in mids])
    await workflow.label.createTask(name=";".join(f"{lo:g}-{hi:g}" for lo, hi in merged))
