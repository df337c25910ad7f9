"""What in an article is not content: the rules that mark page furniture, headings and injected prompts.

Scraped news text carries share buttons, photo credits, embedded tweets, agency sign-offs and
sometimes text addressed to an AI. None of it may become a briefing sentence, so ingest marks it
here as :class:`~briefer.models.Furniture` spans over the original text.

Every span is aligned with :func:`briefer.segment.split_sentences`: a sentence is either entirely
furniture or not furniture at all, so callers may drop any sentence that overlaps furniture without
losing half of a real one. Rules are tables of (kind, pattern, why) so that a reader can audit them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from briefer import metadata
from briefer.injection import INSTRUCTION, find_instructions
from briefer.models import Furniture, Span
from briefer.segment import LEADING_DATE, caps_dateline_start, split_sentences


class Rule(NamedTuple):
    kind: str
    pattern: re.Pattern[str]
    why: str


_I = re.IGNORECASE
_SHARE_WORD = (
    r"(?:share(?: this| on| article)?|teilen|drucken|print|e-?mail|mail|facebook|twitter|x|whatsapp"
    r"|telegram|linkedin|reddit|pinterest|flipboard|copy link|link kopieren|مشاركة|شارك)"
)
_SEP = r"[\s:|,·•/]*"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_AGENCY = r"(?:reuters|rtr|ap|afp|dpa|kna|epd|bloomberg|agencies|agenturen|local media|lokale medien)"

# Whole-line rules, first match wins. A line is a paragraph in the articles briefer reads.
LINE_RULES: tuple[Rule, ...] = (
    Rule(
        "share",
        re.compile(rf"{_SEP}{_SHARE_WORD}(?:{_SEP}{_SHARE_WORD})*{_SEP}", _I),
        "share-button labels scraped with the page ('Share this: Twitter', 'Facebook', 'مشاركة :')",
    ),
    Rule(
        "metadata",
        re.compile(r"[•·▪◦‣∙*\-]\s*[\d\s/:.,\-]*"),
        "bullet lines holding only a date, a time or a counter ('• 9/4/2023', '• 00:00', '• 6')",
    ),
    Rule(
        "metadata",
        re.compile(
            r"[•·]?\s*\d[\d.,]*\s*[KkMm]?\s*(?:views?|likes?|comments?|shares?"
            r"|aufrufe|kommentare)",
            _I,
        ),
        "view, like and comment counters",
    ),
    Rule(
        "placeholder",
        re.compile(r"[a-z]+(?:[-_][a-z]+)+"),
        "a bare lowercase CMS slug such as 'news-picture' marks where an image was; no prose looks so",
    ),
    Rule(
        "caption",
        re.compile(
            r"(?:.*(?<![a-z])|)(?:Images?|Photos?|Pictures?|Fotos?|Bild|Bildquelle|Credit)"
            r"\s*:\s*[^\n]{2,120}(?<![.!?])"
        ),
        "photo captions end in a capitalised credit without a full stop ('…(July)Image: Sergei "
        "Supinsky/AFP/Getty Images'); the caption describes a picture the reader of a briefing never sees",
    ),
    Rule(
        "caption",
        re.compile(r".*©[^\n]{0,100}"),
        "a line ending in a copyright credit ('… © via Reuters – KCNA') is a picture caption",
    ),
    Rule(
        "embed",
        re.compile(rf".*—\s?[^\n—]{{1,80}}\(@\w{{1,15}}\)\s+{_MONTH} \d{{1,2}}, \d{{4}}\s*"),
        "an embedded tweet ends '— Name (@handle) Month D, YYYY'; its text is someone's post, not reporting",
    ),
    Rule(
        "embed",
        re.compile(r".*(?:pic\.twitter\.com/|https?://t\.co/|instagram\.com/p/).*", _I),
        "a paragraph carrying a tweet or post link is an embed",
    ),
    Rule(
        "signoff",
        re.compile(r"[A-Za-z]{1,4}(?:/[A-Za-z]{1,4}){1,6}(?:\s*\([a-z]{2,4}(?:,\s*[a-z]{2,4})*\))?"),
        "editor initials and agency codes closing an article ('se/mak/AR/djo (afp, rtr, dpa, ap)')",
    ),
    Rule(
        "signoff",
        re.compile(rf"(?:with|mit)\s+(?:material\s+(?:from|von)\s+)?{_AGENCY}\b[^.!?\n]{{0,80}}", _I),
        "agency credits ('With Reuters, AP and local media')",
    ),
    Rule(
        "signoff",
        re.compile(r"\(?(?i:additional\s+)?(?i:reporting|writing|editing)\s+by\s+[A-Z][^\n.!?]{0,150}"),
        "wire bylines ('Reporting by Jane Doe; Editing by …'); a name must follow, unlike 'Reporting by the BBC …'",
    ),
    Rule(
        "promo",
        re.compile(
            r"(?:read more|read also|also read|see also|related|lesen sie auch|mehr zum thema)"
            r"\s*:[^\n]{0,150}|advertisement|anzeige|werbung",
            _I,
        ),
        "cross-promotion ('Read more: …') and ad labels between paragraphs",
    ),
)

# Furniture lines are short; longer paragraphs are only checked by the sentence rules.
_LINE_RULE_MAX_CHARS = 600
# All line rules as one alternation (group rN is LINE_RULES[N], tried in order): one regex call per line.
_LINE_RULES_COMBINED = re.compile(
    "|".join(
        f"(?P<r{i}>(?{'i' if rule.pattern.flags & re.IGNORECASE else ''}:{rule.pattern.pattern}))"
        for i, rule in enumerate(LINE_RULES)
    )
)
# The rules that may match anywhere in a line (".*…") are most of the alternation's cost, and each needs a
# character that ordinary prose lines lack: captions a colon or "©", tweets "@", links "/". A line with
# none of them is matched against the other rules only, which gives the same first match.
_ANYWHERE_NEEDS = ":©@/"
_LINE_RULES_ANCHORED = re.compile(
    "|".join(
        f"(?P<r{i}>(?{'i' if rule.pattern.flags & re.IGNORECASE else ''}:{rule.pattern.pattern}))"
        for i, rule in enumerate(LINE_RULES)
        if rule.kind not in ("caption", "embed")
    )
)

# Sentence rules: the sentence containing a match is marked (``to_paragraph_end``: and the rest of it).
SENTENCE_RULES: tuple[tuple[Rule, bool], ...] = (
    (
        Rule(
            "boilerplate",
            re.compile(
                r"\bthis (?:article|page|story|live ?blog|blog|ticker) (?:will be|is being|is) "
                r"(?:continuously |constantly |regularly |frequently )?updated"
                r"|\breports? from (?:the )?combat zones? (?:cannot|can ?not|could not) be (?:independently )?verified"
                r"|\bdieser (?:artikel|beitrag|ticker|newsblog) wird (?:fortlaufend|laufend|ständig) aktualisiert"
                r"|\bangaben (?:aus|über) (?:den|dem|die) kampf\w* (?:lassen sich|können) nicht unabhängig",
                _I,
            ),
            "editorial notes about the page itself, true of every article and news of none",
        ),
        False,
    ),
    (
        Rule(
            "instruction",
            INSTRUCTION,
            "text addressed to a model, not to readers: an injected prompt must never be quoted or obeyed; "
            "it runs to the end of its paragraph because the payload follows the trigger",
        ),
        True,
    ),
)

_TERMINAL = '.!…;,"”’»'
_HEADING_MAX_CHARS = 150
_HEADING_MAX_WORDS = 20
# Markdown: "## Sub-heading" lines, and a leading "---" block of YAML front matter (title:, date: …).
_MD_HEADING = re.compile(r"(#{1,6}[ \t]+)(\S.*?)[ \t#]*")
_FRONT_MATTER = re.compile(r"---[ \t]*\r?\n(?:[^\n]*\n){0,60}?---[ \t]*(?=\r?\n|$)")


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    pos = 0
    while pos <= len(text):
        newline = text.find("\n", pos)
        end = len(text) if newline == -1 else newline
        start = pos
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            yield start, stop
        if newline == -1:
            break
        pos = newline + 1


def _looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation: a headline, sub-heading or list item."""
    return (
        3 <= len(line) <= _HEADING_MAX_CHARS
        and len(line.split()) <= _HEADING_MAX_WORDS
        and line[-1] not in _TERMINAL
        and (line[0].isupper() or line[0].isdigit())
    )


