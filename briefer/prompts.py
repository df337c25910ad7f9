"""Prompts live as files in ``briefer/prompts_data/<stage>.<role>.md`` with a ``version: N`` first line.

They are package data, read with ``importlib.resources``, so a wheel installed the ordinary way (not
editable) finds them. The directory is ``prompts_data`` rather than ``prompts`` because this module
is ``briefer.prompts``: a sibling directory of that name would shadow or be shadowed by it.

Their version and hash go into every briefing (``RunInfo.prompt_versions``), so editing a prompt
visibly stales recorded fixtures and cached answers. Article text is wrapped here, in one place, as
delimited DATA with any look-alike delimiters inside it escaped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import cast

from briefer.controls import reveal
from briefer.errors import ConfigError

PROMPTS_DIR: Traversable = files("briefer").joinpath("prompts_data")

_VERSION_LINE = re.compile(r"version:\s*(\d+)\s*\n")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")

LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "uk": "Ukrainian",
    "ru": "Russian",
}


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    sha256: str
    text: str

    @property
    def tag(self) -> str:
        """What a briefing records of this prompt, e.g. ``v1+3f2a9c0d1e4b``."""
        return f"v{self.version}+{self.sha256[:12]}"

    def render(self, **values: object) -> str:
        """The prompt with every ``{{name}}`` replaced; a placeholder without a value is an error."""
        missing = sorted(set(_PLACEHOLDER.findall(self.text)) - values.keys())
        if missing:
            raise ConfigError(f"prompt {self.name}: no value for {', '.join(missing)}")
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.text)


def load_prompt(name: str, directory: Traversable | Path = PROMPTS_DIR) -> Prompt:
    """Read ``<directory>/<name>.md``; its first line must be ``version: N``."""
    path = directory.joinpath(f"{name}.md")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"prompt {name}: cannot read {path} ({exc.strerror})") from None
    text = raw.decode("utf-8")
    match = _VERSION_LINE.match(text)
    if match is None:
        raise ConfigError(f"prompt {name}: {path} must start with a 'version: N' line")
    return Prompt(
        name=name,
        version=int(match.group(1)),
        sha256=hashlib.sha256(raw).hexdigest(),
        text=text[match.end() :].strip() + "\n",
    )


def language_name(code: str) -> str:
    """A language's English name for prompts ("German (de)"); unknown codes are passed through."""
    name = LANGUAGE_NAMES.get(code.lower())
    return f"{name} ({code})" if name else code


def escape_tag(text: str, tag: str) -> str:
    """Defuse ``<tag`` and ``</tag`` inside data so that it cannot close or open our delimiters."""
    return re.sub(rf"<(/?)({re.escape(tag)})", r"&lt;\1\2", text, flags=re.IGNORECASE)


def delimit_article(text: str, *, source: str) -> str:
    """Article text as delimited data for a user message."""
    # Hidden characters go as ⟨U+202E⟩: a model must not read an instruction no editor can see.
    return f'<article id="{escape_attribute(source)}">\n{escape_tag(reveal(text), "article")}\n</article>'


def delimit_facts(facts: list[dict[str, object]]) -> str:
    """Facts (``{"id", "sources", "statement"}``) between ``<facts>`` tags, one a line: ``F1 S2: …``, or
    ``G3 S1,S4: …`` for a fact of several sources. As JSON objects the keys and quotes repeated on every
    line were a fifth of a reduce request (``bench/llm_pipeline.py``). Statements echo article text: a
    line break in one becomes a space (a fact is one line), hidden characters are written out as in
    an article block, and look-alike delimiters are escaped."""
    lines = "\n".join(_fact_line(fact) for fact in facts)
    return f"<facts>\n{escape_tag(lines, 'facts')}\n</facts>"


def _fact_line(fact: dict[str, object]) -> str:
    sources = ",".join(str(s) for s in cast(list[object], fact.get("sources") or []))
    statement = " ".join(reveal(str(fact["statement"])).splitlines())
    return f"{fact['id']} {sources}: {statement}" if sources else f"{fact['id']}: {statement}"


_FACT_LINE = re.compile(r"(\S+?)(?: (\S+))?: (.*)")


def read_facts(block: str) -> list[dict[str, object]]:
    """The facts of a ``delimit_facts`` block read back (as the benches' mock model and the tests read a
    reduce request): ids, source labels and statements, escaped delimiters left as sent."""
    lines = block.removeprefix("<facts>\n").removesuffix("\n</facts>").splitlines()
    facts: list[dict[str, object]] = []
    for line in lines:
        match = _FACT_LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"not a fact line: {line[:80]!r}")
        fact_id, sources, statement = match.groups()
        facts.append({"id": fact_id, "sources": sources.split(",") if sources else [], "statement": statement})
    return facts


def escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
