"""The response cache: content-addressed, atomic, and a corrupt entry is a miss, never a crash."""

from __future__ import annotations

import json
import os
import time

import pytest

from briefer.cache import ResponseCache, cache_key
from briefer.errors import ConfigError

REQUEST = {"model": "m", "base_url": "u", "messages": [{"role": "user", "content": "hi"}], "parameters": {"t": 0}}


def test_equal_requests_have_equal_keys_whatever_the_key_order():
    reordered = dict(reversed(list(REQUEST.items())))
    assert cache_key(reordered) == cache_key(REQUEST)
    assert len(cache_key(REQUEST)) == 64


@pytest.mark.parametrize(
    "change",
    [{"model": "n"}, {"base_url": "v"}, {"messages": [{"role": "user", "content": "ho"}]}, {"parameters": {"t": 1}}],
)
def test_any_change_in_the_request_changes_the_key(change):
    assert cache_key({**REQUEST, **change}) != cache_key(REQUEST)


def test_an_entry_round_trips_in_its_own_file(tmp_path):
    cache = ResponseCache(tmp_path)
    key = cache_key(REQUEST)
    assert cache.get(key) is None
    cache.put(key, {"facts": []}, model="m", label="chunk a#0")
    assert cache.get(key) == {"key": key, "model": "m", "label": "chunk a#0", "content": {"facts": []}}
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [f"{key[:2]}/{key}.json"]


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        "",
        "[1, 2]",
        json.dumps({"key": "someone else", "content": {}}),
        json.dumps({"key": "KEY", "content": "not an object"}),
    ],
)
def test_a_corrupt_entry_is_a_miss_and_gets_overwritten(tmp_path, stored):
    cache = ResponseCache(tmp_path)
    key = cache_key(REQUEST)
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_text(stored.replace("KEY", key))
    assert cache.get(key) is None
    cache.put(key, {"ok": True})
    assert cache.get(key)["content"] == {"ok": True}


def test_a_disabled_cache_reads_and_writes_nothing(tmp_path):
    key = cache_key(REQUEST)
    ResponseCache(tmp_path).put(key, {"ok": True})
    disabled = ResponseCache(tmp_path / "other", enabled=False)
    disabled.put(key, {"ok": True})
    assert disabled.get(key) is None and not (tmp_path / "other").exists()
    assert ResponseCache(tmp_path, enabled=False).get(key) is None


def test_an_unwritable_cache_is_a_config_error_naming_the_way_out(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    with pytest.raises(ConfigError, match="--no-cache"):
        ResponseCache(blocker).open()  # before any call is made (LLMClient opens its cache when it starts)


def test_a_write_that_fails_later_loses_no_answer_and_says_why(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    cache.open()
    (tmp_path / "cache" / ".tmp").rmdir()
    (tmp_path / "cache" / ".tmp").write_text("the disk filled up, say")
    cache.put(cache_key(REQUEST), {"ok": True})  # does not raise: the caller keeps the answer it paid for
    assert cache.write_error and "cannot write the response cache" in cache.write_error
    assert cache.get(cache_key(REQUEST)) is None


def test_a_killed_runs_temporary_files_are_cleared_when_the_cache_is_next_opened(tmp_path):
    cache = ResponseCache(tmp_path)
    cache.put(cache_key(REQUEST), {"ok": True})
    leftover = tmp_path / ".tmp" / "0123456789abcdef.x1y2z3.tmp"  # what kill -9 mid-write leaves
    leftover.write_text('{"key": "half')
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    recent = tmp_path / ".tmp" / "fedcba9876543210.a1b2c3.tmp"  # another run, writing right now
    recent.write_text('{"key": "ha')
    ResponseCache(tmp_path).open()
    assert not leftover.exists() and recent.exists()
    assert [p.name for p in tmp_path.rglob("*.tmp") if p.is_file()] == [recent.name]  # temporaries only ever in .tmp/
