"""The routine example as an Airflow DAG, traced when this file is parsed.

`workflow_dag` imports the orchestrator and traces its `main` (milliseconds); it imports
neither BlackDynamite nor numpy nor pandas.
"""

from pathlib import Path

from motoko_airflow.render import workflow_dag

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

dag = workflow_dag(EXAMPLES / "routine", dag_id="routine_workflow_dag")
