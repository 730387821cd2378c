"""argparse (the orchestrator's ``populate_arg_parser``) -> Airflow Param schema, as data.

:func:`params_from_parser` returns ``name -> spec``, where ``spec`` is a JSON-schema style
dict ``{"type", "default", "description", "enum", "items", "minItems", "maxItems"}``; the
renderer builds ``airflow.sdk.Param(spec["default"], **others)``. Airflow is not imported.

Mapping: ``type=float|int|str`` (or none) -> ``"number"|"integer"|"string"``;
``store_true``/``store_false``/``BooleanOptionalAction`` -> ``"boolean"``; ``count`` ->
``"integer"``; ``append`` (a list of lists with ``nargs``) and ``extend`` -> array; ``nargs=N`` ->
array with ``minItems = maxItems = N``, ``"+"`` -> ``minItems 1``, ``"*"`` -> any length,
``"?"`` -> a nullable scalar; ``choices`` -> ``enum``; ``help`` -> ``description``. A
*required* option has no ``null`` in its type, so the trigger form demands a value; an
optional one without a default is nullable with default ``null``. A default is the value
``main`` gets when the option is not given (a string default converted by ``type``, as
argparse does), and the schema admits it even where argparse's own checks of given values
would not (:func:`_admitting`). An optional ``run_name`` param (string or null) is always
added.

Run names: :func:`check_run_name` is the rule every entry applies to a run name it is
given (the ``motoko`` commands, the operators), and :data:`RUN_NAME_SCHEMA` the same
rule as JSON Schema, which the renderer adds to the ``run_name`` Param so that Airflow's
trigger form and REST API refuse a bad name before a DAG run exists. A name breaking
the rule is refused, never rewritten: rewriting made two names one (``日本語`` and
``中文`` both became ``run`` and shared their runs) and hid what the user typed behind
another name. Only a DAG run given no name gets one made for it, from its run id
(:func:`run_name_of_run_id`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from typing import Any

from motoko_airflow.exceptions import ConfigError

__all__ = [
    "RUN_NAME_MAX_LENGTH",
    "RUN_NAME_PARAM",
    "RUN_NAME_RULE",
    "RUN_NAME_SCHEMA",
    "check_run_name",
    "fixed_description",
    "params_from_parser",
    "run_name_of_run_id",
]

RUN_NAME_PARAM: dict[str, Any] = {
    "type": ["string", "null"],
    "default": None,
    "description": "BlackDynamite run_name tagging every run of this DAG run "
    "(default: derived from the DAG run id)",
}

#: The longest run name: it names files (``<run_name>.o<id>`` in every run directory,
#: ``.wf/vars/<run_name>.pickle``), whose names hold at most 255 bytes.
RUN_NAME_MAX_LENGTH = 100
#: The run-name rule in words, for messages and the trigger form.
RUN_NAME_RULE = (f"letters, digits, '.', '_' and '-' (ASCII only), not starting with '.' "
                 f"or '-', at most {RUN_NAME_MAX_LENGTH} characters")
#: The run-name rule as JSON Schema, for the ``run_name`` Param. BlackDynamite matches
#: run names through constraints, which cannot hold ``:``, ``+``, blanks or non-ASCII
#: text; a leading ``.`` would hide the runs' output files, a leading ``-`` reads as an
#: option. ``$(?!\n)``: Python's ``$`` (jsonschema's) also matches before a final newline.
RUN_NAME_SCHEMA: dict[str, Any] = {
    "minLength": 1,
    "maxLength": RUN_NAME_MAX_LENGTH,
    "pattern": r"^[A-Za-z0-9_][A-Za-z0-9._-]*$(?!\n)",
}
_RUN_NAME_CHAR = re.compile(r"[A-Za-z0-9._-]")


def check_run_name(name: object, *, option: str | None = None) -> str:
    """``name`` if it is a valid run name (:data:`RUN_NAME_RULE`); else a
    :class:`ConfigError` (prefixed with ``option``, the field or command-line option it
    came from) saying what is wrong and what to use."""
    suggestion = ""
    if not isinstance(name, str):
        problem = f"must be text, not {type(name).__name__} {name!r}"
    elif not name:
        problem = "is empty"
    elif len(name) > RUN_NAME_MAX_LENGTH:
        problem = (f"is {len(name)} characters long, more than {RUN_NAME_MAX_LENGTH} (it "
                   "names the runs' output files, <run_name>.o<id>)")
    elif re.search(RUN_NAME_SCHEMA["pattern"], name):
        return name
    else:
        bad = list(dict.fromkeys(c for c in name if not _RUN_NAME_CHAR.fullmatch(c)))
        if bad:
            problem = f"{name!r} holds {', '.join(repr(c) for c in bad)}"
        else:
            problem = f"{name!r} starts with {name[0]!r}"
        fixed = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip("._-")
        if fixed.strip("_"):
            suggestion = f", e.g. {fixed!r}"
    raise ConfigError(f"run name {problem}; use {RUN_NAME_RULE}{suggestion}", key=option)


def run_name_of_run_id(run_id: str) -> str:
    """The run name of a DAG run given none: its run id if that is a valid run name,
    else the run id with every other character made ``_`` (no leading ``.``/``-``,
    shortened), then ``-`` and 8 hex digits of its SHA-256 (Airflow's run ids hold ``:``
    and ``+``: ``manual__2026-01-01T00_00_00_00_00-1e8dc70c``).

    The same run id always gives the same name (a retry, a cleared task find the DAG
    run's runs again); two run ids do not give one name (a digest of the whole id, so
    ids differing only in the characters replaced, or beyond the shortening, differ).
    """
    try:
        return check_run_name(run_id)
    except ConfigError:
        pass
    digest = hashlib.sha256(str(run_id).encode()).hexdigest()[:8]
    readable = re.sub(r"[^A-Za-z0-9._-]", "_", str(run_id)).lstrip("._-")
    readable = readable[:RUN_NAME_MAX_LENGTH - len(digest) - 1] or "run"
    return f"{readable}-{digest}"


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
    if type(action) is argparse._CountAction:
        default = None if action.default is argparse.SUPPRESS else action.default
        if default is not None and type(default) is not int:
            raise _unsupported(action, f"the default {default!r}")
        return _described(action, {
            "type": "integer" if default is not None else ["integer", "null"],
            "default": default})
    if type(action) in (argparse._AppendAction, argparse._ExtendAction):
        return _collecting_spec(action)
    if type(action) is not argparse._StoreAction:
        kind = type(action).__name__.strip("_")
        raise _unsupported(action, f"the action {kind}")
    item = _item(action)
    scalar = item["type"]
    default = _json_value(action, _default_given_to_main(action))
    required = bool(action.required) and default is None

    nargs = action.nargs
    spec = {}
    if nargs is None or nargs == "?":
        nullable = not required and (default is None or nargs == "?")
        spec["type"] = [scalar, "null"] if nullable else scalar
        if "enum" in item:
            spec["enum"] = item["enum"] + ([None] if nullable else [])
    else:
        spec["type"] = "array" if required or default is not None else ["array", "null"]
        spec["items"] = item
        spec.update(_lengths(action, nargs))
    spec["default"] = default
    return _described(action, _admitting(spec, default))


def _default_given_to_main(action: argparse.Action) -> Any:
    """The value ``main`` gets when the option is not given: the default, converted by
    ``type`` when it is a string (as argparse does; it checks neither ``nargs`` nor
    ``choices`` of a default, and converts no other default)."""
    default = None if action.default is argparse.SUPPRESS else action.default
    if isinstance(default, str) and callable(action.type):
        try:
            return action.type(default)
        except (TypeError, ValueError):
            name = getattr(action.type, "__name__", repr(action.type))
            raise ConfigError(
                f"option {_option_name(action)}: its default {default!r} is not a valid "
                f"{name} (argparse refuses it too when the option is not given); give a "
                "valid default", key="populate_arg_parser") from None
    return default


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "array" if isinstance(value, list) else "string"


def _admitting(spec: dict[str, Any], value: Any) -> dict[str, Any]:
    """``spec`` widened, where it must be, to admit ``value``: the default argparse
    gives ``main`` when the option is absent, which it never checks against ``nargs``,
    ``choices`` or ``type`` (``nargs=2, default=[1.5]``; ``nargs="+", default=2.5``;
    ``choices=[1, 2], default=3``). Airflow validates the default as any other value:
    unwidened, it refused the DAG run before ``main``'s first step, where ``main``
    itself runs."""
    if value is None:
        return spec
    types = [spec["type"]] if isinstance(spec.get("type"), str) else list(spec.get("type", []))
    kind = _json_type(value)
    if types and kind not in types and not (kind == "integer" and "number" in types):
        types.append(kind)
        spec["type"] = types
    if "enum" in spec and value not in spec["enum"]:
        spec["enum"] = [*spec["enum"], value]
    if kind == "array":
        if len(value) < spec.get("minItems", 0):
            spec["minItems"] = len(value)
        if len(value) > spec.get("maxItems", len(value)):
            spec["maxItems"] = len(value)
        if isinstance(spec.get("items"), dict):
            for element in value:
                spec["items"] = _admitting(dict(spec["items"]), element)
    return spec


def _item(action: argparse.Action) -> dict[str, Any]:
    """The schema of one value of the option: its type, and its choices as an enum."""
    if action.type not in _TYPES:
        name = getattr(action.type, "__name__", repr(action.type))
        raise _unsupported(action, f"type={name}")
    item: dict[str, Any] = {"type": _TYPES[action.type]}
    if action.choices is not None:
        item["enum"] = _json_value(action, list(action.choices))
    return item


def _lengths(action: argparse.Action, nargs: Any) -> dict[str, int]:
    """An array's ``minItems``/``maxItems`` for ``nargs`` "+", "*" or N."""
    if nargs == "+":
        return {"minItems": 1}
    if nargs == "*":
        return {}
    if isinstance(nargs, int):
        return {"minItems": nargs, "maxItems": nargs}
    raise _unsupported(action, f"nargs={nargs!r}")


