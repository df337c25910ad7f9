"""Paths or stdin → Source. The original decoded text is kept exactly; every offset points into it.

Decoding choices: UTF-8 is the format. A leading UTF-8 byte-order mark is an encoding marker, not
text, so it is dropped before offsets start (``sha256`` is still of the raw bytes). UTF-16/32 with a
BOM (what Windows editors write as "Unicode") is decoded, since the BOM makes it unambiguous.
Anything else that is not valid UTF-8 is refused with a message saying how to re-save it.
HTML pages are refused too: their tags would sit inside sentences, where no offset-exact
stripping can keep both the quotes and the spans honest.

Files are read with a size cap (``MAX_FILE_BYTES``), reading at most one byte more, so a huge file
costs no more memory than an acceptable one; a line cap (``MAX_LINES``) bounds the per-line work.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from briefer import metadata
from briefer.controls import find_controls
from briefer.errors import InputError
from briefer.furniture import find_furniture, find_title
from briefer.language import detect_language
from briefer.markup import read_markdown
from briefer.models import Furniture, Source, Span

__all__ = ["detect_language", "expand_paths", "find_date", "load_sources", "read_source", "shown"]

ARTICLE_SUFFIXES = (".txt", ".md")
MAX_FILE_BYTES = 5 * 1024 * 1024
# A long article has a few hundred lines; millions of tiny lines are a data dump, and each line costs
# furniture rules and a sentence, so the cap keeps a hostile file from taking minutes.
MAX_LINES = 50_000
SUPPORTED_LANGUAGES = ("en", "de")

_MAGIC = (
    (b"%PDF", "a PDF document", "export the article as plain text (.txt) first"),
    (b"\x89PNG", "a PNG image", "give the article text, not a picture of it"),
    (b"GIF8", "a GIF image", "give the article text, not a picture of it"),
    (b"\xff\xd8\xff", "a JPEG image", "give the article text, not a picture of it"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)", "save the article as plain text (.txt) first"),
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first (gunzip)"),
    (b"\x7fELF", "a program", "give the article text instead"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_BLOCK_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|h[1-6]|script|style|table|td|tr|img|meta)\b[^<>]{0,300}>", re.IGNORECASE
)
_HTML_TAGS_THRESHOLD = 5
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_RESAVE = "re-save as UTF-8 (e.g. iconv -f latin1 -t utf-8 {name} > {stem}.utf8.txt)"


def read_source(path: str | Path, data: bytes | None = None) -> Source:
    """One article as a Source: decoded text, date, title, language and furniture (raises InputError)."""
    label = shown(path)
    if data is None:
        data = _read_capped(path, label)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(
            f"{label}: larger than {MAX_FILE_BYTES // 2**20} MB; split it into separate articles "
            f"(e.g. split -C 1M {label} part-) and give those"
        )
    text = _decode(data, label)
    if (lines := text.count("\n")) > MAX_LINES:
        raise InputError(
            f"{label}: has {lines:,} lines, more than any article ({MAX_LINES:,}); "
            "split it into separate articles and give those"
        )
    if not text.strip():
        what = "is empty" if not text else "contains only whitespace"
        raise InputError(f"{label}: {what}; give a file with the article's text")
    if _HTML_DOCUMENT.search(text, 0, 4096) or _count_up_to(_HTML_BLOCK_TAG, text, _HTML_TAGS_THRESHOLD):
        raise InputError(
            f"{label}: looks like an HTML page, not article text; save it as plain text "
            f"(e.g. pandoc -f html -t plain page.html -o page.txt)"
        )
    if (data_kind := _data_kind(text)) is not None:
        raise InputError(f"{label}: looks like {data_kind}, not an article; give the articles' text files")
    furniture = find_furniture(text)
    markup: list[Span] = []
    if label != "stdin" and str(path).lower().endswith(".md"):
        front = next((f.end for f in furniture if f.start == 0 and f.kind == "metadata"), 0)
        structure = read_markdown(text, skip_to=front)
        furniture = sorted(furniture + structure.furniture, key=lambda f: (f.start, f.end))
        markup = structure.markup
    title_span = find_title(text, furniture)
    if title_span is not None:
        # The title is content (it may open the first chunk), so the heading that holds it is not furniture.
        furniture = [f for f in furniture if not (f.start <= title_span.start and title_span.end <= f.end)]
    title_only = [Furniture(start=title_span.start, end=title_span.end, kind="title")] if title_span else []
    body = _content(text, furniture + title_only)
    if not any(c.isalnum() for c in body):  # "---", "***", "...": rules and dots are no text either
        raise InputError(
            f"{label}: no article text, only headings or page furniture (share buttons, captions …); "
            "give the article itself"
        )
    about = metadata.describe(text, [(f.start, f.end, f.kind) for f in furniture])
    return Source(
        id="stdin" if label == "stdin" else _CONTROL.sub("_", Path(path).stem),
        path="stdin" if label == "stdin" else str(path),
        title=text[title_span.start : title_span.end] if title_span else None,
        title_span=title_span,
        date=about.date,
        author=about.author,
        outlet=about.outlet,
        language=detect_language(body),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        furniture=tuple(furniture),
        controls=find_controls(text),
        markup=tuple(markup),
    )


def shown(path: str | Path) -> str:
    """A path as messages show it: control characters escaped, so that a message stays one line."""
    if str(path) == "-":
        return "stdin"
    return _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], str(path))


def _read_capped(path: str | Path, label: str) -> bytes:
    if label == "stdin":
        return sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{label}: no such file (or a broken link); check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{label}: is a directory; give it as a directory argument") from exc
    except PermissionError as exc:
        raise InputError(f"{label}: permission denied; make it readable (chmod u+r {label})") from exc
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or exc}); check the file") from exc


def _decode(data: bytes, label: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # the codec reads the BOM for byte order and drops it
            except UnicodeDecodeError as exc:
                raise InputError(f"{label}: damaged {codec.upper()} text; re-save as UTF-8") from exc
            if "\x00" in text:
                raise InputError(
                    f"{label}: {codec.upper()} text with NUL characters (binary data?); re-save as UTF-8 text"
                )
            return text
    for magic, what, todo in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{label}: looks like {what}, not text; {todo}")
    if b"\x00" in data:
        raise InputError(
            f"{label}: contains NUL bytes (binary data, or UTF-16 without a byte-order mark); re-save as UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        name = Path(label).name
        stem = Path(label).stem
        looks = "looks like Latin-1/Windows-1252 text" if _looks_latin1(data) else "is not UTF-8"
        raise InputError(
            f"{label}: {looks} (invalid UTF-8 at byte {exc.start}); {_RESAVE.format(name=name, stem=stem)}"
        ) from exc


def _looks_latin1(data: bytes) -> bool:
    """Bytes above 0x7f that are mostly letters in Windows-1252 (ä, é, ß …), as in Latin-1 text."""
    high = [b for b in data[:65536] if b > 0x7F]
    letters = sum(1 for b in high if bytes([b]).decode("cp1252", errors="replace").isalpha())
    return bool(high) and letters / len(high) > 0.8


_DATA_SEPARATORS = (",", ";", "\t", "|")
_DATA_MIN_ROWS = 3


def _data_kind(text: str) -> str | None:
    """ "JSON data" or "a table (CSV/TSV)" when the text is one; articles are neither.

    A table is recognised by its first lines all having the same number (three or more) of fields,
    its header line ending without a full stop and most rows not ending a sentence: prose lines
    neither agree on their comma count nor end like table rows.
    """
    head = text.lstrip()[:1]
    if head in "{[" and head:
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return "JSON data"
    lines = [line for line in text[:65536].splitlines()[:20] if line.strip()]
    if len(lines) < _DATA_MIN_ROWS or lines[0].rstrip()[-1:] in tuple(".!?"):
        return None
    if sum(line.rstrip()[-1:] in tuple('.!?"”“') for line in lines) * 2 > len(lines):
        return None  # prose: most lines end a sentence, table rows do not
    for sep in _DATA_SEPARATORS:
        widths = {len(row) for row in csv.reader(lines, delimiter=sep)}  # quoted fields may hold the separator
        if len(widths) == 1 and widths.pop() >= 3:
            return "a table (CSV/TSV)"
    return None


def _count_up_to(pattern: re.Pattern[str], text: str, limit: int) -> bool:
    for count, _ in enumerate(pattern.finditer(text, 0, 65536), start=1):
        if count >= limit:
            return True
    return False


def _content(text: str, spans: list[Furniture]) -> str:
    """The text outside ``spans``, joined by newlines."""
    parts, pos = [], 0
    for f in sorted(spans, key=lambda f: f.start):
        parts.append(text[pos : f.start])
        pos = max(pos, f.end)
    parts.append(text[pos:])
    return "\n".join(parts)


# -- metadata ------------------------------------------------------------------------------------


def find_date(text: str, furniture: list[Furniture]) -> dt.date | None:
    """The publication date from the header furniture (a date line, byline, dateline or metadata).

    Dates in the article body are about events, not publication, so they are never used.
    """
    return metadata.describe(text, [(f.start, f.end, f.kind) for f in furniture]).date


# -- many files ----------------------------------------------------------------------------------

Warn = Callable[[str], None]


def expand_paths(paths: Iterable[str | Path], problem: Warn, warn: Warn) -> list[str | Path]:
    """Files as given, directories expanded recursively in sorted order, ``-`` kept for stdin.

    A directory without articles is reported to ``problem``. Directory walks do not follow symlinked
    directories (so a symlink loop cannot hang them) and skip hidden entries (.git, .DS_Store).
    """
    out: list[str | Path] = []
    for p in paths:
        if str(p) == "-":
            out.append("-")
        elif os.path.isdir(p):
            out.extend(_walk(Path(p), problem, warn))
        else:
            out.append(Path(p))  # reading it will say what is wrong, if anything
    return out


# Files that live beside articles but are about them, not news: a README or notes in the folder must
# never be briefed. Only directory walks skip them; a file given by name is read as asked.
_NOT_ARTICLE_STEM = re.compile(
    r"(?:readme|liesmich|notes?|notizen|todo|changelog|changes|history|license|licence|copying|contributing"
    r"|authors|briefing)(?:[-_. ].*)?",
    re.IGNORECASE,
)
_NAMED_AT_MOST = 5


def _walk(top: Path, problem: Warn, warn: Warn) -> list[Path]:
    found: list[Path] = []
    other: list[Path] = []  # not .txt/.md
    unlike: list[Path] = []  # .txt/.md, but a README, notes …
    special: list[Path] = []  # not a regular file (FIFO, socket, device): opening a FIFO blocks for ever

    def unlistable(exc: OSError) -> None:
        warn(f"{shown(exc.filename or top)}: cannot be listed ({exc.strerror or exc}); check its permissions")

    for root, dirs, names in os.walk(top, onerror=unlistable, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            path = Path(root, name)
            if not name.lower().endswith(ARTICLE_SUFFIXES):
                other.append(path)
            elif _NOT_ARTICLE_STEM.fullmatch(path.stem):
                unlike.append(path)
            elif not _is_regular(path):
                special.append(path)
            else:
                found.append(path)
    if not found:
        problem(f"{shown(top)}: no .txt or .md files inside; give the articles' directory or the files")
    if other:
        warn(f"{shown(top)}: skipped {_named(other)}: not .txt or .md; rename articles to .txt to include them")
    if unlike:
        warn(
            f"{shown(top)}: skipped {_named(unlike)}: by its name a README or notes, not an article; "
            "give it by name to include it"
        )
    if special:
        warn(
            f"{shown(top)}: skipped {_named(special)}: not a regular file (a FIFO, socket or device), "
            "so it was not opened"
        )
    return sorted(found, key=lambda path: path.parts)  # same order as sorting Paths, without their slow __lt__


def _is_regular(path: Path) -> bool:
    """A regular file, or a name that cannot be looked at (reading it will say what is wrong)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def _named(paths: list[Path]) -> str:
    names = ", ".join(shown(p.name) for p in sorted(paths)[:_NAMED_AT_MOST])
    more = f" and {len(paths) - _NAMED_AT_MOST} more" if len(paths) > _NAMED_AT_MOST else ""
    return f"{len(paths)} file{'' if len(paths) == 1 else 's'} ({names}{more})"


