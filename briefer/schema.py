"""The JSON Schemas of briefer's two outputs: a briefing, and ``briefer check --format json``'s report.

Each schema describes what briefer writes, so every field briefer always writes is required (an
empty object ``{}`` is not a briefing). Pydantic marks a field with a default as optional, which is
right for what briefer *reads* (a hand-written briefing may omit ``run``) and wrong for what it
writes; the schema is therefore made in pydantic's serialization mode with every field required.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema

from briefer.models import Briefing, CheckReport

SchemaName = Literal["briefing", "check"]
OUTPUTS: dict[str, type[BaseModel]] = {"briefing": Briefing, "check": CheckReport}


class _WrittenOutput(GenerateJsonSchema):
    """Every field is required: briefer's JSON output always contains every field of every model."""

    def field_is_required(
        self,
        field: core_schema.ModelField | core_schema.DataclassField | core_schema.TypedDictField,
        total: bool,
    ) -> bool:
        return True


def output_schema(name: SchemaName = "briefing") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the output called ``name``: "briefing" or "check"."""
    model = OUTPUTS[name]
    schema = model.model_json_schema(mode="serialization", schema_generator=_WrittenOutput)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
