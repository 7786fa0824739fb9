"""The worker's memory of signed keys: bounded, never wrong about a key it says it met,
and never forgetting a key met within the last ``capacity`` lookups."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.dedup.extract import RecentKeys


@given(capacity=st.integers(1, 6), keys=st.lists(st.sampled_from("abcdefghijkl"), max_size=200))
def test_recent_keys_are_remembered_and_memory_is_bounded(capacity: int, keys: list[str]) -> None:
    recent = RecentKeys(capacity)
    for n, key in enumerate(keys):
        met = recent.met(key)
        if met:
            assert key in keys[:n]  # no key is made up
        if key in keys[max(0, n - capacity) : n]:
            assert met  # one met lately is not forgotten
        assert len(recent) <= 2 * capacity


def test_a_recurring_key_outlives_any_number_of_new_ones() -> None:
    # The point of two generations: a set cleared when full forgot the popular teasers
    # every `capacity` new keys, and they were signed again.
    recent = RecentKeys(4)
    forgotten = 0
    for n in range(1000):
        recent.met(f"new {n}")
        if n % 3 == 0:
            forgotten += not recent.met("popular")
    assert forgotten == 1  # only the first time
    recent.clear()
    assert len(recent) == 0 and not recent.met("popular")
