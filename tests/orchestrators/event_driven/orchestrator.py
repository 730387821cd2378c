def populate_arg_parser(parser):
    parser.add_argument("--inputs", "-i", type=float, required=True, nargs=2,
                        help="the two inputs of mult")


from motoko.workflow import event


@event
async def start_mult(workflow, **kwargs):
    await workflow.mult.createTask(x=kwargs["inputs"])


@event
async def forward_to_add(runs=None, workflow=None, **kwargs):
    for run, job in runs:
        created = await workflow.add.createTask(x=run.y)
        run.state = "FORWARDED"
        run.dependencies = [f"add.{r.id}" for r, j in created]


@event
async def start_norm(workflow=None, **kwargs):
    forwarded = workflow.mult.select(["state = FORWARDED"])
    await workflow.norm.createTask(mult_ids=[r.id for r, j in forwarded])


async def stop(workflow, **params):
    workflow.finished = True


async def show_failure(runs, **params):
    for r, j in runs:
        print("failed run", r.id)


def mult_count(workflow, task_manager):
    return len(task_manager.select([])) < 2


async def main(workflow, **params):
    workflow.add_error_handler(event="state = FAILED", f=show_failure)
    workflow.add_action("init", task="mult", event=mult_count, f=start_mult)
    workflow.add_action(
        "mult_finished",
        task="mult",
        event=["runs.id < 3", "state = FINISHED"],
        f=forward_to_add,
    )

    def ready_for_norm(workflow, task_manager):
        if len(workflow.mult.select([])) != 2:
            return False
        return not workflow.add.select(["state != FINISHED"])

    workflow.add_action("need_norm", event=ready_for_norm, f=start_norm)
    workflow.add_action("norm_finished", task="norm", event="state = FINISHED",
                        f=lambda workflow, **kw: None)
    workflow.add_action("finish", event=lambda: False, f=stop)
