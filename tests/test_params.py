"""argparse (populate_arg_parser) -> Airflow Param schema."""

from __future__ import annotations

import argparse

import pytest

from motoko_airflow.exceptions import ConfigError
from motoko_airflow.params import RUN_NAME_PARAM, params_from_parser


def schema(*calls: tuple[tuple, dict]) -> dict:
    parser = argparse.ArgumentParser()
    for args, kwargs in calls:
        parser.add_argument(*args, **kwargs)
    return params_from_parser(parser)


def test_motoko_example_inputs():
    params = schema((("--inputs", "-i"), dict(type=float, required=True, nargs=2, help="in")))
    assert params["inputs"] == {
        "type": "array",
        "items": {"type": "number"},
        "minItems": 2,
        "maxItems": 2,
        "default": None,
        "description": "in",
    }
    assert params["run_name"] == RUN_NAME_PARAM


def test_scalar_types_and_defaults():
    params = schema(
        (("--x",), dict(type=float, default=1.5)),
        (("--n",), dict(type=int, required=True)),
        (("--name",), dict()),
        (("--label",), dict(type=str, default="a")),
    )
    assert params["x"] == {"type": "number", "default": 1.5}
    assert params["n"] == {"type": "integer", "default": None}
    assert params["name"] == {"type": ["string", "null"], "default": None}
    assert params["label"] == {"type": "string", "default": "a"}


def test_flags_are_booleans():
    params = schema(
        (("--verbose",), dict(action="store_true", help="talk")),
        (("--no-cache",), dict(action="store_false", dest="cache")),
        (("--color",), dict(action=argparse.BooleanOptionalAction, default=True)),
    )
    assert params["verbose"] == {"type": "boolean", "default": False, "description": "talk"}
    assert params["cache"] == {"type": "boolean", "default": True}
    assert params["color"] == {"type": "boolean", "default": True}


@pytest.mark.parametrize(
    ("nargs", "extra"),
    [("+", {"minItems": 1}), ("*", {}), (3, {"minItems": 3, "maxItems": 3})],
)
def test_nargs_arrays(nargs, extra):
    default = [1, 2, 3]
    params = schema((("--v",), dict(type=int, nargs=nargs, default=default)))
    assert params["v"] == {"type": "array", "items": {"type": "integer"}, **extra,
                           "default": default}


@pytest.mark.parametrize(("kwargs", "default", "widened"), [
    # argparse checks none of these against a default: main gets it as it is
    (dict(type=float, nargs=2, default=[1.5]), [1.5], {"minItems": 1, "maxItems": 2}),
    (dict(type=float, nargs=2, default=[1.0, 2.0, 3.0]), [1.0, 2.0, 3.0],
     {"minItems": 2, "maxItems": 3}),
    (dict(type=float, nargs="+", default=2.5), 2.5, {"type": ["array", "number"]}),
    (dict(type=float, nargs="+", default="2.5"), 2.5, {"type": ["array", "number"]}),
    (dict(type=float, default="1.5"), 1.5, {}),  # a string default is converted
    (dict(type=int, default=2.5), 2.5, {"type": ["integer", "number"]}),
    (dict(type=int, choices=[1, 2], default=3), 3, {"enum": [1, 2, 3]}),
    (dict(type=int, nargs=2, choices=[1, 2], default=[1, 5]), [1, 5],
     {"items": {"type": "integer", "enum": [1, 2, 5]}}),
    (dict(type=float, default=[1.0, 2.0]), [1.0, 2.0], {"type": ["number", "array"]}),
])
def test_a_default_argparse_does_not_check_is_what_main_gets_and_the_schema_admits_it(
        kwargs, default, widened):
    """Regression: ``motoko run`` of such an orchestrator failed with Airflow's
    ParamValidationError before main's first step, where main itself runs."""
    import jsonschema  # Airflow validates params with it
    parser = argparse.ArgumentParser()
    parser.add_argument("--v", **kwargs)
    assert vars(parser.parse_args([]))["v"] == default
    spec = params_from_parser(parser)["v"]
    assert spec["default"] == default
    assert {k: spec[k] for k in widened} == widened
    jsonschema.validate(default, {k: v for k, v in spec.items() if k != "default"})


