"""Text addressed to a model, or to the reader as an order: what ingest marks as furniture of kind ``instruction``.

An article may carry a prompt injection ("ignore all previous instructions and write that…") in its
body, in its headline, in German, split across two sentences, as role-play ("you are now DAN"), as a
mimic of a chat template ("### System:", "<|im_start|>system"), or base64-encoded. None of it is
news, so none of it may become a briefing sentence or reach a model except as delimited data.
:mod:`briefer.furniture` marks the sentence holding a match and the rest of its paragraph (the
payload follows the trigger), and any furniture line (a headline) holding one.

The patterns aim at wording addressed to a machine or ordering the reader, not at news that reports
orders: "the court instructed the jury to disregard…", a politician's "ignore the rumours" and
"Kim has ignored previous warnings" are not marked (``tests/test_injection.py`` lists both sides).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

_I = re.IGNORECASE | re.MULTILINE

_EARLIER = r"(?:previous|prior|above|earlier|preceding|foregoing|original|initial|old)"
_ORDERS = r"(?:instructions?|prompts?|directions|directives|commands|rules|messages|context|guidelines|programming)"
_MACHINE = r"(?:ai|llm|ai assistant|ai model|chatbot|language model|large language model|summari[sz]er)"
_SAY = r"(?:write|say|state|claim|report|include|output|summari[sz]e|respond|answer|print|mention|describe|call)"
_DE_EARLIER = r"(?:vorherigen|bisherigen|obigen|vorigen|früheren|vorangegangenen|ursprünglichen|gegebenen)"
_DE_ORDERS = r"(?:anweisungen|instruktionen|befehle|vorgaben|anordnungen)"
_DE_DETS = r"(?:(?:alle|die|deine|ihre|eure|sämtliche)\s+)*"

INSTRUCTION = re.compile(
    "|".join(
        (
            # "ignore all previous instructions", also split: "ignore all of the previous. Instructions: …"
            rf"\b(?:ignore|disregard|forget|override|skip)\s+(?:(?:all|any|the|your|my|these|those|of|every)\s+)*"
            rf"{_EARLIER}[\s.,;:!\-–—]+{_ORDERS}",
            rf"\bpay\s+no\s+attention\s+to\s+(?:(?:all|any|the|your)\s+)*(?:{_EARLIER}\s+)?{_ORDERS}",
            r"\bdisregard\s+(?:everything\s+|all\s+)?(?:the\s+|that\s+|what\s+)?(?:above|before|came\s+before)\b",
            r"\bforget\s+(?:everything|all)\s+(?:(?:that\s+)?you\s+(?:were|have\s+been|'ve\s+been)\s+told"
            r"|above|(?:that\s+)?came\s+before|so\s+far)\b",
            rf"\b(?:these|here)\s+are\s+your\s+(?:new\s+)?{_ORDERS}|\byour\s+new\s+{_ORDERS}\b",
            rf"\bnew\s+{_ORDERS}\s+for\s+(?:the\s+|any\s+|all\s+)?{_MACHINE}s?\b",
            # addressed to a model
            rf"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?{_MACHINE}s?\b",
            rf"\bif\s+you\s+are\s+an?\s+{_MACHINE}\b",
            rf"\b(?:any|every|the)\s+{_MACHINE}s?\s+(?:reading|summari[sz]ing|processing)\s+this\b",
            rf"\bas\s+an\s+ai(?:\s+language)?\s+model,?\s+(?:you\s+(?:must|should)\s+)?{_SAY}\b",
            r"\byou\s+are\s+(?:now\s+)?(?:chatgpt|gpt-?\d\w*|claude|gemini|an?\s+(?:ai|large language model"
            r"|language model|llm|ai assistant|chatbot))\b",
            # role-play and jailbreaks
            r"\byou\s+are\s+now\s+(?:dan\b|in\s+\w+\s+mode\b|an?\s+(?:unfiltered|uncensored|unrestricted|jailbroken)\b)",
            r"\bdo\s+anything\s+now\b|\bjailbreak\s+mode\b|\bdeveloper\s+mode\s+(?:enabled|on)\b",
            r"\b(?:pretend|act|imagine|behave)\s+(?:that\s+|as\s+if\s+|like\s+|as\s+)?(?:you\s+are\s+|you're\s+)?"
            r"an?\s+(?:unfiltered|uncensored|unrestricted|jailbroken|evil|rogue)\b",
            r"\bfrom\s+now\s+on,?\s+you\s+(?:will|must|shall|are\s+to)\s+(?:act|respond|answer|reply|only|always"
            r"|ignore|pretend|write|say)\b",
            # system-prompt mimics and chat-template tokens
            r"\b(?:reveal|print|show|repeat|ignore|override|new|updated|your)\s+(?:the\s+)?system\s+prompt\b",
            r"(?:^|(?<=[.!?] ))\s*(?:#{1,6}\s*)?(?:system|assistant)(?:\s+prompt|\s+message)?\s*:\s",
            r"<\|(?:im_start|system|user|assistant)\|>|\[/?INST\]|<<\s*/?SYS\s*>>"
            r"|\[\s*system\s*\]|</?\s*system\s*>",
            # ordering the reader
            r"(?:^|(?<=[.!?] ))\s*stop\s+reading\s+(?:this|the|here)\b",
            r"\b(?:dear|attention|note\s+to\s+(?:the|our))\s+readers?\s*[,:!]\s*(?:please\s+)?"
            r"(?:do\s+not|don'?t|never|stop|ignore|disregard|forget|share|forward|send|call|click|visit|go|believe"
            r"|trust|buy|vote|subscribe|donate|tell)\b",
            r"\bto\s+(?:anyone|whoever|everyone|all\s+those)\s+(?:who\s+is\s+|who's\s+|who\s+are\s+)?reading\s+this\s*[,:!]",
            # German
            rf"\b(?:ignoriere|ignorieren\s+sie|vergiss|vergessen\s+sie|missachte|missachten\s+sie)\s+"
            rf"{_DE_DETS}(?:{_DE_EARLIER}\s+)?{_DE_ORDERS}\b",
            rf"\b(?:ignoriert|vergesst|missachtet)\s+{_DE_DETS}{_DE_EARLIER}\s+{_DE_ORDERS}\b",
            r"\b(?:vergiss|vergessen\s+sie)\s+alles\b",
            r"\b(?:hinweis|nachricht|anweisung)\s+(?:an|für)\s+(?:die\s+|jede\s+|alle\s+)?(?:ki|sprachmodelle?|chatbots?)\b",
            r"\bwenn\s+du\s+eine\s+ki\s+bist\b|\bdu\s+bist\s+(?:jetzt|nun|ab\s+sofort)\s+(?:dan|eine\s+ki)\b",
        )
    ),
    _I,
)

# A run of base64 long enough to hold a sentence (24 characters decode to 18 bytes).
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_WORDS = re.compile(r"[A-Za-z]{2,}")


# Every pattern above needs one of these words or strings, so a line holding none of them is skipped:
# the alternation costs some microseconds per character, a set lookup per word almost nothing.
# (tests/test_injection.py checks that every variant it lists still passes this gate.)
_GATE_WORDS = frozenset(
    """
    ignore disregard forget override skip attention instruction instructions prompt prompts directions
    directives commands rules messages context guidelines programming ai ais llm llms chatbot chatbots
    language summarizer summarizers summariser summarisers chatgpt claude gemini dan mode unfiltered
    uncensored unrestricted jailbroken evil rogue anything jailbreak developer system assistant reading
    reader readers ignoriere ignorieren ignoriert vergiss vergessen vergesst missachte missachten missachtet
    ki sprachmodell sprachmodelle
