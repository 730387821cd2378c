TOLERANCES = {
    "draft": 5e-2,
    "normal": 1e-2,
    "fine": 2e-3,
}


def populate_arg_parser(parser):
    parser.add_argument("--quality", choices=sorted(TOLERANCES), default="normal")
    parser.add_argument("--h0", type=float, default=0.5)
    parser.add_argument("--maxlev", type=int, default=6)


def next_h(h):
    return h / 2


async def main(workflow, **params):
    tol = TOLERANCES[params["quality"]]
    h = params["h0"]
    levels = []
    for lev in range(params["maxlev"]):
        (run, job), = await workflow.mesh.createTask(h=h)
        levels.append({"level": lev, "h": h, "u": run.u, "cells": run.cells})
        if lev > 0 and abs(levels[-1]["u"] - levels[-2]["u"]) < tol:
            print(f"quality {params['quality']}: converged at level {lev}")
            break
        h = next_h(h)
    last = levels[-1]
    await workflow.sq.createTask(x=last["u"])
    await workflow.label.createTask(name=f"{params['quality']}-L{last['level']}-{last['cells']}")
