"""Random orchestrators from a grammar of what real ones do, for the tracer's fuzzer.

``generate(seed)`` returns a :class:`Program`: ``orchestrator.py`` (and ``helpers.py``,
a module of the workflow that the orchestrator imports) as readable source, and the
command-line arguments to run it with. The same seed always gives the same program.

The grammar (weights in :data:`STATEMENTS`): ``createTask`` with parameters from params,
constants, run outputs and job fields (scalars, or lists that sweep); loops over runs,
over list params, over ``range``/``zip``/``enumerate``, over slices; ``while`` with a
counter; loops bounded by a cap whose exit tests an output (``break``, a ``while`` on
a counter); ``if``/``else`` on outputs and params, inside loops and not; assignments,
augmented assignments, counters, flags, "previous item" variables; lists built and
mutated (``append``/``extend``/slices/``sorted``/``set``/``insert``/``pop``); dicts
filled and looked up; builtins (``len sum min max sorted round abs any all next``,
``itertools``); library calls on outputs (``statistics``, ``math``, ``itertools``),
``sorted``/``min``/``max`` with ``key=`` (lambdas, built-ins, reverse), dict
comprehensions keyed by a job field; helper functions (pure ones with loops carrying a
value, a random one, one changing its argument) and helper coroutines, in the
orchestrator and in ``helpers.py``; ``asyncio.gather`` and ``asyncio.create_task``
chains awaited later; early ``return``, ``break``/``continue``; ``try``/``except``.
The second grammar (:data:`STATEMENTS_2`, the default; ``generate(seed, 1)`` gives the
first grammar's program of a seed, unchanged) adds ``try`` statements with no step
(catching ``KeyError``/``ZeroDivisionError``/``ValueError``... from values of outputs,
or letting them through, with ``else``/``finally``), ``print`` of outputs and of lists
of outputs, ``collections.defaultdict``/``Counter`` groups of outputs, top-level
``while`` loops on outputs making steps (with and without a cap: segments), and values
that may raise that no step reads, inside and after loops over runs (after a test of
the item, in nested loops). The third grammar (:data:`STATEMENTS_3`, ``generate(seed,
3)``; seeds of grammars 1 and 2 give the same programs as before it) adds top-level
``while`` loops on outputs (segments) binding numbers, lists, dicts keyed by strings
and by numbers, tuples, lists of tuples, sets, numpy numbers and arrays and runs, some
first ``None``, read by the steps after them (``is None`` tests too); loops over a
param list making one step per item (``(run, job), = await ...``, ``[0]``) whose
outputs and ids are appended and read after the loop (``zip``, ``enumerate``,
``range(len(...))``, ``continue``); ``asyncio.gather`` of helper coroutines (two, per
item of a list or of a generator unpacked with ``*``, or ``create_task`` then
``await``) returning runs, a number, a tuple, a dict or a dataclass, unpacked, indexed,
enumerated; tuples (``zip``, ``enumerate``
unpacking, ``max`` of pairs, ``divmod``, tuples as dict keys, ``dict(zip(...))`` with
NaN keys, ``bisect.insort``/``heapq`` writing into lists, ``print(..., sep=...)``);
outputs split into two lists in the branches of a test of the item, joined, indexed,
sorted, printed, enumerated, zipped. The fourth grammar (``generate(seed, 4)``) adds
to the third files next to main written with ``with open(...)``, a csv writer or
``json.dump``, from outputs, then perhaps read back and given to a step (the oracle
removes them after each side: :func:`fuzz.oracle.remove_written`). The fifth
(``generate(seed, 5)``) adds to the fourth a list of main's held by another object too
(a library module's attribute, the root logger, a namespace, a dict, a list, a partial,
a default), changed in place (a loop over runs with a counter, a capped loop making
steps, a ``try`` per item) and read back through that object. The sixth (``generate(seed,
6)``) adds ``x op= y`` on an object another name holds too (a numpy array of params or
outputs, a list, a set, a number), perhaps in a capped loop, the other name then given
to a step. The seventh (``generate(seed, 7)``) adds ``any``/``all`` of outputs, bitwise
operators and str methods of a text output; the eighth (``generate(seed, 8)``)
``sorted``/``min``/``max`` with ``key=`` and ``.sort()`` of outputs in lists known
whole, their picks looked up in a dict of outputs (:meth:`Generator.st_order`).
The studies are :data:`fuzz.memory.STUDIES`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Program", "generate"]

PARAMS = '''\
def populate_arg_parser(parser):
    parser.add_argument("--a", type=float, nargs="+", default=[1.0, 2.0])
    parser.add_argument("--b", type=float, default=0.5)
    parser.add_argument("--n", type=int, default=2)
    parser.add_argument("--flag", action="store_true")
    parser.add_argument("--mode", choices=["fast", "slow"], default="fast")
    parser.add_argument("--opt", type=float, default=None)
'''

#: Pure helper functions: (name, kind of result, parameter kinds, source).
FUNCTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "scale": ("float", ("float",), "def scale(v):\n    return 2 * v + 1\n"),
    "clip": ("float", ("float", "float"), "def clip(v, hi):\n    return min(v, hi)\n"),
    "mean": ("float", ("flist",),
             "def mean(xs):\n    return sum(xs) / len(xs) if xs else 0.0\n"),
    "first_or": ("float", ("flist", "float"),
                 "def first_or(xs, default):\n    return xs[0] if xs else default\n"),
    "count_above": ("int", ("flist", "float"),
                    "def count_above(xs, limit):\n"
                    "    n = 0\n    for x in xs:\n        if x > limit:\n            n += 1\n"
                    "    return n\n"),
    "doubled": ("flist", ("flist",), "def doubled(xs):\n    return [2 * x for x in xs]\n"),
    "positive": ("bool", ("float",), "def positive(v):\n    return v > 0\n"),
    "running_max": ("float", ("flist",),
                    "def running_max(xs):\n    best = 0.0\n    for x in xs:\n"
                    "        if x > best:\n            best = x\n    return best\n"),
    "spread": ("float", ("flist",),
               "def spread(xs):\n    return statistics.pstdev(xs) if len(xs) > 1 else 0.0\n"),
    "weighted": ("flist", ("flist", "float"),
                 "def weighted(xs, w):\n    out = []\n    for x in xs:\n"
                 "        out.append(x * w)\n        w = w / 2\n    return out\n"),
    "noisy": ("float", ("flist",),
              "def noisy(xs):\n    total = 0.0\n    for x in xs:\n"
              "        total += x + 0.0 * random.random()\n    return total\n"),
    "middle": ("float", ("flist",),
               "def middle(xs):\n    if not xs:\n        return 0.0\n    xs.sort()\n"
               "    return xs[len(xs) // 2]\n"),
}
#: Modules the helper functions need (imported by both modules).
FUNCTION_IMPORTS = {"spread": "statistics", "noisy": "random"}

#: Output fields of each study's runs, and job fields, by kind.
RUN_FIELDS = {"mult": {"float": ["y"], "int": ["n"], "bool": ["big"]},
              "add": {"float": ["z"]}, "square": {"float": ["w"]},
              "agg": {"float": ["s"], "int": ["m"]}, "label": {"int": ["size"]}}
JOB_FIELDS = {"mult": {"float": ["x"], "int": ["k"]}, "add": {"float": ["x", "y"]},
              "square": {"float": ["v"]}, "agg": {"int": ["n"]},
              "label": {"int": ["i"], "str": ["name"]}}
CONSTANTS = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0]
#: the default grammar: 2 adds :data:`STATEMENTS_2` (``generate(seed, 1)`` is the first);
#: 3 (:data:`STATEMENTS_3`) is asked for by number (``bench/fuzz.py --grammar 3``)
GRAMMAR = 2


@dataclass
class Program:
    seed: int
    orchestrator: str
    helpers: str
    args: list[str]

    def show(self) -> str:
        """The program as one readable text (for reports)."""
        helpers = f"# ---- helpers.py\n{self.helpers}" if "helpers" in self.orchestrator \
            else ""
        return (f"# seed {self.seed}; args: {' '.join(self.args)}\n"
                f"# ---- orchestrator.py\n{self.orchestrator}{helpers}")


@dataclass
class Env:
    """The variables in scope, by kind (``float int bool flist str dict runs:<study>``),
    and where we are."""

    vars: dict[str, str] = field(default_factory=dict)
    loop_items: list[tuple[str, str, str]] = field(default_factory=list)  # run, job, study
    in_loop: bool = False
    in_helper: bool = False
    iterating: frozenset[str] = frozenset()  # lists a loop here iterates: not extended

    def child(self, **changes: Any) -> Env:
        env = Env(dict(self.vars), list(self.loop_items), self.in_loop, self.in_helper,
                  self.iterating)
        for k, v in changes.items():
            setattr(env, k, v)
        return env

    def of(self, kind: str) -> list[str]:
        return [n for n, k in self.vars.items() if k == kind]

    def runs(self, study: str | None = None) -> list[tuple[str, str]]:
        return [(n, k[5:]) for n, k in self.vars.items() if k.startswith("runs:")
                and (study is None or k[5:] == study)]


class Generator:
    def __init__(self, seed: int, grammar: int = GRAMMAR) -> None:
        self.seed = seed
        self.grammar = grammar
        self.rng = random.Random(seed)
        self.counter = 0
        self.used_functions: dict[str, str] = {}  # name -> "local" | "helpers"
        self.coroutines: list[str] = []  # sources of helper coroutines in main's module
        self.helper_coroutines: list[str] = []  # in helpers.py
        self.creates = 0
        self.imports: set[str] = set()

    # ---- names and choices -------------------------------------------------------------

    def name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    # ---- expressions --------------------------------------------------------------------

    def expr(self, kind: str, env: Env, depth: int = 0) -> str:
        return getattr(self, f"expr_{kind}")(env, depth)

    def item_fields(self, env: Env, kind: str) -> list[str]:
        out = []
        for run, job, study in env.loop_items:
            out += [f"{run}.{f}" for f in RUN_FIELDS[study].get(kind, [])]
            out += [f"{job}.{f}" for f in JOB_FIELDS[study].get(kind, [])]
        return out

    def expr_float(self, env: Env, depth: int) -> str:
        leaves = [str(self.pick(CONSTANTS)), 'params["b"]'] + env.of("float") * 2 \
            + self.item_fields(env, "float") * 3
        if depth >= 2 or self.chance(0.45):
            return self.pick(leaves)
        choice = self.rng.randrange(19)
        sub = lambda k="float": self.expr(k, env, depth + 1)  # noqa: E731
        if choice >= 14:
            made = self.library_float(env, depth, choice - 14)
            if made is not None:
                return made
        if choice == 0:
            return f"({sub()} {self.pick(['+', '-', '*'])} {sub()})"
        if choice == 1:
            return f"round({sub()}, {self.pick([1, 2])})"
        if choice == 2:
            return f"abs({sub()} - {self.pick(CONSTANTS)})"
        if choice == 3:
            return f"float({sub('int')})"
        if choice == 4:
            return f"sum({sub('flist')})"
        if choice == 5:
            xs = sub("flist")
            return f"({self.pick(['max', 'min'])}({xs}) if {xs} else 0.0)"
        if choice == 6:
            return f"{self.pick(['max', 'min'])}({sub()}, {sub()})"
        if choice == 7:
            xs = sub("flist")
            return f"({xs}[{self.pick(['0', '-1'])}] if {xs} else 1.0)"
        if choice == 8:
            return self.call_function("float", env, depth)
        if choice == 9:
            return '{"fast": 1.0, "slow": 2.0}[params["mode"]]'
        if choice == 10:
            runs = env.runs()
            if runs:
                name, study = self.pick(runs)
                f = self.pick(RUN_FIELDS[study].get("float", []) or ["id"])
                if f == "id":
                    return self.pick(leaves)
                return (f"next(({'r'}.{f} for r, j in {name} if r.{f} > "
                        f"{self.pick(CONSTANTS)}), 0.0)")
        if choice == 11:
            return '(params["opt"] if params["opt"] is not None else 1.0)'
        if choice == 12:
            return f"({sub()} / (abs({sub()}) + 1))"
        if choice == 13:
            return f"({sub()} if {sub('bool')} else {sub()})"
        return self.pick(leaves)

    def library_float(self, env: Env, depth: int, choice: int) -> str | None:
        """A library or keyed call on traced values (a run-time call when compiled)."""
        sub = lambda k="float": self.expr(k, env, depth + 1)  # noqa: E731
        if choice == 0:
            self.imports.add("statistics")
            xs = sub("flist")
            return f"(statistics.fmean({xs}) if {xs} else 0.0)"
        if choice == 1:
            self.imports.add("math")
            return f"math.sqrt(abs({sub()}))"
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if choice == 2 and runs:
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            which = self.pick(["max", "min"])
            key = self.pick([f"lambda p: p[0].{f}", f"lambda p: abs(p[0].{f} - 2.0)"])
            return f"({which}({name}, key={key})[0].{f} if {name} else 0.0)"
        if choice == 3:
            return f"{self.pick(['min', 'max'])}({sub('flist')}, key=abs, default=0.0)"
        if choice == 4 and runs:
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            jf = (JOB_FIELDS[study].get("float") or JOB_FIELDS[study].get("int") or [None])[0]
            if jf is not None:
                return f"float(len({{j.{jf}: r.{f} for r, j in {name}}}))"
        return None

    def expr_int(self, env: Env, depth: int) -> str:
        leaves = [str(self.pick([0, 1, 2, 3])), 'params["n"]'] + env.of("int") * 2 \
            + self.item_fields(env, "int") * 2
        if depth >= 2 or self.chance(0.5):
            return self.pick(leaves)
        choice = self.rng.randrange(8)
        if choice == 0:
            return f"len({self.expr('flist', env, depth + 1)})"
        if choice == 1:
            runs = env.runs()
            if runs:
                return f"len({self.pick(runs)[0]})"
        if choice == 2:
            return f"({self.expr('int', env, depth + 1)} + {self.pick([1, 2])})"
        if choice == 3:
            runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
            if runs:
                name, study = self.pick(runs)
                f = RUN_FIELDS[study]["float"][0]
                return f"sum(1 for r, j in {name} if r.{f} > {self.pick(CONSTANTS)})"
        if choice == 4:
            return f"round({self.expr('float', env, depth + 1)})"
        if choice == 5:
            return self.call_function("int", env, depth)
        if choice == 6:
            return f"len(set({self.expr('flist', env, depth + 1)}))"
        if choice == 7:
            return f"int({self.expr('float', env, depth + 1)})"
        return self.pick(leaves)

    def expr_bool(self, env: Env, depth: int) -> str:
        leaves = ['params["flag"]', 'params["mode"] == "fast"'] + env.of("bool") * 2 \
            + self.item_fields(env, "bool") * 2
        choice = self.rng.randrange(11)
        if choice <= 2:
            op = self.pick([">", "<", ">=", "<=", "=="])
            return f"{self.expr('float', env, depth + 1)} {op} {self.pick(CONSTANTS)}"
        if choice == 3:
            return f"{self.expr('int', env, depth + 1)} {self.pick(['>', '>=', '=='])} " \
                   f"{self.pick([0, 1, 2])}"
        if choice == 4 and depth < 2:
            return f"not {self.expr('bool', env, depth + 1)}"
        if choice == 5 and depth < 2:
            return f"({self.expr('bool', env, depth + 1)} {self.pick(['and', 'or'])} " \
                   f"{self.expr('bool', env, depth + 1)})"
        if choice == 6:
            runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
            if runs:
                name, study = self.pick(runs)
                f = RUN_FIELDS[study]["float"][0]
                return f"{self.pick(['any', 'all'])}(r.{f} > {self.pick(CONSTANTS)} " \
                       f"for r, j in {name})"
        if choice == 7:
            return 'params["opt"] is None'
        if choice == 8:
            return f"{self.expr('float', env, depth + 1)} in {self.expr('flist', env, depth + 1)}"
        if choice == 9:
            return self.call_function("bool", env, depth)
        if choice == 10:
            return f"len({self.expr('flist', env, depth + 1)}) > {self.pick([0, 1, 2])}"
        return self.pick(leaves)

    def expr_flist(self, env: Env, depth: int) -> str:
        leaves = ['params["a"]'] + env.of("flist") * 3
        if depth >= 2 or self.chance(0.35):
            return self.pick(leaves)
        choice = self.rng.randrange(14)
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if choice == 11:
            return f"sorted({self.expr('flist', env, depth + 1)}, key=lambda v: -v)"
        if choice == 12:
            return f"sorted({self.expr('flist', env, depth + 1)}, reverse=True)[:2]"
        if choice == 13:
            self.imports.add("itertools")
            return f"list(itertools.accumulate({self.expr('flist', env, depth + 1)}))"
        if choice <= 2 and runs:
            name, study = self.pick(runs)
            f = self.pick(RUN_FIELDS[study]["float"])
            cond = f" if r.{f} {self.pick(['>', '<'])} {self.pick(CONSTANTS)}" \
                if self.chance(0.4) else ""
            return f"[r.{f} for r, j in {name}{cond}]"
        if choice == 3:
            return f"sorted({self.expr('flist', env, depth + 1)})"
        if choice == 4:
            return f"{self.expr('flist', env, depth + 1)}[{self.pick(['1:', ':2', '::-1', '-2:'])}]"
        if choice == 5:
            return f"sorted(set({self.expr('flist', env, depth + 1)}))"
        if choice == 6:
            self.imports.add("itertools")
            return f"list(itertools.islice({self.expr('flist', env, depth + 1)}, 2))"
        if choice == 7:
            return f"[{self.expr('float', env, depth + 1)}, {self.expr('float', env, depth + 1)}]"
        if choice == 8:
            return f"({self.expr('flist', env, depth + 1)} + {self.expr('flist', env, depth + 1)})"
        if choice == 9:
            return f"[v * {self.pick([2, 0.5, 1.5])} for v in {self.expr('flist', env, depth + 1)}]"
        if choice == 10:
            return self.call_function("flist", env, depth)
        return self.pick(leaves)

    def expr_str(self, env: Env, depth: int) -> str:
        choice = self.rng.randrange(4)
        if choice == 0:
            return 'params["mode"]'
        if choice == 1:
            return f'"n" + str({self.expr("int", env, depth + 1)})'
        if choice == 2:
            number = self.expr("int", env, depth + 1)
            if '"' in number:
                return f'params["mode"] + "-" + str({number})'
            return f'f"{{params[\'mode\']}}-{{{number}}}"'
        return self.pick(['"alpha"', '"beta"', '"x"'])

    def call_function(self, kind: str, env: Env, depth: int) -> str:
        names = [n for n, (k, _, _) in FUNCTIONS.items() if k == kind]
        name = self.pick(names)
        if name in FUNCTION_IMPORTS:
            self.imports.add(FUNCTION_IMPORTS[name])
        where = self.used_functions.setdefault(name, self.pick(["local", "helpers",
                                                                "helpers"]))
        args = ", ".join(self.expr(k, env, depth + 1) for k in FUNCTIONS[name][1])
        return f"{name}({args})" if where == "local" else f"helpers.{name}({args})"

    # ---- statements ---------------------------------------------------------------------

    def create_call(self, env: Env) -> tuple[str, str]:
        """``workflow.<study>.createTask(...)`` and its study."""
        study = self.pick(["mult", "mult", "add", "square", "square", "agg", "label"])
        kw: list[str] = []
        sweep = self.chance(0.3)
        if study == "mult":
            kw.append(f"x={self.expr('flist' if sweep else 'float', env)}")
            if self.chance(0.3):
                kw.append(f"k={self.expr('int', env)}")
        elif study == "add":
            kw.append(f"x={self.expr('float', env)}")
            if self.chance(0.4):
                kw.append(f"y={self.expr('flist' if sweep else 'float', env)}")
        elif study == "square":
            kw.append(f"v={self.expr('flist' if sweep else 'float', env)}")
        elif study == "agg":
            kw.append(f"vals={self.expr('flist', env)}")
            if self.chance(0.4):
                kw.append(f"n={self.expr('int', env)}")
            mults = env.runs("mult")
            if mults and self.chance(0.5):
                kw.append(f"mult_ids=[r.id for r, j in {self.pick(mults)[0]}]")
        else:
            kw.append(f"name={self.expr('str', env)}")
            if self.chance(0.4):
                kw.append(f"i={self.expr('int', env)}")
        if self.chance(0.08):
            kw.insert(0, f'run_params={{"tag": {self.expr("str", env)}}}')
        self.creates += 1
        return f"workflow.{study}.createTask({', '.join(kw)})", study

    def block(self, env: Env, indent: int, size: int, depth: int) -> list[str]:
        lines: list[str] = []
        for _ in range(size):
            lines += self.statement(env, indent, depth)
        return lines or [" " * indent + "pass"]

    def statement(self, env: Env, indent: int, depth: int) -> list[str]:
        table = STATEMENTS if self.grammar == 1 else {**STATEMENTS, **STATEMENTS_2}
        if self.grammar >= 3:
            table = {**table, **STATEMENTS_3}
        if self.grammar >= 4:
            table = {**table, **STATEMENTS_4}
        if self.grammar >= 5:
            table = {**table, **STATEMENTS_5}
        if self.grammar >= 6:
            table = {**table, **STATEMENTS_6}
        if self.grammar >= 7:
            table = {**table, **STATEMENTS_7}
        if self.grammar >= 8:
            table = {**table, **STATEMENTS_8}
        if self.grammar >= 9:
            table = {**table, **STATEMENTS_9}
        kinds = list(table)
        weights = [table[k] if (depth < 3 or k in SIMPLE) else 0 for k in kinds]
        kind = self.rng.choices(kinds, weights)[0]
        return getattr(self, f"st_{kind}")(env, indent, depth)

    def st_create(self, env: Env, indent: int, depth: int) -> list[str]:
        pad = " " * indent
        call, study = self.create_call(env)
        form = self.rng.randrange(6)
        if form == 0:
            return [f"{pad}await {call}"]
        growable = [n for n, _ in env.runs(study) if n not in env.iterating]
        if form == 1 and growable:
            name = self.pick(growable)
            return [pad + self.pick([f"{name} += await {call}",
                                     f"{name}.extend(await {call})",
                                     f"{name} = {name} + await {call}"])]
        if form == 2 and not env.in_helper:
            name = self.name("task")
            runs = self.name(f"{study}_runs")
            env.vars[runs] = f"runs:{study}"
            return [f"{pad}{name} = {call}", f"{pad}{runs} = await {name}"]
        name = self.name(f"{study}_runs")
        env.vars[name] = f"runs:{study}"
        return [f"{pad}{name} = await {call}"]

    def st_assign(self, env: Env, indent: int, depth: int) -> list[str]:
        kind = self.pick(["float", "float", "int", "bool", "flist", "flist"])
        name = self.name({"float": "t", "int": "c", "bool": "ok", "flist": "xs"}[kind])
        line = f"{' ' * indent}{name} = {self.expr(kind, env)}"
        env.vars[name] = kind
        return [line]

    def st_update(self, env: Env, indent: int, depth: int) -> list[str]:
        pad = " " * indent
        choice = self.rng.randrange(10)
        floats, ints, lists, bools = env.of("float"), env.of("int"), env.of("flist"), \
            env.of("bool")
        if choice <= 1 and ints:
            return [f"{pad}{self.pick(ints)} += {self.pick(['1', self.expr('int', env)])}"]
        if choice == 2 and floats:
            return [f"{pad}{self.pick(floats)} {self.pick(['+=', '-=', '*=', '='])} "
                    f"{self.expr('float', env)}"]
        if choice == 3 and bools:
            return [f"{pad}{self.pick(bools)} = {self.pick(['True', 'False'])}"]
        if choice <= 6 and lists:
            xs = self.pick(lists)
            return [pad + self.pick([
                f"{xs}.append({self.expr('float', env)})",
                f"{xs}.extend([{self.expr('float', env)}, {self.expr('float', env)}])",
                f"{xs} = {xs}[1:]",
                f"{xs}.sort()",
                f"{xs}.insert(0, {self.expr('float', env)})",
                f"{xs} = sorted(set({xs}))",
                f"{xs} += {self.expr('flist', env)}",
            ])]
        if choice == 7 and lists:
            xs = self.pick(lists)
            return [f"{pad}if {xs}:", f"{pad}    {xs}.pop()"]
        if choice == 8:
            name = self.name("d")
            return [f"{pad}{name} = {{}}",
                    f'{pad}{name}[{self.expr("str", env)}] = {self.expr("float", env)}',
                    *self.st_assign_from(env, indent,
                                         f'{name}.get({self.expr("str", env)}, 0.0)')]
        return self.st_assign(env, indent, depth)

    def st_assign_from(self, env: Env, indent: int, value: str) -> list[str]:
        name = self.name("t")
        env.vars[name] = "float"
        return [f"{' ' * indent}{name} = {value}"]

    def st_if(self, env: Env, indent: int, depth: int) -> list[str]:
        pad = " " * indent
        lines = [f"{pad}if {self.expr('bool', env)}:"]
        lines += self.block(env.child(), indent + 4, self.rng.randint(1, 3), depth + 1)
        if self.chance(0.4):
            lines.append(f"{pad}else:")
            lines += self.block(env.child(), indent + 4, self.rng.randint(1, 2), depth + 1)
        return lines

    def loop_body(self, env: Env, indent: int, depth: int) -> list[str]:
        inner = env.child(in_loop=True)
        lines = self.block(inner, indent, self.rng.randint(1, 3), depth + 1)
        if self.chance(0.25):
            pad = " " * indent
            lines = [f"{pad}if {self.expr('bool', inner)}:",
                     f"{pad}    {self.pick(['break', 'continue'])}"] + lines \
                if self.chance(0.5) else lines + [
                    f"{pad}if {self.expr('bool', inner)}:",
                    f"{pad}    {self.pick(['break', 'continue'])}"]
        return lines

    def st_for_runs(self, env: Env, indent: int, depth: int) -> list[str]:
        runs = env.runs()
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        name, study = self.pick(runs)
        suffix = "" if not env.loop_items else str(len(env.loop_items) + 1)
        run, job = f"run{suffix}", f"job{suffix}"
        over = self.pick([name, name, name, f"{name}[:2]", f"{name}[1:]", f"reversed({name})"])
        lines = []
        carried = None
        if self.chance(0.3):  # a "previous item" or a flag carried by the loop
            carried = self.name(self.pick(["prev", "found"]))
            if carried.startswith("prev"):
                lines.append(f"{pad}{carried} = 0.0")
                env.vars[carried] = "float"
            else:
                lines.append(f"{pad}{carried} = False")
                env.vars[carried] = "bool"
        inner = env.child(iterating=env.iterating | {name})
        inner.loop_items.append((run, job, study))
        lines.append(f"{pad}for {run}, {job} in {over}:")
        if self.chance(0.3) and RUN_FIELDS[study].get("float"):
            lines.append(f"{pad}    {self.pick(['idx', 'pos'])} = {run}.id")
        lines += self.loop_body(inner, indent + 4, depth)
        if carried is not None and carried.startswith("prev"):  # set last: read next time
            lines.append(f"{pad}    {carried} = {self.expr('float', inner)}")
        elif carried is not None:
            lines += [f"{pad}    if {self.expr('bool', inner)}:", f"{pad}        {carried} = True"]
        return lines

    def st_for_list(self, env: Env, indent: int, depth: int) -> list[str]:
        pad = " " * indent
        inner = env.child()
        xs = self.expr("flist", env, 1)
        form = self.rng.randrange(5)
        if form == 0:
            v = self.name("v")
            head = f"for {v} in {xs}:"
            inner.vars[v] = "float"
        elif form == 1:
            i, v = self.name("i"), self.name("v")
            head = f"for {i}, {v} in enumerate({xs}):"
            inner.vars[i], inner.vars[v] = "int", "float"
        elif form == 2:
            i = self.name("i")
            bound = self.pick(['params["n"]', "2", f"len({xs})"])
            head = f"for {i} in range({bound}):"
            inner.vars[i] = "int"
        elif form == 3:
            v, w = self.name("v"), self.name("w")
            head = f"for {v}, {w} in zip({xs}, {self.expr('flist', env, 1)}):"
            inner.vars[v], inner.vars[w] = "float", "float"
        else:
            i = self.name("i")
            lines = [f"{pad}{i} = 0", f"{pad}while {i} < {self.pick([1, 2, 3])}:",
                     f"{pad}    {i} += 1"]
            inner.vars[i] = "int"
            return lines + self.loop_body(inner, indent + 4, depth)
        return [pad + head] + self.loop_body(inner, indent + 4, depth)

    def st_collect(self, env: Env, indent: int, depth: int) -> list[str]:
        """A list filled in a loop, used after it."""
        pad = " " * indent
        xs = self.name("acc")
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        lines = [f"{pad}{xs} = []"]
        if runs and self.chance(0.7):
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            lines.append(f"{pad}for r, j in {name}:")
            body = f"{pad}    {xs}.append(r.{f})"
            if self.chance(0.5):
                lines += [f"{pad}    if r.{f} {self.pick(['>', '<'])} {self.pick(CONSTANTS)}:",
                          "    " + body]
            else:
                lines.append(body)
        else:
            v = self.name("v")
            lines += [f"{pad}for {v} in {self.expr('flist', env, 1)}:",
                      f"{pad}    {xs}.append({v} * {self.pick([1, 2, 0.5])})"]
        env.vars[xs] = "flist"
        return lines

    def st_return(self, env: Env, indent: int, depth: int) -> list[str]:
        if env.in_helper or depth == 0:
            return self.st_assign(env, indent, depth)
        return [" " * indent + "return"]

    def st_coroutine(self, env: Env, indent: int, depth: int) -> list[str]:
        """A helper coroutine, defined once, awaited (or gathered) here."""
        if env.in_helper:
            return self.st_create(env, indent, depth)
        name = self.name("step")
        in_helpers = self.chance(0.35)
        inner = Env({"v": "float"}, [], False, True)
        body = self.block(inner, 4, self.rng.randint(1, 3), 2)
        call, study = self.create_call(inner)
        body.append(f"    return await {call}")
        source = "\n".join([f"async def {name}(workflow, v, params):", *body]) + "\n"
        (self.helper_coroutines if in_helpers else self.coroutines).append(source)
        ref = f"helpers.{name}" if in_helpers else name
        pad = " " * indent
        form = self.rng.randrange(4)
        if form == 0:
            result = self.name(f"{study}_runs")
            env.vars[result] = f"runs:{study}"
            return [f"{pad}{result} = await {ref}(workflow, {self.expr('float', env)}, params)"]
        self.imports.add("asyncio")
        if form == 3 and self.chance(0.5):  # two chains started now, awaited later
            t1, t2 = self.name("task"), self.name("task")
            a, b = self.name(f"{study}_runs"), self.name(f"{study}_runs")
            lines = [f"{pad}{t1} = asyncio.create_task({ref}(workflow, "
                     f"{self.expr('float', env)}, params))",
                     f"{pad}{t2} = asyncio.create_task({ref}(workflow, "
                     f"{self.expr('float', env)}, params))"]
            if self.chance(0.5):
                call, _ = self.create_call(env)
                lines.append(f"{pad}await {call}")
            env.vars[a] = env.vars[b] = f"runs:{study}"
            return lines + [f"{pad}{a} = await {t1}", f"{pad}{b} = await {t2}"]
        if form == 1:
            a, b = self.name(f"{study}_runs"), self.name(f"{study}_runs")
            env.vars[a] = env.vars[b] = f"runs:{study}"
            return [f"{pad}{a}, {b} = await asyncio.gather({ref}(workflow, "
                    f"{self.expr('float', env)}, params), "
                    f"{ref}(workflow, {self.expr('float', env)}, params))"]
        results = self.name("results")
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if runs and form == 2:
            over, s = self.pick(runs)
            item = f"r.{RUN_FIELDS[s]['float'][0]}"
            source_list = f"{over}"
            head = f"for r, j in {source_list}"
        else:
            item, head = "v", f"for v in {self.expr('flist', env, 1)}"
        opening, closing = "[]" if self.chance(0.5) else "()"  # a list or a generator
        lines = [f"{pad}{results} = await asyncio.gather("
                 f"*{opening}{ref}(workflow, {item}, params) {head}{closing})"]
        if self.chance(0.6):
            flat = self.name(f"{study}_runs")
            env.vars[flat] = f"runs:{study}"
            lines.append(f"{pad}{flat} = [pair for runs in {results} for pair in runs]")
        return lines

    def st_try(self, env: Env, indent: int, depth: int) -> list[str]:
        pad = " " * indent
        if self.chance(0.5):
            xs = self.expr("flist", env, 1)
            name = self.name("t")
            env.vars[name] = "float"
            return [f"{pad}try:", f"{pad}    {name} = {xs}[{self.pick([0, 1, -1])}]",
                    f"{pad}except IndexError:", f"{pad}    {name} = 0.0"]
        lines = [f"{pad}try:"] + self.block(env.child(), indent + 4, self.rng.randint(1, 2),
                                            depth + 1)
        return lines + [f"{pad}except {self.pick(['Exception', 'ValueError'])}:",
                        f"{pad}    pass"]

    def st_risky(self, env: Env, indent: int, depth: int) -> list[str]:
        """A value that may raise (a division, an index, a key, a mean of a filter, a
        square root), read by no step most often: main stops there when it raises."""
        pad = " " * indent
        sub = lambda k="float": self.expr(k, env, 1)  # noqa: E731
        choice = self.rng.randrange(6)
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        value = None
        if choice == 0:
            value = f"1.0 / (round({sub()}) - {self.pick([1, 2, 4])})"
        elif choice == 1:
            value = f"{sub('flist')}[{self.pick([0, 1, 2, -1])}]"
        elif choice == 2 and runs:
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            jf = (JOB_FIELDS[study].get("float") or JOB_FIELDS[study].get("int"))[0]
            value = f"{{j.{jf}: r.{f} for r, j in {name}}}[{self.pick(CONSTANTS)}]"
        elif choice == 3 and runs:
            self.imports.add("statistics")
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            value = (f"statistics.fmean([r.{f} for r, j in {name} if r.{f} > "
                     f"{self.pick(CONSTANTS)}])")
        elif choice == 4:
            self.imports.add("math")
            value = f"math.sqrt({sub()} - {self.pick(CONSTANTS)})"
        elif choice == 5:
            value = f"{sub('flist')}.index({sub()})"
        if value is None:
            return self.st_assign(env, indent, depth)
        name = self.name("risk")
        if self.chance(0.3):
            env.vars[name] = "float"  # read later, perhaps
        return [f"{pad}{name} = {value}"]

    def st_counter(self, env: Env, indent: int, depth: int) -> list[str]:
        """A counter or flag set under a per-item condition, read after the loop."""
        runs = env.runs()
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        name, study = self.pick(runs)
        inner = env.child()
        inner.loop_items.append(("r", "j", study))
        counter = self.name(self.pick(["count", "flag", "total"]))
        if counter.startswith("count"):
            init, update, kind = "0", f"{counter} += 1", "int"
        elif counter.startswith("flag"):
            init, update, kind = "False", f"{counter} = True", "bool"
        else:
            init, update, kind = "0.0", f"{counter} += {self.expr('float', inner)}", "float"
        lines = [f"{pad}{counter} = {init}", f"{pad}for r, j in {name}:",
                 f"{pad}    if {self.expr('bool', inner)}:", f"{pad}        {update}"]
        env.vars[counter] = kind
        if self.chance(0.6):
            test = self.pick([" > 1", " >= 1", ""]) if kind != "bool" else ""
            lines.append(f"{pad}if {counter}{test}:")
            call, _ = self.create_call(env)
            lines.append(f"{pad}    await {call}")
        return lines


    def st_converge(self, env: Env, indent: int, depth: int) -> list[str]:
        """A loop bounded by a cap (a constant or a param) whose exit tests a run's
        output: ``for`` with ``break``, or ``while`` on the output and a counter; what it
        leaves (the value, the count, the last runs) is used after it."""
        pad = " " * indent
        x, it, runs = self.name("x"), self.name("it"), self.name("mult_runs")
        cap = self.pick(["2", "3", "4", 'params["n"]', 'params["n"] + 1', "20"])
        test = self.pick([f"{runs}[0][0].y > {self.expr('float', env)}",
                          f"{runs}[0][0].big", f"{runs}[0][0].n >= {self.pick([1, 2, 3])}",
                          f"abs({runs}[0][0].y - {x}) < {self.pick([0.5, 1.0, 2.0])}"])
        lines = [f"{pad}{x} = {self.expr('float', env)}", f"{pad}{it} = 0",
                 f"{pad}{runs} = []"]
        inner = env.child()
        inner.vars[x], inner.vars[it] = "float", "int"
        body = [f"{pad}    {runs} = await workflow.mult.createTask(x={x})",
                f"{pad}    {it} += 1"]
        self.creates += 1
        inner.vars[runs] = "runs:mult"
        if self.chance(0.4):
            body += self.block(inner.child(in_loop=True), indent + 4, 1, depth + 1)
        new_x = self.pick([f"{runs}[0][0].y / 2", f"{x} + 1", 'params["b"]'])
        update = f"{pad}    {x} = {new_x}"
        if self.chance(0.5):
            lines.append(f"{pad}for _ in range({cap}):")
            lines += body + [f"{pad}    if {test}:", f"{pad}        break", update]
        else:
            lines.append(f"{pad}while {it} < {cap}:")
            lines += body + [f"{pad}    if {test}:", f"{pad}        break", update]
        env.vars[x], env.vars[it] = "float", "int"
        env.vars[runs] = "runs:mult"
        return lines

    # ---- the second grammar: blocks, prints, groups, top-level while, unread errors -------

    def risky_value(self, env: Env) -> str:
        """A value of outputs that may raise (KeyError, ZeroDivisionError, IndexError,
        ValueError, StatisticsError)."""
        sub = lambda k="float": self.expr(k, env, 1)  # noqa: E731
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        items = [(r, j, s) for r, j, s in env.loop_items if s == "mult"]
        choice = self.rng.randrange(7)
        if choice == 0 and items:
            run = self.pick(items)[0]
            return f"1.0 / ({run}.n - {self.pick([1, 2])})"
        if choice == 1 and runs:
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            jf = (JOB_FIELDS[study].get("float") or JOB_FIELDS[study].get("int"))[0]
            return f"{{j.{jf}: r.{f} for r, j in {name}}}[{self.pick(CONSTANTS)}]"
        if choice == 2 and runs:
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            return f"[r.{f} for r, j in {name} if r.{f} > {self.pick(CONSTANTS)}][0]"
        if choice == 3:
            self.imports.add("math")
            return f"math.sqrt({sub()} - {self.pick(CONSTANTS)})"
        if choice == 4:
            return f"{sub('flist')}.index({sub()})"
        if choice == 5 and runs:
            self.imports.add("statistics")
            name, study = self.pick(runs)
            f = RUN_FIELDS[study]["float"][0]
            return (f"statistics.fmean([r.{f} for r, j in {name} if r.{f} < "
                    f"{self.pick(CONSTANTS)}])")
        return f"1.0 / (round({sub()}) - {self.pick([1, 2, 3])})"

    def st_try_block(self, env: Env, indent: int, depth: int) -> list[str]:
        """A ``try`` with no step inside: it catches what its value raises, or lets
        another error through; ``else``/``finally``; the value read later, or not."""
        pad = " " * indent
        name = self.name("tv")
        caught = self.pick(["KeyError", "ZeroDivisionError", "ValueError", "IndexError",
                            "(KeyError, IndexError)", "(ZeroDivisionError, ValueError)",
                            "ArithmeticError", "LookupError", "Exception"])
        lines = [f"{pad}try:", f"{pad}    {name} = {self.risky_value(env)}"]
        if self.chance(0.3):
            lines.append(f"{pad}    {name} = {name} * {self.pick([2, 0.5])}")
        log = None
        if self.chance(0.3):
            log = self.name("log")
            lines.insert(0, f"{pad}{log} = []")
        form = self.rng.randrange(4)
        if form == 3:  # try/finally: the error goes through
            lines += [f"{pad}finally:", f"{pad}    {log}.append(1)" if log else
                      f"{pad}    print(\"done\")"]
        else:
            lines.append(f"{pad}except {caught}" + (" as err:" if form == 2 else ":"))
            lines.append(f"{pad}    {name} = {self.pick(['0.0', '-1.0', self.expr('float', env)])}")
            if form == 2:
                lines.append(f"{pad}    print(\"no value\", err)")
            if log:
                lines.append(f"{pad}    {log}.append(0)")
            if self.chance(0.3):
                lines += [f"{pad}else:", f"{pad}    {name} = {name} + 1"]
            if self.chance(0.3):
                lines += [f"{pad}finally:", f"{pad}    {log}.append(2)" if log else
                          f"{pad}    print(\"tried\")"]
        if log and self.chance(0.6):
            lines.append(f"{pad}{self.name('t')} = float(len({log}))")
        if self.chance(0.7):
            env.vars[name] = "float"
        return lines

    def st_print(self, env: Env, indent: int, depth: int) -> list[str]:
        """A print of outputs, of a list of outputs, formatted (perhaps with a spec)."""
        pad = " " * indent
        choice = self.rng.randrange(6)
        if choice == 0:
            return [f"{pad}print({self.expr('float', env)})"]
        if choice == 1:
            return [f"{pad}print(\"values\", {self.expr('flist', env)}, sep=\": \")"]
        if choice == 2:
            return [f"{pad}print(\"{{:.3f}} and {{}}\".format({self.expr('float', env)}, "
                    f"{self.expr('int', env)}))"]
        if choice == 3:
            runs = env.runs()
            if runs:
                name, study = self.pick(runs)
                f = self.pick(RUN_FIELDS[study]["float"] if RUN_FIELDS[study].get("float")
                              else RUN_FIELDS[study]["int"])
                return [f"{pad}print([(r.id, r.{f}) for r, j in {name}])"]
        if choice == 4:
            return [f"{pad}print(\"risky\", {self.risky_value(env)})"]
        return [f"{pad}print({self.expr('bool', env)}, {self.expr('str', env)})"]

    def st_group(self, env: Env, indent: int, depth: int) -> list[str]:
        """Outputs grouped in a ``defaultdict``/``Counter`` (a block), then read: steps
        per group, a count, a missing group."""
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("int")]
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        self.imports.add("collections")
        name, study = self.pick(runs)
        key = f"r.{RUN_FIELDS[study]['int'][0]}"
        value = f"r.{(RUN_FIELDS[study].get('float') or RUN_FIELDS[study]['int'])[0]}"
        groups = self.name("groups")
        lines = []
        if self.chance(0.6):
            lines += [f"{pad}{groups} = collections.defaultdict(list)",
                      f"{pad}for r, j in {name}:"]
            if self.chance(0.3):
                lines += [f"{pad}    if {value} < {self.pick(CONSTANTS)}:",
                          f"{pad}        continue"]
            lines.append(f"{pad}    {groups}[{key}].append({value})")
            use = self.rng.randrange(4)
            if use == 0:
                k = self.name("key")
                inner = env.child(in_loop=True)
                lines += [f"{pad}for {k} in sorted({groups}):",
                          f"{pad}    await workflow.agg.createTask(vals={groups}[{k}], "
                          f"n={k})"]
                self.creates += 1
                del inner
            elif use == 1:
                t = self.name("t")
                lines.append(f"{pad}{t} = float(len({groups}[{self.pick([0, 1, 2])}]))")
                env.vars[t] = "float"
            elif use == 2:
                t = self.name("t")
                lines.append(f"{pad}{t} = {groups}[{self.pick([0, 1, 2])}][0]")
                if self.chance(0.5):
                    env.vars[t] = "float"
            else:
                xs = self.name("xs")
                lines.append(f"{pad}{xs} = [max(v) for k, v in sorted({groups}.items())]")
                env.vars[xs] = "flist"
        else:
            c = self.name("counts")
            lines.append(f"{pad}{c} = collections.Counter({key} for r, j in {name})")
            use = self.rng.randrange(3)
            t = self.name("c")
            if use == 0:
                lines.append(f"{pad}{t} = {c}.most_common(1)[0][1]")
            elif use == 1:
                lines.append(f"{pad}{t} = {c}[{self.pick([0, 1, 2])}]")
            else:
                lines.append(f"{pad}{t} = len({c})")
            env.vars[t] = "int"
        return lines

    def st_split(self, env: Env, indent: int, depth: int) -> list[str]:
        """Outputs split into two lists in the branches of a test of the item (``if``
        /``else`` appends), then read after the loop: joined (``+``, ``extend``, ``+=``),
        indexed, sliced after a sort, their text, enumerated, side by side (``zip``),
        by position up to the shorter's length."""
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        name, study = self.pick(runs)
        f = RUN_FIELDS[study]["float"][0]
        job = JOB_FIELDS[study].get("float")
        other = f"j.{job[0]}" if job and self.chance(0.5) else f"r.{f} * 2"
        hi, lo = self.name("hi"), self.name("lo")
        lines = [f"{pad}{hi}, {lo} = [], []", f"{pad}for r, j in {name}:",
                 f"{pad}    if r.{f} {self.pick(['>', '<', '>='])} {self.pick(CONSTANTS)}:",
                 f"{pad}        {hi}.append(r.{f})", f"{pad}    else:",
                 f"{pad}        {lo}.append({other})"]
        first, second = (hi, lo) if self.chance(0.5) else (lo, hi)
        use = self.rng.randrange(9)
        xs = self.name("xs")
        if use == 0:
            lines.append(f"{pad}{xs} = {first} + {second}")
        elif use == 1:
            lines += [f"{pad}{first}.extend({second})", f"{pad}{xs} = {first}"]
        elif use == 2:
            lines += [f"{pad}{first} += {second}", f"{pad}{xs} = {first}[:2]"]
        elif use == 3:
            t = self.name("t")
            lines += [f"{pad}{t} = {first}[0] if {first} else -1.0",
                      f"{pad}{xs} = [{t}]"]
        elif use == 4:
            lines += [f"{pad}{first}.sort(reverse={self.pick([True, False])})",
                      f"{pad}{xs} = {first}[:2] + {second}[-1:]"]
        elif use == 5:
            lines += [f"{pad}print(f'{{len({first})}} kept: {{{first}}}')",
                      f"{pad}{xs} = {second}"]
        elif use == 6:
            i, v = self.name("i"), self.name("v")
            lines += [f"{pad}{xs} = []", f"{pad}for {i}, {v} in enumerate({first} + {second}):",
                      f"{pad}    {xs}.append({v} + 10 * {i})"]
        elif use == 7:
            a, b = self.name("a"), self.name("b")
            lines.append(f"{pad}{xs} = [{a} - {b} for {a}, {b} in zip({first}, {second})]")
        else:
            i = self.name("i")
            lines.append(f"{pad}{xs} = [{first}[{i}] + {second}[{i}] for {i} in "
                         f"range(min(len({first}), len({second})))]")
        env.vars[xs] = "flist"
        return lines

    def st_while_top(self, env: Env, indent: int, depth: int) -> list[str]:
        """A top-level ``while`` of main on outputs making steps (a segment when
        uncapped): it ends, as its value grows with each iteration."""
        if depth > 0 or env.in_helper or env.in_loop:
            return self.st_converge(env, indent, depth)
        pad = " " * indent
        x, runs = self.name("x"), self.name("mult_runs")
        it = self.name("it")
        limit = self.pick(CONSTANTS + [5.0, 6.0, 8.0])
        step = self.pick(["0.5", "1.0", f"{runs}[0][0].n + 0.5", 'abs(params["b"]) + 0.5'])
        capped = self.chance(0.35)
        lines = [f"{pad}{x} = abs({self.expr('float', env)})", f"{pad}{it} = 0"]
        inner = env.child(in_loop=True)
        inner.vars[x], inner.vars[it] = "float", "int"
        inner.vars[runs] = "runs:mult"
        body = []
        kept = None
        if self.chance(0.4):
            kept = self.name("seen")
            lines.append(f"{pad}{kept} = []")
            body.append(f"{pad}    {kept}.append({runs}[0][0].y)")
        form = self.rng.randrange(3)
        bound = self.pick(["2", "3", 'params["n"]', 'params["n"] + 1'])
        cap = f" and {it} < {bound}" if capped else ""
        if form == 0:
            lines.append(f"{pad}{runs} = await workflow.mult.createTask(x={x})")
            lines.append(f"{pad}while {runs}[0][0].y < {limit}{cap}:")
            body = [f"{pad}    {x} = {x} + {step}",
                    f"{pad}    {runs} = await workflow.mult.createTask(x={x})",
                    f"{pad}    {it} += 1"] + body
        else:
            lines.append(f"{pad}{runs} = []")
            lines.append(f"{pad}while True:" if not capped else f"{pad}while {it} < {bound}:")
            body = [f"{pad}    {runs} = await workflow.mult.createTask(x={x})",
                    f"{pad}    {it} += 1"] + body + [
                f"{pad}    if {runs}[0][0].y >= {limit}:", f"{pad}        break",
                f"{pad}    {x} = {x} + {self.pick(['0.5', '1.0', step])}"]
        self.creates += 1
        extra = self.rng.randrange(5)
        if extra == 0:
            body.insert(2, f"{pad}    print(\"iteration\", {it}, {runs}[0][0].y)")
        elif extra == 1:
            body[2:2] = self.block(inner.child(), indent + 4, 1, depth + 1)
        elif extra == 2:
            body.insert(2, f"{pad}    {self.name('risk')} = {self.risky_value(inner)}")
        elif extra == 3:
            call, _ = self.create_call(inner)
            body.insert(2, f"{pad}    await {call}")
        lines += body
        env.vars[x], env.vars[it] = "float", "int"
        env.vars[runs] = "runs:mult"
        if kept:
            env.vars[kept] = "flist"
        return lines

    def st_unread(self, env: Env, indent: int, depth: int) -> list[str]:
        """Values that may raise that nothing reads, inside loops over runs (after a test
        of the item, in nested loops) and after them."""
        runs = [(n, s) for n, s in env.runs() if s == "mult"]
        if not runs:
            return self.st_risky(env, indent, depth)
        pad = " " * indent
        name, _ = self.pick(runs)
        inner = env.child(in_loop=True, iterating=env.iterating | {name})
        inner.loop_items.append(("r", "j", "mult"))
        lines = [f"{pad}for r, j in {name}:"]
        form = self.rng.randrange(5)
        if form == 0:  # after a test of the item
            lines += [f"{pad}    if r.y > {self.pick(CONSTANTS)}:",
                      f"{pad}        {self.pick(['continue', 'pass'])}"]
        elif form == 1:  # after a test making a step for some items
            call, _ = self.create_call(inner)
            lines += [f"{pad}    if r.big:", f"{pad}        await {call}"]
        elif form == 2:  # nested
            inner.loop_items.append(("r2", "j2", "mult"))
            lines.append(f"{pad}    for r2, j2 in {name}:")
            lines.append(f"{pad}        {self.name('risk')} = 1.0 / (r.n - r2.n + "
                         f"{self.pick([0, 1])})")
            return lines + self.after_unread(env, indent)
        elif form == 3:  # nested in a loop over a list
            v = self.name("v")
            lines = [f"{pad}for {v} in {self.expr('flist', env, 1)}:",
                     f"{pad}    for r, j in {name}:",
                     f"{pad}        {self.name('risk')} = {v} / (r.n - 1)"]
            return lines + self.after_unread(env, indent)
        lines.append(f"{pad}    {self.name('risk')} = {self.risky_value(inner)}")
        if self.chance(0.4):
            call, _ = self.create_call(inner)
            lines.append(f"{pad}    await {call}")
        return lines + self.after_unread(env, indent)

    def after_unread(self, env: Env, indent: int) -> list[str]:
        if self.chance(0.5):
            return []
        call, _ = self.create_call(env)
        return [f"{' ' * indent}await {call}"]

    # ---- the fourth grammar: files written between steps, and read back ---------------

    def st_file_io(self, env: Env, indent: int, depth: int) -> list[str]:
        """Outputs written to a CSV or JSON file next to main (``with open(...)``, a csv
        writer, ``json.dump``), then perhaps read back and given to a step."""
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        self.imports.add("os")
        name, study = self.pick(runs)
        field = RUN_FIELDS[study]["float"][0]
        f, w, r, j = self.name("f"), self.name("w"), self.name("r"), self.name("j")
        as_json = self.rng.random() < 0.4
        path = f"os.path.join(os.path.dirname(os.path.abspath(__file__)), " \
            f"\"{OUT_FILES}{f}.{'json' if as_json else 'csv'}\")"
        if as_json:
            self.imports.add("json")
            lines = [f"{pad}with open({path}, \"w\") as {f}:",
                     f"{pad}    json.dump({{\"ys\": [{r}.{field} for {r}, {j} in {name}]}}, "
                     f"{f})"]
        else:
            self.imports.add("csv")
            lines = [f"{pad}with open({path}, \"w\", newline=\"\") as {f}:",
                     f"{pad}    {w} = csv.writer({f})",
                     f"{pad}    for {r}, {j} in {name}:",
                     f"{pad}        {w}.writerow([{r}.id, {r}.{field}])"]
        if self.rng.random() < 0.6:
            back = self.name("back")
            g = self.name("g")
            if as_json:
                read = f"{back} = json.load({g})[\"ys\"]"
                lines += [f"{pad}with open({path}) as {g}:", f"{pad}    {read}"]
            else:
                row = self.name("row")
                lines += [f"{pad}with open({path}, newline=\"\") as {g}:",
                          f"{pad}    {back} = [float({row}[1]) for {row} in csv.reader({g})]"]
            env.vars[back] = "flist"
            lines.append(f"{pad}" + self.pick([
                f"await workflow.agg.createTask(vals={back})",
                f"await workflow.square.createTask(v=max({back}, default=0.5))",
                f"await workflow.mult.createTask(x=sum({back}) + len({back}))"]))
        return lines

    # ---- the fifth grammar: a list main changes in place, held elsewhere too ----------

    def st_hold(self, env: Env, indent: int, depth: int) -> list[str]:
        """A list of main's also held by another object (an attribute of a library module
        imported before the trace, the root logger, a namespace, a dict, a list, a
        partial, a function's default), then changed in place by a loop over runs (with a
        counter: a segment), a capped loop making steps, or a ``try`` per item (a block),
        then read back through that holder and given to a step."""
        runs = [(n, s) for n, s in env.runs() if RUN_FIELDS[s].get("float")]
        if not runs:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        name, study = self.pick(runs)
        field = RUN_FIELDS[study]["float"][0]
        xs, kept = self.name("kept"), self.name("held")
        lines = [f"{pad}{xs} = [{self.expr('float', env)}]"]
        form = self.rng.randrange(7)
        if form == 0:
            self.imports.add("os")
            lines.append(f"{pad}os.motoko_fuzz_{kept} = {xs}")
            read = f"os.motoko_fuzz_{kept}"
        elif form == 1:
            self.imports.add("logging")
            lines.append(f"{pad}logging.getLogger().motoko_fuzz_{kept} = {xs}")
            read = f"logging.getLogger().motoko_fuzz_{kept}"
        elif form == 2:
            self.imports.add("types")
            lines.append(f"{pad}{kept} = types.SimpleNamespace(v={xs})")
            read = f"{kept}.v"
        elif form == 3:
            lines.append(f"{pad}{kept} = {{'v': {xs}}}")
            read = f"{kept}['v']"
        elif form == 4:
            lines.append(f"{pad}{kept} = [{xs}]")
            read = f"{kept}[0]"
        elif form == 5:
            self.imports.add("functools")
            lines.append(f"{pad}{kept} = functools.partial(list, {xs})")
            read = f"{kept}()"
        else:
            lines += [f"{pad}def {kept}(v={xs}):", f"{pad}    return v"]
            read = f"{kept}()"
        change = self.rng.randrange(3)
        r, j = self.name("r"), self.name("j")
        if change == 0:  # a counter carried by the loop: a segment (or a fallback)
            count = self.name("count")
            lines += [f"{pad}{count} = 0", f"{pad}for {r}, {j} in {name}:",
                      f"{pad}    {xs}.append({r}.{field})", f"{pad}    {count} += 1"]
            env.vars[count] = "int"
        elif change == 1:  # a capped loop making steps, its exit on an output
            step = self.name("mult_runs")
            cap = self.pick(["2", "3", 'params["n"]'])
            lines += [f"{pad}for _ in range({cap}):",
                      f"{pad}    {step} = await workflow.mult.createTask(x={xs}[-1])",
                      f"{pad}    {xs}.append({step}[0][0].y)",
                      f"{pad}    if {step}[0][0].y > {self.expr('float', env)}:",
                      f"{pad}        break"]
            self.creates += 1
        else:  # a try per item that may divide by zero (a block)
            lines += [f"{pad}for {r}, {j} in {name}:", f"{pad}    try:",
                      f"{pad}        {xs}.append(1.0 / ({r}.{field} - {self.pick(CONSTANTS)}))",
                      f"{pad}    except ZeroDivisionError:", f"{pad}        pass"]
        if self.chance(0.3):
            lines += self.block(env, indent, 1, depth + 1)
        back = self.name("back")
        lines.append(f"{pad}{back} = {read}")
        lines.append(pad + self.pick([
            f"await workflow.agg.createTask(vals={back})",
            f"await workflow.mult.createTask(x=sum({back}) + len({back}))"]))
        env.vars[back] = "flist"
        return lines

    # ---- the sixth grammar: x op= y where another name holds x's object ---------------

    def st_alias_op(self, env: Env, indent: int, depth: int) -> list[str]:
        """An object (a numpy array of a list of params or outputs, a list, a set of
        constants, a number from an output) held by two names, changed by ``x op= y``
        through one (an array, list or set changes in place natively; a number
        rebinds), perhaps in a capped loop whose exit tests an output, then the other
        name given to a step."""
        pad = " " * indent
        a, b = self.name("obj"), self.name("alias")
        kind = self.pick(["array", "array", "list", "set", "number"])
        if kind == "array":
            self.imports.add("numpy")
            made = f"numpy.array({self.expr('flist', env)}, dtype=float)"
            ops = [f"{a} += {self.expr('float', env)}", f"{a} -= {self.expr('float', env)}",
                   f"{a} *= 2.0", f"{a} /= 2", f"{a} **= 2"]
            given = f"[float(v) for v in {b}]"
        elif kind == "list":
            made = f"list({self.expr('flist', env)})"
            ops = [f"{a} += [{self.expr('float', env)}]", f"{a} *= 2", f"{a} /= 2",
                   f"{a} -= {self.expr('float', env)}"]
            given = f"{b}"
        elif kind == "set":
            made = "{0.5, 1.5}"
            ops = [f"{a} |= {{2.5}}", f"{a} -= {{0.5}}", f"{a} &= {{1.5, 2.5}}",
                   f"{a} ^= {{3.5}}"]
            given = f"sorted({b})"
        else:
            made = self.expr("float", env)
            ops = [f"{a} += 1.0", f"{a} /= 2", f"{a} -= {self.expr('float', env)}",
                   f"{a} **= 2"]
            given = f"[{b}, {a}]"
        lines = [f"{pad}{a} = {made}"]
        lines.append(pad + self.pick([f"{b} = {a}", f"{b} = {a}", f"{b} = [{a}][0]"]))
        op = self.pick(ops)
        if self.chance(0.4):  # a capped loop making steps, its exit on an output
            step = self.name("mult_runs")
            lines += [f"{pad}for _ in range({self.pick(['2', '3'])}):",
                      f"{pad}    {step} = await workflow.mult.createTask("
                      f"x={self.expr('float', env)})",
                      f"{pad}    if {step}[0][0].y > {self.expr('float', env)}:",
                      f"{pad}        break",
                      f"{pad}    {op}"]
            self.creates += 1
        else:
            lines.append(f"{pad}{op}")
        lines.append(pad + self.pick([
            f"await workflow.agg.createTask(vals={given})",
            f"await workflow.square.createTask(v=sum({given}) if {given} else 0.5)"]))
        return lines

    def st_any_all(self, env: Env, indent: int, depth: int) -> list[str]:
        """``any``/``all`` of a list of outputs (a fan-in built in a loop, a comprehension,
        a run-time call's result, the runs themselves) or of a generator over it: plain
        comparisons, built-ins, a division that may raise, a ``:=``, an append, a helper
        function, a filter; the generator perhaps read again; the result decides a
        step, or is given to one with what the generator left behind."""
        pad = " " * indent
        runs, ys, flag = self.name("aa_runs"), self.name("ys"), self.name("flag")
        lines = [f"{pad}{runs} = await workflow.mult.createTask(x={self.expr('flist', env)})"]
        self.creates += 1
        source = self.rng.randrange(4)
        if source == 0:
            lines += [f"{pad}{ys} = []", f"{pad}for r, j in {runs}:",
                      f"{pad}    {ys}.append(r.y)"]
        elif source == 1:
            lines.append(f"{pad}{ys} = [r.y for r, j in {runs}]")
        elif source == 2:
            lines.append(f"{pad}{ys} = sorted([r.y for r, j in {runs}], reverse=True)")
        else:
            lines.append(f"{pad}{ys} = [r.y for r, j in {runs}] + [{self.expr('float', env)}]")
        limit = self.expr("float", env)
        fn = self.pick(["any", "all"])
        element = self.pick([
            f"y > {limit}", f"abs(y - {limit}) < 1.0", f"round(y, 1) >= {limit}",
            "len(str(y)) > 3", f"{limit} / y > 1.0", f"y / ({limit} - 1.0) > 0.5",
            f"(last := y) > {limit}", f"seen.append(y) or y > {limit}",
            f"helpers.positive(y - {limit})", f"y > {limit} and y < 10.0"])
        shape = self.rng.randrange(4)
        after = ""
        if "seen." in element:
            lines.append(f"{pad}seen = []")
            after = "len(seen)"
        if "last :=" in element:
            lines.append(f"{pad}last = 0.0")
            after = "last"
        if shape == 0:
            lines.append(f"{pad}{flag} = {fn}({element} for y in {ys})")
        elif shape == 1:
            lines.append(f"{pad}{flag} = {fn}([{element} for y in {ys}])")
        elif shape == 2:
            lines.append(f"{pad}{flag} = {fn}({element} for y in {ys} if y != {limit})")
        else:
            gen = self.name("gen")
            lines += [f"{pad}{gen} = ({element} for y in {ys})",
                      f"{pad}{flag} = {fn}({gen})",
                      f"{pad}rest = list({gen})"]
            after = "len(rest)" if not after else f"{after} + len(rest)"
        if self.chance(0.5):
            lines += [f"{pad}if {flag}:",
                      f"{pad}    await workflow.square.createTask(v={ys}[0] if {ys} else 0.5)"]
        else:
            value = f"1.0 if {flag} else 2.0" + (f" + {after}" if after else "")
            lines.append(f"{pad}await workflow.square.createTask(v={value})")
        if after and self.chance(0.5):
            lines.append(f"{pad}await workflow.add.createTask(x=float({after}), y=0.5)")
        self.creates += 1
        env.vars[ys] = "flist"
        return lines

    def st_bits(self, env: Env, indent: int, depth: int) -> list[str]:
        """Bitwise operators on ints of outputs or params (``&``, ``|``, ``^``, ``<<``,
        ``>>``, ``~``; a negative shift or ``~`` of a float raises), or on bools of
        outputs deciding a step."""
        pad = " " * indent
        k, m = self.name("k"), self.name("m")
        lines = [f"{pad}{k} = int({self.expr('float', env)})",
                 f"{pad}{m} = int({self.expr('float', env)}) - 2"]
        ops = [f"{k} & 3", f"{k} | {m}", f"{k} ^ {m}", f"~{k}", f"{k} >> 1", f"1 << {m}",
               f"{m} << 2", f"(~{m}) & 7", f"{k} ^ -1"]
        if self.chance(0.1):
            ops.append(f"~{self.expr('float', env)}")  # TypeError on a float
        values = ", ".join(self.pick(ops) for _ in range(self.rng.randint(1, 3)))
        if self.chance(0.4):
            a, b = self.expr("float", env), self.expr("float", env)
            lines += [f"{pad}if ({a} > 1.0) {self.pick(['&', '|', '^'])} ({b} < 2.0):",
                      f"{pad}    await workflow.label.createTask(name=\"bits\", i={k} & 1)"]
        lines.append(f"{pad}await workflow.agg.createTask(vals=[float(v) for v in [{values}]])")
        self.creates += 1
        env.vars[k] = "int"
        return lines

    def st_text(self, env: Env, indent: int, depth: int) -> list[str]:
        """Str methods of a job's text field read back from its run (startswith, find,
        upper, split, replace, strip, isalpha, a keyword argument), chained, deciding a
        step or given to one; a method of a number raises AttributeError."""
        pad = " " * indent
        r, j, t = self.name("tr"), self.name("tj"), self.name("t")
        lines = [f"{pad}({r}, {j}), = await workflow.label.createTask("
                 f"name={self.expr('str', env)}, i=1)",
                 f"{pad}{t} = {j}.name"]
        self.creates += 1
        uses = [f"{t}.upper()", f"{t}.replace(\"a\", \"o\").strip(\"n\")",
                f"{t}.split(\"-\")[0]", f"{t}.lower().zfill(6)", f"{t}.title()",
                f"{t}.split(sep=\"-\")[-1]", f"{t}[1:].upper()"]
        if self.chance(0.1):
            uses.append(f"{r}.size.upper()")  # AttributeError on an int
        if self.chance(0.5):
            test = self.pick([f"{t}.startswith(\"f\")", f"{t}.find(\"-\") > 0",
                              f"{t}.isalpha()", f"{t}.endswith(\"a\") or {t}.islower()"])
            lines += [f"{pad}if {test}:",
                      f"{pad}    await workflow.label.createTask(name={self.pick(uses)}, i=2)"]
        lines.append(f"{pad}await workflow.label.createTask(name={self.pick(uses)}, "
                     f"i=len({self.pick(uses)}))")
        if self.chance(0.5):
            lines += self._rearranged_text(env, pad)
        return lines

    def _rearranged_text(self, env: Env, pad: str) -> list[str]:
        """A str method of a text that ``sorted``/``min``/``max`` (a key or none), a
        list, or a dict of lists filled per run picked among several runs' (job names
        read back, or the runs' sizes: AttributeError), given to a step."""
        rs, ts, grp, pick = (self.name("lr"), self.name("ts"), self.name("grp"),
                             self.name("pk"))
        names = [self.expr("str", env) for _ in range(self.rng.randint(2, 4))]
        lines = [f"{pad}{rs} = await workflow.label.createTask(name=[{', '.join(names)}], "
                 "i=3)"]
        self.creates += 1
        field = "r.size" if self.chance(0.1) else "j.name"  # an int's str method raises
        lines.append(f"{pad}{ts} = [{field} for r, j in {rs}]")
        shape = self.rng.randrange(6)
        if shape == 0:
            reverse = self.pick(["", ", reverse=True"])
            lines.append(f"{pad}{pick} = sorted({ts}, key=lambda s: (len(str(s)), s)"
                         f"{reverse})[0]")
        elif shape == 1:
            lines.append(f"{pad}{pick} = {self.pick(['min', 'max'])}({ts}, key=lambda s: "
                         "str(s)[-1:])")
        elif shape == 2:
            lines.append(f"{pad}{pick} = max([(len(str(s)), s) for s in {ts}])[1]")
        elif shape == 3:
            lines.append(f"{pad}{pick} = list(tuple({ts}))[-1]")
        elif shape == 4:
            self.imports.add("collections")
            lines += [f"{pad}{grp} = collections.defaultdict(list)",
                      f"{pad}for r, j in {rs}:",
                      f"{pad}    {grp}[r.size].append({field})",
                      f"{pad}{pick} = sorted({grp}.items())[-1][1][0]"]
        else:
            lines += [f"{pad}{grp} = {{}}",
                      f"{pad}for r, j in {rs}:",
                      f"{pad}    {grp}.setdefault(r.size % 2, []).append({field})",
                      f"{pad}{pick} = min({grp}.values(), key=len)[0]"]
        use = self.pick([f"{pick}.upper()", f"{pick}.lower().zfill(5)",
                         f"{pick}.replace(\"a\", \"e\")", f"{pick}.split(\"-\")[0]"])
        lines.append(f"{pad}await workflow.label.createTask(name={use}, i=4)")
        return lines

    def st_order(self, env: Env, indent: int, depth: int) -> list[str]:
        """Orders of outputs over a list known whole: ``sorted``/``min``/``max`` with a
        key reading a dict of outputs keyed by plain values (ties, ``reverse``, a key
        function with a side effect, a value that may be None), ``.sort()`` of (output,
        key) tuples; the picked key looked up in the dict, unpacked, indexed, given to
        steps."""
        pad = " " * indent
        runs, table, keys = self.name("or_runs"), self.name("tab"), self.name("ks")
        rank, pairs, log = self.name("rank"), self.name("pairs"), self.name("log")
        n = self.rng.randint(2, 5)
        xs = [self.pick([-1.5, -1.0, 0.5, 1.0, 1.5, 2.0]) for _ in range(n)]
        names = self.pick([[f"k{i}" for i in range(n)], [float(i) / 2 for i in range(n)]])
        lines = [f"{pad}{runs} = await workflow.mult.createTask(x={xs!r})",
                 f"{pad}{keys} = {names!r}", f"{pad}{table} = {{}}",
                 f"{pad}for i, k in enumerate({keys}):"]
        self.creates += 1
        value = self.pick(["{r}.y", "abs({r}.y - 1.0)", "round({r}.y, 1)", "-{r}.y"])
        value = value.format(r=f"{runs}[i][0]")
        if self.chance(0.1):  # one None among the keys: comparing it raises TypeError
            value = f"None if i == {n - 1} else {value}"
        lines.append(f"{pad}    {table}[k] = {value}")
        reverse = self.pick(["", ", reverse=True", ", reverse=False"])
        shape = self.rng.randrange(6)
        if shape == 0:
            lines += [f"{pad}{rank} = sorted({table}, key=lambda k: {table}[k]{reverse})",
                      f"{pad}await workflow.square.createTask(v={table}[{rank}[0]])",
                      f"{pad}await workflow.label.createTask(name=str({rank}[-1]), i={n})"]
        elif shape == 1:
            fn = self.pick(["min", "max"])
            lines += [f"{pad}{rank} = {fn}({keys}, key={table}.get)",
                      f"{pad}if {table}[{rank}] > 0.75:",
                      f"{pad}    await workflow.square.createTask(v={table}[{rank}])",
                      f"{pad}await workflow.label.createTask(name=str({rank}), i=1)"]
        elif shape == 2:
            key = self.pick(["", "key=lambda p: -p[0]", "key=lambda p: (p[0], p[1])"])
            args = ", ".join(a for a in (key, reverse.lstrip(", ")) if a)
            lines += [f"{pad}{pairs} = [({table}[k], k) for k in {keys}]",
                      f"{pad}{pairs}.sort({args})",
                      f"{pad}for y, k in {pairs}[:2]:",
                      f"{pad}    await workflow.square.createTask(v=y)",
                      f"{pad}await workflow.label.createTask(name=str({pairs}[0]), i=2)"]
        elif shape == 3:
            lines += [f"{pad}{log} = []",
                      f"{pad}{rank} = sorted({keys}, key=lambda k: {log}.append(k) or "
                      f"abs({table}[k] - 0.5){reverse})[:2]",
                      f"{pad}for k in {rank}:",
                      f"{pad}    await workflow.add.createTask(x={table}[k], y=float(len({log})))"]
        elif shape == 4:
            fn = self.pick(["min", "max"])
            lines += [f"{pad}i_best = {fn}(range({n}), key=lambda i: {runs}[i][0].y)",
                      f"{pad}await workflow.label.createTask(name=str({keys}[i_best]), i=3)"]
        else:
            fn = self.pick(["min", "max"])
            lines += [f"{pad}{rank} = {fn}([({table}[k], k) for k in {keys}])",
                      f"{pad}y, k = {rank}",
                      f"{pad}await workflow.add.createTask(x=y, y=1.0 if k == {keys}[0] else 2.0)"]
        self.creates += 1
        return lines

    def st_rows(self, env: Env, indent: int, depth: int) -> list[str]:
        """Rows collected in a loop over a list known only at run time (outputs, or a
        numpy grid around one), a step per item: each row a tuple, list or dict holding
        the item's run output beside the item itself; then ordered (``.sort()``,
        ``sorted``/``min``/``max`` with a key), filtered and tested for truth, and the
        pick given to steps. Each row must read its own item's run."""
        pad = " " * indent
        seed, rows, x = self.name("rw_seed"), self.name("rows"), self.name("x")
        r, j = self.name("rr"), self.name("rj")
        lines = [f"{pad}{seed} = await workflow.mult.createTask("
                 f"x={self.pick([[0.5, 1.5], [1.0, 2.0, -1.0], [1.5]])!r})",
                 f"{pad}{rows} = []"]
        if self.chance(0.5):
            self.imports.add("numpy")
            over = (f"numpy.linspace({seed}[0][0].y - 1.0, {seed}[0][0].y + 1.0, "
                    f"{self.pick([3, 4])})")
        else:
            over = f"[r.y for r, j in {seed}]"
        value = self.pick(["{r}.y", "abs({r}.y - 2.0)", "round({r}.y, 3)", "-{r}.y"])
        value = value.format(r=r)
        shape = self.rng.randrange(3)
        row = [f"({value}, float({x}))", f"[float({x}), {value}]",
               f'{{"x": float({x}), "v": {value}}}'][shape]
        lines += [f"{pad}for {x} in {over}:",
                  f"{pad}    ({r}, {j}), = await workflow.mult.createTask("
                  f"x=round(float({x}), 6))",
                  f"{pad}    {rows}.append({row})"]
        self.creates += 2
        get_v = ["{p}[0]", "{p}[1]", '{p}["v"]'][shape]
        get_x = ["{p}[1]", "{p}[0]", '{p}["x"]'][shape]
        v_of = get_v.format(p="p")
        use = self.rng.randrange(4)
        best = self.name("best")
        if use == 0 and shape == 0:
            lines += [f"{pad}{rows}.sort({self.pick(['', 'reverse=True'])})",
                      f"{pad}{best} = {rows}[0]"]
        elif use <= 1:
            fn = self.pick(["min", "max"])
            lines.append(f"{pad}{best} = {fn}({rows}, key=lambda p: {v_of})")
        elif use == 2:
            lines += [f"{pad}{best} = sorted({rows}, key=lambda p: ({v_of}, "
                      f"{get_x.format(p='p')}))[-1]"]
        else:
            kept = self.name("kept")
            lines += [f"{pad}{kept} = [p for p in {rows} if {v_of} > 1.0]",
                      f"{pad}if {kept}:",
                      f"{pad}    await workflow.square.createTask(v=float(len({kept})))",
                      f"{pad}{best} = {rows}[0]"]
        lines.append(f"{pad}await workflow.add.createTask(x={get_x.format(p=best)}, "
                     f"y={get_v.format(p=best)})")
        self.creates += 1
        return lines

    # ---- the third grammar: segments' values, per-item values, gathered helpers, tuples --

    def seg_value(self, env: Env, runs: str, x: str, it: str) -> tuple[str, str, str]:
        """A variable a top-level ``while`` binds (its name, the statement updating it in
        each iteration, its kind): a number, a list, a dict, a tuple, a set, a numpy
        value."""
        choice = self.rng.randrange(10)
        name = self.name("sv")
        y = f"{runs}[0][0].y"
        if choice == 0:
            return name, f"{name} = {y} + {it}", "float"
        if choice == 1:
            return name, f"{name}.append({y})", "flist"
        if choice == 2:
            return name, f"{name}[str({it})] = {y}", "sdict"
        if choice == 3:
            return name, f"{name}[{it}] = {y}", "idict"
        if choice == 4:
            return name, f"{name} = ({x}, {y})", "tuple"
        if choice == 5:
            return name, f"{name}.add(round({y}))", "set"
        if choice == 6:
            self.imports.add("numpy")
            return name, f"{name} = numpy.float64({y})", "npfloat"
        if choice == 7:
            self.imports.add("numpy")
            return name, f"{name} = numpy.array([{y}, {x}])", "nparray"
        if choice == 8:
            return name, f"{name} = {name} + [({it}, {y})]", "tlist"
        return name, f"{name} = {runs}", "runs"

    def seg_read(self, env: Env, name: str, kind: str) -> list[str]:
        """Code after the segment reading one of its values (as steps' parameters)."""
        if kind == "float":
            env.vars[name] = "float"
            return [f"await workflow.square.createTask(v={name})"]
        if kind == "flist":
            env.vars[name] = "flist"
            return [self.pick([f"await workflow.agg.createTask(vals={name})",
                               f"await workflow.square.createTask(v={name})",
                               f"await workflow.add.createTask(x=len({name}) * 1.0, "
                               f"y={name}[-1:])"])]
        if kind == "sdict":
            k = self.name("k")
            return [self.pick([f"await workflow.agg.createTask(vals=sorted({name}.values()))",
                               f"await workflow.square.createTask(v={name}.get(\"0\", 0.5))",
                               f"for {k}, v in sorted({name}.items()):\n"
                               f"        await workflow.label.createTask(name={k}, "
                               f"i=round(v))"])]
        if kind == "idict":
            k = self.name("k")
            return [self.pick([f"await workflow.agg.createTask(vals=list({name}.values()), "
                               f"n=max({name}, default=0))",
                               f"for {k} in {name}:\n"
                               f"        await workflow.add.createTask(x={k} * 1.0, "
                               f"y={name}[{k}])"])]
        if kind == "tuple":
            a, b = self.name("ta"), self.name("tb")
            env.vars[a] = env.vars[b] = "float"
            return [self.pick([f"{a}, {b} = {name}\n    await workflow.add.createTask(x={a}, "
                               f"y={b})",
                               f"await workflow.agg.createTask(vals=list({name}))",
                               f"await workflow.square.createTask(v={name}[1] - {name}[0])",
                               f"await workflow.label.createTask(name=str({name}))"])]
        if kind == "set":
            return [self.pick([f"await workflow.agg.createTask(vals=sorted({name}))",
                               f"await workflow.agg.createTask(vals=[], n=len({name}))",
                               f"if 3 in {name}:\n        await workflow.square.createTask("
                               f"v=1.0)"])]
        if kind == "npfloat":
            return [self.pick([f"await workflow.square.createTask(v=float({name}))",
                               f"await workflow.square.createTask(v={name})",
                               f"await workflow.square.createTask(v=float({name} * 2))",
                               f"await workflow.label.createTask(name=str({name}))"])]
        if kind == "nparray":
            return [self.pick([f"await workflow.agg.createTask(vals={name}.tolist())",
                               f"await workflow.square.createTask(v=float({name}.sum()))",
                               f"await workflow.square.createTask(v=float({name}[0]))",
                               f"await workflow.agg.createTask(vals=[float(v) for v in "
                               f"{name}])"])]
        if kind == "tlist":
            i, v = self.name("i"), self.name("v")
            return [self.pick([f"for {i}, {v} in {name}:\n"
                               f"        await workflow.add.createTask(x={v}, y={i} * 1.0)",
                               f"await workflow.agg.createTask(vals=[v for i, v in {name}])",
                               f"await workflow.square.createTask(v=max({name})[1] if {name} "
                               f"else 0.0)"])]
        env.vars[name] = "runs:mult"
        return [self.pick([f"await workflow.agg.createTask(vals=[r.y for r, j in {name}], "
                           f"mult_ids=[r.id for r, j in {name}])",
                           f"for r, j in {name}:\n        await workflow.add.createTask("
                           f"x=r.y, y=j.x)"])]

    def st_segment_values(self, env: Env, indent: int, depth: int) -> list[str]:
        """A top-level ``while`` on outputs (a segment) binding numbers, lists, dicts,
        tuples, sets, numpy values, runs; steps after it read them."""
        if depth > 0 or env.in_helper or env.in_loop:
            return self.st_per_item(env, indent, depth)
        pad = " " * indent
        x, runs, it = self.name("x"), self.name("mult_runs"), self.name("it")
        # more than 16 iterations most often: not unrolled, a segment
        limit = self.pick([3.0, 5.0, 6.0, 8.0, 8.0])
        values = [self.seg_value(env, runs, x, it) for _ in range(self.rng.randint(1, 3))]
        lines = [f"{pad}{x} = abs({self.expr('float', env)})", f"{pad}{it} = 0"]
        for name, _, kind in values:
            init = {"float": "0.0", "flist": "[]", "sdict": "{}", "idict": "{}",
                    "tuple": f"(0.0, {x})", "set": "set()", "npfloat": "0.0",
                    "nparray": "[]", "tlist": "[]", "runs": "[]"}[kind]
            if self.chance(0.15) and kind in ("float", "tuple", "npfloat"):
                init = "None"
            lines.append(f"{pad}{name} = {init}")
        lines.append(f"{pad}{runs} = await workflow.mult.createTask(x={x})")
        lines.append(f"{pad}while {runs}[0][0].y < {limit}:")
        step = self.pick(["0.1", "0.1", "0.2", "1.0", 'abs(params["b"]) / 8 + 0.1'])
        body = [f"{pad}    {x} = {x} + {step}",
                f"{pad}    {runs} = await workflow.mult.createTask(x={x})",
                f"{pad}    {it} += 1"]
        for _, update, _ in values:
            body.insert(self.rng.randint(2, len(body)), f"{pad}    {update}")
        if self.chance(0.3):
            sep = self.pick(['" "', f"str({it})", 'params["mode"]'])
            body.append(f"{pad}    print(\"iteration\", {it}, sep={sep})")
        lines += body
        self.creates += 1
        env.vars[x], env.vars[it] = "float", "int"
        env.vars[runs] = "runs:mult"
        for name, _, kind in values:
            if self.chance(0.85):
                read = self.seg_read(env, name, kind)
                self.creates += 1
                lines += [pad + line.replace("\n    ", "\n" + pad) for line in read]
            if kind in ("float", "tuple", "npfloat") and self.chance(0.3):
                lines += [f"{pad}if {name} is None:", f"{pad}    {name} = 0.0"]
        return lines

    def st_per_item(self, env: Env, indent: int, depth: int) -> list[str]:
        """A loop over a param list making one step per item, its outputs appended (a
        fan-in read after the loop): ``(run, job), = await ...; roots.append(run.y)``."""
        pad = " " * indent
        roots, ids = self.name("roots"), self.name("ids")
        x0 = self.name("x")
        form = self.rng.randrange(5)
        over = self.pick(['params["a"]', 'params["a"][:2]', 'sorted(params["a"])'])
        if form == 0:
            head, value = f"for {x0} in {over}:", x0
        elif form == 1:
            i = self.name("i")
            head, value = f"for {i}, {x0} in enumerate({over}):", f"{x0} + {i}"
        elif form == 2:
            w = self.name("w")
            head, value = (f"for {x0}, {w} in zip({over}, {self.expr('flist', env, 1)}):",
                           f"{x0} * {w}")
        elif form == 3:
            i = self.name("i")
            head, value = f"for {i} in range(len({over})):", f"{over}[{i}]"
        else:
            head, value = f"for {x0} in {over}:", f"{x0} + 0.5"
        lines = [f"{pad}{roots} = []", f"{pad}{ids} = []", pad + head]
        run, job = self.name("run"), self.name("job")
        unpack = self.rng.randrange(3)
        if unpack == 0:
            lines.append(f"{pad}    ({run}, {job}), = await workflow.mult.createTask(x={value})")
        elif unpack == 1:
            lines.append(f"{pad}    {run}, {job} = (await workflow.mult.createTask(x={value}))[0]")
        else:
            lines.append(f"{pad}    pairs = await workflow.mult.createTask(x={value})")
            lines.append(f"{pad}    {run}, {job} = pairs[0]")
        self.creates += 1
        if self.chance(0.3):
            lines += [f"{pad}    if {run}.y > {self.pick(CONSTANTS)}:", f"{pad}        continue"]
        lines.append(f"{pad}    {roots}.append("
                     f"{self.pick([f'{run}.y', f'{run}.y + {job}.x', f'float({run}.n)'])})")
        lines.append(f"{pad}    {ids}.append({run}.id)")
        if self.chance(0.3):
            lines.append(f"{pad}    await workflow.square.createTask(v={run}.y)")
        use = self.rng.randrange(4)
        if use == 0:
            lines.append(f"{pad}await workflow.agg.createTask(vals={roots}, mult_ids={ids})")
        elif use == 1:
            lines.append(f"{pad}await workflow.square.createTask(v={roots})")
        elif use == 2:
            lines.append(f"{pad}for k, (v, i) in enumerate(zip({roots}, {ids})):")
            lines.append(f"{pad}    await workflow.label.createTask(name=\"r\" + str(k), "
                         f"i=round(v))")
        else:
            lines.append(f"{pad}lo, hi = (min({roots}), max({roots})) if {roots} else (0.0, 1.0)")
            lines.append(f"{pad}await workflow.add.createTask(x=lo, y=hi)")
        self.creates += 1
        env.vars[roots] = "flist"
        return lines

    def st_gather_helpers(self, env: Env, indent: int, depth: int) -> list[str]:
        """``asyncio.gather`` of helper coroutines returning runs, a number, a tuple, a
        dataclass; their results unpacked and read by steps."""
        if env.in_helper:
            return self.st_create(env, indent, depth)
        pad = " " * indent
        self.imports.add("asyncio")
        name = self.name("probe")
        shape = self.rng.randrange(5)
        returns = {0: "return runs", 1: "return runs[0][0].y",
                   2: "return runs[0][0].y, runs[0][0].n",
                   3: "return Result(runs[0][0].y, [r.id for r, j in runs])",
                   4: "return {\"y\": runs[0][0].y, \"n\": runs[0][0].n}"}[shape]
        body = ["    runs = await workflow.mult.createTask(x=v)"]
        if self.chance(0.4):
            body += ["    if runs[0][0].y > 3.0:",
                     "        runs = await workflow.mult.createTask(x=v / 2)"]
        if self.chance(0.3):
            body.append("    await workflow.square.createTask(v=runs[0][0].y)")
        source = "\n".join([f"async def {name}(workflow, v):", *body, f"    {returns}"]) \
            + "\n"
        if shape == 3 and "dataclasses" not in self.imports:
            self.imports.add("dataclasses")
            source = ("@dataclasses.dataclass\nclass Result:\n    y: float\n"
                      "    ids: list\n\n\n" + source)
        self.coroutines.append(source)
        self.creates += 1
        a, b = self.name("g"), self.name("g")
        form = self.rng.randrange(3)
        if form == 0:
            lines = [f"{pad}{a}, {b} = await asyncio.gather({name}(workflow, "
                     f"{self.expr('float', env)}), {name}(workflow, {self.expr('float', env)}))"]
            got = [a, b]
        elif form == 1:
            res = self.name("res")
            opening, closing = "[]" if self.chance(0.5) else "()"
            lines = [f"{pad}{res} = await asyncio.gather(*{opening}{name}(workflow, v) for v "
                     f"in {self.expr('flist', env, 1)}{closing})"]
            if self.chance(0.5):
                i, r = self.name("i"), self.name("r")
                read = {0: f"{r}[0][0].y", 1: r, 2: f"{r}[0]", 3: f"{r}.y",
                        4: f"{r}[\"y\"]"}[shape]
                return lines + [f"{pad}for {i}, {r} in enumerate({res}):",
                                f"{pad}    await workflow.add.createTask(x={read}, "
                                f"y={i} * 1.0)"]
            lines.append(f"{pad}if {res}:")
            return lines + [pad + "    " + line
                            for line in self.read_result(f"{res}[-1]", shape)]
        else:
            t1 = self.name("task")
            lines = [f"{pad}{t1} = asyncio.create_task({name}(workflow, "
                     f"{self.expr('float', env)}))",
                     f"{pad}{a} = await {name}(workflow, {self.expr('float', env)})",
                     f"{pad}{b} = await {t1}"]
            got = [a, b]
        for g in got:
            lines += [pad + line for line in self.read_result(g, shape)]
        return lines

    def read_result(self, value: str, shape: int) -> list[str]:
        if shape == 0:
            return [f"await workflow.add.createTask(x={value}[0][0].y, y={value}[0][1].x)"]
        if shape == 1:
            return [f"await workflow.square.createTask(v={value})"]
        if shape == 2:
            return [self.pick([f"await workflow.add.createTask(x={value}[0], y=float({value}[1]))",
                               f"await workflow.agg.createTask(vals=list({value}))",
                               f"await workflow.label.createTask(name=str({value}))"])]
        if shape == 3:
            return [f"await workflow.agg.createTask(vals=[{value}.y], mult_ids={value}.ids)"]
        return [f"await workflow.add.createTask(x={value}[\"y\"], y=float({value}[\"n\"]))"]

    def st_tuples(self, env: Env, indent: int, depth: int) -> list[str]:
        """Tuples: unpacked, zipped, enumerated, min/max of pairs, divmod, tuples as
        values of a list and keys of a dict, dict(zip(...)), ``is None``, values written
        into by library calls (``bisect``, ``heapq``), print with a traced ``sep``."""
        pad = " " * indent
        xs, ys = self.expr("flist", env, 1), self.expr("flist", env, 1)
        choice = self.rng.randrange(11)
        a, b = self.name("p"), self.name("q")
        if choice == 0:
            pairs = self.name("pairs")
            env.vars[a] = "float"
            return [f"{pad}{pairs} = list(zip({xs}, {ys}))",
                    f"{pad}{a}, {b} = max({pairs}, key=lambda p: p[1]) if {pairs} else "
                    f"(0.0, 0.0)",
                    f"{pad}await workflow.add.createTask(x={a}, y={b})"]
        if choice == 1:
            i, v, w = self.name("i"), self.name("v"), self.name("w")
            return [f"{pad}for {i}, ({v}, {w}) in enumerate(zip({xs}, {ys})):",
                    f"{pad}    await workflow.add.createTask(x={v} + {i}, y={w})"]
        if choice == 2:
            env.vars[a], env.vars[b] = "int", "int"
            return [f"{pad}{a}, {b} = divmod({self.expr('int', env)}, 2)",
                    f"{pad}await workflow.agg.createTask(vals=[], n={a} + {b})"]
        if choice == 3:
            d = self.name("d")
            self.imports.add("math")
            keys = self.pick([xs, f"[v if v > 2.0 else math.nan for v in {xs}]",
                              f"[round(v) for v in {xs}]"])
            return [f"{pad}{d} = dict(zip({keys}, {ys}))",
                    f"{pad}await workflow.agg.createTask(vals=list({d}.values()), "
                    f"n=len({d}))"]
        if choice == 4:
            v = self.name("v")
            env.vars[v] = "float"
            return [f"{pad}{v} = None if {self.expr('bool', env)} else {self.expr('float', env)}",
                    f"{pad}if {v} is None:", f"{pad}    {v} = {self.expr('float', env)}",
                    f"{pad}await workflow.square.createTask(v={v})"]
        if choice == 5:
            h = self.name("h")
            self.imports.add("bisect")
            env.vars[h] = "flist"
            return [f"{pad}{h} = []", f"{pad}for v in {xs}:", f"{pad}    bisect.insort({h}, v)",
                    f"{pad}await workflow.agg.createTask(vals={h})"]
        if choice == 6:
            h = self.name("h")
            self.imports.add("heapq")
            return [f"{pad}{h} = list({xs})", f"{pad}heapq.heapify({h})",
                    f"{pad}{a} = heapq.heappop({h}) if {h} else 0.0",
                    f"{pad}await workflow.square.createTask(v={a})"]
        if choice == 7:
            return [f"{pad}print({self.expr('float', env)}, {self.expr('float', env)}, "
                    f"sep={self.expr('str', env)})"]
        if choice == 8:
            t = self.name("tup")
            env.vars[a] = "float"
            return [f"{pad}{t} = ({self.expr('float', env)}, {self.expr('float', env)})",
                    f"{pad}{a}, {b} = {t}",
                    f"{pad}await workflow.add.createTask(x={a}, y=list({t}))"]
        if choice == 9:
            t = self.name("tl")
            return [f"{pad}{t} = [(v, i) for i, v in enumerate({xs})]",
                    f"{pad}{t}.sort(reverse=True)",
                    f"{pad}await workflow.agg.createTask(vals=[v for v, i in {t}], "
                    f"n=len({t}))"]
        d = self.name("d")
        return [f"{pad}{d} = {{(round(v), i): v for i, v in enumerate({xs})}}",
                f"{pad}for ({a}, {b}), v in sorted({d}.items()):",
                f"{pad}    await workflow.label.createTask(name=str({a}), i={b})"]



