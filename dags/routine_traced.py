"""Airflow DAG 'routine', emitted by `motoko trace` - do not edit.

Workflow: ../examples/routine/motoko.yaml
Orchestrator: orchestrator.py:main
Re-run `motoko trace` after changing the orchestrator. Importing this file does
not trace the orchestrator: the graph below is data, rendered by motoko_airflow.
"""

# Tasks:
#   mult: mult.createTask(x=params['inputs'])
#   add: add.createTask(x=run.y) for run in runs of mult  (after mult)
#   norm: norm.createTask(add_ids=[run.id for run in runs of add])  (after add)

from pathlib import Path

from motoko_airflow.graph import Graph
from motoko_airflow.render import dag_from_graph

GRAPH = {'version': 2,
 'dag_id': 'routine',
 'workflow': '../examples/routine/motoko.yaml',
 'orchestrator': {'module': 'orchestrator',
                  'qualname': 'main',
                  'file': 'orchestrator.py',
                  'lineno': 26,
                  'importable': True,
                  'event_decorated': False},
 'task_managers': ['mult', 'add', 'norm'],
 'aliases': {},
 'params': {'inputs': {'type': 'array',
                       'items': {'type': 'number'},
                       'minItems': 1,
                       'default': None,
                       'description': 'the values to sweep (one mult job each)'},
            'run_name': {'type': ['string', 'null'],
                         'default': None,
                         'description': 'BlackDynamite run_name tagging every run of this DAG '
                                        'run (default: derived from the DAG run id)'}},
 'read_files': {'orchestrator.py': 'file:9e4004e51eda1ba39b29081c52176618a844ac440e50cf03febe696364266c2f'},
 'fail_fast': False,
 'error_handler': None,
 'nodes': [{'kind': 'create_task',
            'id': 'mult',
            'task_manager': 'mult',
            'job_params': {'x': {'kind': 'param', 'name': 'inputs'}},
            'run_params': None,
            'foreach': [],
            'when': None,
            'event_name': 'run_mult',
            'lineno': 16},
           {'kind': 'create_task',
            'id': 'add',
            'task_manager': 'add',
            'job_params': {'x': {'kind': 'attr',
                                 'value': {'kind': 'item', 'loop': 'run', 'part': 'run'},
                                 'name': 'y'}},
            'run_params': None,
            'foreach': [{'var': 'run', 'over': {'kind': 'runs', 'node': 'mult'}}],
            'when': None,
            'event_name': 'run_add',
            'lineno': 22},
           {'kind': 'create_task',
            'id': 'norm',
            'task_manager': 'norm',
            'job_params': {'add_ids': {'kind': 'collect',
                                       'loop': 'run',
                                       'over': {'kind': 'runs', 'node': 'add'},
                                       'element': {'kind': 'attr',
                                                   'value': {'kind': 'item',
                                                             'loop': 'run',
                                                             'part': 'run'},
                                                   'name': 'id'},
                                       'where': None}},
            'run_params': None,
            'foreach': [],
            'when': None,
            'event_name': 'main',
            'lineno': 29}],
 'edges': [['mult', 'add', 'data'], ['add', 'norm', 'data']]}

# the workflow, relative to this file
GRAPH["workflow"] = str((Path(__file__).resolve().parent / GRAPH["workflow"]).resolve())

dag = dag_from_graph(Graph.from_dict(GRAPH), dag_id='routine')
