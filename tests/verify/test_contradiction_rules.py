"""Contradiction rules added for the reversal suite's misses (issue 9, session 3), as specifications.

Every article and sentence here was written for this file as a fresh case of a general cause; none is
a sentence of the reversal suite. Each cause has errors that must be flagged and faithful sentences
of the same shape that must not be:

- across languages, an English claim of an event (a death, a resignation, a dismissal, an arrest, a
  threat, a ban) needs a German word for it in its evidence;
- across languages, a negation the claim lacks counts only in the evidence clauses the claim is about;
- across languages, the parties of "with"/"against" traded with another party of the claim;
- cancelling or resuming what the source says was imposed, issued, granted, stopped or honoured;
- across languages, temporarily/permanently and resume/stop;
- a fusion of two cited sentences that gives one sentence's predicate to the other's subject;
- a summary saying something was not discussed, offered or mentioned that the source speaks of;
- no false figure: a list item's number ("7) The report …"), a decimal read out in a transcript
  ("nine dot ninety-nine", "eighteen pounds and forty pence").
"""

from __future__ import annotations

import pytest

from briefer.ingest import read_source
from briefer.models import Citation, Sentence, Source
from briefer.verify import check_sentence
from briefer.verify.atoms import concerned_part

ARTICLES = {
    "stadt_de": (
        "Bürgermeisterin Anna Keller eröffnete am Montag die neue Brücke über den Rhein. "
        "Der Bauunternehmer Jonas Weber wurde wegen Betrugs festgenommen. "
        "Der Sprecher der Stadt, Paul Roth, trat am Dienstag zurück. "
        "Die Regierung drohte mit einem Verbot der Demonstration. "
        "Bei dem Unfall auf der Baustelle kamen zwei Arbeiter ums Leben."
    ),
    "gipfel_de": (
        "China drängt Japan, die Gespräche mit Südkorea fortzusetzen. "
        "Japan stimmte im Sicherheitsrat mit China gegen Russland. "
        "Die USA forderten Nordkorea auf, die Gespräche mit Südkorea fortzusetzen und keine Raketen mehr zu testen. "
        "Die USA forderten Nordkorea auf, keine Gespräche mit Russland zu führen und ihre Truppen abzuziehen."
    ),
    "werk_de": (
        "Die Polizei sperrte die Straße zum Werk vorübergehend. "
        "Die Produktion in dem Werk wurde am Montag wiederaufgenommen. "
        "Die Stadt schloss den alten Hafen dauerhaft."
    ),
    "club_en": (
        "The club's former coach was banned for two years for match-fixing on Friday. "
        "The club's president, Maria Lopez, said the fraud was reported by a referee. "
        "Striker Tom Hale, the club's captain, was injured in training on Tuesday. "
        "Hale will miss three matches, the club said."
    ),
    "council_en": (
        "The regulator imposed a ban on night flights at the airport in March. "
        "Production at the steel plant resumed on Monday after a two-week halt. "
        "The council granted the developer a licence to build the tower. "
        "The minister said the government would honour its pledge to dairy farmers. "
        "The court issued an order freezing the mayor's assets."
    ),
}


def check(text: str, name: str, quote: str, language: str = "en") -> Sentence:
    src: Source = read_source(f"{name}.txt", ARTICLES[name].encode("utf-8"))
    assert quote in src.text
    sentence = Sentence(text=text, citations=[Citation(source=src.id, quote=quote)], language=language)
    return check_sentence(sentence, {src.id: src})