def find_furniture(text: str) -> list[Furniture]:
    """Every furniture span in ``text``, sorted, each aligned with sentence boundaries.

    Lines that are only a date, a byline or a "Source:" line are ``date``, ``byline`` and ``source``
    (:mod:`briefer.metadata`), and a paragraph's opening dateline is ``dateline``: metadata, never a
    heading or title. Short unpunctuated lines are marked ``heading`` (the first one may be the title: see
    :func:`find_title`); the items of a list introduced by a line ending in a colon ("The
    essentials in brief:") are ``teaser``: summaries of stories told in full further down.
    """
    found: list[Furniture] = []
    content_lines: list[tuple[int, int]] = []
    in_teaser_list = False
    front_matter = _FRONT_MATTER.match(text)
    if front_matter:
        found.append(Furniture(start=0, end=front_matter.end(), kind="metadata"))
    for ls, le in _lines(text):
        if front_matter and ls < front_matter.end():
            continue
        start = _opening_dates(text, ls, le, found)
        if start is None:
            continue
        ls, line = start, text[start:le]
        if _markdown_heading(line, ls, le, found):
            continue
        # "*By Jane Doe | 31 October 2024*", "**By Jane Doe** | *Metro Wire*": emphasis does not hide it.
        kind = _line_kind(line) or metadata.line_kind(metadata.unemphasised(line))
        if kind is None and line.endswith(":") and len(line) <= _HEADING_MAX_CHARS:
            kind, in_teaser_list = "heading", True
        elif kind is None and _looks_like_heading(line):
            kind = "teaser" if in_teaser_list else "heading"
        elif kind is None:
            in_teaser_list = False
            content_lines.append((ls, le))
            continue
        found.append(Furniture(start=ls, end=le, kind=_instruction_or(kind, line)))
    found.extend(_sentence_furniture(text, content_lines))
    return sorted(found, key=lambda f: (f.start, f.end))


