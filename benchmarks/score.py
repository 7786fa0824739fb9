"""Score ``cleaner dedup`` outputs against a generated corpus's ground truth.

``python -m benchmarks.score CORPUS OUT`` prints content precision/recall, boilerplate
removal, teaser pairwise precision/recall/F1, duplicate recall and false pairs, and
teaser-to-article links, as JSON.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Scores:
    content_recall: float
    content_precision: float
    boilerplate_removed: float
    teaser_precision: float
    teaser_recall: float
    teaser_f1: float
    duplicate_recall: float
    duplicate_false_pairs: int
    duplicate_pairs: int
    link_recall: float
    link_precision: float
    files: int


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def score(truth_path: Path, articles_path: Path, teasers_path: Path) -> Scores:
    truth = {t["id"]: t for t in map(json.loads, truth_path.read_text(encoding="utf-8").splitlines())}
    articles = {a["id"]: a for a in map(json.loads, articles_path.read_text(encoding="utf-8").splitlines())}
    teasers = {t["id"]: t for t in map(json.loads, teasers_path.read_text(encoding="utf-8").splitlines())}

    kept_content = total_content = kept_total = kept_boiler = total_boiler = 0
    cells: Counter[tuple[str, int]] = Counter()
    predicted: Counter[str] = Counter()
    actual: Counter[int] = Counter()
    for file_id, t in truth.items():
        article = articles.get(file_id)
        kept = Counter(p for p in (article["text"].rstrip("\n").split("\n\n") if article else []) if p)
        content = Counter(_nfc(p) for p in t["content"])
        boiler = Counter(_nfc(p) for p in t["boilerplate"])
        kept_content += sum(min(kept[p], n) for p, n in content.items())
        total_content += sum(content.values())
        kept_total += sum(kept.values())
        kept_boiler += sum(min(max(0, kept[p] - content[p]), n) for p, n in boiler.items())
        total_boiler += sum(boiler.values())
        found = {x["position"]: x["teaser"] for x in (article["teasers"] if article else [])}
        for position, story in enumerate(t["teasers"]):
            actual[story] += 1
            cluster = found.get(position, f"missing:{file_id}:{position}")
            predicted[cluster] += 1
            cells[(cluster, story)] += 1
    true_pairs, predicted_pairs, common = _pairs(actual.values()), _pairs(predicted.values()), _pairs(cells.values())
    precision = common / predicted_pairs if predicted_pairs else 1.0
    recall = common / true_pairs if true_pairs else 1.0

    groups: dict[str, list[str]] = {}
    for file_id, t in truth.items():
        groups.setdefault(t["duplicate_group"], []).append(file_id)
    true_dup = {frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b}
    found_groups: dict[str, list[str]] = {}
    for a in articles.values():
        found_groups.setdefault(a["duplicate_of"] or a["id"], []).append(a["id"])
    found_dup = {frozenset((a, b)) for members in found_groups.values() for a in members for b in members if a < b}

    # A teaser cluster should link to the first file of the story most of its occurrences announce.
    story_file = {
        t["story"]: t["id"] for t in sorted(truth.values(), key=lambda t: t["id"]) if t["duplicate_group"] == t["id"]
    }
    majority: dict[str, int] = {}
    for (cluster, story), n in sorted(cells.items()):
        if n > 0 and (cluster not in majority or n > cells[(cluster, majority[cluster])]):
            majority[cluster] = story
    linkable = [c for c, s in majority.items() if c in teasers and s in story_file]
    linked_right = sum(1 for c in linkable if teasers[c]["article"] == story_file[majority[c]])
    linked = sum(1 for c in teasers.values() if c["article"] is not None)
    return Scores(
        content_recall=kept_content / total_content if total_content else 1.0,
        content_precision=(kept_total - kept_boiler) / kept_total if kept_total else 1.0,
        boilerplate_removed=1 - kept_boiler / total_boiler if total_boiler else 1.0,
        teaser_precision=precision,
        teaser_recall=recall,
        teaser_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        duplicate_recall=len(true_dup & found_dup) / len(true_dup) if true_dup else 1.0,
        duplicate_false_pairs=len(found_dup - true_dup),
        duplicate_pairs=len(true_dup),
        link_recall=linked_right / len(linkable) if linkable else 1.0,
        link_precision=linked_right / linked if linked else 1.0,
        files=len(truth),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the generated corpus (with truth.jsonl)")
    parser.add_argument("out", type=Path, help="the output folder of cleaner dedup")
    args = parser.parse_args()
    result: dict[str, Any] = asdict(
        score(args.corpus / "truth.jsonl", args.out / "articles.jsonl", args.out / "teasers.jsonl")
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
