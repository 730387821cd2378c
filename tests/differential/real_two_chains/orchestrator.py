import asyncio


def populate_arg_parser(parser):
    parser.add_argument("--x0", type=float, default=3.0, help="Newton start")
    parser.add_argument("--hs", type=float, nargs="+", default=[0.5, 0.25],
                        help="mesh sizes")
    parser.add_argument("--iterations", type=int, default=3)


async def newton_chain(workflow, x, iterations):
    for _ in range(iterations):
        (run, job), = await workflow.newton.createTask(x=x)
        x = run.next
    return x


async def mesh_chain(workflow, hs):
    runs = await workflow.mesh.createTask(h=hs)
    finest = min(runs, key=lambda pair: pair[1].h)
    return finest[0].u


async def main(workflow, **params):
    roots = asyncio.create_task(newton_chain(workflow, params["x0"], params["iterations"]))
    meshes = asyncio.create_task(mesh_chain(workflow, params["hs"]))
    print("both chains started")
    root = await roots
    u = await meshes
    await workflow.mix.createTask(a=root, b=u)
    await workflow.label.createTask(name=f"root={root:.4f}")
