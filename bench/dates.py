"""Publication dates: briefer.metadata's rules against python-dateutil, on the table of tests/test_metadata.py.

    .venv/bin/python bench/dates.py        # needs python-dateutil (pip install python-dateutil)

dateutil is given the best chance: fuzzy parsing, a parserinfo that knows German month and weekday
names and German filler words, day-first unless the text is US-style, and a date counts only when the
same answer comes back with two different defaults (otherwise dateutil filled a missing day, month or
year in from its default: "October 2024" would become a day nobody wrote). Right = the table's date,
or None where the table has none.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_metadata import DATES  # noqa: E402

from briefer.metadata import parse_date  # noqa: E402

try:
    from dateutil import parser as dateutil_parser
except ImportError:
    sys.exit("python-dateutil is not installed: pip install python-dateutil")


class GermanAndEnglish(dateutil_parser.parserinfo):
    MONTHS = [
        ("Jan", "January", "Januar", "Jänner"),
        ("Feb", "February", "Februar"),
        ("Mar", "March", "März", "Maerz", "Mär"),
        ("Apr", "April"),
        ("May", "Mai"),
        ("Jun", "June", "Juni"),
        ("Jul", "July", "Juli"),
        ("Aug", "August"),
        ("Sep", "Sept", "September"),
        ("Oct", "October", "Okt", "Oktober"),
        ("Nov", "November"),
        ("Dec", "December", "Dez", "Dezember"),
    ]
    WEEKDAYS = [
        ("Mon", "Monday", "Montag"),
        ("Tue", "Tuesday", "Dienstag"),
        ("Wed", "Wednesday", "Mittwoch"),
        ("Thu", "Thursday", "Donnerstag"),
        ("Fri", "Friday", "Freitag"),
        ("Sat", "Saturday", "Samstag"),
        ("Sun", "Sunday", "Sonntag"),
    ]
    JUMP = [*dateutil_parser.parserinfo.JUMP, "vom", "am", "um", "Uhr", "Stand", "den"]


def dateutil_date(text: str) -> dt.date | None:
    info = GermanAndEnglish(dayfirst="/" not in text)
    answers = set()
    for default in (dt.datetime(1901, 1, 1), dt.datetime(1902, 2, 2)):
        try:
            answers.add(dateutil_parser.parse(text, parserinfo=info, fuzzy=True, default=default).date())
        except (ValueError, OverflowError):
            return None
    return answers.pop() if len(answers) == 1 else None


def main() -> None:
    warnings.simplefilter("ignore")  # dateutil warns about "ET" as a time zone it does not know
    print(f"{len(DATES)} rows (tests/test_metadata.py DATES)")
    for name, read in (("briefer.metadata rules", parse_date), ("python-dateutil (fuzzy, DE+EN)", dateutil_date)):
        t = time.perf_counter()
        got = [read(text) for text, _ in DATES]
        took = (time.perf_counter() - t) / len(DATES) * 1e6
        wrong = [(text, want, g) for (text, want), g in zip(DATES, got, strict=True) if g != want]
        print(f"  {name:32} right {len(DATES) - len(wrong):2}/{len(DATES)}  {took:5.0f} µs/row")
        for text, want, g in wrong:
            print(f"      {text!r}: {g} (table: {want})")


if __name__ == "__main__":
    main()