ERRORS = [
    # an event the German evidence does not report
    ("Mayor Anna Keller resigned.", "stadt_de", "Bürgermeisterin Anna Keller eröffnete am Montag die neue Brücke"),
    (
        "Mayor Anna Keller was killed on Monday.",
        "stadt_de",
        "Bürgermeisterin Anna Keller eröffnete am Montag die neue Brücke",
    ),
    ("The builder Jonas Weber died.", "stadt_de", "Der Bauunternehmer Jonas Weber wurde wegen Betrugs festgenommen."),
    (
        "City spokesman Paul Roth was fired on Tuesday.",
        "stadt_de",
        "Der Sprecher der Stadt, Paul Roth, trat am Dienstag zurück.",
    ),
    # the negation of the clause the claim is about
    (
        "The US urged North Korea to hold talks with Russia.",
        "gipfel_de",
        "Die USA forderten Nordkorea auf, keine Gespräche mit Russland zu führen und ihre Truppen abzuziehen.",
    ),
    # the parties of with / against traded
    (
        "China is urging South Korea to continue its talks with Japan.",
        "gipfel_de",
        "China drängt Japan, die Gespräche mit Südkorea fortzusetzen.",
    ),
    (
        "Japan voted with Russia against China.",
        "gipfel_de",
        "Japan stimmte im Sicherheitsrat mit China gegen Russland.",
    ),
    # cancelling what was imposed, issued, granted; stopping what resumed; betraying what is honoured
    (
        "The regulator lifted a ban on night flights at the airport in March.",
        "council_en",
        "The regulator imposed a ban on night flights at the airport in March.",
    ),
    (
        "Production at the steel plant stopped on Monday.",
        "council_en",
        "Production at the steel plant resumed on Monday after a two-week halt.",
    ),
    (
        "The council revoked the developer's licence to build the tower.",
        "council_en",
        "The council granted the developer a licence to build the tower.",
    ),
    (
        "The minister said the government would betray its pledge to dairy farmers.",
        "council_en",
        "The minister said the government would honour its pledge to dairy farmers.",
    ),
    (
        "The court lifted an order freezing the mayor's assets.",
        "council_en",
        "The court issued an order freezing the mayor's assets.",
    ),
    # temporarily / permanently and resume / stop across languages
    (
        "The police closed the road to the plant permanently.",
        "werk_de",
        "Die Polizei sperrte die Straße zum Werk vorübergehend.",
    ),
    ("The city temporarily closed the old port.", "werk_de", "Die Stadt schloss den alten Hafen dauerhaft."),
    (
        "Production at the plant was stopped on Monday.",
        "werk_de",
        "Die Produktion in dem Werk wurde am Montag wiederaufgenommen.",
    ),
]

FUSED = [
    (
        "The club's president, Maria Lopez, was banned for two years for match-fixing.",
        "The club's former coach was banned for two years for match-fixing on Friday.",
        "The club's president, Maria Lopez, said the fraud was reported by a referee.",
        True,
    ),
    (
        "The club's former coach was banned for two years, according to Maria Lopez.",
        "The club's former coach was banned for two years for match-fixing on Friday.",
        "The club's president, Maria Lopez, said the fraud was reported by a referee.",
        False,
    ),
    (  # the second sentence ties the name to the subject of the first ("Hale … the club's captain")
        "Tom Hale was injured in training and will miss three matches.",
        "Striker Tom Hale, the club's captain, was injured in training on Tuesday.",
        "Hale will miss three matches, the club said.",
        False,
    ),
]

FAITHFUL = [
    # a German sentence taken for English: its article "die" is no death
    (
        "Die Polizei sperrte die Straße zum Werk vorübergehend.",
        "werk_de",
        "Die Polizei sperrte die Straße zum Werk vorübergehend.",
    ),
    (
        "Mayor Anna Keller opened the new bridge on Monday.",
        "stadt_de",
        "Bürgermeisterin Anna Keller eröffnete am Montag die neue Brücke über den Rhein.",
    ),
    (
        "City spokesman Paul Roth resigned on Tuesday.",
        "stadt_de",
        "Der Sprecher der Stadt, Paul Roth, trat am Dienstag zurück.",
    ),
    (
        "The builder Jonas Weber was arrested for fraud.",
        "stadt_de",
        "Der Bauunternehmer Jonas Weber wurde wegen Betrugs festgenommen.",
    ),
    (
        "The government threatened to ban the demonstration.",
        "stadt_de",
        "Die Regierung drohte mit einem Verbot der Demonstration.",
    ),
    (
        "Two workers were killed in the accident at the building site.",
        "stadt_de",
        "Bei dem Unfall auf der Baustelle kamen zwei Arbeiter ums Leben.",
    ),
    (
        "The US urged North Korea to continue its talks with South Korea.",
        "gipfel_de",
        "Die USA forderten Nordkorea auf, die Gespräche mit Südkorea fortzusetzen und keine Raketen mehr zu testen.",
    ),
    (
        "China is urging Japan to continue its talks with South Korea.",
        "gipfel_de",
        "China drängt Japan, die Gespräche mit Südkorea fortzusetzen.",
    ),
    (
        "Japan voted with China against Russia.",
        "gipfel_de",
        "Japan stimmte im Sicherheitsrat mit China gegen Russland.",
    ),
    (
        "The regulator imposed a ban on night flights in March.",
        "council_en",
        "The regulator imposed a ban on night flights at the airport in March.",
    ),
    (
        "Production at the steel plant resumed on Monday.",
        "council_en",
        "Production at the steel plant resumed on Monday after a two-week halt.",
    ),
    (
        "The minister said the government would honour its pledge to dairy farmers.",
        "council_en",
        "The minister said the government would honour its pledge to dairy farmers.",
    ),
    (
        "The police temporarily closed the road to the plant.",
        "werk_de",
        "Die Polizei sperrte die Straße zum Werk vorübergehend.",
    ),
    ("The city closed the old port permanently.", "werk_de", "Die Stadt schloss den alten Hafen dauerhaft."),
    (
        "Production at the plant resumed on Monday.",
        "werk_de",
        "Die Produktion in dem Werk wurde am Montag wiederaufgenommen.",
    ),
]


