import json
from collections import defaultdict
from pathlib import Path


def populate_arg_parser(parser):
    parser.add_argument("--names", default="names.json")
    parser.add_argument("--min-group", type=int, default=2)


async def main(workflow, **params):
    names = json.loads(Path(__file__).with_name(params["names"]).read_text())["names"]
    runs = await workflow.label.createTask(name=names)
    groups = defaultdict(list)
    for run, job in runs:
        groups[run.y].append(run.text)
    report = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for length, texts in report:
        print(f"{length:3d}: {', '.join(sorted(texts))}")
    big = [length for length, texts in report if len(texts) >= params["min_group"]]
    if big:
        await workflow.count.createTask(n=big)
    else:
        await workflow.sq.createTask(x=float(len(groups)))
    first = report[0][1][0]
    await workflow.label.createTask(name=first.lower() + "-ref")
