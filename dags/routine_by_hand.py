"""The routine example written by hand with the operators and sensors.

mult creates one run per input; a sensor waits until every mult run is FINISHED (it
would not need to: TaskManagerOperator already waits; it is here to show the sensor);
add is mapped over mult's run records (one add task per mult run, x = run.y), and
norm fans in the ids of every add run.
"""

from pathlib import Path

from airflow.sdk import DAG, Param, task

from motoko_airflow.operators import TaskManagerOperator
from motoko_airflow.sensors import AllRunsSensor

WORKFLOW = str(Path(__file__).resolve().parent.parent / "examples" / "routine")

with DAG(
    "routine_by_hand",
    schedule=None,
    params={"inputs": Param([2.1, 3.2], type="array", items={"type": "number"}, minItems=1),
            "run_name": Param(None, type=["string", "null"])},
    render_template_as_native_obj=True,
    tags=["motoko"],
) as dag:
    mult = TaskManagerOperator(task_id="mult", workflow=WORKFLOW, task_manager="mult",
                               job_params={"x": "{{ params.inputs }}"})
    mult_done = AllRunsSensor(task_id="mult_done", workflow=WORKFLOW, task_manager="mult",
                              all_of=[["state = FINISHED"]], poke_interval=1)

    @task
    def add_inputs(records):
        return [{"x": record["run"]["y"]} for record in records]

    add = TaskManagerOperator.partial(task_id="add", workflow=WORKFLOW,
                                      task_manager="add").expand(
        job_params=add_inputs(mult.output))

    @task
    def add_ids(per_instance):
        return {"add_ids": [record["run_id"] for runs in per_instance for record in runs]}

    norm = TaskManagerOperator(task_id="norm", workflow=WORKFLOW, task_manager="norm",
                               job_params=add_ids(add.output))
    mult >> mult_done >> add