#: the fourth grammar's statements (added to the third's)
STATEMENTS_4 = {"file_io": 6}
#: the fifth grammar's statements (added to the fourth's)
STATEMENTS_5 = {"hold": 6}
#: the sixth grammar's statements (added to the fifth's)
STATEMENTS_6 = {"alias_op": 6}
#: the seventh grammar's statements (added to the sixth's)
STATEMENTS_7 = {"any_all": 6, "bits": 3, "text": 3}
STATEMENTS_8 = {"order": 8}
STATEMENTS_9 = {"rows": 8}
#: the files the fourth grammar's programs write, in their workflow folder (the oracle
#: removes them after each side, so the other never finds them)
OUT_FILES = "fuzzout-"

STATEMENTS = {"create": 6, "assign": 3, "update": 3, "if": 3, "for_runs": 4, "for_list": 2,
              "collect": 2, "return": 1, "coroutine": 2, "try": 1, "counter": 2,
              "converge": 2, "risky": 1}
#: the second grammar's statements (added to :data:`STATEMENTS`)
STATEMENTS_2 = {"try_block": 2, "print": 1, "group": 2, "while_top": 2, "unread": 2}
#: the third grammar's statements (added to both)
STATEMENTS_3 = {"segment_values": 8, "per_item": 4, "gather_helpers": 4, "tuples": 4,
                "split": 4}
