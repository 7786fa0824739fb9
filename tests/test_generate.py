"""The benchmark corpora's generator: longer articles change nothing but the bodies."""

from __future__ import annotations

from benchmarks.generate import generate


def test_a_body_scale_lengthens_the_bodies_and_keeps_everything_else() -> None:
    plain = list(generate(60, seed=4))
    longer = list(generate(60, seed=4, body_scale=3))
    assert [file_id for file_id, _, _ in plain] == [file_id for file_id, _, _ in longer]
    for (_, _, truth), (_, _, long_truth) in zip(plain, longer, strict=True):
        assert (truth.story, truth.teasers, truth.boilerplate) == (
            long_truth.story,
            long_truth.teasers,
            long_truth.boilerplate,
        )
        assert set(truth.content) <= set(long_truth.content)
        assert len(long_truth.content) > len(truth.content)
    assert sum(len(t) for _, t, _ in longer) > 1.5 * sum(len(t) for _, t, _ in plain)
