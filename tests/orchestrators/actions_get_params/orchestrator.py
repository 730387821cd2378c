def params_now():
    return {"now": 1}


async def on_any(workflow=None, params=None, **kwargs):
    pass


async def main(workflow, **params):
    workflow.add_action("any_finished", event=["state = FINISHED"], get_params=params_now,
                        f=on_any)
