from dataclasses import dataclass


@dataclass
class Tag:
    text: str


def populate_arg_parser(parser):
    parser.add_argument("--name", default="it's")


async def main(workflow, **params):
    (run, job), = await workflow.label.createTask(name=params["name"])
    await workflow.label.createTask(name=f"{Tag(str(run.text))}")