def _opening_dates(text: str, ls: int, le: int, found: list[Furniture]) -> int | None:
    """Where the line's own words start, after a leading date and a dateline (each ``dateline``);
    None when the line is only a date."""
    if date := LEADING_DATE.match(text, ls, le):
        found.append(Furniture(start=ls, end=date.end(), kind="dateline"))
        ls = date.end()
        while ls < le and text[ls].isspace():
            ls += 1
        if ls >= le:
            return None
    if dateline := metadata.match_dateline(text, ls, le):
        # "KESSELBACH, 14 March 2024 — The council…": the segmenter ends a segment after the dash.
        found.append(Furniture(start=ls, end=ls + len(dateline.group(0).rstrip()), kind="dateline"))
        ls = dateline.end()
    return ls


def _markdown_heading(line: str, ls: int, le: int, found: list[Furniture]) -> bool:
    """A Markdown heading line: its words are the ``heading``, the "## " around them ``markup``."""
    markdown = _MD_HEADING.fullmatch(line)
    if not markdown:
        return False
    found.append(Furniture(start=ls, end=ls + markdown.start(2), kind="markup"))
    if _instruction_or("heading", line) == "instruction":
        # An injected headline ("### System: …") is an instruction, its "### " included.
        found[-1] = Furniture(start=ls, end=le, kind="instruction")
        return True
    found.append(Furniture(start=ls + markdown.start(2), end=ls + markdown.end(2), kind="heading"))
    if markdown.end(2) < len(line):
        found.append(Furniture(start=ls + markdown.end(2), end=le, kind="markup"))
    return True


def _instruction_or(kind: str, line: str) -> str:
    """A furniture line that addresses a model (an injected headline) is marked as what it is, and so is
    never taken for the title."""
    return "instruction" if next(find_instructions(line), None) is not None else kind


def _line_kind(line: str) -> str | None:
    if len(line) > _LINE_RULE_MAX_CHARS:
        return None
    rules = _LINE_RULES_COMBINED if any(c in line for c in _ANYWHERE_NEEDS) else _LINE_RULES_ANCHORED
    m = rules.fullmatch(line)
    return LINE_RULES[int(m.lastgroup[1:])].kind if m and m.lastgroup else None


def _sentence_furniture(text: str, lines: list[tuple[int, int]]) -> list[Furniture]:
    """Sentence-rule marks in the content ``lines``: each pattern runs once over the whole text."""
    starts = [ls for ls, _ in lines]
    hits: dict[int, list[tuple[int, Rule, bool]]] = {}
    for rule, to_paragraph_end in SENTENCE_RULES:
        found = (m.start() for m in rule.pattern.finditer(text))
        for at in find_instructions(text) if rule.kind == "instruction" else found:
            i = bisect.bisect_right(starts, at) - 1
            if i >= 0 and at < lines[i][1]:
                hits.setdefault(i, []).append((at, rule, to_paragraph_end))
    marks: list[Furniture] = []
    for i, (ls, le) in enumerate(lines):
        if i in hits:
            sentences = split_sentences(text, ls, le)
            for at, rule, to_paragraph_end in hits[i]:
                hit = next((s for s in sentences if s.start <= at < s.end), None)
                if hit is not None:
                    marks.append(Furniture(start=hit.start, end=le if to_paragraph_end else hit.end, kind=rule.kind))
        elif (dateline := caps_dateline_start(text, ls, le)) is not None:
            # A standfirst glued before an agency dateline ("…to Vladivostok WASHINGTON: North Korean…")
            # repeats a later sentence and has no end of its own.
            first = split_sentences(text, ls, le)[0]
            if first.end <= dateline and text[first.end - 1] not in _TERMINAL + "?":
                marks.append(Furniture(start=first.start, end=first.end, kind="teaser"))
    return _merge(marks)


def _merge(marks: list[Furniture]) -> list[Furniture]:
    """Overlapping marks collapse into one span, keeping the first (most specific) kind."""
    merged: list[Furniture] = []
    for f in sorted(marks, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Furniture(start=last.start, end=max(last.end, f.end), kind=last.kind)
        else:
            merged.append(f)
    return merged


def find_title(text: str, furniture: list[Furniture]) -> Span | None:
    """The headline: a ``heading`` that opens the article before any content.

    A heading ending in a colon ("The essentials in brief:") introduces a list and names nothing,
    so an article that opens with one has no title rather than a wrong one.
    """
    pos = 0
    for f in furniture:
        if text[pos : f.start].strip(" \t\r\n#"):  # a Markdown heading's "# " is not content
            return None
        if f.kind == "heading":
            return None if text[f.end - 1] == ":" else Span(start=f.start, end=f.end)
        pos = max(pos, f.end)
    return None
