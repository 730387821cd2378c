"""The Motoko view's HTML: plain pages made from the JSON of :mod:`.runs` (standard
library only, every value escaped). They are shown on their own or inside the Airflow
UI's tabs (an iframe), so they carry their own small stylesheet and link with
``target="_top"`` when they leave the view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

__all__ = ["dag_run_page", "index_page", "message_page", "workflow_page"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:1rem;color:#1a202c;font-size:14px}
h1{font-size:1.3rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.3rem 0}
th,td{border:1px solid #cbd5e0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#edf2f7}td.num{text-align:right}
.state{font-weight:600;padding:0 .3rem;border-radius:3px}
.FINISHED{background:#c6f6d5}.FAILED,.FAILURE{background:#fed7d7}
.superseded{background:#e2e8f0;color:#4a5568}
.CREATED,.TOBELAUNCHED,.launched,.START{background:#feebc8}
pre{background:#f7fafc;border:1px solid #e2e8f0;padding:.4rem;margin:.2rem 0;
    white-space:pre-wrap;max-width:100rem}
form{margin:.4rem 0}.muted{color:#718096}
pre.verification.ok{background:#f0fff4}pre.verification.failed{background:#fff5f5;
    border-color:#fc8181}
"""


#: In Airflow's frame (a plugin tab), a DAG run page without a ``task`` filter takes
#: those of the UI's own address: the "Motoko runs" button of a task opens the tab with
#: ``?task=<study>`` (plugin/links.py), which Airflow does not pass to the frame. Same
#: origin (the API server serves both); the values are checked by the server.
_FILTERS_FROM_FRAME = """
(function () {
  try {
    if (window.parent === window || location.pathname.indexOf("/runs/") < 0) return;
    var outer = new URLSearchParams(window.parent.location.search).getAll("task");
    var here = new URLSearchParams(location.search);
    if (!outer.length || here.getAll("task").length) return;
    outer.forEach(function (task) { here.append("task", task); });
    location.replace(location.pathname + "?" + here.toString());
  } catch (e) { /* another origin: unfiltered */ }
})();
"""


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}"
            f"</title><style>{_STYLE}</style><script>{_FILTERS_FROM_FRAME}</script>"
            f"</head><body>{body}</body></html>")


def _value(value: Any) -> str:
    if isinstance(value, float):
        return format(value, ".12g")
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _pairs(values: Mapping[str, Any]) -> str:
    return "<br>".join(f"{escape(k)} = {escape(_value(v))}" for k, v in values.items()
                       if v is not None) or "<span class='muted'>-</span>"


def _when(iso: str | None) -> str:
    """``2026-11-30T08:59:07.975980+00:00`` as ``2026-11-30 08:59:07`` (the times of
    :mod:`.runs` are in UTC; the column headers say so)."""
    return escape((iso or "")[:19].replace("T", " "))


def _state(state: str, superseded: bool = False) -> str:
    css = "superseded" if superseded else state
    return f"<span class='state {escape(css, quote=True)}'>{escape(state)}</span>"


def message_page(status: int, message: str) -> str:
    return _page(f"Motoko: {status}", f"<h1>{status}</h1><p>{escape(message)}</p>")


def index_page(dags: Sequence[Mapping[str, Any]], base: str) -> str:
    rows = "".join(
        f"<tr><td><a href='{escape(base)}/dags/{quote(d['dag_id'], safe='')}'>"
        f"{escape(d['dag_id'])}</a></td><td>{escape(d['workflow'])}</td></tr>" for d in dags)
    body = ("<h1>Motoko workflows</h1>" + (
        f"<table><tr><th>DAG</th><th>workflow</th></tr>{rows}</table>" if dags else
        "<p class='muted'>No Motoko DAG you may read.</p>"))
    return _page("Motoko workflows", body)


