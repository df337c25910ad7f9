"""Security: article text is data, never code; a briefing cannot make briefer open other files;
the API key never leaves the process; HTML export escapes what sources say."""

from __future__ import annotations

import ast
import io
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import respx
from fault_server import Faults, serve

from briefer.cli import main
from briefer.files import write_atomic
from briefer.models import (
    Briefing,
    Citation,
    EvidenceSpan,
    Section,
    Sentence,
    Source,
    Verdict,
    VerdictLabel,
)
from briefer.redact import ScrubbedStream, remember_secret, scrub

PACKAGE = Path(__file__).resolve().parent.parent / "briefer"
ARTICLES = PACKAGE.parent / "fixtures" / "articles"
SEED = "003_3d8662691a447c24"

# ---------------------------------------------------------------- no evaluation of content, anywhere

DANGEROUS_CALLS = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "os.system",
    "os.popen",
    "yaml.load",
    "yaml.unsafe_load",
    "pickle.load",
    "pickle.loads",
    "marshal.loads",
    "shelve.open",
    "dill.loads",
    "jsonpickle.decode",
}
DANGEROUS_MODULES = {"pickle", "marshal", "shelve", "dill", "jsonpickle", "cloudpickle"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def dangerous_uses(code: str) -> list[str]:
    """Every construct in ``code`` that could run text as code or shell: eval/exec, unpicklers, shell=True."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"import {n}" for n in names if n.split(".")[0] in DANGEROUS_MODULES]
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in DANGEROUS_CALLS:
                found.append(f"{name}()")
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{name}(shell=…)")
    return found


@pytest.mark.parametrize(
    "snippet",
    [
        "eval(text)",
        "exec(chunk.text)",
        "import pickle",
        "from pickle import loads",
        "yaml.load(s)",
        "subprocess.run(cmd, shell=True)",
        "os.system('ls ' + name)",
        "marshal.loads(b)",
    ],
)
def test_the_scanner_catches(snippet: str) -> None:
    assert dangerous_uses(snippet)


@pytest.mark.parametrize("snippet", ["json.loads(s)", "subprocess.run(['ls'], shell=False)", "re.compile(p)"])
def test_the_scanner_lets_pass(snippet: str) -> None:
    assert dangerous_uses(snippet) == []


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_can_evaluate_content(module: Path) -> None:
    assert dangerous_uses(module.read_text(encoding="utf-8")) == []


# ---------------------------------------------------------------- a briefing cannot choose what briefer opens


class OpenedFiles:
    """Every path the process opens while recording (a CPython audit hook sees open() at any level)."""

    def __init__(self) -> None:
        self.recording = False
        self.paths: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if self.recording and event == "open" and isinstance(args[0], str | bytes | Path):
            self.paths.append(str(Path(str(args[0])).resolve()))


_OPENED: OpenedFiles | None = None


@pytest.fixture
def opened() -> Iterator[OpenedFiles]:
    global _OPENED
    _OPENED = _OPENED or OpenedFiles()  # audit hooks cannot be removed: one per process, off between tests
    _OPENED.paths.clear()
    _OPENED.recording = True
    yield _OPENED
    _OPENED.recording = False


@pytest.fixture
def hostile_briefing(tmp_path: Path, articles_dir: Path) -> tuple[Path, Path]:
    """A briefing from outside whose sources name a secret file, /etc/passwd and a relative escape."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a: the launch codes\n")
    quote = (articles_dir / f"{SEED}.txt").read_text(encoding="utf-8").split("\n")[0][:40]
    briefing = {
        "title": "Briefing",
        "sources": [
            {"id": SEED, "path": str(secret)},
            {"id": "passwd", "path": "/etc/passwd"},
            {"id": "escape", "path": "../secret.txt"},
        ],
        "sections": [
            {
                "title": "Main",
                "sentences": [
                    {"text": quote, "citations": [{"source": SEED, "quote": quote}]},
                    {"text": "The launch codes are secret.", "citations": [{"source": "passwd", "quote": "root"}]},
                    {"text": "Escape.", "citations": [{"source": "escape", "quote": "launch"}]},
                ],
            }
        ],
    }
    work = tmp_path / "work"
    work.mkdir()
    path = work / "briefing.json"
    path.write_text(json.dumps(briefing))
    return path, secret


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{briefing}", "--sources", "{articles}", "--format", "json"],
        ["check", "{briefing}", "--sources", "{articles}", "--out", "{out}"],
        ["export", "{briefing}", "--sources", "{articles}", "--format", "markdown", "--allow-open"],
        ["export", "{briefing}", "--sources", "{articles}", "--format", "html", "--allow-open", "--out", "{out}"],
        ["review", "{briefing}", "--sources", "{articles}", "--editor", "tester", "--all"],
    ],
    ids=["check-json", "check-out", "export-markdown", "export-html", "review"],
)
def test_paths_named_in_a_briefing_are_never_opened(
    command: list[str],
    hostile_briefing: tuple[Path, Path],
    articles_dir: Path,
    opened: OpenedFiles,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    briefing, secret = hostile_briefing
    monkeypatch.chdir(briefing.parent)  # so that ../secret.txt would resolve to the secret
    monkeypatch.setattr(sys, "stdin", io.StringIO("a\n" * 3))  # review: accept each sentence
    out = briefing.parent / "out.file"
    argv = [a.format(briefing=briefing, articles=articles_dir, out=out) for a in command]

    code = main(argv)

    opened.recording = False
    stdout, stderr = capsys.readouterr()
    assert code in (0, 1), stderr
    forbidden = {str(secret.resolve()), "/etc/passwd"}
    assert forbidden.isdisjoint(opened.paths)
    written = out.read_text() if out.exists() else ""
    for text in (stdout, stderr, written):
        assert "TOP-SECRET" not in text and "root:x:0" not in text


# ---------------------------------------------------------------- HTML export: what sources say is text, not markup

PAYLOADS = [
    '<script>alert("src")</script>',
    "<img src=x onerror=alert(1)>",
    "\"'><svg onload=alert(2)>",
    "</mark></div><script>alert(3)</script>",
    "<!-- --><iframe src=javascript:alert(4)>",
]


class Markup(HTMLParser):
    """Tags, attributes, script bodies and text of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def hostile_source_and_briefing() -> tuple[Source, Briefing]:
    text = "Headline " + " ".join(PAYLOADS) + "\n\nKim said " + PAYLOADS[0] + " in Moscow.\n"
    source = Source(id="<b>evil</b>", path="x.txt", text=text, title=PAYLOADS[1], sha256="0" * 64)
    quote = "Kim said " + PAYLOADS[0]
    start = text.index(quote)
    citation = Citation(source=source.id, quote=quote, start=start, end=start + len(quote), match="exact")
    verdict = Verdict(
        label=VerdictLabel.UNSUPPORTED,
        score=0.1,
        reasons=[PAYLOADS[2]],
        spans=[EvidenceSpan(source=source.id, start=start, end=start + len(quote))],
    )
    sentence = Sentence(text=PAYLOADS[3], citations=[citation], verdict=verdict)
    briefing = Briefing(
        title=PAYLOADS[4], sections=[Section(title=PAYLOADS[0], sentences=[sentence])], sources=[source.info()]
    )
    return source, briefing


@pytest.mark.parametrize("publishable", [False, True])
def test_html_export_escapes_everything_a_source_or_model_wrote(publishable: bool) -> None:
    from briefer.render.html import render_html

    source, briefing = hostile_source_and_briefing()
    page = Markup()
    page.feed(render_html(briefing, [source], publishable=publishable, allow_open=True))

    assert page.tags.count("script") == 1  # the page's own script, nothing injected
    assert all("alert" not in s for s in page.scripts)
    assert not {"img", "svg", "iframe", "b"} & set(page.tags)
    assert not [a for a in page.attributes if a.startswith("on")]
    shown = "".join(page.text)
    assert PAYLOADS[0] in shown and PAYLOADS[3] in shown  # displayed as text, verbatim


# ---------------------------------------------------------------- the API key stays in the Authorization header

KEY = "sk-test-SECRET-4c1d9e7b2a58f03e"


def every_file_under(directory: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in directory.rglob("*") if p.is_file()}


def leak_run(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    respond: object,
    *extra: str,
) -> tuple[int, str, list[httpx.Request]]:
    """An llm summarize with the key in the environment, recording, caching and writing --out under tmp_path."""
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://leak.test/v1")
    caplog.set_level(logging.DEBUG)  # whatever any library logs, at any level
    argv = [
        "summarize",
        str(ARTICLES),
        "--engine",
        "llm",
        "--record",
        str(tmp_path / "record"),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--out",
        str(tmp_path / "out" / "briefing.json"),
        *extra,
    ]
    with respx.mock(base_url="https://leak.test/v1", assert_all_mocked=True) as router:
        route = router.post("/chat/completions").mock(side_effect=respond)
        code = main(argv)
    out, err = capsys.readouterr()
    return code, out + err + caplog.text, [call.request for call in route.calls]


def test_the_key_is_sent_but_never_written_printed_or_logged(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, output, requests = leak_run(
        tmp_path, capsys, caplog, monkeypatch, Faults().respx_side_effect(), "--format", "json"
    )

    assert code == 0, output
    assert requests and all(r.headers["authorization"] == f"Bearer {KEY}" for r in requests)  # it was used
    files = every_file_under(tmp_path)
    assert any(p.parent.name == "record" for p in files) and any("cache" in p.parts for p in files)
    assert (tmp_path / "out" / "briefing.json") in files
    assert KEY not in output
    assert [p for p, data in files.items() if KEY.encode() in data] == []


def test_a_server_that_echoes_the_key_in_its_error_does_not_make_briefer_print_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"error": {"message": f"Incorrect API key provided: {KEY}."}})

    code, output, requests = leak_run(tmp_path, capsys, caplog, monkeypatch, refuse)

    assert code == 2 and requests
    assert "HTTP 401" in output
    assert KEY not in output
    assert [p for p, data in every_file_under(tmp_path).items() if KEY.encode() in data] == []


# Over real HTTP (the loopback fault server), in briefer's own process: what a user's terminal shows.
LOOPBACK_KEY = "sk-loopback-SECRET-9e2b7c41d0a36f58"


def loopback_run(
    tmp_path: Path,
    behaviour: str,
    *extra: str,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "OPENAI_API_KEY": LOOPBACK_KEY, **(env or {})}
    with serve(behaviour=behaviour) as (base_url, _):
        environment["OPENAI_BASE_URL"] = base_url
        argv = [
            sys.executable,
            "-m",
            "briefer",
            "summarize",
            str(ARTICLES),
            "--engine",
            "llm",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--record",
            str(tmp_path / "record"),
            *extra,
        ]
        return subprocess.run(argv, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("raise_errors", ["", "1"], ids=["one-line", "BRIEFER_RAISE_ERRORS=1"])
def test_a_refusal_echoing_the_authorization_header_never_shows_the_key(tmp_path: Path, raise_errors: str) -> None:
    done = loopback_run(tmp_path, "echo-key-refusal", env={"BRIEFER_RAISE_ERRORS": raise_errors})

    assert done.returncode == (1 if raise_errors else 2), done.stderr
    assert "HTTP 401" in done.stderr
    assert LOOPBACK_KEY not in done.stdout + done.stderr
    assert "Bearer [key]" in done.stderr or "Bearer" not in done.stderr
    assert [p for p, data in every_file_under(tmp_path).items() if LOOPBACK_KEY.encode() in data] == []


@pytest.mark.parametrize("fmt", ["rich", "json", "markdown", "html"])
def test_an_answer_echoing_the_key_never_reaches_the_cache_the_briefing_or_the_terminal(
    tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "out" / "briefing.out"
    done = loopback_run(tmp_path, "echo-key-answer", "--format", fmt, "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert re.search(r"session Bearer \\?\[key\\?\]", out.read_text())  # the echo arrived, and was scrubbed
    files = every_file_under(tmp_path)
    assert any("cache" in p.parts for p in files) and any(p.parent.name == "record" for p in files)
    assert [p for p, data in files.items() if LOOPBACK_KEY.encode() in data] == []
    assert LOOPBACK_KEY not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (f"key {LOOPBACK_KEY} echoed", "key [key] echoed"),
        ("Authorization: Bearer abc.def-123456", "Authorization: Bearer [key]"),
        ('{"authorization": "tok_8f7e6d5c4b3a"}', '{"authorization": "[key]"}'),
        ("Basic dXNlcjpwYXNzd29yZA==", "Basic [key]"),
        ("The authorization: councillors voted 12 to 3.", "The authorization: councillors voted 12 to 3."),
        ("a bearer of bad news", "a bearer of bad news"),
    ],
)
def test_the_scrubber_removes_keys_and_authorization_values_and_nothing_else(text: str, scrubbed: str) -> None:
    remember_secret(LOOPBACK_KEY)
    assert scrub(text) == scrubbed


def test_a_placeholder_key_is_not_scrubbed_from_ordinary_words() -> None:
    remember_secret("ollama")  # what Ollama's docs suggest as the key: not a secret
    assert scrub("served by ollama on loopback") == "served by ollama on loopback"


def test_every_file_briefer_writes_and_every_line_it_prints_is_scrubbed(tmp_path: Path) -> None:
    remember_secret(LOOPBACK_KEY)
    write_atomic(tmp_path / "briefing.json", f'{{"title": "leaked {LOOPBACK_KEY}"}}')
    write_atomic(tmp_path / "raw.bin", b"Authorization: Bearer tok-1234567890abcdef")
    terminal = io.StringIO()
    ScrubbedStream(terminal).write(f"briefer: error: HTTP 401: Incorrect API key provided: {LOOPBACK_KEY}\n")

    assert (tmp_path / "briefing.json").read_text() == '{"title": "leaked [key]"}'
    assert (tmp_path / "raw.bin").read_bytes() == b"Authorization: Bearer [key]"
    assert terminal.getvalue() == "briefer: error: HTTP 401: Incorrect API key provided: [key]\n"


REAL_LOOKING_KEY = re.compile(
    rb"(?<![A-Za-z0-9])sk-(?!test)[A-Za-z0-9_-]{16,}|Bearer [A-Za-z0-9_.-]{8,}|api-key[\"']?\s*[:=]", re.I
)


@pytest.mark.parametrize(
    ("text", "leaks"),
    [
        (b'"sk-proj-4fJq9ZkLm2Xw8VbN7tR1"', True),
        (b"Authorization: Bearer abc.def-123456", True),
        (b'{"api-key": "x"}', True),
        (b"sk-test-briefer-NOT-A-REAL-KEY-7f3a9c", False),
        (b"ask-questions-later-and-longer", False),
    ],
)
def test_the_credential_pattern(text: bytes, leaks: bool) -> None:
    assert bool(REAL_LOOKING_KEY.search(text)) is leaks


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (PACKAGE.parent / "fixtures").rglob("*") if p.is_file()),
    ids=lambda p: str(p.relative_to(PACKAGE.parent / "fixtures")),
)
def test_no_committed_fixture_holds_a_credential(path: Path) -> None:
    assert REAL_LOOKING_KEY.search(path.read_bytes()) is None
