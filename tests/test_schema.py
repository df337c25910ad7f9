"""`briefer schema`: the JSON Schemas of both outputs say what is required, and what briefer writes meets them.

No JSON-Schema validator is a dependency, so ``conforms`` below checks the part of the schema that
says what is required: at every object it walks the keys of the ``required`` list, through ``$ref``,
``properties``, ``items``, ``additionalProperties`` and ``anyOf``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from briefer.cli import main
from briefer.config import Settings
from briefer.models import Briefing, CheckReport
from briefer.pipeline import summarize
from briefer.schema import output_schema
from briefer.verify import check_report


def conforms(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """Where ``value`` lacks a key the schema requires (an empty list: nothing is missing)."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        tries = [conforms(value, option, root, where) for option in schema["anyOf"] if _type_fits(value, option, root)]
        return min(tries, key=len) if tries else [f"{where}: matches no anyOf branch"]
    problems: list[str] = []
    if isinstance(value, dict):
        problems += [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
        for key, item in value.items():
            sub = schema.get("properties", {}).get(key) or schema.get("additionalProperties")
            if isinstance(sub, dict):
                problems += conforms(item, sub, root, f"{where}.{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for n, item in enumerate(value):
            problems += conforms(item, schema["items"], root, f"{where}[{n}]")
    return problems


def _type_fits(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "null": type(None),
        "boolean": bool,
        "integer": int,
        "number": (int, float),
    }
    kind = schema.get("type")
    return kind is None or isinstance(value, kinds[kind])


@pytest.fixture(scope="module")
def seed_briefing() -> Briefing:
    from tests.conftest import ARTICLES

    briefing, _ = summarize([ARTICLES], Settings(engine="extractive", use_cache=False))
    return briefing


@pytest.mark.parametrize("name", ["briefing", "check"])
def test_an_empty_object_is_not_a_valid_output(name):
    schema = output_schema(name)
    assert conforms({}, schema, schema), f"{{}} meets the {name} schema"


@pytest.mark.parametrize(
    ("name", "required"),
    [
        ("briefing", {"title", "language", "sources", "sections", "run"}),
        ("check", {"sentences", "summary"}),
    ],
)
def test_the_top_level_fields_briefer_always_writes_are_required(name, required):
    assert required <= set(output_schema(name)["required"])


@pytest.mark.parametrize(("name", "model"), [("briefing", Briefing), ("check", CheckReport)])
def test_every_field_of_every_model_in_the_schema_is_required(name, model):
    schema = output_schema(name)
    for title, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        if "properties" in definition:
            assert set(definition["required"]) == set(definition["properties"]), title


def test_a_briefing_briefer_wrote_meets_its_schema(seed_briefing):
    schema = output_schema("briefing")
    written = json.loads(seed_briefing.model_dump_json())
    assert conforms(written, schema, schema) == []
    del written["sections"][0]["sentences"][0]["citations"][0]["quote"]
    assert conforms(written, schema, schema) == ["$.sections[0].sentences[0].citations[0]: missing 'quote'"]


def test_a_check_report_briefer_wrote_meets_its_schema(seed_briefing):
    schema = output_schema("check")
    written = json.loads(check_report(seed_briefing).model_dump_json())
    assert conforms(written, schema, schema) == []
    del written["summary"]
    assert conforms(written, schema, schema) == ["$: missing 'summary'"]


@pytest.mark.parametrize(
    ("argv", "title"),
    [(["schema"], "Briefing"), (["schema", "briefing"], "Briefing"), (["schema", "check"], "CheckReport")],
)
def test_schema_command_prints_the_named_schema(capsys, argv, title):
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["title"] == title


def test_version_prints_the_installed_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"briefer {version('briefer')}"
