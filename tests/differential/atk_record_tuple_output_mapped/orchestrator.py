from collections import namedtuple

Span = namedtuple("Span", "x bounds")


def populate_arg_parser(parser):
    parser.add_argument("--xs", type=float, nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.pair.createTask(x=params["xs"])
    spans = [Span(job.x, run.bounds) for run, job in runs]
    for s in sorted(spans, key=lambda s: s.x):
        await workflow.label.createTask(name=f"{s.bounds}")