def _described(action: argparse.Action, spec: dict[str, Any]) -> dict[str, Any]:
    if action.help and action.help is not argparse.SUPPRESS:
        spec["description"] = action.help
    return spec


def _collecting_spec(action: argparse.Action) -> dict[str, Any]:
    """``action="append"`` (each occurrence adds one value, or one list with ``nargs``)
    and ``action="extend"`` (each occurrence adds its values): an array. argparse adds
    what the command line gives to a copy of the default; the form holds the whole
    list."""
    kind = type(action).__name__.strip("_")
    item = _item(action)
    nargs = action.nargs
    if nargs is None and kind == "ExtendAction":
        raise _unsupported(action, "the action ExtendAction without nargs (it splits "
                                   "its value into characters)")
    if nargs is not None:
        lengths = _lengths(action, nargs)
        if kind == "AppendAction":  # one list per occurrence
            item = {"type": "array", "items": item, **lengths}
    default = None if action.default is argparse.SUPPRESS else action.default
    default = _json_value(action, default)
    if default is not None and not isinstance(default, list):
        raise _unsupported(action, f"the default {default!r} of an {kind}")
    required = bool(action.required)
    spec: dict[str, Any] = {
        "type": "array" if required or default is not None else ["array", "null"],
        "items": item,
        "default": default,
    }
    if required:
        spec["minItems"] = 1
    return _described(action, spec)


def fixed_description(name: str, value: Any) -> str:
    """What the trigger form, and a trigger refused for another value, say about a
    param the graph was traced with (``Graph.fixed``)."""
    return f"traced with {name}={json.dumps(value)}; re-run `motoko trace` to change it"


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
