"""Hostile input: every file briefer cannot use gets one line that names it and says what to do."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from briefer import ingest
from briefer.chunk import chunk_sources
from briefer.errors import InputError
from briefer.ingest import MAX_FILE_BYTES, MAX_LINES, load_sources, read_source

GOOD = "The minister said that the talks with the allies were going well and that it is {n} days to the summit.\n"

REFUSED = [
    ("empty-file", b"", "is empty"),
    ("whitespace-only", b" \n\t\r\n  \n", "contains only whitespace"),
    ("pdf-magic", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "looks like a PDF document, not text; export"),
    ("png-magic", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a PNG image"),
    ("zip-or-docx", b"PK\x03\x04\x14\x00\x06\x00", "save the article as plain text"),
    ("nul-bytes", b"Kim met Putin\x00\x00\x00 in Vladivostok.", "contains NUL bytes"),
    ("utf16-without-bom", "Kim met Putin.".encode("utf-16-le"), "re-save as UTF-8"),
    ("utf16-with-nul-characters", "Kim\x00\x00met Putin.".encode("utf-16"), "UTF-16 text with NUL characters"),
    (
        "latin1-text",
        "Gemäß der Sprecherin schreiten die Gespräche über Waffen voran.".encode("latin-1"),
        "looks like Latin-1/Windows-1252 text (invalid UTF-8 at byte 3); "
        "re-save as UTF-8 (e.g. iconv -f latin1 -t utf-8",
    ),
    ("invalid-utf8", b"Kim met \xc3\x28 Putin and \xf0\x28\x8c\x28 left.", "re-save as UTF-8 (e.g. iconv"),
    (
        "html-page",
        b"<!DOCTYPE html><html><head><title>Kim</title></head><body><p>Kim met Putin.</p></body></html>",
        "looks like an HTML page, not article text; save it as plain text",
    ),
    ("html-fragment", b"<div><p>Kim met Putin.</p><p>They talked.</p><br><p>More.</p></div>", "HTML page"),
    (
        "only-furniture",
        "Share this: Twitter\nFacebook\n  • 9/4/2023\nnews-picture\n".encode(),
        "no article text, only headings or page furniture",
    ),
    ("only-a-headline", b"Kim meets Putin in Vladivostok\n", "no article text, only headings"),
    ("only-rules-and-dots", b"\n\n   \n--- \n***\n...\n", "no article text, only headings"),
]


@pytest.mark.parametrize(("case", "data", "message"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_unusable_file_is_refused_in_one_line_naming_it(tmp_path: Path, case: str, data: bytes, message: str) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_source(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ") and message in text and "\n" not in text


@pytest.mark.parametrize(("case", "data", "message"), REFUSED, ids=[c for c, _, _ in REFUSED])
def test_unusable_file_is_skipped_with_a_warning_when_others_remain(
    tmp_path: Path, case: str, data: bytes, message: str
) -> None:
    (tmp_path / f"{case}.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    warnings: list[str] = []
    sources = load_sources([tmp_path], on_warning=warnings.append)
    assert [s.id for s in sources] == ["good"]
    assert len(warnings) == 1 and message in warnings[0]


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("utf8-bom-is-dropped", b"\xef\xbb\xbf" + GOOD.format(n=1).encode()),
        ("utf16-le-bom-is-decoded", GOOD.format(n=1).encode("utf-16")),
        ("utf16-be-bom-is-decoded", b"\xfe\xff" + GOOD.format(n=1).encode("utf-16-be")),
        ("crlf-kept-as-is", GOOD.format(n=1).replace("\n", "\r\n").encode()),
    ],
)
def test_decodable_encodings_give_the_text_and_exact_offsets(tmp_path: Path, case: str, data: bytes) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_bytes(data)
    source = read_source(path)
    expected = GOOD.format(n=1).replace("\n", "\r\n") if case.startswith("crlf") else GOOD.format(n=1)
    assert source.text == expected and source.language == "en"
    [chunk] = chunk_sources([source], 200, "o200k_base")
    assert chunk.text == source.text[chunk.start : chunk.end] == expected.strip()


def test_fifty_megabyte_file_is_refused_reading_no_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = GOOD.format(n=7).encode()
    with path.open("wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"larger than 5 MB; split it into separate articles") as caught:
            read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(path) in str(caught.value)
    assert peak < 2 * MAX_FILE_BYTES  # read limit + 1 bytes, not 50 MB


@pytest.mark.parametrize(("lines", "refused"), [(MAX_LINES, False), (MAX_LINES + 1, True)])
def test_line_cap_refuses_a_data_dump_but_not_a_long_article(tmp_path: Path, lines: int, refused: bool) -> None:
    path = tmp_path / "lines.txt"
    path.write_text(GOOD.format(n=1) + "a\n" * (lines - 1), encoding="utf-8")
    if refused:
        with pytest.raises(InputError, match=f"has {lines:,} lines, more than any article"):
            read_source(path)
    else:
        assert read_source(path).text.count("\n") == lines


def test_ten_thousand_tiny_files_are_all_read_in_order(tmp_path: Path) -> None:
    # Speed is measured by bench/ingest.py; this checks correctness at that scale.
    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(GOOD.format(n=i), encoding="utf-8")
    warnings: list[str] = []
    sources = load_sources([tmp_path], on_warning=warnings.append)
    assert [s.id for s in sources] == [f"{i:05d}" for i in range(10_000)]
    assert warnings == []


def test_one_megabyte_line_is_ingested_and_chunked(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_text("Kim met Putin and the talks went on. " * 28_000, encoding="utf-8")
    [source] = load_sources([path])
    chunks = chunk_sources([source], 1500, "o200k_base")
    assert "".join("".join(c.text for c in chunks).split()) == "".join(source.text.split())
    assert all(c.text == source.text[c.start : c.end] and c.tokens <= 1500 for c in chunks)


def test_symlink_loops_neither_hang_nor_crash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "back-to-top")  # a directory loop
    os.symlink(tmp_path / "y.txt", tmp_path / "x.txt")  # a file loop: x -> y -> x
    os.symlink(tmp_path / "x.txt", tmp_path / "y.txt")
    warnings: list[str] = []
    sources = load_sources([tmp_path], on_warning=warnings.append)
    assert [s.id for s in sources] == ["a"]
    assert len(warnings) == 2 and all("cannot be read" in w and "check the file" in w for w in warnings)


def test_unreadable_file_is_skipped_with_a_permission_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, so simulate what the OS says to everyone else.
    good = tmp_path / "good.txt"
    good.write_text(GOOD.format(n=1), encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD.format(n=2), encoding="utf-8")
    real_open = open

    def open_refusing_locked(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]  # passes through open's own types

    monkeypatch.setattr(ingest, "open", open_refusing_locked, raising=False)
    warnings: list[str] = []
    assert [s.id for s in load_sources([good, locked], on_warning=warnings.append)] == ["good"]
    assert warnings == [f"{locked}: permission denied; make it readable (chmod u+r {locked})"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD.format(n=2), encoding="utf-8")
    locked.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_source(locked)


def test_duplicate_article_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    warnings: list[str] = []
    assert [s.id for s in load_sources([tmp_path], on_warning=warnings.append)] == ["a"]
    assert warnings == [
        f"{tmp_path / 'b.txt'}: same content as {tmp_path / 'a.txt'}; skipped the copy "
        "(remove one of them to silence this)"
    ]


@pytest.mark.parametrize(
    ("case", "text", "language"),
    [
        (
            "french",
            "Le ministre a dit que les négociations avec la Russie sont dans une phase difficile pour "
            "le pays et que la délégation est arrivée.",
            "fr",
        ),
        (
            "arabic-right-to-left",
            "قال المتحدث باسم مجلس الأمن القومي إن كيم جونغ أون يتوقع لقاء بوتين في روسيا. "
            "ونفى الكرملين التعليق على التقرير.",
            "ar",
        ),
        ("unknown-latin-script", "Kim Putin Vladivostok Pyongyang Moskva Shoigu Kirby Watson.", "und"),
    ],
)
def test_unsupported_language_is_kept_with_a_warning(tmp_path: Path, case: str, text: str, language: str) -> None:
    path = tmp_path / f"{case}.txt"
    path.write_text(text, encoding="utf-8")
    warnings: list[str] = []
    [source] = load_sources([path], on_warning=warnings.append)
    assert source.language == language and source.text == text
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: ") and "kept" in warnings[0]
    chunks = chunk_sources([source], 32, "o200k_base")
    assert chunks and all(c.text == text[c.start : c.end] for c in chunks)


@pytest.mark.parametrize(
    ("case", "paths", "message"),
    [
        ("missing-file", ["no-such.txt"], "no-such.txt: no such file (or a broken link); check the path"),
        ("empty-directory", ["empty-dir"], "empty-dir: no .txt or .md files inside"),
        ("nothing-given", [], "no articles given; pass .txt or .md files, directories, or - for stdin"),
        ("several-problems", ["no-such.txt", "empty-dir"], "no usable articles (2 problems); the first: "),
    ],
)
def test_nothing_usable_raises_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, paths: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty-dir").mkdir()
    with pytest.raises(InputError) as caught:
        load_sources(paths)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_file_name_with_control_characters_keeps_messages_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname\x1b[31m.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        load_sources([path])
    assert str(caught.value) == f"{tmp_path}/bad\\nname\\x1b[31m.txt: is empty; give a file with the article's text"


def test_nul_byte_deep_inside_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    path.write_bytes(GOOD.format(n=1).encode() * 2000 + b"\x00" + GOOD.format(n=2).encode())
    with pytest.raises(InputError, match="contains NUL bytes"):
        read_source(path)


def test_a_single_path_string_is_one_path_not_its_characters(articles_dir: Path) -> None:
    assert len(load_sources(str(articles_dir))) == 5


def test_unlistable_subdirectory_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(GOOD.format(n=1), encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir_refusing_locked(path: object = ".") -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]  # same argument os.walk passed us

    monkeypatch.setattr(os, "scandir", scandir_refusing_locked)
    warnings: list[str] = []
    assert [s.id for s in load_sources([tmp_path], on_warning=warnings.append)] == ["good"]
    assert warnings == [f"{tmp_path / 'locked'}: cannot be listed (Permission denied); check its permissions"]


def test_missing_file_next_to_a_good_one_is_a_warning(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD.format(n=1), encoding="utf-8")
    warnings: list[str] = []
    assert [s.id for s in load_sources([good, tmp_path / "gone.txt"], on_warning=warnings.append)] == ["good"]
    assert warnings == [f"{tmp_path / 'gone.txt'}: no such file (or a broken link); check the path"]
