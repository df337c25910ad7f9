"""Nothing a user gave briefer is lost: ``--out`` never replaces an input, an unwritable target is one
line and exit 2, and a rewritten file keeps the mode the user's umask or the old file gave it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from briefer.cli import main
from briefer.errors import InputError
from briefer.files import write_atomic

SEED = "003_3d8662691a447c24.txt"


@pytest.fixture
def articles(tmp_path, articles_dir):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (SEED, "000_86f0777153ecc389.txt"):
        shutil.copy(articles_dir / name, folder / name)
    return folder


@pytest.fixture
def briefing_json(tmp_path, articles, capsys):
    path = tmp_path / "briefing.json"
    assert main(["summarize", str(articles), "--format", "json", "--out", str(path)]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("how", ["the-file", "the-file-via-a-symlink", "a-file-inside-a-folder-given"])
def test_summarize_refuses_an_out_that_names_an_input_and_leaves_it_alone(tmp_path, articles, capsys, how):
    article = articles / SEED
    before = article.read_bytes()
    given, out = {
        "the-file": (article, article),
        "the-file-via-a-symlink": (article, tmp_path / "link.txt"),
        "a-file-inside-a-folder-given": (articles, article),
    }[how]
    if how == "the-file-via-a-symlink":
        out.symlink_to(article)
    code, err = run(capsys, "summarize", given, "--format", "json", "--out", out)
    assert code == 2
    assert "is one of the inputs" in one_line(err)
    assert article.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "export"])
@pytest.mark.parametrize("target", ["article", "briefing"])
def test_check_and_export_refuse_an_out_that_names_an_input(briefing_json, articles, capsys, command, target):
    victim = articles / SEED if target == "article" else briefing_json
    before = victim.read_bytes()
    extra = ["--allow-open"] if command == "export" else []
    code, err = run(capsys, command, briefing_json, "--sources", articles, "--out", victim, *extra)
    assert code == 2
    assert "is one of the inputs" in one_line(err)
    assert victim.read_bytes() == before


@pytest.mark.parametrize("target", ["directory", "dev-full"])
def test_an_unwritable_out_is_one_line_and_exit_2(tmp_path, articles, capsys, target):
    if target == "dev-full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    out = tmp_path if target == "directory" else Path("/dev/full")
    code, err = run(capsys, "summarize", articles, "--format", "json", "--out", out)
    assert code == 2
    line = one_line(err)
    assert str(out) in line
    assert ("is a directory" if target == "directory" else "No space left on device") in line


def test_an_unwritable_out_from_a_fresh_process_shows_no_traceback(tmp_path, articles):
    done = subprocess.run(
        [sys.executable, "-m", "briefer", "summarize", str(articles), "--format", "json", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_write_atomic_to_a_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(tmp_path, "x")


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path, umask):
    saved = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.json", "x")
    finally:
        os.umask(saved)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600, 0o640])
def test_a_rewritten_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "b.json"
    target.write_text("old")
    target.chmod(mode)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode
