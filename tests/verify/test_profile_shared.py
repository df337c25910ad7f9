"""profile(text) is cached, so every caller gets the same object: nobody can change it under the others."""

from __future__ import annotations

import dataclasses

import pytest

from briefer.verify.profile import profile

TEXT = "Kirby said on Monday that Kim is likely to travel to Vladivostok, not Moscow, with 12 officials."


def test_the_cached_profile_is_shared():
    assert profile(TEXT) is profile(TEXT)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda p: p.vocab.add("x"),
        lambda p: p.numbers.clear(),
        lambda p: p.content.append("x"),
        lambda p: p.hedge_scope.__setitem__("x", set()),
        lambda p: p.hedge_scope["likely"].add("x"),
        lambda p: p.speakers.__setitem__("x", "y"),
        lambda p: setattr(p, "has_negation", False),
    ],
    ids=["set", "numbers", "list", "dict", "dict-value", "speakers", "attribute"],
)
def test_a_shared_profile_cannot_be_changed(mutate):
    shared = profile(TEXT)
    before = repr(shared)
    with pytest.raises((AttributeError, TypeError, dataclasses.FrozenInstanceError)):
        mutate(shared)
    assert repr(profile(TEXT)) == before