def _filters(tasks: Iterable[str], filters: Mapping[str, Sequence[Any]],
             states: Iterable[str], per_page: int) -> str:
    def select(name: str, options: Iterable[str], chosen: Sequence[str]) -> str:
        opts = "".join(f"<option value='{escape(o, quote=True)}'"
                       f"{' selected' if o in chosen else ''}>{escape(o)}</option>"
                       for o in options)
        return (f"<label>{name}: <select name='{name}'><option value=''>all</option>{opts}"
                "</select></label> ")

    attempt = ", ".join(str(a) for a in filters["attempt"])
    where = " ".join(str(w) for w in filters["where"][:1])
    more = "".join(f"<input type='hidden' name='where' value='{escape(str(w), quote=True)}'>"
                   for w in filters["where"][1:])
    return (f"<form method='get'>{select('task', tasks, filters['task'])}"
            f"{select('state', states, filters['state'])}"
            "<label>attempt: <input name='attempt' type='number' min='1' size='3' "
            f"value='{escape(attempt, quote=True)}'></label> "
            "<label>where: <input name='where' size='24' placeholder='x &gt; 2' "
            f"value='{escape(where, quote=True)}'></label>{more} "
            f"<input type='hidden' name='per_page' value='{per_page}'>"
            "<button>filter</button></form>")


def _pager(study: Mapping[str, Any], url: str, filters: Mapping[str, Sequence[Any]],
           several: bool) -> str:
    """"runs 101-200 of 2,000 matching" and links to the study's other pages (with
    several studies shown, the links show this study alone)."""
    matched, page, pages = study["matched"], study["page"], study["pages"]
    if not matched:
        return ("<p class='muted'>no run matches these filters</p>"
                if study["total"] else "")
    shown = len(study["runs"])
    where = (f"runs {study['first']}&ndash;{study['first'] + shown - 1}" if shown
             else f"page {page} (past the last, {pages})")
    text = f"{where} of {matched:,} matching"
    if pages <= 1:
        return f"<p class='muted pager'>{text}</p>"

    def link(number: int, label: str) -> str:
        query: list[tuple[str, Any]] = [("task", study["study"])] if several else [
            ("task", t) for t in filters["task"]]
        query += [(k, v) for k in ("state", "attempt", "where") for v in filters[k]]
        query += [("page", number), ("per_page", study["per_page"])]
        href = f"{url}?{urlencode(query)}"
        return f"<a href='{escape(href, quote=True)}'>{label}</a>"

    links = [link(1, "first")] if page > 1 else []
    if page > 1:
        links.append(link(min(page - 1, pages), "previous"))
    if page < pages:
        links += [link(page + 1, "next"), link(pages, f"last ({pages})")]
    return f"<p class='pager'><span class='muted'>{text}</span> {' · '.join(links)}</p>"


