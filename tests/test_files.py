import json

import pytest

from briefer.errors import InputError
from briefer.files import read_briefing, write_atomic, write_briefing
from briefer.models import Briefing, Citation, Section, Sentence


def test_write_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "out" / "b.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["b.json"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "b.json"
    target.write_text("old")

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("briefer.files.os.replace", boom)
    with pytest.raises(InputError, match="cannot write .*disk full"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]


def test_write_atomic_to_a_fifo_writes_through_instead_of_replacing_it(tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=5)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_briefing_round_trips_through_json(tmp_path):
    briefing = Briefing(
        sections=[Section(title="T", sentences=[Sentence(text="A.", citations=[Citation(source="s", quote="A")])])]
    )
    path = tmp_path / "b.json"
    write_briefing(path, briefing)
    assert read_briefing(path) == briefing


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b"[1, 2]", "not a briefing"),
        (b'{"title": "x"}', "not a briefing"),
        (json.dumps({"sections": [{"title": 3, "sentences": []}]}).encode(), "invalid briefing at sections.0.title"),
        (
            json.dumps({"sections": [{"title": "t", "sentences": [{"citations": []}]}]}).encode(),
            "invalid briefing at sections.0.sentences.0.text",
        ),
    ],
)
def test_malformed_briefing_gives_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "b.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_briefing(path)
    assert "\n" not in str(info.value)


def test_missing_briefing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_briefing(tmp_path / "nope.json")


def test_minimal_external_briefing_keeps_extra_fields(tmp_path):
    path = tmp_path / "b.json"
    doc = {
        "sections": [
            {"title": "t", "x-tool": 1, "sentences": [{"text": "S.", "citations": [{"source": "a"}], "x-note": "kept"}]}
        ]
    }
    path.write_text(json.dumps(doc))
    briefing = read_briefing(path)
    dumped = json.loads(briefing.model_dump_json())
    assert dumped["sections"][0]["x-tool"] == 1
    assert dumped["sections"][0]["sentences"][0]["x-note"] == "kept"
