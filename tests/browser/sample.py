"""A hand-made, checked briefing over the seed articles: real quotes, real offsets, every verdict kind.

Built by hand so the review, export and HTML tests depend on neither engine nor checker.
"""

from __future__ import annotations

from pathlib import Path

from briefer.binding import bind_briefing
from briefer.ingest import load_sources
from briefer.models import Briefing, Citation, Section, Sentence, Source, Verdict, VerdictLabel

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
KIM = "000_86f0777153ecc389"
AFP = "003_3d8662691a447c24"
DE = "002_3909ca17b7eea6d5"

# (section, sentence text, [(source, quote)], verdict label, reasons, corroborating sources)
ROWS = [
    (
        "Kim and Putin",
        "Kim Jong Un wants to travel to Russia to negotiate with Putin about arms deliveries.",
        [
            (
                KIM,
                "North Korea’s ruler Kim Jong Un wants to travel to Russia, according to US information, "
                "to negotiate with President Vladimir Putin about arms deliveries to Moscow.",
            )
        ],
        VerdictLabel.SUPPORTED,
        [],
        [KIM, AFP, DE],
    ),
    (
        "Kim and Putin",
        "Kim will fly to Moscow next week.",
        [(AFP, "The paper said Kim could even travel to Moscow, but that was uncertain.")],
        VerdictLabel.UNSUPPORTED,
        ["'fly' and 'next week' are not in the cited span", "the source calls it uncertain"],
        [],
    ),
    (
        "Kim and Putin",
        "The US said arms negotiations between Russia and North Korea are progressing.",
        # Overlaps the first sentence's span: starts inside it and runs past its end.
        [
            (
                KIM,
                "arms deliveries to Moscow. “As we have publicly warned, negotiations over arms sales "
                "between Russia and North Korea are progressing",
            )
        ],
        VerdictLabel.PARTIALLY_SUPPORTED,
        ["the span adds a warning the sentence leaves out"],
        [],
    ),
    (
        "Elsewhere",
        "Romania confirmed that Russian drones exploded on its territory.",
        [(KIM, "Romania confirmed that Russian drones exploded")],
        VerdictLabel.CITATION_NOT_FOUND,
        ["the quote is not in the source"],
        [],
    ),
    (
        "Elsewhere",
        "Laut US-Angaben plant Kim ein Treffen mit Putin.",
        [
            (
                DE,
                "Nordkoreas Machthaber Kim Jong Un plant laut US-Angaben ein Treffen mit dem russischen "
                "Präsidenten Wladimir Putin",
            )
        ],
        VerdictLabel.SUPPORTED,
        [],
        [],
    ),
]


def cite(source: Source, quote: str) -> Citation:
    start = source.text.find(quote)
    if start == -1:
        return Citation(source=source.id, quote=quote, match="missing")
    return Citation(source=source.id, quote=quote, start=start, end=start + len(quote), match="exact")


def sample_briefing(articles_dir: Path = ARTICLES) -> tuple[Briefing, list[Source]]:
    sources = load_sources([articles_dir / f"{sid}.txt" for sid in (KIM, DE, AFP)])
    by_id = {s.id: s for s in sources}
    sections: dict[str, Section] = {}
    for title, text, quotes, label, reasons, corroborating in ROWS:
        citations = [cite(by_id[sid], q) for sid, q in quotes]
        score = 0.9 if label is VerdictLabel.SUPPORTED else 0.2
        sentence = Sentence(
            text=text,
            citations=citations,
            language="de" if quotes[0][0] == DE else "en",
            corroboration=max(1, len(corroborating)),
            corroborating_sources=corroborating,
            verdict=Verdict(label=label, score=score, reasons=reasons),
        )
        sections.setdefault(title, Section(title=title)).sentences.append(sentence)
    briefing = Briefing(
        title="Kim–Putin arms talks", sources=[s.info() for s in sources], sections=list(sections.values())
    )
    # These verdicts stand for the checker's: bound as it binds them, so review and export use them as they are.
    return bind_briefing(briefing, sources), sources