@pytest.mark.parametrize(("text", "name", "quote"), ERRORS)
def test_a_contradiction_of_a_general_cause_is_flagged(text: str, name: str, quote: str) -> None:
    verdict = check(text, name, quote).verdict
    assert verdict is not None and verdict.flagged, verdict.reasons if verdict else None


@pytest.mark.parametrize(("text", "name", "quote"), FAITHFUL)
def test_a_faithful_sentence_of_the_same_shape_is_not_flagged(text: str, name: str, quote: str) -> None:
    verdict = check(text, name, quote).verdict
    assert verdict is not None and not verdict.flagged, verdict.reasons


@pytest.mark.parametrize(("text", "first", "second", "flagged"), FUSED)
def test_a_fusion_keeps_each_predicate_with_its_own_subject(text: str, first: str, second: str, flagged: bool) -> None:
    src: Source = read_source("club_en.txt", ARTICLES["club_en"].encode("utf-8"))
    sentence = Sentence(text=text, citations=[Citation(source=src.id, quote=q) for q in (first, second)])
    verdict = check_sentence(sentence, {src.id: src}).verdict
    assert verdict is not None and verdict.flagged is flagged, verdict.reasons


MEETING = (
    "Project Manager: Okay, next is the budget for the new kettle. "
    "Designer: We could lower the price by dropping the steel handle and using recycled plastic. "
    "Marketing: I would not talk about the launch date yet. "
    "Project Manager: Fine, we also offer a two-year warranty to every customer. "
    "Marketing: Partners ask for customer data all the time. "
    "Project Manager: Our promise is to never share or sell customer data to partners."
)


@pytest.mark.parametrize(
    ("claim", "flagged"),
    [
        ("The team did not discuss dropping the steel handle.", True),
        ("The designer didn't suggest using recycled plastic.", True),
        ("The company does not offer a warranty to its customers.", True),
        ("The team discussed dropping the steel handle to lower the price.", False),
        ("Marketing did not want to talk about the launch date yet.", False),  # the source says so too
        ("The kettle is not covered by the budget meeting.", False),  # a passive: no discourse act denied
        ("The company promised never to share customer data with partners.", False),  # denied there too
    ],
)
def test_a_denied_discussion_of_what_the_source_discusses_is_flagged(claim: str, flagged: bool) -> None:
    src: Source = read_source("meeting.txt", MEETING.encode("utf-8"))
    verdict = check_sentence(Sentence(text=claim, citations=[Citation(source=src.id)]), {src.id: src}).verdict
    assert verdict is not None
    assert any("the source speaks of it" in r for r in verdict.reasons) is flagged, verdict.reasons


TALK = (
    "Host: So the ticket will cost nine dot ninety-five dollars for members. "
    "Guest: And the late fee is eighteen pounds and forty pence, which is a lot. "
    "Host: The report covers three venues in the north."
)