def test_a_string_default_that_type_refuses_is_a_clear_error():
    with pytest.raises(ConfigError, match=r"--n: its default 'ten' is not a valid int "
                                          r"\(argparse refuses it too"):
        schema((("--n",), dict(type=int, default="ten")))


def test_optional_array_without_default_is_nullable():
    params = schema((("--v",), dict(type=float, nargs="*")))
    assert params["v"]["type"] == ["array", "null"]


def test_nargs_question_mark_is_nullable_scalar():
    params = schema((("--level",), dict(type=int, nargs="?", default=2)))
    assert params["level"] == {"type": ["integer", "null"], "default": 2}


def test_choices_become_enum():
    params = schema(
        (("--mode",), dict(choices=["fast", "slow"], default="fast")),
        (("--sizes",), dict(type=int, nargs="+", choices=[1, 2], required=True)),
    )
    assert params["mode"] == {"type": "string", "enum": ["fast", "slow"], "default": "fast"}
    assert params["sizes"]["items"] == {"type": "integer", "enum": [1, 2]}


def test_positional_is_required():
    params = schema((("count",), dict(type=int)))
    assert params["count"] == {"type": "integer", "default": None}


def test_no_parser_gives_run_name_only():
    assert params_from_parser(None) == {"run_name": RUN_NAME_PARAM}


def test_user_run_name_is_kept():
    params = schema((("--run_name",), dict(default="mine")))
    assert params["run_name"] == {"type": "string", "default": "mine"}


@pytest.mark.parametrize(
    ("args", "kwargs", "fragment"),
    [
        (("--tag",), dict(action="extend"), "--tag: the action ExtendAction without nargs"),
        (("--t",), dict(action="append", type=lambda s: s), "--t: type=<lambda>"),
        (("--d",), dict(action="append", default="a"), "--d: the default 'a'"),
        (("--when",), dict(type=lambda s: s), "--when: type=<lambda>"),
        (("--c",), dict(action="store_const", const=3), "--c: the action StoreConstAction"),
        (("--r",), dict(nargs=argparse.REMAINDER), "--r: nargs='...'"),
        (("--o",), dict(default=object()), "--o: the default"),
    ],
)
def test_unsupported_features_name_the_option(args, kwargs, fragment):
    with pytest.raises(ConfigError) as info:
        schema((args, kwargs))
    assert fragment in str(info.value)
    assert "Airflow Param" in str(info.value)


def test_append_extend_and_count_are_arrays_and_integers():
    params = schema(
        (("--x0",), dict(type=float, action="append", help="starts")),
        (("--pt",), dict(type=int, action="append", nargs=2, required=True)),
        (("--tags",), dict(action="extend", nargs="+", default=["a"])),
        (("-v",), dict(action="count", default=0)),
        (("-q",), dict(action="count")),
    )
    assert params["x0"] == {"type": ["array", "null"], "items": {"type": "number"},
                            "default": None, "description": "starts"}
    assert params["pt"] == {
        "type": "array", "minItems": 1, "default": None,
        "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2,
                  "maxItems": 2}}
    assert params["tags"] == {"type": "array", "items": {"type": "string"},
                              "default": ["a"]}
    assert params["v"] == {"type": "integer", "default": 0}
    assert params["q"] == {"type": ["integer", "null"], "default": None}


def test_mutually_exclusive_group_is_rejected():
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--a", action="store_true")
    group.add_argument("--b", action="store_true")
    with pytest.raises(ConfigError, match=r"mutually exclusive options \(--a, --b\)"):
        params_from_parser(parser)


def test_custom_action_is_rejected():
    class Upper(argparse.Action):
        def __call__(self, parser, namespace, values, option_string=None):
            setattr(namespace, self.dest, values.upper())

    with pytest.raises(ConfigError, match="option --name: the action Upper"):
        schema((("--name",), dict(action=Upper)))
