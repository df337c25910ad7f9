"""segment: sentence spans that are exact, conservative with abbreviations, and linear on huge lines."""

from __future__ import annotations

import pytest

from briefer.segment import split_sentences


def sentences(text: str, start: int = 0, end: int | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, start, end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Kim met Putin. Biden did not.", ["Kim met Putin.", "Biden did not."], id="two-plain-sentences"),
        pytest.param(
            "The U.S. said so. Russia denied it.",
            ["The U.S. said so.", "Russia denied it."],
            id="dotted-acronym-is-not-an-end",
        ),
        pytest.param(
            "US says N.Korea’s Kim expects talks", ["US says N.Korea’s Kim expects talks"], id="dot-inside-a-word"
        ),
        pytest.param(
            "Dr. Watson spoke. Gen. Milley left.", ["Dr. Watson spoke.", "Gen. Milley left."], id="title-abbreviations"
        ),
        pytest.param(
            "Der Gipfel vom 10. bis 13. September findet statt. Kim reist an.",
            ["Der Gipfel vom 10. bis 13. September findet statt.", "Kim reist an."],
            id="german-ordinals-and-dates",
        ),
        pytest.param(
            "“It is a failure,” Putin said. “Let’s see.” Then he left.",
            ["“It is a failure,” Putin said.", "“Let’s see.”", "Then he left."],
            id="quote-closing-after-full-stop",
        ),
        pytest.param(
            "Die Offensive sei „gescheitert.“ Dennoch rüstet Moskau auf.",
            ["Die Offensive sei „gescheitert.“", "Dennoch rüstet Moskau auf."],
            id="german-closing-quote",
        ),
        pytest.param(
            "“Cuba is not part of the war (…) It acts energetically,” the ministry said.",
            ["“Cuba is not part of the war (…) It acts energetically,” the ministry said."],
            id="bracketed-ellipsis-is-an-omission",
        ),
        pytest.param(
            "Heading line\n\nBody sentence one. Body two.",
            ["Heading line", "Body sentence one.", "Body two."],
            id="line-breaks-end-sentences",
        ),
        pytest.param(
            " date 2023-09-05 North Korean leader Kim plans a trip.",
            ["date 2023-09-05", "North Korean leader Kim plans a trip."],
            id="leading-date-stamp-is-its-own",
        ),
        pytest.param(
            "Kim is likely to head to Vladivostok WASHINGTON: North Korean leader Kim expects talks.",
            ["Kim is likely to head to Vladivostok", "WASHINGTON: North Korean leader Kim expects talks."],
            id="agency-dateline-after-standfirst",
        ),
        pytest.param(
            "A report by the IAEA: Iran enriched more uranium.",
            ["A report by the IAEA: Iran enriched more uranium."],
            id="acronym-with-colon-is-no-dateline",
        ),
        pytest.param("A remark. of Foreign Affairs.", ["A remark. of Foreign Affairs."], id="lowercase-continuation"),
        pytest.param("Wait... What? Yes!", ["Wait...", "What?", "Yes!"], id="punctuation-runs"),
        pytest.param("   \n\n  ", [], id="whitespace-only"),
        pytest.param("", [], id="empty"),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# Written for this table (also scored by bench/segment.py): what a sentence splitter meets in news text.
CASES = [
    # "word.Word": a source that lost the space after a full stop is split where a sentence starts.
    ("The rally lasted longer.MSCI's index rose 2%.", ["The rally lasted longer.", "MSCI's index rose 2%."]),
    ("Shares fell sharply.The Dax lost 3%.", ["Shares fell sharply.", "The Dax lost 3%."]),
    ("Der Rat stimmte zu.Die Brücke kommt.", ["Der Rat stimmte zu.", "Die Brücke kommt."]),
    ("Was it over?Nobody knew.", ["Was it over?", "Nobody knew."]),
    ("The U.S. and the E.U. agreed.", ["The U.S. and the E.U. agreed."]),
    ("US says N.Korea’s Kim expects talks.", ["US says N.Korea’s Kim expects talks."]),
    ("Inflation was 3.5 percent in May.", ["Inflation was 3.5 percent in May."]),
    ("Read more at www.Example.com/News today.", ["Read more at www.Example.com/News today."]),
    ("See https://example.org/Report.Final for details.", ["See https://example.org/Report.Final for details."]),
    ("Mail press@Kesselbach.de for details.", ["Mail press@Kesselbach.de for details."]),
    ("He works at Node.JS and ASP.NET firms.", ["He works at Node.JS and ASP.NET firms."]),
    ("She flew to St.Petersburg on Monday.", ["She flew to St.Petersburg on Monday."]),
    # abbreviations, English and German
    ("Products, e.g. Shells, were listed.", ["Products, e.g. Shells, were listed."]),
    ("Dr. Watson spoke. Prof. Dr. Müller left.", ["Dr. Watson spoke.", "Prof. Dr. Müller left."]),
    ("Es gibt z. B. Granaten und Raketen.", ["Es gibt z. B. Granaten und Raketen."]),
    ("Es gibt z.B. Granaten.", ["Es gibt z.B. Granaten."]),
    ("Er verwies auf Art. 5 und Abs. 2 des Vertrags.", ["Er verwies auf Art. 5 und Abs. 2 des Vertrags."]),
    ("Das Haus Nr. 12 brannte. Niemand wurde verletzt.", ["Das Haus Nr. 12 brannte.", "Niemand wurde verletzt."]),
    ("Panzer bzw. Haubitzen wurden geliefert.", ["Panzer bzw. Haubitzen wurden geliefert."]),
    ("Der Gipfel am 3. März war kurz.", ["Der Gipfel am 3. März war kurz."]),
    (
        "Die Sitzung vom 14. Oktober 2024 endete. Danach sprach sie.",
        ["Die Sitzung vom 14. Oktober 2024 endete.", "Danach sprach sie."],
    ),
    ("Er wurde im 2. Quartal Chef.", ["Er wurde im 2. Quartal Chef."]),
    ("Sie kam am 1. Januar. Er kam später.", ["Sie kam am 1. Januar.", "Er kam später."]),
    ("The toll rose to 51. Rescuers kept digging.", ["The toll rose to 51.", "Rescuers kept digging."]),
    # datelines
    (
        "KESSELBACH, 14 March 2024 — The council approved it. Work starts soon.",
        ["KESSELBACH, 14 March 2024 —", "The council approved it.", "Work starts soon."],
    ),
    (
        "Berlin (dpa) – Die Regierung tagte. Sie beschloss nichts.",
        ["Berlin (dpa) –", "Die Regierung tagte.", "Sie beschloss nichts."],
    ),
]
# With quotations=True: a quotation keeps its attribution (the checker's evidence).
QUOTATIONS = [
    (
        "“It is not that it is stalling. It is a failure,” Putin said Monday.",
        ["“It is not that it is stalling. It is a failure,” Putin said Monday."],
    ),
    (
        "„Wir sind bereit. Wir warten,“ sagte der Minister. Dann ging er.",
        ["„Wir sind bereit. Wir warten,“ sagte der Minister.", "Dann ging er."],
    ),
    (
        "He said: “We will win. They will lose.” Then he left.",
        ["He said: “We will win. They will lose.”", "Then he left."],
    ),
    ("»Das ist vorbei. Endgültig«, sagte sie.", ["»Das ist vorbei. Endgültig«, sagte sie."]),
    (
        '"We are ready. We wait," the minister said. Then he left.',
        ['"We are ready. We wait," the minister said.', "Then he left."],
    ),
    ("“Let’s see.” Then he left.", ["“Let’s see.”", "Then he left."]),
    (
        "“At least today it looks so. Let’s see.” Reznikov resigned.",
        ["“At least today it looks so.", "Let’s see.”", "Reznikov resigned."],
    ),  # a quotation alone may split
    (
        "“We will win. The enemy will lose,” he said, “and soon.” Then he left.",
        ["“We will win. The enemy will lose,” he said, “and soon.”", "Then he left."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:40] for t, _ in CASES])
def test_news_text_is_split_where_sentences_end(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), QUOTATIONS, ids=[t[:40] for t, _ in QUOTATIONS])
def test_a_quotation_keeps_its_attribution(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text, quotations=True)] == expected


def test_without_quotations_a_quotation_splits_as_before() -> None:
    text = "“It is not that it is stalling. It is a failure,” Putin said Monday."
    assert sentences(text) == ["“It is not that it is stalling.", "It is a failure,” Putin said Monday."]


def test_window_returns_only_sentences_inside_it() -> None:
    text = "First one. Second one.\nThird one. Fourth one."
    start = text.index("Second")
    end = text.index(" Fourth")
    assert sentences(text, start, end) == ["Second one.", "Third one."]


def test_arabic_right_to_left_text_keeps_exact_spans() -> None:
    text = "قال المتحدث إن كيم سيزور روسيا. ونفى الكرملين ذلك!\nمشاركة :"
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "قال المتحدث إن كيم سيزور روسيا.",
        "ونفى الكرملين ذلك!",
        "مشاركة :",
    ]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("." * 1_000_000, id="a-million-dots"),
        pytest.param("Aa. " * 250_000, id="a-million-chars-of-short-sentences"),
        pytest.param("x" * 1_000_000, id="one-word-of-a-million-chars"),
        pytest.param("(…) " * 250_000, id="a-million-chars-of-ellipses"),
        pytest.param("WASHINGTON: " * 80_000, id="repeated-datelines"),
        pytest.param(("word " * 20 + "U.S. ") * 8_000, id="abbreviations-throughout"),
    ],
)
def test_one_megabyte_line_is_segmented_exactly(line: str) -> None:
    # Quadratic backtracking would not finish here; bench/ingest.py reports the time.
    spans = split_sentences(line)
    covered = "".join(line[s.start : s.end] for s in spans)
    assert covered.replace(" ", "") == line.replace(" ", "")  # every character once, in order
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert all(s.start < s.end and line[s.start] != " " and line[s.end - 1] != " " for s in spans)
