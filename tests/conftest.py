from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
SEED_NAMES = [p.stem for p in SEEDS]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the benchmarks package (corpus generator) for tests

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def seed_text(name: str) -> str:
    return (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def gold_text(name: str) -> str:
    return (FIXTURES / "gold" / f"{name}.clean.txt").read_text(encoding="utf-8")


@pytest.fixture(params=SEED_NAMES)
def seed_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)
