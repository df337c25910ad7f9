"""simplemma imported without compiling the suffix rules of the 20 languages briefer never lemmatizes.

``import simplemma`` runs ``simplemma.strategies.defaultrules``, which imports every language's rules
module, and most of them compile their regular expressions at import: about two thirds of simplemma's
import time, paid inside every run's footer, for the English rules the checker uses (German words are
stemmed by briefer, not lemmatized: ``words.lemmas``). :func:`install` puts a stand-in for that one
package in ``sys.modules`` before simplemma is imported: its ``RULE_FUNCTIONS`` gives English's
``apply_en`` from simplemma's own ``en`` module, and imports the real package in its place (every
language, exactly as simplemma would) the first time anything else is asked of it, so any other
language and any other name it defines still work. Nothing is copied from simplemma, nothing of it is
evaluated but by the import system, and no rule is changed.

It installs only when simplemma is not imported yet and the package is laid out as simplemma 1.x-2.x
ship it (the package's own file maps ``"en"`` to ``apply_en`` from ``.en``); otherwise simplemma is
imported as usual. ``tests/test_startup.py`` checks both the modules a run imports and that the stand-in's
answers are simplemma's.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType

PACKAGE = "simplemma.strategies.defaultrules"
# What the real package's __init__ must say for the stand-in's English to be the real package's.
_ENGLISH = ("from .en import apply_en", '"en": apply_en')

RuleFunction = Callable[[str], "str | None"]


def install() -> None:
    """Put the stand-in in ``sys.modules`` when simplemma is not imported yet and is laid out as
    expected; do nothing otherwise."""
    if "simplemma" in sys.modules or PACKAGE in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("simplemma")  # finds it without running simplemma/__init__.py
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(next(iter(spec.submodule_search_locations))) / "strategies" / "defaultrules"
    init = folder / "__init__.py"
    try:
        source = init.read_text(encoding="utf-8")
    except OSError:
        return
    if not all(line in source for line in _ENGLISH) or not (folder / "en.py").is_file():
        return
    package_spec = importlib.util.spec_from_file_location(PACKAGE, init, submodule_search_locations=[str(folder)])
    if package_spec is None:
        return
    module = importlib.util.module_from_spec(package_spec)
    rules = _Rules(module)
    module.RULE_FUNCTIONS = rules  # type: ignore[attr-defined]
    module.__dict__["__getattr__"] = rules.attribute  # PEP 562: any other name
    sys.modules[PACKAGE] = module


class _Rules(Mapping[str, RuleFunction]):
    """simplemma's ``RULE_FUNCTIONS``: English from its own module, everything else from the real
    package, imported in the stand-in's place once (under a lock: the checker may warm up in a thread)."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module
        self._english: RuleFunction | None = None
        self._real: ModuleType | None = None
        self._lock = threading.Lock()

    def get(self, lang: str, default: RuleFunction | None = None) -> RuleFunction | None:  # type: ignore[override]
        if lang == "en" and self._real is None:
            if self._english is None:
                self._english = importlib.import_module(f"{PACKAGE}.en").apply_en
            return self._english
        found: RuleFunction | None = self._complete().RULE_FUNCTIONS.get(lang, default)
        return found

    def __getitem__(self, lang: str) -> RuleFunction:
        found = self.get(lang)
        if found is None:
            raise KeyError(lang)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._complete().RULE_FUNCTIONS)

    def __len__(self) -> int:
        return len(self._complete().RULE_FUNCTIONS)

    def attribute(self, name: str) -> object:
        """A name of the real package other than RULE_FUNCTIONS (``apply_de`` …), after importing it."""
        return getattr(self._complete(), name)

    def _complete(self) -> ModuleType:
        with self._lock:
            if self._real is None:
                if sys.modules.get(PACKAGE) is self._module:
                    del sys.modules[PACKAGE]  # so that the import system runs the real package
                real = importlib.import_module(PACKAGE)
                english = sys.modules.get(f"{PACKAGE}.en")
                if english is not None:  # imported under the stand-in: the real package's attribute too
                    real.__dict__.setdefault("en", english)
                self._real = real
        return self._real
