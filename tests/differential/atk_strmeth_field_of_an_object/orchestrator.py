class Word:
    calls = 0

    def __init__(self, text):
        self.text = text

    def lower(self):
        Word.calls += 1
        return self.text + "!"


class Tag:
    def __init__(self, text):
        self.word = Word(text)


def populate_arg_parser(parser):
    parser.add_argument("--names", nargs="+", required=True)


async def main(workflow, **params):
    runs = await workflow.label.createTask(name=params["names"])
    tags = {job.name: Tag(run.text) for run, job in runs}
    chosen = max(tags.values(), key=lambda t: len(t.word.text))
    await workflow.label.createTask(name=chosen.word.lower())
    await workflow.count.createTask(n=Word.calls)
