"""briefer's command line: parsing, exit codes, nothing else.

    briefer summarize fixtures/articles/                 # embedded engine, no key, no network
    briefer summarize a.txt b.md --out briefing.json     # also write the checked briefing
    briefer summarize fixtures/articles/ --format markdown
    OPENAI_API_KEY=… briefer summarize articles/ -m gpt-4o-mini
    briefer check briefing.json --sources articles/ --format json
    briefer review briefing.json --sources articles/
    briefer export briefing.json --format html --out report.html --sources articles/
    briefer schema > briefing.schema.json

Exit codes: 0 success; 1 something flagged (check, summarize --fail-on-flagged) or export blocked
by undecided flags; 2 bad usage or input, or a model endpoint that failed after every retry.
Set BRIEFER_RAISE_ERRORS=1 to see tracebacks instead of one-line errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from briefer.config import Settings
from briefer.errors import BrieferError

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2


def _add_endpoint_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model endpoint (any OpenAI-compatible server)")
    g.add_argument("-m", "--model", help="model name (env BRIEFER_MODEL; default gpt-4o-mini)")
    g.add_argument("--timeout", type=float, help="seconds per model request (default 60)")
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
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    s.add_argument("--batch", action="store_true",
                   help="send the map stage through the OpenAI Batch API (resumes the same batch after a crash)")
    _add_endpoint_options(s)

    c = sub.add_parser("check", help="check a briefing's sentences against their sources")
    c.add_argument("briefing", type=Path)
    c.add_argument("--sources", nargs="+", required=True, metavar="PATH")
    c.add_argument("--format", choices=["rich", "json"], default="rich")
    c.add_argument("-o", "--out", type=Path, help="also write the checked briefing JSON here")
    c.add_argument("--judge", choices=["rules", "llm"], help="who settles what the rules cannot (default rules)")
    _add_endpoint_options(c)

    r = sub.add_parser("review", help="decide on flagged sentences, one by one")
    r.add_argument("briefing", type=Path)
    r.add_argument("--sources", nargs="+", required=True, metavar="PATH", help="the articles the briefing cites")
    r.add_argument("--all", action="store_true", help="review every sentence, not only the flagged ones")
    r.add_argument("--editor", help="name recorded with each decision (default $USER)")

    e = sub.add_parser("export", help="write the publishable briefing")
    e.add_argument("briefing", type=Path)
    e.add_argument("--format", choices=["markdown", "html"], default="markdown")
    e.add_argument("-o", "--out", type=Path)
    e.add_argument("--sources", nargs="+", required=True, metavar="PATH", help="the articles the briefing cites")
    e.add_argument("--allow-open", action="store_true", help="export even with undecided flagged sentences")

    sub.add_parser("schema", help="print the Briefing JSON Schema")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        engine=getattr(args, "engine", None),
        model=getattr(args, "model", None),
        language=getattr(args, "language", None),
        timeout=getattr(args, "timeout", None),
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
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_atomic(out, text)
        stderr.print(f"wrote {out}")


def _cmd_summarize(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.files import write_briefing
    from briefer.pipeline import summarize
    from briefer.progress import progress_display

    settings = _settings(args)
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

    briefing, sources = check(read_briefing(args.briefing), args.sources, _settings(args))
    if args.out:
        write_briefing(args.out, briefing)
    report = check_report(briefing)
    if args.format == "json":
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        from briefer.report import render_report

        render_report(briefing, sources, stdout)
    return EXIT_FLAGGED if report.summary.get("flagged", 0) else EXIT_OK


def _cmd_review(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    import getpass

    from briefer.files import read_briefing, write_briefing
    from briefer.pipeline import open_briefing
    from briefer.review import run_review

    original = read_briefing(args.briefing)
    briefing, sources = open_briefing(original, args.sources, on_warning=_warner(stderr))
    if briefing is not original:
        write_briefing(args.briefing, briefing)  # (re-)checked by open_briefing: review what it found
    editor = args.editor or getpass.getuser()
    run_review(args.briefing, sources, all_sentences=args.all, editor=editor, console=stdout)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.export import ExportBlocked, export_briefing
    from briefer.files import read_briefing
    from briefer.pipeline import open_briefing

    briefing, sources = open_briefing(read_briefing(args.briefing), args.sources, on_warning=_warner(stderr))
    try:
        text = export_briefing(briefing, sources, fmt=args.format, allow_open=args.allow_open)
    except ExportBlocked as exc:
        stderr.print(f"briefer: {exc}", markup=False, highlight=False)
        return EXIT_FLAGGED
    _emit(text, args.out, stderr)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, stdout: Console, stderr: Console) -> int:
    from briefer.models import Briefing

    sys.stdout.write(json.dumps(Briefing.model_json_schema(), indent=2) + "\n")
    return EXIT_OK


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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdout = Console()
    stderr = Console(stderr=True)
    try:
        return COMMANDS[args.command](args, stdout, stderr)
    except BrieferError as exc:
        if Settings.from_env().raise_errors:
            raise
        stderr.print(f"briefer: error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        stderr.print(f"briefer: interrupted; {INTERRUPTED[args.command]}")
        return 130
