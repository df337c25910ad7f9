"""The CLI as a user meets it: commands, formats, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefer.cli import main
from briefer.models import Briefing, Citation, Section, Sentence, VerdictLabel

SEED = "fixtures/articles/003_3d8662691a447c24.txt"


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch, articles_dir):
    monkeypatch.chdir(articles_dir.parent.parent)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_schema_prints_the_briefing_json_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["title"] == "Briefing"
    assert {"sections", "sources", "run"} <= set(schema["properties"])


def test_summarize_prints_a_report_that_names_the_engine(capsys):
    code, out, _ = run(capsys, "summarize", "fixtures/articles/")
    assert code == 0
    assert "engine: extractive" in out
    assert "Sources" in out and "003_3d8662691a447c24" in out


def test_summarize_json_is_a_checked_briefing_and_valid_check_input(capsys, tmp_path):
    code, out, _ = run(capsys, "summarize", "fixtures/articles/", "--format", "json")
    assert code == 0
    briefing = Briefing.model_validate_json(out)
    assert briefing.run is not None and briefing.run.engine == "extractive"
    assert all(s.verdict is not None for _, _, s in briefing.sentences())
    path = tmp_path / "b.json"
    path.write_text(out)
    code, out, _ = run(capsys, "check", str(path), "--sources", "fixtures/articles/", "--format", "json")
    report = json.loads(out)
    flagged = sum(1 for s in report["sentences"] if s["flagged"])
    assert code == (1 if flagged else 0)
    assert report["summary"]["sentences"] == len(briefing.sentences())
    row = report["sentences"][0]
    assert set(row) >= {"section", "index", "text", "verdict", "flagged", "score", "reasons", "spans"}


def test_summarize_out_writes_the_briefing_json(capsys, tmp_path):
    out_file = tmp_path / "nested" / "briefing.json"
    code, _, err = run(capsys, "summarize", SEED, "--out", str(out_file))
    assert code == 0
    assert f"wrote {out_file}" in err.replace("\n", "")
    assert Briefing.model_validate_json(out_file.read_text()).sources[0].id == "003_3d8662691a447c24"


def test_summarize_markdown_prints_markdown(capsys):
    code, out, _ = run(capsys, "summarize", SEED, "--format", "markdown")
    assert code == 0
    assert out.lstrip().startswith("#")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["summarize", "no/such/dir"], "no/such/dir"),
        (["check", "missing.json", "--sources", SEED], "missing.json"),
        (["summarize", SEED, "--engine", "llm"], "OPENAI_API_KEY"),
    ],
)
def test_bad_input_exits_2_with_a_one_line_error(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert err.strip().startswith("briefer: error:")


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["summarize"], ["check", "b.json"]])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def _briefing_with(text: str, quote: str) -> Briefing:
    return Briefing(
        sections=[
            Section(
                title="T",
                sentences=[Sentence(text=text, citations=[Citation(source="003_3d8662691a447c24", quote=quote)])],
            )
        ]
    )


def test_check_exits_1_when_a_sentence_is_unsupported(capsys, tmp_path):
    path = tmp_path / "b.json"
    path.write_text(
        _briefing_with(
            "Reznikov announced he would stay in office.",
            "Ukrainian Defense Minister Oleksiy Reznikov on Monday announced he had handed in his resignation",
        ).model_dump_json()
    )
    code, out, _ = run(capsys, "check", str(path), "--sources", SEED, "--format", "json")
    assert code == 1
    assert json.loads(out)["sentences"][0]["flagged"] is True


def test_fail_on_flagged_turns_a_flag_into_exit_1(capsys, monkeypatch):
    from briefer import pipeline
    from briefer.models import Verdict

    flagged = _briefing_with("x", "y")
    flagged.sections[0].sentences[0].verdict = Verdict(label=VerdictLabel.UNSUPPORTED, score=0.0)
    monkeypatch.setattr(pipeline, "summarize", lambda *a, **k: (flagged, []))
    assert run(capsys, "summarize", SEED, "--format", "json")[0] == 0
    assert run(capsys, "summarize", SEED, "--format", "json", "--fail-on-flagged")[0] == 1


def test_python_dash_m_briefer_runs():
    proc = subprocess.run([sys.executable, "-m", "briefer", "schema"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"] == "Briefing"


def test_raise_errors_env_shows_the_traceback(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFER_RAISE_ERRORS", "1")
    from briefer.errors import InputError

    with pytest.raises(InputError):
        main(["summarize", "no/such/dir"])


@pytest.mark.parametrize(("extra", "says"), [((), "are cached"), (("--no-cache",), "were not kept")])
def test_an_interrupted_summarize_says_whether_finished_calls_were_kept(monkeypatch, capsys, extra, says):
    import briefer.cli

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setitem(briefer.cli.COMMANDS, "summarize", interrupted)
    code, _, err = run(capsys, "summarize", "fixtures/articles", *extra)
    assert code != 0 and err.startswith("briefer: interrupted; ") and says in err, err
