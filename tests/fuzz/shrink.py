"""Shrinking a failing program: remove statements of the orchestrator (and the helper
coroutines it no longer calls) while the compiled graph still makes other runs than
``main``; what is left is the family's smallest member this search finds."""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .campaign import run_program
from .generator import Program

__all__ = ["shrink"]


def _bodies(tree: ast.AST) -> list[list[ast.stmt]]:
    out = []
    keep = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
            and f.name == "populate_arg_parser" for n in ast.walk(f)}
    for node in ast.walk(tree):
        if id(node) in keep:
            continue
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                out.append(body)
        for handler in getattr(node, "handlers", []):
            out.append(handler.body)
    return out


def _variant(source: str, k: int, mode: str) -> str | None:
    """``source`` with its ``k``-th statement dropped (``mode`` "drop") or, if it is
    compound, replaced by its body ("inline"); None when there is no such variant."""
    tree = ast.parse(source)
    seen = 0
    for body in _bodies(tree):
        if seen + len(body) <= k:
            seen += len(body)
            continue
        i = k - seen
        stmt = body[i]
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and \
                stmt.name in ("main", "populate_arg_parser"):
            return None
        if mode == "drop":
            del body[i]
            if not body:
                body.append(ast.Pass())
        elif isinstance(stmt, ast.If | ast.For | ast.While | ast.Try):
            body[i:i + 1] = stmt.body
        else:
            return None
        try:
            return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
        except Exception:  # an unprintable variant: none
            return None
    return None


def _count(source: str) -> int:
    return sum(len(b) for b in _bodies(ast.parse(source)))


def shrink(program: Program, root: Path, still_fails: Callable[[Program], bool] | None = None,
           rounds: int = 200, seconds: float = 120.0) -> Program:
    """The smallest variant of ``program`` (orchestrator and helpers) still failing
    (as small as ``seconds`` of search find)."""
    deadline = time.monotonic() + seconds
    def fails(candidate: Program) -> bool:
        if still_fails is not None:
            return still_fails(candidate)
        return run_program(candidate, root).status == "different"

    best = program
    for _ in range(rounds):
        changed = False
        for name in ("orchestrator", "helpers"):
            k = 0
            while k < _count(getattr(best, name)) and time.monotonic() < deadline:
                for mode in ("drop", "inline"):
                    text = _variant(getattr(best, name), k, mode)
                    if text is None:
                        continue
                    candidate = replace(best, orchestrator=text) if name == "orchestrator" \
                        else replace(best, helpers=text)
                    if fails(candidate):
                        best, changed = candidate, True
                        break
                else:
                    k += 1
        if not changed or time.monotonic() >= deadline:
            return best
    return best
