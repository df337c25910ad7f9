"""ingest: what in an article folder is not an article — READMEs, notes, tables, JSON, FIFOs — is skipped
with a warning that names it, and a FIFO is never opened."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from briefer.errors import InputError
from briefer.ingest import load_sources, read_source

ARTICLE = (
    "Kesselbach council approved the new bridge on Monday after a two-year dispute. The mayor said "
    "construction would begin in the spring and cost 12 million euros.\n"
)


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("README.md", "# My articles\n\nThese are the articles I collected this week.\n", "README or notes"),
        ("readme.txt", "These are the articles I collected this week.\n", "README or notes"),
        ("notes.txt", "Call the mayor's office about the bridge costs on Friday.\n", "README or notes"),
        ("NOTES-week-44.md", "Check the figures in the bridge story again.\n", "README or notes"),
        ("LIESMICH.txt", "Das sind die Artikel dieser Woche.\n", "README or notes"),
        ("sources.csv", "title,url,date\nBridge,http://x,2024-10-31\n", "not .txt or .md"),
        ("meta.json", '{"title": "Bridge"}\n', "not .txt or .md"),
    ],
)
def test_a_file_that_is_not_an_article_is_skipped_with_its_name(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    top = folder(tmp_path, {"bridge.txt": ARTICLE, name: text})
    warnings: list[str] = []
    sources = load_sources([top], on_warning=warnings.append)
    assert [s.id for s in sources] == ["bridge"]
    assert len(warnings) == 1 and name in warnings[0] and says in warnings[0]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"articles": [{"title": "Bridge", "text": "The council approved it."}]}', "JSON data"),
        ('[\n  {"title": "Bridge"},\n  {"title": "Flood"}\n]\n', "JSON data"),
        ("title,date,outlet\nBridge approved,2024-10-31,Kurier\nFlood,2024-10-30,Bote\n", "a table"),
        (
            'title;summary;date\n"Bridge";"The council, finally, agreed.";2024-10-31\n"Flood";"37 dead";2024-10-30\n',
            "a table",
        ),
        ("name\tcount\tdate\nDead\t37\t2024-10-31\nInjured\t12\t2024-10-31\n", "a table"),
    ],
)
def test_json_and_tables_named_txt_are_refused(tmp_path: Path, text: str, kind: str) -> None:
    path = tmp_path / "data.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"data.txt: looks like {kind}"):
        read_source(path)


@pytest.mark.parametrize(
    "text",
    [
        "Kim, Putin, Shoigu and Lavrov met on Monday.\nThe talks, officials said, went well.\n"
        "Prices, wages, rents and taxes all rose.\n",
        "[Update] The council approved the bridge.\nThe vote was 12 to 3.\nWork starts in spring.\n",
        "{Correction} An earlier version gave the wrong date.\nThe vote was on Monday.\n",
        # every line has three comma-separated parts, as a table's rows would
        "Kim, Putin meet, talks go on\nKim met Putin, the agency said, on Monday.\n"
        "The talks, held in Vladivostok, lasted hours.\nShoigu, Lavrov and Choe attended, officials said.\n",
    ],
)
def test_prose_with_commas_or_brackets_is_an_article(tmp_path: Path, text: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    assert read_source(path).text == text


def test_a_readme_given_by_name_is_read(tmp_path: Path) -> None:
    path = folder(tmp_path, {"README.md": ARTICLE}) / "README.md"
    assert [s.id for s in load_sources([path])] == ["README"]


def test_a_fifo_in_an_article_folder_is_skipped_unopened(tmp_path: Path) -> None:
    top = folder(tmp_path, {"bridge.txt": ARTICLE})
    fifo = top / "feed.txt"
    os.mkfifo(fifo)
    result: dict[str, object] = {}

    def load() -> None:
        warnings: list[str] = []
        result["ids"] = [s.id for s in load_sources([top], on_warning=warnings.append)]
        result["warnings"] = warnings

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():
        # The loader is blocked opening the FIFO: give it a writer so the thread can end, then fail.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("load_sources opened the FIFO and blocked")
    assert result["ids"] == ["bridge"]
    [warning] = result["warnings"]  # type: ignore[misc]  # a list, set by the worker
    assert "feed.txt" in warning and "not a regular file" in warning
