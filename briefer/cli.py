"""briefer's command line: parsing, exit codes, nothing else.

    briefer summarize fixtures/articles/                 # embedded engine, no key, no network
    briefer summarize a.txt b.md --out briefing.json     # also write the checked briefing
    briefer summarize fixtures/articles/ --format markdown
    OPENAI_API_KEY=… briefer summarize articles/ -m gpt-4o-mini
    briefer check briefing.json --sources articles/ --format json
    briefer review briefing.json --sources articles/
    briefer export briefing.json --format html --out report.html --sources articles/
    briefer schema > briefing.schema.json                # the Briefing's JSON Schema
    briefer schema check                                 # the schema of check --format json
    briefer --version

Exit codes: 0 success; 1 something flagged (check, summarize --fail-on-flagged) or export blocked
by undecided flags; 2 bad usage or input, or a model endpoint that failed after every retry.
Set BRIEFER_RAISE_ERRORS=1 to see tracebacks instead of one-line errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from rich.console import Console

from briefer.config import Settings, briefer_version, raise_errors_requested
from briefer.errors import BrieferError, ModelError
from briefer.redact import ScrubbedStream, scrub

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2


def _add_endpoint_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model endpoint (any OpenAI-compatible server)")
    g.add_argument("-m", "--model", help="model name (env BRIEFER_MODEL; default gpt-4o-mini)")
    g.add_argument("--timeout", type=float, help="seconds one model request may take in all (default 60)")
    g.add_argument("--budget", type=float, help="seconds a run may spend on model calls in all (default 1800)")
    g.add_argument("--concurrency", type=int, help="model calls in flight at once (default 4)")
    g.add_argument("--cache-dir", type=Path, help="response cache (env BRIEFER_CACHE_DIR; default ~/.cache/briefer)")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the response cache")
    g.add_argument("--record", type=Path, metavar="DIR", help="save every HTTP exchange as a fixture (keys removed)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefer",
        description="Turn news articles into a briefing whose every sentence is checked against its sources.",
        epilog="Run 'briefer COMMAND --help' for a command's options.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"briefer {briefer_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_summarize(sub)
    _add_check(sub)
    _add_review(sub)
    _add_export(sub)
    _add_schema(sub)
    return parser


def _add_summarize(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("summarize", help="write a checked briefing from articles")
    s.add_argument("paths", nargs="+", help=".txt/.md files, directories, or - for stdin")
    s.add_argument("--engine", choices=["auto", "extractive", "llm"], help="default: llm if an endpoint is set")
    s.add_argument("--language", help="language of the briefing (llm engine; default en)")
    s.add_argument("--format", choices=["rich", "json", "markdown", "html"], default="rich")
    s.add_argument("-o", "--out", type=Path, help="write the briefing (JSON for --format rich) to this file")
    s.add_argument("--fail-on-flagged", action="store_true", help="exit 1 when any sentence is flagged")
    s.add_argument("--judge", choices=["rules", "llm"], help="who settles what the rules cannot (default rules)")
    s.add_argument("--chunk-tokens", type=int, help="token budget per chunk (default 1500)")
    s.add_argument("--max-sentences", type=int, metavar="N", help="at most N sentences (extractive; default 25)")
    s.add_argument("--stories", type=int, metavar="N", help="at most N stories (extractive; default 10)")
    s.add_argument("--strict", action="store_true", help="stop on any unusable file instead of skipping it")
    s.add_argument(
        "--batch",
        action="store_true",
        help="send the map stage through the OpenAI Batch API (resumes the same batch after a crash)",
    )
    _add_endpoint_options(s)


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("check", help="check a briefing's sentences against their sources")
    c.add_argument("briefing", type=Path)
    c.add_argument("--sources", nargs="+", required=True, metavar="PATH")
    c.add_argument("--format", choices=["rich", "json"], default="rich")
    c.add_argument("-o", "--out", type=Path, help="also write the checked briefing JSON here")
    c.add_argument("--judge", choices=["rules", "llm"], help="who settles what the rules cannot (default rules)")
    _add_endpoint_options(c)


def _add_review(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    r = sub.add_parser("review", help="decide on flagged sentences, one by one")
    r.add_argument("briefing", type=Path)
    r.add_argument("--sources", nargs="+", required=True, metavar="PATH", help="the articles the briefing cites")
    r.add_argument("--all", action="store_true", help="review every sentence, not only the flagged ones")
    r.add_argument("--editor", help="name recorded with each decision (default $USER)")


def _add_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    e = sub.add_parser("export", help="write the publishable briefing")
    e.add_argument("briefing", type=Path)
    e.add_argument("--format", choices=["markdown", "html"], default="markdown")
    e.add_argument("-o", "--out", type=Path)
    e.add_argument("--sources", nargs="+", required=True, metavar="PATH", help="the articles the briefing cites")
    e.add_argument("--allow-open", action="store_true", help="export even with undecided flagged sentences")
    e.add_argument(
        "--audit",
        type=Path,
        metavar="FILE",
        help="also write the audit trail (verdicts, scores, every editor decision) as JSON here",
    )


def _add_schema(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sc = sub.add_parser("schema", help="print the JSON Schema of a briefing or of check's JSON report")
    sc.add_argument(
        "output",
        nargs="?",
        choices=["briefing", "check"],
        default="briefing",
        help="briefing (summarize --format json, --out) or check (check --format json)",
    )


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        engine=getattr(args, "engine", None),
        model=getattr(args, "model", None),
        language=getattr(args, "language", None),
        timeout=getattr(args, "timeout", None),
        budget=getattr(args, "budget", None),
        concurrency=getattr(args, "concurrency", None),
        cache_dir=getattr(args, "cache_dir", None),
        use_cache=False if getattr(args, "no_cache", False) else None,
        record_dir=getattr(args, "record", None),
        judge=getattr(args, "judge", None),
        chunk_tokens=getattr(args, "chunk_tokens", None),
        max_sentences=getattr(args, "max_sentences", None),
        max_stories=getattr(args, "stories", None),
        strict=getattr(args, "strict", False) or None,
        batch=getattr(args, "batch", False) or None,
    )


def _emit(text: str, out: Path | None, stderr: Console) -> None:
    from briefer.files import write_atomic

    if out is None:
        sys.stdout.write(scrub(text if text.endswith("\n") else text + "\n"))
    else:
        write_atomic(out, text)
        stderr.print(f"wrote {out}")


def _cmd_summarize(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.files import write_briefing
    from briefer.pipeline import summarize
    from briefer.progress import progress_display

    settings = _settings(args)
    _refuse_inputs_as_out(args, args.paths)
    with progress_display(stderr) as progress:
        briefing, sources = summarize(args.paths, settings, progress=progress, on_warning=_warner(stderr))
    if args.format == "rich":
        from briefer.report import render_report

        render_report(briefing, sources, stdout)
        if args.out:
            write_briefing(args.out, briefing)
            stderr.print(f"wrote {args.out}")
    elif args.format == "json":
        _emit(briefing.model_dump_json(indent=2), args.out, stderr)
    elif args.format == "markdown":
        from briefer.render.markdown import render_markdown

        _emit(render_markdown(briefing, sources, allow_open=True), args.out, stderr)
    else:
        from briefer.render.html import render_html

        _emit(render_html(briefing, sources), args.out, stderr)
    flagged = any(s.flagged for _, _, s in briefing.sentences())
    return EXIT_FLAGGED if args.fail_on_flagged and flagged else EXIT_OK


def _cmd_check(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.files import read_briefing, write_briefing
    from briefer.pipeline import check
    from briefer.verify import check_report

    _refuse_inputs_as_out(args, [args.briefing, *args.sources])
    briefing, sources = check(read_briefing(args.briefing), args.sources, _settings(args), on_warning=_warner(stderr))
    if args.out:
        write_briefing(args.out, briefing)
    report = check_report(briefing)
    if args.format == "json":
        sys.stdout.write(scrub(report.model_dump_json(indent=2) + "\n"))
    else:
        from briefer.report import render_report

        render_report(briefing, sources, stdout)
    return EXIT_FLAGGED if report.summary.get("flagged", 0) else EXIT_OK


def _cmd_review(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    import getpass

    from briefer.ingest import load_sources
    from briefer.review import run_review

    # The folder summarize read: what it skipped with a warning is skipped here too, with the same warning
    # (a cited source that is missing is flagged by the re-check, never passed).
    sources = load_sources(args.sources, on_warning=_warner(stderr))
    editor = args.editor or getpass.getuser()
    # run_review locks the file, confirms every verdict against the sources and saves what it re-checked.
    run_review(
        args.briefing, sources, all_sentences=args.all, editor=editor, console=stdout, on_warning=_warner(stderr)
    )
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.errors import InputError
    from briefer.export import ExportBlocked, publish_briefing
    from briefer.files import read_briefing, refuse_overwriting_inputs, write_atomic
    from briefer.pipeline import open_briefing

    _refuse_inputs_as_out(args, [args.briefing, *args.sources])
    refuse_overwriting_inputs(args.audit, [args.briefing, *args.sources, *([args.out] if args.out else [])])
    if args.audit and args.out and args.audit.absolute() == args.out.absolute():
        raise InputError(f"--audit {args.audit}: is the --out file; write the audit trail to another file")
    briefing, sources = open_briefing(read_briefing(args.briefing), args.sources, on_warning=_warner(stderr))
    try:
        text, audit = publish_briefing(briefing, sources, fmt=args.format, allow_open=args.allow_open)
    except ExportBlocked as exc:
        stderr.print(f"briefer: {exc}", markup=False, highlight=False)
        return EXIT_FLAGGED
    _emit(text, args.out, stderr)
    if args.audit:
        write_atomic(args.audit, audit.model_dump_json(indent=2) + "\n")
        stderr.print(f"wrote the audit trail to {args.audit}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.schema import output_schema

    sys.stdout.write(json.dumps(output_schema(args.output), indent=2) + "\n")
    return EXIT_OK


def _refuse_inputs_as_out(args: argparse.Namespace, inputs: Sequence[str | Path]) -> None:
    """Before any work: an ``--out`` that names an input would replace it."""
    from briefer.files import refuse_overwriting_inputs

    refuse_overwriting_inputs(getattr(args, "out", None), inputs)


def _warner(stderr: Console) -> Callable[[str], None]:
    def warn(message: str) -> None:
        stderr.print(f"warning: {message}", style="yellow", markup=False, highlight=False)

    return warn


INTERRUPTED = {
    "summarize": "finished model calls are cached and will not be repeated",
    "check": "finished model calls are cached and will not be repeated",
    "review": "every decision so far is saved; run review again to continue",
    "export": "nothing was written",
    "schema": "nothing was written",
}

COMMANDS = {
    "summarize": _cmd_summarize,
    "check": _cmd_check,
    "review": _cmd_review,
    "export": _cmd_export,
    "schema": _cmd_schema,
}


def error_line(exc: BrieferError, cached: bool = True) -> str:
    """The one line a failure is shown as; a model failure adds what its fields say a user can act on
    (that a re-run repeats no finished call only when there is a cache: not under ``--no-cache``)."""
    line = str(exc)
    if isinstance(exc, ModelError):
        if exc.request_id and exc.request_id not in line:
            line += f" (request id {exc.request_id})"
        if exc.retryable and cached:
            line += "; finished calls are cached, so running again repeats none of them"
    return scrub(f"briefer: error: {line}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Whatever a source, a model or a server put in the output, the key never reaches the terminal.
    stdout = Console(file=ScrubbedStream(sys.stdout))  # type: ignore[arg-type]  # a TextIO in all but name
    stderr = Console(file=ScrubbedStream(sys.stderr))  # type: ignore[arg-type]
    try:
        return COMMANDS[args.command](args, stdout, stderr)
    except BrieferError as exc:
        if raise_errors_requested():
            raise
        cached = not getattr(args, "no_cache", False)
        stderr.print(error_line(exc, cached), markup=False, highlight=False, soft_wrap=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        stopped = INTERRUPTED[args.command]
        if getattr(args, "no_cache", False) and "cached" in stopped:
            stopped = "--no-cache: finished model calls were not kept"
        stderr.print(f"briefer: interrupted; {stopped}")
        return 130


def without_httpx_cli() -> None:
    """Keep httpx's own command-line client out of this process: ``import httpx`` imports it whenever
    click is installed (click, pygments' lexers, rich's syntax and tables: 20-30 ms before the first
    model request, ``bench/llm_pipeline.py``). briefer never runs the ``httpx`` command; with the
    module marked missing, httpx falls back to its stub. Nothing changes if httpx is imported already."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None in sys.modules: "not importable"


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The ``briefer`` command: ``main``, then out of the process without tearing the interpreter down.

    Everything is written and flushed by then (the briefing and the cache atomically, with fsync;
    no thread is left running), so what a normal exit adds is freeing every object one by one: the
    checker's word tables, the tokenizer and the openai client's modules, seconds on a busy machine
    (``bench/llm_pipeline.py`` times the whole process). mypy ends its runs the same way. A traceback
    (``BRIEFER_RAISE_ERRORS``) and argparse's own exits leave the usual way, and so does a run under a
    profiler or a coverage tracer, which write their results at exit.
    """
    without_httpx_cli()
    code = main(argv)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can reach it anyway
            pass
    os._exit(code)