def load_sources(paths: Iterable[str | Path], strict: bool = False, on_warning: Warn | None = None) -> list[Source]:
    """Every usable article under ``paths``, in order; problems are warned about and skipped.

    With ``strict`` the first problem raises InputError instead. If nothing usable remains,
    InputError says why in one line.
    """
    return list(iter_sources(paths, strict=strict, on_warning=on_warning))


def iter_sources(paths: Iterable[str | Path], strict: bool = False, on_warning: Warn | None = None) -> Iterator[Source]:
    """``load_sources`` one article at a time, each as soon as it is read (the LLM pipeline sends a
    source's map calls while the next ones are still being read). The warnings come, and the
    InputError for nothing usable is raised, once every path has been read, as ``load_sources`` does.
    """
    notes: list[str] = []  # everything to tell the user, in the order it happened
    problems: list[str] = []  # the notes about articles that were skipped

    def problem(message: str) -> None:
        if strict:
            raise InputError(message)
        problems.append(message)
        notes.append(message)

    if isinstance(paths, str | Path):  # one path, not an iterable of its characters
        paths = [paths]
    expanded = expand_paths(paths, problem, notes.append)
    sources: list[Source] = []
    first_with_hash: dict[str | None, Source] = {}
    used_ids: set[str] = set()
    for item in expanded:
        try:
            source = read_source(item)
        except InputError as exc:
            problem(str(exc))
            continue
        if source.sha256 in first_with_hash:
            problem(
                f"{shown(source.path)}: same content as {shown(first_with_hash[source.sha256].path)}; "
                "skipped the copy (remove one of them to silence this)"
            )
            continue
        first_with_hash[source.sha256] = source
        source.id = _unique_id(source, used_ids, notes.append)
        if source.language not in SUPPORTED_LANGUAGES:
            notes.append(_language_warning(source))
        if instructions := [f for f in source.furniture if f.kind == "instruction"]:
            notes.append(_instruction_warning(source, instructions))
        sources.append(source)
        yield source
    if not sources and len(problems) == 1:
        raise InputError(problems[0])
    if on_warning is not None:
        for message in notes:
            on_warning(message)
    if not sources:
        raise InputError(_nothing_usable(problems))


