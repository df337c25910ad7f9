"""`briefer review` end to end in a real terminal: tmux runs the installed command, the test types
keys and reads the screen, and checks the briefing file between steps."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser.sample import sample_briefing

from briefer.files import read_briefing, write_briefing

BRIEFER = Path(sys.executable).with_name("briefer")
EDITED = "Negotiations over arms sales between Russia and North Korea are progressing."

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed (apt-get install tmux)"),
    pytest.mark.skipif(not BRIEFER.exists(), reason=f"{BRIEFER} not installed (pip install -e .)"),
]


class Terminal:
    """A 160×50 tmux pane on a private server (no user config, the test's own environment)."""

    def __init__(self, socket: Path, command: str, cwd: Path) -> None:
        self.base = ["tmux", "-S", str(socket), "-f", "/dev/null"]
        subprocess.run([*self.base, "new-session", "-d", "-x", "160", "-y", "50", "-c", str(cwd), command], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.base, "capture-pane", "-p", "-J"], check=True, capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, after: str = "", timeout: float = 30.0) -> str:
        """The screen below the last ``after`` once ``text`` appears there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen().rsplit(after, 1)[-1] if after else self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def send(self, *keys: str, literal: bool = False) -> None:
        subprocess.run([*self.base, "send-keys", *(["-l"] if literal else []), *keys], check=True)

    def clear_line(self, text: str, after: str, attempts: int = 5) -> None:
        """Ctrl-U (readline: erase the line) until ``text`` is gone from below ``after``; a key sent in
        the instant readline takes over the terminal can be lost, so it is sent again if need be."""
        for _ in range(attempts):
            self.send("C-u")
            deadline = time.monotonic() + 2.0
            while time.monotonic() < deadline:
                if text not in self.screen().rsplit(after, 1)[-1]:
                    return
                time.sleep(0.1)
        raise AssertionError(f"Ctrl-U never cleared the line; the screen was:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], check=False, capture_output=True)


def decisions(path: Path) -> list[tuple[int, int, str]]:
    return [(si, i, d.action.value) for si, i, s in read_briefing(path).sentences() for d in s.decisions]


def test_review_in_a_real_terminal_saves_each_decision_survives_ctrl_c_and_resumes(tmp_path):
    briefing, sources = sample_briefing()
    path = tmp_path / "briefing.json"
    write_briefing(path, briefing)
    review = shlex.join(
        [str(BRIEFER), "review", str(path), "--editor", "tess", "--sources", *(s.path for s in sources)]
    )
    # Twice: the first run is interrupted with Ctrl-C, the second resumes. No $EDITOR: edits are typed inline.
    command = f"unset EDITOR VISUAL COLUMNS LINES; {review}; echo EXIT=$?; {review}; echo EXIT=$?; sleep 600"
    term = Terminal(tmp_path / "tmux.sock", f"bash --norc -c {shlex.quote(command)}", tmp_path)
    try:
        first = term.wait_for("[a]ccept")
        assert "1 of 3 · section “Kim and Putin” · sentence 1.2" in first
        assert "✗ unsupported · score 0.20" in first
        assert "The paper said Kim could even travel to Moscow, but that was uncertain." in first

        term.send("a")  # a flagged sentence: accepting it takes a yes and a note
        term.wait_for("type y to confirm")
        term.send("y", "Enter")
        term.wait_for("a note is required")
        term.send("checked with the desk", literal=True)
        term.send("Enter")
        term.wait_for("sentence 1.3")
        assert decisions(path) == [(0, 1, "accepted")]  # saved before the next sentence is even answered

        term.send("C-c")
        term.wait_for("EXIT=130")
        assert decisions(path) == [(0, 1, "accepted")]

        resumed = term.wait_for("[a]ccept", after="EXIT=130")
        assert "2 of 3 · section “Kim and Putin” · sentence 1.3" in resumed  # the first undecided sentence
        term.send("e")  # the inline edit starts from the current text (readline)
        current = briefing.sections[0].sentences[2].text
        term.wait_for(current, after="edit the sentence")  # on the input line, ready to be edited
        term.clear_line(current, after="edit the sentence")
        term.send(EDITED, literal=True)
        term.send("Enter")
        term.wait_for("3 of 3 · section “Elsewhere”", after="EXIT=130")
        term.wait_for("[a]ccept", after="3 of 3 · section “Elsewhere”")  # the menu, not only the header
        term.send("q")
        final = term.wait_for("EXIT=0", after="EXIT=130")
    finally:
        term.close()
    (tmp_path / "screen.txt").write_text(final, encoding="utf-8")
    assert "re-checked: ✓ supported" in final
    assert "review: 1 accepted · 1 edited · 0 re-cited · 0 dropped · 1 still open" in final
    edited = read_briefing(path).sections[0].sentences[2]
    assert edited.text == EDITED and not edited.verdict.flagged
    assert [(d.action.value, d.editor, d.previous_text) for d in edited.decisions] == [
        ("edited", "tess", briefing.sections[0].sentences[2].text)
    ]
