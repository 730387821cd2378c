"""argparse (the orchestrator's ``populate_arg_parser``) -> Airflow Param schema, as data.

:func:`params_from_parser` returns ``name -> spec``, where ``spec`` is a JSON-schema style
dict ``{"type", "default", "description", "enum", "items", "minItems", "maxItems"}``; the
renderer builds ``airflow.sdk.Param(spec["default"], **others)``. Airflow is not imported.

Mapping: ``type=float|int|str`` (or none) -> ``"number"|"integer"|"string"``;
``store_true``/``store_false``/``BooleanOptionalAction`` -> ``"boolean"``; ``nargs=N`` ->
array with ``minItems = maxItems = N``, ``"+"`` -> ``minItems 1``, ``"*"`` -> any length,
``"?"`` -> a nullable scalar; ``choices`` -> ``enum``; ``help`` -> ``description``. A
*required* option has no ``null`` in its type, so the trigger form demands a value; an
optional one without a default is nullable with default ``null``. An optional
``run_name`` param (string or null) is always added.
"""

from __future__ import annotations

import argparse
from typing import Any

from motoko_airflow.exceptions import ConfigError

__all__ = ["RUN_NAME_PARAM", "params_from_parser"]

RUN_NAME_PARAM: dict[str, Any] = {
    "type": ["string", "null"],
    "default": None,
    "description": "BlackDynamite run_name tagging every run of this DAG run "
    "(default: derived from the DAG run id)",
}

_TYPES: dict[Any, str] = {None: "string", str: "string", int: "integer", float: "number"}
_JSON_SCALARS = (str, int, float, bool, type(None))


def _option_name(action: argparse.Action) -> str:
    return "/".join(action.option_strings) or action.dest


def _unsupported(action: argparse.Action, what: str) -> ConfigError:
    return ConfigError(
        f"option {_option_name(action)}: {what} cannot be expressed as an Airflow Param; "
        "use type=int/float/str, nargs, choices or store_true/store_false instead",
        key="populate_arg_parser",
    )


def _json_value(action: argparse.Action, value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_json_value(action, v) for v in value]
    if not isinstance(value, _JSON_SCALARS):
        raise _unsupported(action, f"the default {value!r}")
    return value


def _spec(action: argparse.Action) -> dict[str, Any]:
    if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
        spec: dict[str, Any] = {"type": "boolean", "default": bool(action.default)}
        if action.help:
            spec["description"] = action.help
        return spec
    if isinstance(action, argparse.BooleanOptionalAction):
        default = action.default
        spec = {
            "type": "boolean" if default is not None else ["boolean", "null"],
            "default": default,
        }
        if action.help:
            spec["description"] = action.help
        return spec
    if type(action) is not argparse._StoreAction:
        kind = type(action).__name__.strip("_")
        raise _unsupported(action, f"the action {kind}")
    if action.type not in _TYPES:
        name = getattr(action.type, "__name__", repr(action.type))
        raise _unsupported(action, f"type={name}")
    scalar = _TYPES[action.type]
    default = None if action.default is argparse.SUPPRESS else action.default
    default = _json_value(action, default)
    required = bool(action.required) and default is None
    item: dict[str, Any] = {"type": scalar}
    if action.choices is not None:
        item["enum"] = _json_value(action, list(action.choices))

    nargs = action.nargs
    spec = {}
    if nargs is None or nargs == "?":
        nullable = not required and (default is None or nargs == "?")
        spec["type"] = [scalar, "null"] if nullable else scalar
        if "enum" in item:
            spec["enum"] = item["enum"] + ([None] if nullable else [])
    elif nargs in ("+", "*") or isinstance(nargs, int):
        spec["type"] = "array" if required or default is not None else ["array", "null"]
        spec["items"] = item
        if nargs == "+":
            spec["minItems"] = 1
        elif isinstance(nargs, int):
            spec["minItems"] = nargs
            spec["maxItems"] = nargs
        if default is not None and not isinstance(default, list):
            default = [default]
    else:
        raise _unsupported(action, f"nargs={nargs!r}")
    spec["default"] = default
    if action.help and action.help is not argparse.SUPPRESS:
        spec["description"] = action.help
    return spec


def params_from_parser(parser: argparse.ArgumentParser | None) -> dict[str, dict[str, Any]]:
    """The Airflow Param schema of an argparse parser, plus the optional ``run_name``."""
    params: dict[str, dict[str, Any]] = {}
    if parser is not None:
        for group in parser._mutually_exclusive_groups:
            names = ", ".join(_option_name(a) for a in group._group_actions)
            raise ConfigError(
                f"mutually exclusive options ({names}) cannot be expressed as Airflow "
                "Params; make them independent options",
                key="populate_arg_parser",
            )
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            if isinstance(action, argparse._SubParsersAction):
                raise _unsupported(action, "sub-commands")
            if action.dest in params:
                raise _unsupported(action, f"a second option for {action.dest!r}")
            params[action.dest] = _spec(action)
    params.setdefault("run_name", dict(RUN_NAME_PARAM))
    return params
