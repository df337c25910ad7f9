"""The public API as a type checker sees it: `from briefer import summarize, check` are the real functions."""

from __future__ import annotations

import pytest

mypy_api = pytest.importorskip("mypy.api", reason="mypy is in the test extra")

USER_CODE = """
from briefer import Briefing, Settings, Source, check, summarize

briefing, sources = summarize(["articles"], Settings(engine="extractive"))
title: str = briefing.title
first: Source = sources[0]
checked, _ = check(briefing, ["articles"])
again: Briefing = checked
"""


def test_summarize_and_check_are_typed_as_what_they_are(tmp_path):
    (tmp_path / "user.py").write_text(USER_CODE)
    out, err, status = mypy_api.run(
        [str(tmp_path / "user.py"), "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache")]
    )
    assert status == 0, out + err