def dag_run_page(data: Mapping[str, Any], *, dag_id: str, run_id: str, base: str,
                 all_tasks: Sequence[str], filters: Mapping[str, Sequence[Any]],
                 per_page: int) -> str:
    """One DAG run: a page of runs per study; FAILED runs with why and their output
    tail. Times in UTC."""
    workflow_url = f"{base}/dags/{quote(dag_id, safe='')}"
    url = f"{workflow_url}/runs/{quote(run_id, safe='')}"
    known_states = ["CREATED", "launched", "START", "FINISHED", "FAILED"]
    known_states += sorted({s for study in data["studies"] for s in study["states"]}
                           - set(known_states))
    parts = [f"<h1>Motoko runs of {escape(dag_id)} / {escape(run_id)}</h1>",
             f"<p>run name <b>{escape(data['run_name'])}</b> in workflow "
             f"<a href='{escape(workflow_url, quote=True)}'>{escape(data['workflow'])}</a></p>",
             _filters(all_tasks, filters, known_states, per_page)]
    if data.get("taken"):  # the run name is another DAG's
        parts.append(f"<p class='taken'>{escape(str(data['taken']))}</p>")
    report = data.get("verification")
    if report:  # the DAG run checked against main (motoko_airflow/verification.py)
        kind = "ok" if report.get("ok") else "failed"
        parts.append(f"<pre class='verification {kind}'>"
                     f"{escape(str(report.get('text', '')))}</pre>")
    several = len(data["studies"]) > 1
    for study in data["studies"]:
        counts = ", ".join(f"{n:,} {escape(s)}" for s, n in sorted(study["states"].items()))
        parts.append(f"<h2 id='study-{escape(study['study'], quote=True)}'>"
                     f"{escape(study['study'])} <span class='muted'>({counts or 'no runs'})"
                     "</span></h2>")
        if not study["created"]:
            parts.append("<p class='muted'>study not created</p>")
            continue
        pager = _pager(study, url, filters, several)
        parts.append(pager)
        if not study["runs"]:
            continue
        rows = ["<tr><th>run</th><th>state</th><th>attempt</th><th>job parameters</th>"
                "<th>outputs</th><th>started (UTC)</th><th>ended (UTC)</th>"
                "<th>duration (s)</th><th>host</th></tr>"]
        for run in study["runs"]:
            attempt = escape(str(run["attempt"] or ""))
            if run["supersedes"]:
                attempt += " <span class='muted'>(replaces " + ", ".join(
                    str(i) for i in run["supersedes"]) + ")</span>"
            if run["superseded_by"] is not None:
                attempt += f" <span class='muted'>(superseded by {run['superseded_by']})</span>"
            if run.get("resources"):  # what the attempt asked Slurm for
                attempt += "<br><span class='muted'>" + escape(" ".join(
                    f"{k}={v}" for k, v in run["resources"].items())) + "</span>"
            if run.get("slurm_task"):  # the Slurm array task it was submitted as
                attempt += ("<br><span class='muted'>Slurm task "
                            f"{escape(run['slurm_task'])}</span>")
            if run.get("used"):  # how long its Slurm job ran, its peak memory
                attempt += f"<br><span class='muted'>{escape(run['used'])}</span>"
            duration = run["duration_seconds"]
            rows.append(
                f"<tr class='run' data-study='{escape(study['study'], quote=True)}' "
                f"data-run='{run['id']}'><td class='num'>{run['id']}</td>"
                f"<td>{_state(run['state'], run['superseded_by'] is not None)}</td>"
                f"<td>{attempt}</td><td>{_pairs(run['job'])}</td>"
                f"<td class='outputs'>{_pairs(run['outputs'])}</td>"
                f"<td>{_when(run['start_time'])}</td><td>{_when(run['end_time'])}</td>"
                f"<td class='num'>{'' if duration is None else f'{duration:.2f}'}</td>"
                f"<td>{escape(str(run.get('host') or ''))}</td></tr>")
            if "output_tail" in run:
                reason = (f"<b class='reason'>{escape(run['failure_reason'])}</b>\n"
                          if run.get("failure_reason") else "")
                rows.append(f"<tr class='failure' data-run='{run['id']}'><td colspan='9'>"
                            f"<pre>{reason}{escape(run['output_tail'])}</pre></td></tr>")
        parts.append("<table>" + "".join(rows) + "</table>")
        if len(study["runs"]) > 20 and pager:
            parts.append(pager)
    return _page(f"Motoko runs: {dag_id} {run_id}", "".join(parts))


def workflow_page(data: Mapping[str, Any], *, dag_id: str, base: str,
                  dag_runs: Mapping[str, str]) -> str:
    """A workflow: runs per study, run name and state. ``dag_runs``: run name -> the
    id of the (latest) DAG run with that run name, for links."""
    parts = [f"<h1>Motoko workflow {escape(dag_id)}</h1>",
             f"<p class='muted'>{escape(data['workflow'])}</p>"]
    for study in data["studies"]:
        parts.append(f"<h2>{escape(study['study'])} <span class='muted'>({study['total']} "
                     "runs)</span></h2>")
        if not study["run_names"]:
            parts.append("<p class='muted'>" + ("no runs" if study["created"]
                                                 else "study not created") + "</p>")
            continue
        rows = ["<tr><th>run name</th><th>runs per state</th></tr>"]
        for name, counts in study["run_names"].items():
            states = ", ".join(f"{n} {_state(s, s == 'superseded')}"
                               for s, n in sorted(counts.items()))
            label = escape(name)
            if name in dag_runs:
                query = urlencode([("task", study["study"])])
                url = (f"{base}/dags/{quote(dag_id, safe='')}/runs/"
                       f"{quote(dag_runs[name], safe='')}?{query}")
                label = f"<a href='{escape(url, quote=True)}'>{label}</a>"
            rows.append(f"<tr><td>{label}</td><td>{states}</td></tr>")
        parts.append("<table>" + "".join(rows) + "</table>")
    return _page(f"Motoko workflow {dag_id}", "".join(parts))
