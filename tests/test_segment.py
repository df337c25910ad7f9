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
        pytest.param("The U.S. said so. Russia denied it.", ["The U.S. said so.", "Russia denied it."],
                     id="dotted-acronym-is-not-an-end"),
        pytest.param("US says N.Korea’s Kim expects talks", ["US says N.Korea’s Kim expects talks"],
                     id="dot-inside-a-word"),
        pytest.param("Dr. Watson spoke. Gen. Milley left.", ["Dr. Watson spoke.", "Gen. Milley left."],
                     id="title-abbreviations"),
        pytest.param("Der Gipfel vom 10. bis 13. September findet statt. Kim reist an.",
                     ["Der Gipfel vom 10. bis 13. September findet statt.", "Kim reist an."],
                     id="german-ordinals-and-dates"),
        pytest.param("“It is a failure,” Putin said. “Let’s see.” Then he left.",
                     ["“It is a failure,” Putin said.", "“Let’s see.”", "Then he left."],
                     id="quote-closing-after-full-stop"),
        pytest.param("Die Offensive sei „gescheitert.“ Dennoch rüstet Moskau auf.",
                     ["Die Offensive sei „gescheitert.“", "Dennoch rüstet Moskau auf."], id="german-closing-quote"),
        pytest.param("“Cuba is not part of the war (…) It acts energetically,” the ministry said.",
                     ["“Cuba is not part of the war (…) It acts energetically,” the ministry said."],
                     id="bracketed-ellipsis-is-an-omission"),
        pytest.param("Heading line\n\nBody sentence one. Body two.",
                     ["Heading line", "Body sentence one.", "Body two."], id="line-breaks-end-sentences"),
        pytest.param(" date 2023-09-05 North Korean leader Kim plans a trip.",
                     ["date 2023-09-05", "North Korean leader Kim plans a trip."], id="leading-date-stamp-is-its-own"),
        pytest.param("Kim is likely to head to Vladivostok WASHINGTON: North Korean leader Kim expects talks.",
                     ["Kim is likely to head to Vladivostok", "WASHINGTON: North Korean leader Kim expects talks."],
                     id="agency-dateline-after-standfirst"),
        pytest.param("A report by the IAEA: Iran enriched more uranium.",
                     ["A report by the IAEA: Iran enriched more uranium."], id="acronym-with-colon-is-no-dateline"),
        pytest.param("A remark. of Foreign Affairs.", ["A remark. of Foreign Affairs."], id="lowercase-continuation"),
        pytest.param("Wait... What? Yes!", ["Wait...", "What?", "Yes!"], id="punctuation-runs"),
        pytest.param("   \n\n  ", [], id="whitespace-only"),
        pytest.param("", [], id="empty"),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_window_returns_only_sentences_inside_it() -> None:
    text = "First one. Second one.\nThird one. Fourth one."
    start = text.index("Second")
    end = text.index(" Fourth")
    assert sentences(text, start, end) == ["Second one.", "Third one."]


def test_arabic_right_to_left_text_keeps_exact_spans() -> None:
    text = "قال المتحدث إن كيم سيزور روسيا. ونفى الكرملين ذلك!\nمشاركة :"
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == [
        "قال المتحدث إن كيم سيزور روسيا.", "ونفى الكرملين ذلك!", "مشاركة :"]


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
