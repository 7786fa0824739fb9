"""Profiles are data: languages are detected, --lang overrides, a new profile is a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner.profiles import Profile, detect_language, lexicon_for, load_profiles
from tests.test_seeds import run_main

SAMPLES = {
    "fr": "Le Premier ministre a reçu la délégation dans la capitale pour discuter de la coopération.",
    "en": "The Prime Minister received the delegation in the capital to discuss the cooperation with them.",
    "es": "El primer ministro recibió a la delegación en la capital para discutir la cooperación con ellos.",
    "vi": "Thủ tướng đã tiếp đoàn đại biểu của các nước tại Hà Nội để thảo luận về hợp tác.",
    "zh": "越南政府总理在河内会见了日本驻越南大使，双方讨论了合作问题。",
    "ru": "Премьер-министр Вьетнама принял делегацию в столице и обсудил вопросы сотрудничества.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_language_is_detected(lang: str) -> None:
    assert detect_language(SAMPLES[lang]) == lang
    assert cleaner.clean(f"Titre\n\n{SAMPLES[lang]}\n").lang == lang


def test_every_language_profile_has_the_words_the_rules_need() -> None:
    languages = [p for p in load_profiles() if p.kind == "language"]
    assert {p.name for p in languages} >= {"fr", "en", "es", "vi", "zh", "ru"}
    for profile in languages:
        assert profile.teaser_headers and profile.credit_words and profile.stopwords, profile.name


def test_lang_option_overrides_detection_and_restricts_words() -> None:
    raw = (
        "Vietnam and Laos boost the cooperation\n\nThe two countries signed an agreement on trade.\n\n"
        "Hanoi (VNA) – The agreement is in force from today. – VNA\n\nVoir plus\n\nOther title\n\n"
        "Other lead.\n"
    )
    assert cleaner.clean(raw).lang == "en"
    assert cleaner.clean(raw, lang="fr").lang == "fr"
    only_english = cleaner.clean(raw, lang="en")
    assert "T201" not in {r.rule for r in only_english.removed}  # "Voir plus" is not English
    code, out, _ = run_main(["clean", "--lang", "fr", "--format", "jsonl", "-"], stdin=raw)
    assert code == 0 and '"lang": "fr"' in out


def test_unknown_language_is_a_usage_error() -> None:
    code, _, err = run_main(["clean", "--lang", "xx", "-"], stdin="Titre\n")
    assert code == 2
    assert err.count("\n") == 1 and "xx" in err


def test_a_new_profile_needs_no_code_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "de.toml").write_text(
        'name = "de"\nkind = "language"\n'
        'stopwords = ["der", "die", "das", "und", "mit", "von", "den", "im"]\n'
        'teaser_headers = ["Mehr zum Thema"]\ncredit_words = ["Foto", "Bild"]\n',
        encoding="utf-8",
    )
    raw = (
        "Vietnam und Laos stärken die Zusammenarbeit\n\nDie beiden Länder und die Regierungen haben "
        "ein Abkommen mit der Regierung im Land unterzeichnet.\n\nHanoi (VNA) – Der Text. – VNA\n\n"
        "Mehr zum Thema\n\nDer Premierminister in Tokio. Bild: VNA\n\nPremierminister in Tokio\n\n"
        "Der Premierminister ist in Tokio eingetroffen.\n"
    )
    before = cleaner.clean(raw)
    assert "T201" not in {r.rule for r in before.removed}
    monkeypatch.setenv("CLEANER_PROFILES", str(tmp_path))
    after = cleaner.clean(raw)
    assert after.lang == "de"
    assert [r.rule for r in after.removed] == ["T201", "T202"]
    assert after.teasers[0].credit == "VNA"


def test_a_profile_credit_pattern_needs_no_credit_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "사진=연합뉴스" holds none of the credit words: the pattern alone must find it.
    (tmp_path / "ko.toml").write_text(
        'name = "ko"\nkind = "language"\nstopwords = ["은", "는", "이", "가"]\ncredit_words = ["출처"]\n'
        "credit_patterns = ['사진\\s*=\\s*(?P<credit>[^\\s.]{1,30})\\s*$']\n",
        encoding="utf-8",
    )
    caption = "대통령이 하노이를 방문했다 사진=연합뉴스"
    raw = f"제목입니다\n\n리드 문단입니다.\n\n{caption}\n\n본문이 계속됩니다.\n"
    assert cleaner.clean(raw).removed == []
    monkeypatch.setenv("CLEANER_PROFILES", str(tmp_path))
    article = cleaner.clean(raw)
    assert [(r.rule, raw[r.start : r.end].strip()) for r in article.removed] == [("C102", caption)]
    assert [(c.text, c.credit) for c in article.captions] == [(caption, "연합뉴스")]


def test_a_broken_profile_is_reported_with_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.toml").write_text('name = "bad"\nteaser_headers = "not a list"\n', encoding="utf-8")
    monkeypatch.setenv("CLEANER_PROFILES", str(tmp_path))
    with pytest.raises(ValueError, match=r"bad\.toml"):
        load_profiles()


def _names(profile: Profile) -> str:
    return {"Han": "王小明", "Cyrillic": "Иван Петров"}.get(profile.script or "", "Nguyen Van An")


def _cases(kind: str) -> list[tuple[str, str, str]]:
    """(profile, line, rule) for every word of every profile, in the forms sites print."""
    cases: list[tuple[str, str, str]] = []
    for profile in load_profiles():
        if kind == "share":
            for label in profile.share_labels:
                for line in (label, label.upper(), f"{label} (3)", f"{label} | {label}"):
                    cases.append((profile.name, line, "F301"))
        elif kind == "more":
            for link in profile.more_links:
                forms = (link, link.upper(), f"{link} »", f"→ {link}", f"{link}...", f"[{link}](https://x.vn/a-1.html)")
                cases.extend((profile.name, line, "F311") for line in forms)
        elif kind == "stray":
            for word in profile.stray_words:
                cases.extend((profile.name, line, "F304") for line in (word, word.capitalize(), word.upper()))
        elif kind == "byline":
            for prefix in profile.byline_prefixes:
                for glue in (" ", ": ", "：" if profile.script == "Han" else " : "):
                    cases.append((profile.name, f"{prefix}{glue}{_names(profile)}", "F303"))
        elif kind == "credit":
            for word in profile.credit_words:
                cases.append((profile.name, f"Le ministre visite la province. {word}: VNA", "C102"))
    return cases


@pytest.mark.parametrize("kind", ["share", "more", "stray", "byline", "credit"])
def test_every_word_of_every_profile_is_found_by_its_rule(kind: str) -> None:
    # A word listed in a profile that its rule never finds is a silent miss on every
    # site that prints it (labels such as "J'aime" were missed that way).
    missed = []
    for name, line, rule in _cases(kind):
        raw = f"Titre de l'article\n\nLe chapeau de l'article.\n\n{line}\n\nLe corps de l'article continue ici.\n"
        removed = {(r.rule, raw[r.start : r.end].strip()) for r in cleaner.clean(raw).removed}
        if (rule, line) not in removed:
            missed.append((name, line, sorted(removed)))
    assert not missed


def test_a_header_of_one_language_is_no_link_of_another(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Read more" heads a list in English: were it a link to the rest of an article for
    # a site, found as furniture first, the lists under it would be kept whole.
    (tmp_path / "site.toml").write_text(
        'name = "site"\nkind = "site"\nmore_links = ["Read more", "Tap to read"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("CLEANER_PROFILES", str(tmp_path))
    lexicon = lexicon_for(None)
    assert lexicon.is_more_link("Tap to read »")
    assert lexicon.is_header("Read more") and not lexicon.is_more_link("Read more")
    assert not lexicon.more_links & lexicon.headers


def test_every_teaser_header_of_every_profile_is_a_header() -> None:
    lexicon = lexicon_for(None)
    for profile in load_profiles():
        for header in profile.teaser_headers:
            for line in (header, header.upper(), f"{header}:", f"{header} »", f"{header} (5)"):
                assert lexicon.is_header(line), (profile.name, line)


@pytest.mark.parametrize("line", ["(5)", "2025", "Voir plus 2025 élections", "Voir plus de 5", "5 Voir plus x"])
def test_a_number_makes_no_header_of_other_words(line: str) -> None:
    assert not lexicon_for(None).is_header(line)
