"""Markdown read as structure, with every offset exact into the original file.

A Markdown article's text is kept as written (quotes and spans index it, ``text[start:end] == quote``);
what is syntax rather than words is recorded beside it:

- furniture: code blocks, HTML blocks, horizontal rules, setext underlines, link reference definitions
  and images — never briefing content;
- markup spans: the characters that are syntax inside content — heading hashes, block-quote ``>`` and
  list markers, emphasis ``**``/``*``/``_``, link brackets and targets ``[…](url)``, inline-code
  backticks, backslash escapes. ``Source.plain(start, end)`` is the span's text without them, the
  words a reader sees.

Block structure comes from ``markdown-it-py`` (CommonMark; its tokens carry line maps); inline syntax is
located on the lines markdown-it says are paragraphs or headings, so that a ``*`` in a code block is
never taken for emphasis, and with CommonMark's flanking rules, so that snake_case is not either.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from briefer.models import Furniture, Span


class Structure(NamedTuple):
    furniture: list[Furniture]
    markup: list[Span]


_BLOCK_MARKERS = re.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:>[ \t]?)*")
_ATX_OPEN = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_LINK_DEFINITION = re.compile(r"[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*")
# Inline syntax: each pattern's groups named "m…" are markup, everything else is words.
_INLINE = re.compile(
    r"(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<m_lo>\[)(?=[^\]\n]+\]\([^)\s]*(?:[ \t]+\"[^\"\n]*\")?\))[^\]\n]+(?P<m_lc>\]\([^)\n]*\))"
    r"|(?P<m_ao><)(?=https?://[^>\s]+>|[\w.+-]+@[\w-]+\.[\w.-]+>)[^>\s]+(?P<m_ac>>)"
    r"|(?P<m_so>\*\*|__)(?=[^\s*_])[^\n]*?(?<=[^\s*_])(?P<m_sc>(?P=m_so))"
    r"|(?P<m_eo>(?<![\w*])\*|(?<![\w_])_)(?=[^\s*_])[^\n*_]*?(?<=[^\s*_])(?P<m_ec>\*(?![\w*])|_(?!\w))"
    r"|(?P<m_co>`+)[^`\n]+(?P<m_cc>(?P=m_co))"
    r"|(?P<m_esc>\\)(?=[!-/:-@\[-`{-~])"
)


_MAY_BE_INLINE = re.compile(r"[*_\[`<\\!]")


if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: only a .md article needs it, and a run of .txt articles reads its first article
    # (and sends its first model request) without it.
    from markdown_it import MarkdownIt

    # Block structure only: markdown-it's inline pass costs most of the time and gives no offsets;
    # inline syntax is located by _INLINE on the lines of paragraphs and headings.
    md = MarkdownIt("commonmark")
    md.core.ruler.disable(["inline", "text_join"])
    return md


def read_markdown(text: str, skip_to: int = 0) -> Structure:
    """The Markdown structure of ``text`` after offset ``skip_to`` (the end of any front matter)."""
    starts = _line_starts(text)
    furniture: list[Furniture] = []
    markup: list[Span] = []
    seen = [False] * len(starts)
    first_line = _line_of(starts, skip_to) if skip_to else 0
    tokens = _parser().parse(text)
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        a, b = tok.map
        if a < first_line:
            continue
        for n in range(a, b):
            seen[n] = True
        if tok.type in ("fence", "code_block", "html_block", "hr"):
            furniture.append(
                Furniture(
                    start=starts[a],
                    end=_line_end(text, starts, b - 1),
                    kind="code" if tok.type in ("fence", "code_block") else "markup",
                )
            )
        elif tok.type == "heading_open" and tok.markup in ("=", "-"):  # setext: the underline line
            furniture.append(Furniture(start=starts[b - 1], end=_line_end(text, starts, b - 1), kind="markup"))
        elif tok.type in ("blockquote_open", "list_item_open"):
            for n in range(a, b):
                m = _BLOCK_MARKERS.match(text, starts[n], _line_end(text, starts, n))
                if m and m.end() > m.start():
                    markup.append(Span(start=m.start(), end=m.end()))
        elif tok.type == "inline" and i > 0:
            if tokens[i - 1].type == "heading_open" and tokens[i - 1].markup.startswith("#"):
                markup.extend(_atx_markers(text, starts[a], _line_end(text, starts, a)))
            if _MAY_BE_INLINE.search(tok.content):
                for n in range(a, b):
                    markup.extend(_inline_markup(text, starts[n], _line_end(text, starts, n)))
    for n, start in enumerate(starts[first_line:], start=first_line):
        end = _line_end(text, starts, n)
        if not seen[n] and _LINK_DEFINITION.fullmatch(text, start, end):
            furniture.append(Furniture(start=start, end=end, kind="markup"))
    return Structure(sorted(furniture, key=lambda f: (f.start, f.end)), _disjoint(markup))


def _atx_markers(text: str, ls: int, le: int) -> list[Span]:
    spans = []
    if m := _ATX_OPEN.match(text, ls, le):
        spans.append(Span(start=m.start(), end=m.end()))
    if m := _ATX_CLOSE.search(text, ls, le):
        spans.append(Span(start=m.start(), end=m.end()))
    return spans


def _inline_markup(text: str, ls: int, le: int) -> list[Span]:
    spans = []
    for m in _INLINE.finditer(text, ls, le):
        if m.group("image"):
            spans.append(Span(start=m.start(), end=m.end()))
            continue
        for name, value in m.groupdict().items():
            if name.startswith("m_") and value:
                spans.append(Span(start=m.start(name), end=m.end(name)))
    return spans


def _disjoint(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and s.start < out[-1].end:
            out[-1] = Span(start=out[-1].start, end=max(out[-1].end, s.end))
        elif s.end > s.start:
            out.append(s)
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _line_end(text: str, starts: list[int], n: int) -> int:
    end = starts[n + 1] - 1 if n + 1 < len(starts) else len(text)
    return end - 1 if end > starts[n] and text[end - 1] == "\r" else end


def strip_markup(line: str) -> str:
    """``line`` without its Markdown syntax, as a reader sees it: "recalling **48,000** [Velko
    Arden](https://…) cars" → "recalling 48,000 Velko Arden cars"; a list or quote marker opening it
    goes too. For text written from Markdown articles (a model's sentence copies their syntax); a
    line without any is returned as it is."""
    opening = _BLOCK_MARKERS.match(line)
    lead = opening.end() if opening else 0
    if not lead and not _MAY_BE_INLINE.search(line):
        return line
    spans = _inline_markup(line, 0, len(line))
    if lead:
        spans.append(Span(start=0, end=lead))
    parts, pos = [], 0
    for span in _disjoint(spans):
        parts.append(line[pos : span.start])
        pos = span.end
    parts.append(line[pos:])
    return "".join(parts)