@pytest.mark.parametrize(
    ("claim", "flagged"),
    [
        ("Members will pay 9.95 dollars for a ticket.", False),
        ("The late fee is 18.40 pounds.", False),
        ("7) The report covers three venues in the north.", False),
        ("Members will pay 9.75 dollars for a ticket.", True),
        ("The late fee is 19.40 pounds.", True),
        ("7) The report covers 4 venues in the north.", True),
    ],
)
def test_list_numbers_and_spoken_decimals_are_read_as_meant(claim: str, flagged: bool) -> None:
    src: Source = read_source("talk.txt", TALK.encode("utf-8"))
    verdict = check_sentence(Sentence(text=claim, citations=[Citation(source=src.id)]), {src.id: src}).verdict
    assert verdict is not None
    assert any(r.startswith("contradicted: number") or "number:" in r for r in verdict.reasons) is flagged, (
        verdict.reasons
    )


@pytest.mark.parametrize(
    ("claim", "evidence", "part"),
    [
        (
            "The EU urged China to continue its talks with Japan.",
            "Die EU forderte China auf, die Gespräche mit Japan fortzusetzen und keine Truppen zu schicken.",
            "Die EU forderte China auf, die Gespräche mit Japan fortzusetzen",
        ),
        # one clause, or no clause sharing a name: the whole evidence
        ("Japan voted.", "Japan stimmte mit China.", "Japan stimmte mit China."),
        (
            "It rained.",
            "Es regnete und es schneite danach noch lange.",
            "Es regnete und es schneite danach noch lange.",
        ),
    ],
)
def test_the_part_of_the_evidence_a_claim_concerns(claim: str, evidence: str, part: str) -> None:
    assert concerned_part(claim, evidence) == part


def test_a_reason_names_the_missing_event_and_the_german_evidence() -> None:
    verdict = check("Mayor Anna Keller resigned.", "stadt_de", "Bürgermeisterin Anna Keller eröffnete am Montag")
    assert verdict.verdict is not None
    assert any("“resigned” in the sentence" in r and "eröffnete" in r for r in verdict.verdict.reasons)


def test_a_number_reason_writes_large_figures_as_the_source_does() -> None:
    text = "Velko recalled 48,000 Arden sedans. The safety office said it had received 27 complaints about brakes."
    src: Source = read_source("recall.txt", text.encode("utf-8"))
    claim = "The safety office said it had received 72 complaints about brakes."
    quote = "The safety office said it had received 27 complaints about brakes."
    verdict = check_sentence(Sentence(text=claim, citations=[Citation(source=src.id, quote=quote)]), {src.id: src})
    reasons = " | ".join(verdict.verdict.reasons)
    assert "72" in reasons and "48000" not in reasons, reasons


MARKET = (
    "Shares of Velko fell 2.3 per cent in New York trading. "
    "The krone climbed 1.2 per cent against the euro after the decision."
)


@pytest.mark.parametrize(
    ("claim", "quote", "flagged"),
    [
        # The other direction, in the words news uses for it: a reversal, flagged.
        ("Shares of Velko gained 2.3 per cent in New York trading.", 0, True),
        ("Shares of Velko increased 2.3 per cent in New York trading.", 0, True),
        ("Shares of Velko grew 2.3 per cent in New York trading.", 0, True),
        ("The krone dropped 1.2 per cent against the euro after the decision.", 1, True),
        ("The krone fell 1.2 per cent against the euro after the decision.", 1, True),
        # The same direction in other words: faithful, never flagged.
        ("Shares of Velko dropped 2.3 per cent in New York trading.", 0, False),
        ("Shares of Velko declined 2.3 per cent in New York trading.", 0, False),
        ("The krone rose 1.2 per cent against the euro after the decision.", 1, False),
    ],
)
def test_a_move_told_in_the_other_direction_is_flagged_and_the_same_one_is_not(
    claim: str, quote: int, flagged: bool
) -> None:
    src: Source = read_source("markets.txt", MARKET.encode("utf-8"))
    cited = [s.strip() + "." for s in MARKET.split(". ")][quote].replace("..", ".")
    verdict = check_sentence(Sentence(text=claim, citations=[Citation(source=src.id, quote=cited)]), {src.id: src})
    assert verdict.verdict is not None and verdict.verdict.flagged is flagged, verdict.verdict.reasons
