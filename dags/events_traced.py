"""Airflow DAG 'events', emitted by `motoko trace` - do not edit.

Workflow: ../examples/events/motoko.yaml
Orchestrator: orchestrator.py:main
Re-run `motoko trace` after changing the orchestrator. Importing this file does
not trace the orchestrator: the graph below is data, rendered by motoko_airflow.
"""

# Tasks:
#   action_start | action start on __all__
#   action_bisect | action bisect on evaluate
#   action_done | action done on __all__
#   error handler: orchestrator:report on state = FAILED (fail_fast)

from pathlib import Path

from motoko_airflow.graph import Graph
from motoko_airflow.render import dag_from_graph

GRAPH = {'version': 2,
 'dag_id': 'events',
 'workflow': '../examples/events/motoko.yaml',
 'orchestrator': {'module': 'orchestrator',
                  'qualname': 'main',
                  'file': 'orchestrator.py',
                  'lineno': 69,
                  'importable': True,
                  'event_decorated': False},
 'task_managers': ['evaluate'],
 'aliases': {'f': 'evaluate'},
 'params': {'bracket': {'type': 'array',
                        'items': {'type': 'number'},
                        'minItems': 2,
                        'maxItems': 2,
                        'default': [1.0, 2.0],
                        'description': 'an interval where f changes sign'},
            'tolerance': {'type': 'number',
                          'default': 0.001,
                          'description': 'stop when the bracket is narrower than this'},
            'run_name': {'type': ['string', 'null'],
                         'default': None,
                         'description': 'BlackDynamite run_name tagging every run of this DAG '
                                        'run (default: derived from the DAG run id)'}},
 'read_files': {'orchestrator.py': 'file:0973edfbf22ed449d95eef9856bfa4afd5ff40dd15bea2769781afa78325ef64'},
 'fail_fast': True,
 'error_handler': {'event_constraints': ['state = FAILED'],
                   'event_callable': None,
                   'callback': {'module': 'orchestrator',
                                'qualname': 'report',
                                'file': 'orchestrator.py',
                                'lineno': 60,
                                'importable': True,
                                'event_decorated': False},
                   'task': '__all__'},
 'nodes': [{'kind': 'action',
            'id': 'action_start',
            'index': 0,
            'event_name': 'start',
            'task': '__all__',
            'event_constraints': None,
            'event_callable': {'module': 'orchestrator',
                               'qualname': 'nothing_started',
                               'file': 'orchestrator.py',
                               'lineno': 65,
                               'importable': True,
                               'event_decorated': False},
            'callback': {'module': 'orchestrator',
                         'qualname': 'start',
                         'file': 'orchestrator.py',
                         'lineno': 20,
                         'importable': True,
                         'event_decorated': True},
            'get_params': None,
            'lineno': 71},
           {'kind': 'action',
            'id': 'action_bisect',
            'index': 1,
            'event_name': 'bisect',
            'task': 'evaluate',
            'event_constraints': ['state = FINISHED'],
            'event_callable': None,
            'callback': {'module': 'orchestrator',
                         'qualname': 'bisect',
                         'file': 'orchestrator.py',
                         'lineno': 28,
                         'importable': True,
                         'event_decorated': True},
            'get_params': None,
            'lineno': 72},
           {'kind': 'action',
            'id': 'action_done',
            'index': 2,
            'event_name': 'done',
            'task': '__all__',
            'event_constraints': None,
            'event_callable': {'module': 'orchestrator',
                               'qualname': 'has_root',
                               'file': 'orchestrator.py',
                               'lineno': 51,
                               'importable': True,
                               'event_decorated': False},
            'callback': {'module': 'orchestrator',
                         'qualname': 'done',
                         'file': 'orchestrator.py',
                         'lineno': 55,
                         'importable': True,
                         'event_decorated': False},
            'get_params': None,
            'lineno': 73}],
 'edges': []}

# the workflow, relative to this file
GRAPH["workflow"] = str((Path(__file__).resolve().parent / GRAPH["workflow"]).resolve())

dag = dag_from_graph(Graph.from_dict(GRAPH), dag_id='events')
