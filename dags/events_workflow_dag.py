"""The event-driven example (bisection by actions) as an Airflow DAG: its actions run
in one event-loop task."""

from pathlib import Path

from motoko_airflow.render import workflow_dag

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

dag = workflow_dag(EXAMPLES / "events", dag_id="events_workflow_dag")