SIMPLE = {"create", "assign", "update", "return"}


def generate(seed: int, grammar: int = 0) -> Program:
    """The program of ``seed`` (deterministic) in ``grammar`` (1: the first grammar,
    the programs seeds gave until the second one; 3: the third; 0: :data:`GRAMMAR`)."""
    gen = Generator(seed, grammar or GRAMMAR)
    env = Env()
    body: list[str] = []
    body += gen.st_create(env, 4, 0)
    for _ in range(gen.rng.randint(2, 6)):
        body += gen.statement(env, 4, 0)
    if gen.creates < 2:
        body += gen.st_create(env, 4, 0)
    imports = sorted(gen.imports | ({"helpers"} if "helpers" in "\n".join(
        body + gen.coroutines) else set()))
    local = [FUNCTIONS[n][2] for n, where in gen.used_functions.items() if where == "local"]
    parts = [*(f"import {m}" for m in imports)]
    orchestrator = "\n".join(parts) + ("\n\n\n" if parts else "") + PARAMS + "\n\n"
    for source in local + gen.coroutines:
        orchestrator += source + "\n\n"
    orchestrator += "async def main(workflow, **params):\n" + "\n".join(body) + "\n"
    helper_imports = sorted({m for m in gen.imports if m != "helpers"}
                            | set(FUNCTION_IMPORTS.values()))
    helpers = "".join(f"import {m}\n" for m in helper_imports) + "\n\n" + "\n\n".join(
        [FUNCTIONS[n][2] for n in FUNCTIONS] + gen.helper_coroutines)
    # helper coroutines call helpers' functions unqualified
    helpers = helpers.replace("helpers.", "")
    return Program(seed, orchestrator, helpers, arguments(gen.rng))


def arguments(rng: random.Random) -> list[str]:
    args = ["--a", *(str(rng.choice([0.5, 1.0, 1.5, 2.0, 3.0]))
                     for _ in range(rng.randint(1, 3)))]
    if rng.random() < 0.5:
        args += ["--b", str(rng.choice([0.0, 0.5, 2.0, 3.5]))]
    args += ["--n", str(rng.randint(0, 3))]
    if rng.random() < 0.4:
        args.append("--flag")
    if rng.random() < 0.4:
        args += ["--mode", "slow"]
    if rng.random() < 0.3:
        args += ["--opt", str(rng.choice([0.5, 2.0]))]
    return args
