"""The words deduplication compares: blank-separated, except in scripts written without
blanks (Chinese, Japanese, Thai...), where a run of characters gives its overlapping
pairs; and what that changes for a corpus of the Chinese edition."""

from __future__ import annotations

import random
from typing import Any

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup import dedup
from cleaner.dedup.shingles import article_hashes, teaser_hashes, teaser_key
from cleaner.dedup.titles import overlaps
from cleaner.dedup.words import ARTICLE_SCRIPT_PREFIX, article_words, first_words, letter_words, words

# The rule, written plainly: the code points of the scripts written without blanks.
UNSPACED_BLOCKS = [
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x19E0, 0x19FF),
    (0x2E80, 0x2FDF),
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3040, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3134F),
]


def unspaced(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in UNSPACED_BLOCKS)


def reference_words(text: str, keep: Any = lambda c: True) -> list[str]:
    """Each blank-separated token, cut where it passes between unspaced characters and
    others; a run of unspaced characters gives its overlapping pairs (a lone one, itself).
    ``keep`` says which characters belong to words at all (the others separate them)."""
    runs: list[str] = []
    for token in text.split():
        run = ""
        for char in token:
            if not keep(char):
                runs += [run] if run else []
                run = ""
            elif run and unspaced(char) != unspaced(run[-1]):
                runs.append(run)
                run = char
            else:
                run += char
        runs += [run] if run else []
    out: list[str] = []
    for run in runs:
        if unspaced(run[0]) and len(run) > 1:
            out += [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            out.append(run)
    return out


LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")

# Text of every kind: Latin with accents, blanks of all sorts (str.split's \x1c-\x1f
# too), punctuation, and the scripts written without blanks.
ALPHABET = st.sampled_from(
    list("abcXYZéđ0 9.,;:'-’«»\t\n\r\x1c\x1f\u00a0\u2003\u3000")
    + list("越南与古巴加强国防合作。，")
    + list("ひらがなカタカナ")
    + list("ภาษาไทย")
    + ["\U00020b9f", "\u3005", "\uff71"]
)
TEXTS = st.text(alphabet=ALPHABET, max_size=80)
SPACED_TEXTS = st.text(max_size=80).filter(lambda t: not any(map(unspaced, t)))


@given(TEXTS)
def test_words_are_blank_separated_and_unspaced_runs_cut_into_pairs(text: str) -> None:
    assert words(text) == reference_words(text)
    assert first_words(text, 3) == reference_words(text)[:3]
    assert letter_words(text) == reference_words(text, lambda c: LETTER_OR_DIGIT.match(c) is not None)


@given(SPACED_TEXTS)
def test_text_with_no_unspaced_character_splits_as_before(text: str) -> None:
    # Outputs of corpora in spaced scripts do not change: the same words as str.split()
    # and the old pattern of letters and digits.
    assert words(text) == text.split() == article_words(text, 100)
    assert first_words(text, 4) == text.split()[:4]
    assert letter_words(text) == regex.findall(r"[\p{L}\p{N}]+", text, flags=regex.V1)


@given(st.text(alphabet=st.sampled_from(list("ab cd\n")), max_size=400), st.text(alphabet=ALPHABET, max_size=400))
def test_an_article_is_cut_into_pairs_when_its_start_holds_an_unspaced_character(prose: str, tail: str) -> None:
    text = prose + tail
    for count in (0, 1, 5, 40, 1000):
        if any(map(unspaced, text[:ARTICLE_SCRIPT_PREFIX])):
            assert article_words(text, count) == words(text)[:count]
        else:
            assert article_words(text, count) == text.split()[:count]


# -- the Chinese edition -----------------------------------------------------------------

STORIES = {
    "a": (
        "越南与古巴加强国防合作",
        "越南国防部长与古巴革命武装力量部长举行会谈，双方同意进一步加强两国军队在培训、人员交流和国防工业等领域的合作。",
        [
            "河内（越通社）——越南国防部长潘文江大将当天在河内会见了古巴革命武装力量部长。",
            "双方高度评价两国军队之间的传统友谊和全面合作关系，并一致认为两国军队合作取得了积极成果。",
            "潘文江大将建议双方继续加强各级代表团互访，扩大在干部培训和国防工业领域的合作。",
            "古巴部长感谢越南给予古巴的宝贵支持，表示愿与越方共同努力推动两国军队关系不断发展。（完）",
        ],
    ),
    "b": (
        "越南与俄罗斯推动能源合作",
        "越南工贸部副部长与俄罗斯能源部代表团举行工作会谈，讨论了两国在油气勘探和核电领域的合作前景。",
        [
            "莫斯科（越通社）——越南工贸部副部长当天在莫斯科会见了俄罗斯能源部副部长。",
            "双方一致认为，能源合作是两国全面战略伙伴关系的重要支柱之一。",
            "越方建议俄方企业继续扩大在越南的油气勘探投资，并加强人力资源培训合作。",
            "俄方表示愿意同越南分享在能源转型方面的经验。（完）",
        ],
    ),
    "c": (
        "胡志明市举行国际旅游博览会",
        "第十八届胡志明市国际旅游博览会于当天开幕，吸引了来自四十多个国家和地区的五百余家企业参展。",
        [
            "胡志明市（越通社）——第十八届胡志明市国际旅游博览会当天在西贡会展中心开幕。",
            "本届博览会以旅游业绿色转型为主题，展出面积超过一万平方米。",
            "主办方表示，博览会期间将举办多场研讨会和商务对接活动。",
            "预计博览会将吸引约四万人次参观。（完）",
        ],
    ),
    "d": (
        "岘港市发展高科技产业",
        "岘港市人民委员会通过了高科技园区发展规划，力争到二〇三〇年吸引更多半导体和人工智能领域的投资项目。",
        [
            "岘港（越通社）——岘港市人民委员会当天召开会议，审议通过高科技园区发展规划。",
            "根据规划，岘港将优先发展半导体、人工智能和信息技术服务等产业。",
            "该市领导表示，将完善基础设施并出台多项投资优惠政策。",
            "目前岘港高科技园区已吸引三十多个投资项目。（完）",
        ],
    ),
}
HAN = "国家会议发展合作经济人民"


def typo(rng: random.Random, text: str) -> str:
    """One ideograph replaced by another, away from the ends."""
    places = [i for i in range(2, len(text) - 2) if unspaced(text[i])]
    i = rng.choice(places)
    return text[:i] + rng.choice([c for c in HAN if c != text[i]]) + text[i + 1 :]


def chinese_page(rng: random.Random, story: str, *, typos: bool) -> str:
    title, lead, body = STORIES[story]
    body = list(body)
    if typos:
        k = rng.randrange(1, len(body))
        body[k] = typo(rng, body[k])
    lines = [title, lead, *body, "更多"]
    for other in sorted(STORIES):
        if other != story:
            teaser_title, summary, _ = STORIES[other]
            if typos and rng.random() < 0.5:
                summary = typo(rng, summary)
            lines += [f"{teaser_title}会议现场。图自越通社", teaser_title, summary]
    return "\n\n".join(lines) + "\n"


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_the_chinese_edition_finds_copies_with_a_typo(seed: int) -> None:
    # Blank-separated, a Chinese paragraph is one "word": a single wrong character made
    # a copy of an article or a teaser share no shingle with the original.
    rng = random.Random(seed)
    docs = []
    for story in sorted(STORIES):
        docs.append((f"{story}0.txt", chinese_page(rng, story, typos=False)))
        docs += [(f"{story}{n}.txt", chinese_page(rng, story, typos=True)) for n in (1, 2)]
    corpus = dedup(docs)
    originals = {f"{story}0.txt" for story in STORIES}
    assert {a["id"]: a["duplicate_of"] for a in corpus.articles} == {
        doc_id: None if doc_id in originals else doc_id[0] + "0.txt" for doc_id, _ in docs
    }
    assert sorted(t["title"] for t in corpus.teasers) == sorted(title for title, _, _ in STORIES.values())
    for teaser in corpus.teasers:
        assert teaser["count"] == 9
        story = next(s for s, (title, _, _) in STORIES.items() if title == teaser["title"])
        assert teaser["summary"] == STORIES[story][1]  # the most frequent text, without typo
        assert teaser["article"] == f"{story}0.txt"


def test_a_typo_keeps_most_shingles_and_the_title_in_unspaced_scripts() -> None:
    rng = random.Random(7)
    for title, lead, body in STORIES.values():
        text = "\n".join(body)
        changed = typo(rng, text)
        a, b = set(article_hashes(text, 5, 400).tolist()), set(article_hashes(changed, 5, 400).tolist())
        assert len(a & b) / len(a | b) > 0.8
        key, key2 = teaser_key(title, lead), teaser_key(typo(rng, title), lead)
        s, t = set(teaser_hashes(key, 2, 30).tolist()), set(teaser_hashes(key2, 2, 30).tolist())
        assert len(s & t) / len(s | t) > 0.6
        assert overlaps(words(key.partition("\n")[0]), words(key2.partition("\n")[0]), 0.7)
    # Thai and Japanese are cut the same way.
    assert words("ภาษาไทย ok") == ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย", "ok"]
    assert words("東京タワー") == ["東京", "京タ", "タワ", "ワー"]