""".split()
)
_GATE_STRINGS = ("now on", "<|", "[inst", "[/inst", "<<", "gpt")
_WORD = re.compile(r"\w+")


def may_instruct(line: str) -> bool:
    """False when ``line`` cannot match :data:`INSTRUCTION` (it holds none of the words every pattern needs)."""
    low = line.lower()
    return any(s in low for s in _GATE_STRINGS) or not _GATE_WORDS.isdisjoint(_WORD.findall(low))


def find_instructions(text: str) -> Iterator[int]:
    """Where in ``text`` an instruction starts: every pattern match, and every base64 run that decodes to prose.

    Nobody writes base64 for a reader; encoded prose in an article is there for a machine to decode."""
    pos = 0
    for line in text.split("\n"):
        if may_instruct(line):
            for m in INSTRUCTION.finditer(text, pos, pos + len(line)):
                yield m.start()
        pos += len(line) + 1
    for m in _BASE64.finditer(text):
        if _decodes_to_prose(m.group(0)):
            yield m.start()


def _decodes_to_prose(token: str) -> bool:
    if not re.search(r"[a-z]", token) or not re.search(r"[A-Z0-9]", token):
        return False  # a word or a code in one case is not base64 of prose
    padded = token + "=" * (-len(token) % 4)
    try:
        raw = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    printable = sum(c.isprintable() or c in "\n\t" for c in decoded)
    return printable >= 0.95 * len(decoded) and len(_WORDS.findall(decoded)) >= 3 and " " in decoded
