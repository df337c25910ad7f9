"""How an editor types during a review: single keys, lines, and edits of one sentence.

On a terminal a key is one keypress without Enter; the inline edit starts from the sentence's
current text (readline's pre-input hook), or, where readline is missing, names the words to replace
so that nothing must be retyped. ``$EDITOR`` (``settings.editor_command``) edits a temporary file.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from rich.console import Console
from rich.text import Text

KeyReader = Callable[[], str]
LineReader = Callable[[str], str]
EditorOpener = Callable[[str], str | None]


def console_prompt(console: Console) -> LineReader:
    """Lines typed at the console; end of input reads as an empty line."""

    def read(prompt: str) -> str:
        try:
            return console.input(prompt)
        except EOFError:
            return ""

    return read


EDIT_PROMPT = "edit the sentence (Enter saves; an empty line cancels): "


def sentence_editor(command: str | None, read_line: LineReader, console: Console, prefill: bool) -> EditorOpener:
    """$EDITOR on a temporary file when configured, else an inline prompt that starts from the current text:
    prefilled through readline on a terminal that has it, else a replace-these-words exchange."""
    if not command:
        if prefill and _readline() is not None:
            # input() itself shows the prompt, so that readline redraws it with the line it edits.
            return lambda text: _prefilled(text, lambda: _input(EDIT_PROMPT))
        return lambda text: _replace_words(text, read_line, console)

    def open_editor(text: str) -> str | None:
        with tempfile.TemporaryDirectory(prefix="briefer-edit-") as tmp:
            draft = Path(tmp) / "sentence.txt"
            draft.write_text(text + "\n", encoding="utf-8")
            # An editor that exits non-zero (vim's :cq) means "abandon this edit".
            if subprocess.run([*shlex.split(command), str(draft)], check=False).returncode != 0:
                return None
            return " ".join(draft.read_text(encoding="utf-8").split())

    return open_editor


def _input(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        return ""


def _readline() -> ModuleType | None:
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it
        return None
    return readline


def _prefilled(text: str, read: Callable[[], str]) -> str | None:
    """``read()`` with ``text`` already on the input line, to be edited in place (readline's pre-input hook)."""
    readline = _readline()
    if readline is None:
        return read() or None

    def insert() -> None:
        readline.insert_text(text)
        readline.redisplay()

    readline.set_pre_input_hook(insert)
    try:
        return read() or None
    finally:
        readline.set_pre_input_hook()


def _replace_words(text: str, read_line: LineReader, console: Console) -> str | None:
    """Edit without retyping: name the words to change and what replaces them (``*``: the whole text)."""
    console.print(Text(f"current text: {text}"))
    old = read_line("replace which words? (* = the whole sentence, empty: cancel): ").strip()
    if not old:
        return None
    if old == "*":
        return read_line("new text (empty: cancel): ") or None
    if old not in text:
        console.print(f"“{old}” is not in the sentence", style="yellow")
        return None
    new = read_line(f"replace “{old}” with: ")
    return text.replace(old, new.strip(), 1)


def terminal_key() -> KeyReader:
    """One keypress without Enter on a terminal; the first character of a line otherwise (EOF quits)."""

    def read() -> str:
        if not sys.stdin.isatty():
            line = sys.stdin.readline()
            return line.strip()[:1] if line else "q"
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)  # keeps ISIG: Ctrl-C still interrupts
            return sys.stdin.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    return read