def _instruction_warning(source: Source, instructions: list[Furniture]) -> str:
    """Say that an article holds lines addressed to a model, and that they are data: never briefed, never
    obeyed (a sentence citing one is flagged)."""
    first = " ".join(source.text[instructions[0].start : instructions[0].end].split())
    shown_line = first if len(first) <= 60 else first[:57] + "…"
    return (
        f'{shown(source.path)}: {len(instructions)} line(s) read as instructions to a model ("{shown_line}"); '
        "left out of the briefing and of every model request, never followed"
    )


def _unique_id(source: Source, used: set[str], warn: Warn) -> str:
    candidate, n = source.id, 1
    while candidate in used:
        n += 1
        candidate = f"{source.id}-{n}"
    if candidate != source.id:
        warn(
            f"{shown(source.path)}: another article is also called {source.id!r}; this one is {candidate!r} "
            "in the briefing (rename a file to choose)"
        )
    used.add(candidate)
    return candidate


def _language_warning(source: Source) -> str:
    if source.language == "und":
        return (
            f"{shown(source.path)}: could not tell the language; kept, but briefer is tuned for English and "
            "German, so check its sentences closely"
        )
    return (
        f"{shown(source.path)}: written in {source.language!r}, not English or German; kept, but sentence "
        "splitting and checking are tuned for en/de, so check its sentences closely"
    )


def _nothing_usable(problems: list[str]) -> str:
    if not problems:
        return "no articles given; pass .txt or .md files, directories, or - for stdin"
    if len(problems) == 1:
        return problems[0]
    return f"no usable articles ({len(problems)} problems); the first: {problems[0]}"
