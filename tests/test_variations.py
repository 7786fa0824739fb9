"""Variations of real scrapes (SPEC §1), made from the seeds by our own transformations:
each must clean to the same article and the same teasers."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
import cleaner.text
from cleaner.rules.list_marks import list_item_text
from tests.conftest import FIXTURES, SEED_NAMES, gold_text, seed_text

CREDIT_FORMS = [
    "Photo: VNA",
    "Photo : VNA",
    "Photo / VNA",
    "Photo/VNA",
    "Photo : Doan Tan - VNA",
    "Photo: qdnd.vn",
    "(Source: VNA)",
    "Photo : VNA/CVN",
    "(Photo: VNA)",
    "Foto: VNA",
    "Ảnh: TTXVN",
    "Ảnh: VGP",
    "(Fuente: VNA)",
    "Photo\u00a0: VNA",
    "图自越通社",
    # A credit word in lower case, before a known agency.
    "photo: VNA",
    "ảnh: TTXVN",
    "photo : VNA/CVN",
    "(photo: VNA)",
]
HEADERS = [
    "Voir plus",
    "VOIR PLUS",
    "Voir plus   ",
    "voir plus :",
    "See more",
    "Read more",
    "Related news",
    "Ver más",
    "Xem thêm",
    "Tin liên quan",
    "更多",
    "Смотрите также",
    # Decorated: what a conversion to Markdown leaves, arrows, bullets, brackets.
    "## Voir plus",
    "**Voir plus**",
    "[Voir plus]",
    "Voir plus →",
    "► Read more",
    "• Xem thêm:",
    "\u200bVoir plus\u200b",
    "Voir\u200bplus",  # a zero-width space for the blank
    "Xem th\u00adêm",  # a soft hyphen inside a word
    # The count of the list's items after the header.
    "Voir plus (5)",
    "Voir plus [12]",
    "Xem thêm 3",
    # Header words of other sites.
    "À lire également",
    "See also",
    "Ver también",
    "Tin cùng chủ đề",
    "相关阅读",
    "По теме",
]


def gold_teasers(name: str) -> list[dict[str, str]]:
    path = FIXTURES / "gold" / f"{name}.teasers.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def strip_credit(caption: str) -> str:
    match = cleaner.profiles.lexicon_for().credit_at_end.search(caption)
    return caption[: match.start("whole")].rstrip(" .") if match else caption


def with_credit(caption: str, credit: str) -> str:
    return f"{caption} {credit}" if credit.startswith(("(", "图")) else f"{caption}. {credit}"


def build(
    name: str,
    *,
    header: str | None = "Voir plus",
    credit: str | None = None,
    drop_captions: bool = False,
    separator: str = "\n\n",
    image_line: str | None = None,
) -> str:
    """The seed rebuilt from its gold: body, an image caption after the dateline,
    the header and the teasers, with the variation asked for."""
    body = gold_text(name).rstrip("\n").split("\n\n")
    lines = list(body)
    dateline = next(i for i, p in enumerate(body) if "(VNA)" in p)
    lines.insert(dateline + 1, image_line or f"{body[0]} ảnh 1Une légende de l’image. Photo : VNA")
    if header is not None:
        lines.append(header)
    for teaser in gold_teasers(name):
        caption = teaser["caption"]
        if caption != teaser["title"] and not drop_captions:
            lines.append(with_credit(strip_credit(caption), credit) if credit else caption)
        elif caption == teaser["title"]:
            lines.append(caption)
        lines.extend([teaser["title"], teaser["summary"]])
    return separator.join(lines) + "\n"


def teaser_titles(article: cleaner.Article) -> list[str]:
    return [t.title for t in article.teasers]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_rebuilt_seed_cleans_like_the_raw_seed(name: str) -> None:
    article = cleaner.clean(build(name))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]


def with_html_references(text: str) -> str:
    """``text`` as a page's source writes it: by name, by number, and the header's blank too."""
    for character, reference in (("&", "&amp;"), ("'", "&#39;"), ("\u2019", "&rsquo;"), ('"', "&quot;")):
        text = text.replace(character, reference)
    text = text.replace("é", "&eacute;").replace("à", "&#xE0;").replace("ô", "&#244;")
    return text.replace("Voir plus", "Voir&#32;plus").replace("ảnh", "&#7843;nh")


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda t: unicodedata.normalize("NFD", t), id="nfd"),
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="cr"),
        pytest.param(lambda t: t.replace("\n\n", "\n"), id="single-breaks"),
        pytest.param(lambda t: t.replace("\n", "\n\n\n"), id="many-breaks"),
        pytest.param(lambda t: t.replace("\n", "  \n"), id="trailing-spaces"),
        pytest.param(lambda t: t.replace("\n", " \t\n"), id="trailing-tabs"),
        # Some scrapes put a blank between the image's alt text and its caption.
        pytest.param(lambda t: t.replace("ảnh 1", "ảnh 1 "), id="blank-after-marker"),
        # Invisible characters that web pages carry, left at the edges of lines.
        pytest.param(lambda t: t.replace("\n", "\u200b\n"), id="zero-width-space-at-line-ends"),
        pytest.param(lambda t: t.replace("\n", "\n\u200e\u200b "), id="marks-at-line-starts"),
        pytest.param(lambda t: t.replace("\n\n", "\n\ufeff\n"), id="lines-of-invisible-characters"),
        # A scraper that took the page's source for its text: characters as HTML references.
        pytest.param(with_html_references, id="html-character-references"),
    ],
)
def test_layout_and_encoding_variants(name: str, transform: object) -> None:
    raw = transform(seed_text(name))  # type: ignore[operator]
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_nbsp_before_french_colons_is_kept_and_credits_still_found(name: str) -> None:
    raw = seed_text(name).replace(" : ", "\u00a0: ")
    article = cleaner.clean(raw)
    assert article.text == gold_text(name).replace(" : ", "\u00a0: ")
    assert len(article.teasers) == len(gold_teasers(name))


@pytest.mark.parametrize("credit", CREDIT_FORMS)
def test_every_credit_form_marks_a_caption(credit: str) -> None:
    name = "004_0fb64fe6ce5f5458"
    article = cleaner.clean(build(name, credit=credit))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    expected = credit.split(":")[-1].split("/")[-1].strip(" ()") if "图" not in credit else "越通社"
    assert all(t.credit is not None and t.credit.endswith(expected) for t in article.teasers)


@pytest.mark.parametrize(
    ("caption", "lang", "credit"),
    [
        ("The prime minister at the meeting. Photo by VNA", "en", "VNA"),
        ("The prime minister at the meeting (Photo by Nguyen Dung/VNA)", "en", "Nguyen Dung/VNA"),
        ("The prime minister at the meeting. Photo courtesy of the ministry", "en", "the ministry"),
        ("El presidente en la reunión. Foto cortesía de VNA", "es", "VNA"),
        ("Le Premier ministre à Hanoi. Photo d’illustration : VNA", "fr", "VNA"),
        ("Thủ tướng phát biểu tại hội nghị. Nguồn ảnh: VGP", "vi", "VGP"),
        ("Thủ tướng phát biểu tại hội nghị. Ảnh tư liệu: TTXVN", "vi", "TTXVN"),
        # A body image under a site's own label ("See more"): its caption names what the
        # picture shows, a phrase, with the agency as its source and no photo word.
        ("Tran Thi Mai at the sustainable development forum (Source: VNA)", "en", "VNA"),
        ("Rajesh Kumar en la sede del gobierno en Paris (Fuente: VNA)", "es", "VNA"),
        ("Lê Hoài Trung en marge du forum de Berlin (Source: VNA)", "fr", "VNA"),
        ("Thủ tướng tại hội nghị (Nguồn: TTXVN)", "vi", "TTXVN"),
    ],
)
def test_credit_forms_of_other_sites(caption: str, lang: str, credit: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body begins.\n\n{caption}\n\nThe body ends. – VNA\n"
    article = cleaner.clean(raw, lang=lang)
    assert [(r.rule, raw[r.start : r.end].strip()) for r in article.removed] == [("C102", caption)]
    assert [(c.text, c.credit) for c in article.captions] == [(caption, credit)]


@pytest.mark.parametrize(
    "line",
    [
        "The exhibition features a photo by Nguyen Van A",  # lower case: prose
        "The exhibition shows the photo: a street in Hanoi",  # lower case, and no agency after it
        "Nous avons vu la photo: Hanoi sous la pluie",
        "He took the Photo by the lake. It was cold and everyone went home early that day",
        "Photo by VNA. Then the minister said that the talks would go on until Friday",
    ],
)
def test_prose_with_the_words_of_a_credit_is_kept(line: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body begins.\n\n{line}\n\nThe body ends. – VNA\n"
    assert cleaner.clean(raw, lang="en").removed == []


_SOURCE_PROSE = st.sampled_from(
    [
        "Exports rose by 7 percent in the first quarter.",  # a sentence: its full stop
        "Exports rose by 7 percent, driven by electronics",  # a clause: its comma
        "GDP grew 8 percent; inflation stayed low",
        "the figures were confirmed by the ministry",  # lower case: the rest of a sentence
        "Exports of electronics and textiles rose by seven percent in the first quarter "
        "against the same period last year as demand recovered in Europe",  # too long
    ]
)


@settings(max_examples=40, deadline=None)
@given(prose=_SOURCE_PROSE, source=st.sampled_from(["(Source: GSO)", "(Source: VNA)", "(Nguồn: TCTK)"]))
def test_prose_that_cites_a_source_is_kept(prose: str, source: str) -> None:
    line = f"{prose} {source}"
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body begins.\n\n{line}\n\nThe body ends. – VNA\n"
    article = cleaner.clean(raw, lang="en")
    assert article.removed == []
    assert line in article.paragraphs


@pytest.mark.parametrize("header", HEADERS)
def test_header_variants_of_editions(header: str) -> None:
    name = "001_f940852706927fa3"
    article = cleaner.clean(build(name, header=header))
    assert article.text == gold_text(name)
    assert [r.rule for r in article.removed].count("T201") == 1


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_header_after_a_signed_body(name: str) -> None:
    article = cleaner.clean(build(name, header=None))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    assert {r.rule for r in article.removed} >= {"T203"}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_teaser_without_caption_is_still_a_teaser(name: str) -> None:
    article = cleaner.clean(build(name, drop_captions=True))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    assert all(t.caption is None or t.caption == t.title for t in article.teasers)


def test_caption_equal_to_title_is_the_caption_of_its_teaser() -> None:
    article = cleaner.clean(seed_text("003_f7b4546a3b014e5d"))
    twin = next(t for t in article.teasers if t.caption == t.title)
    assert twin.title.startswith("Élections législatives et locales")
    assert twin.credit is None
    assert twin.summary.startswith("Le matin du 8 mars")


def test_summary_over_several_lines_stays_one_summary() -> None:
    article = cleaner.clean(seed_text("002_97772804841619f9"))
    assert article.teasers[0].summary.count("\n") == 1
    raw = build("000_68f3119d27fcff2c").replace("rencontre le 9 janvier à", "rencontre le 9 janvier\nà")
    article = cleaner.clean(raw)
    assert article.text == gold_text("000_68f3119d27fcff2c")
    assert "le 9 janvier\nà Hanoï" in article.teasers[0].summary


@pytest.mark.parametrize("ellipsis", ["...", "…", " ..."])
def test_summary_cut_with_an_ellipsis(ellipsis: str) -> None:
    name = "004_0fb64fe6ce5f5458"
    teasers = gold_teasers(name)
    raw = build(name)
    for t in teasers:
        raw = raw.replace(t["summary"], t["summary"][: len(t["summary"]) // 2].rstrip() + ellipsis)
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in teasers]
    assert all(t.summary.endswith(ellipsis.strip()) for t in article.teasers)


@pytest.mark.parametrize(
    "image_line",
    [
        "TITLE ảnh 1",
        "TITLE - ảnh 1",
        "TITLE hinh anh 1Légende. Photo: VNA",
        "TITLE ảnh 12Légende",
        "Photo: VNA",
        "(Photo : VNA)",
        "TITLE ảnh 1Photo d'illustration (Source: VNA)",
        # A blank between the marker and its caption, as some scrapes write it.
        "TITLE ảnh 1 Photo d'illustration (Source: VNA)",
        "TITLE ảnh 1 Une légende de l’image. Photo : VNA",
        "TITLE ảnh 2  Le général Luong Cuong (à gauche) et ses hôtes (Photo: VNA)",
    ],
)
def test_image_marker_and_credit_only_lines(image_line: str) -> None:
    name = "000_68f3119d27fcff2c"
    title = gold_text(name).split("\n\n")[0]
    line = image_line.replace("TITLE", title)
    article = cleaner.clean(build(name, image_line=line))
    assert article.text == gold_text(name)
    assert removed(article)[0] in (("C101", line), ("C103", line))


@pytest.mark.parametrize(
    "image_line",
    [
        "国会主席黎明慨出席了贸易往来在论坛期间于吉隆坡ảnh 1",  # the alt text runs into the marker
        "胡志明市：陈青敏与可持续发展hinh anh 1",
        "越南政府总理推动全面战略伙伴关系ảnh 2两国领导人出席签字仪式。图自越通社",
    ],
)
def test_an_image_marker_after_a_chinese_alt_text_is_found(image_line: str) -> None:
    body = ["河内（越通社）越南与老挝签署合作协议。", "双方同意定期举行磋商。（完）"]
    raw = "\n\n".join(["越南与老挝加强合作", "两国签署合作协议。", body[0], image_line, body[1]]) + "\n"
    article = cleaner.clean(raw)
    assert image_line not in article.text and all(p in article.paragraphs for p in body)
    assert [r.rule for r in article.removed] == ["C101"]


@pytest.mark.parametrize(
    "prose",
    [
        # Prose names pictures too: with no caption's credit after it, a marker-like
        # "ảnh 1 Hà Nội" followed by a blank is prose.
        "Triển lãm ảnh 1 Hà Nội xưa thu hút đông đảo khách tham quan trong tuần qua.",
        "Bộ ảnh 12 Con giáp của nhiếp ảnh gia trẻ được trao giải nhất.",
        "Le dossier compte une série de photos, ảnh 3 Les visiteurs ont afflué dès l’ouverture.",
    ],
)
def test_a_marker_word_with_a_blank_in_prose_is_kept(prose: str) -> None:
    raw = f"Tiêu đề bài\n\nTóm tắt bài.\n\nHà Nội (TTXVN) – Nội dung.\n\n{prose}\n\nKết thúc. – TTXVN\n"
    article = cleaner.clean(raw)
    assert prose in article.paragraphs and article.removed == []


@pytest.mark.parametrize("separator", ["\n", "\n\n"], ids=["line-by-line", "apart"])
@pytest.mark.parametrize("credit", ["Photo: VNA", "Ảnh: TTXVN", "(Photo: VNA)"])
def test_a_marker_with_a_blank_and_its_credit_on_the_line_below(separator: str, credit: str) -> None:
    """ "<alt> ảnh 1 <caption><br>Photo: VNA": the credit below is the caption's evidence
    (the marker and its caption were kept, the credit alone went)."""
    image = "Le Vietnam et Cuba renforcent leur coopération ảnh 1 Le général Luong Cuong (gauche)."
    raw = f"Titre\n\nChapeau.\n\nHanoi (VNA) – Le corps.{separator}{image}\n{credit}{separator}Fin du corps. – VNA\n"
    article = cleaner.clean(raw)
    assert article.paragraphs == ["Titre", "Chapeau.", "Hanoi (VNA) – Le corps.", "Fin du corps. – VNA"]
    assert [rule for rule, _ in removed(article)] == ["C101", "C103"]
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Le général Luong Cuong (gauche). " + credit, credit.split(":")[1].strip(" )"))
    ]


def test_prose_with_a_marker_word_over_a_credit_line_stays() -> None:
    # Three sentences and more after the marker are no caption, whatever stands below.
    prose = "Triển lãm ảnh 1 Hà Nội xưa mở cửa. " + (PROSE * 3).strip()
    raw = f"Tiêu đề bài\n\nTóm tắt bài.\n\nHà Nội (TTXVN) – Nội dung.\n{prose}\nẢnh: TTXVN\nKết thúc. – TTXVN\n"
    article = cleaner.clean(raw)
    assert prose in article.paragraphs
    assert [rule for rule, _ in removed(article)] == ["C103"]


def test_prose_before_a_marker_with_a_blank_stays_and_its_caption_goes() -> None:
    prose = (PROSE * 5).strip()  # longer than alt text
    caption = "Une vue de la salle. Photo: VNA"
    article = cleaner.clean(lost_break_article(f"{prose} ảnh 1 {caption}"))
    assert article.paragraphs[2] == prose
    assert removed(article) == [("C101", f"ảnh 1 {caption}")]
    assert [c.text for c in article.captions] == [caption]


def test_a_marker_word_at_the_end_of_a_latin_word_is_no_marker() -> None:
    prose = "Không gian rất thảnh 1 cách lạ."
    raw = f"Tiêu đề bài\n\nTóm tắt bài.\n\nHà Nội (TTXVN) – Nội dung.\n\n{prose}\n\nKết thúc. – TTXVN\n"
    assert prose in cleaner.clean(raw).paragraphs


def test_credit_glued_to_the_dateline_is_cut_off_the_dateline() -> None:
    raw = (
        "Le Laos et le Vietnam renforcent leur coopération\n\nLes deux pays ont signé un accord.\n\n"
        "(Photo: VNA)Vientiane (VNA) – Les deux pays ont signé un accord de coopération. – VNA\n"
    )
    article = cleaner.clean(raw)
    assert article.paragraphs[2] == "Vientiane (VNA) – Les deux pays ont signé un accord de coopération. – VNA"
    assert [r.rule for r in article.removed] == ["C104"]
    raw = raw.replace("(Photo: VNA)", "Titre ảnh 1La signature de l’accord. (Photo: VNA)")
    assert cleaner.clean(raw).paragraphs[2].startswith("Vientiane (VNA) –")


PROSE = (
    "Les deux délégations ont passé en revue la coopération dans les domaines de l’économie, "
    "du commerce, de l’investissement, de l’éducation et de la formation, et sont convenues "
    "de renforcer les échanges entre les localités des deux pays. "
)


def removed(article: cleaner.Article) -> list[tuple[str, str]]:
    return [(r.rule, article.source[r.start : r.end].strip()) for r in article.removed]


def inside_a_body(block: str) -> str:
    """An article with ``block`` inside its body, between the dateline's paragraph and the
    signed last one (lost_break_article puts it first, where the dateline would be)."""
    return f"Titre\n\nLe chapeau.\n\nHanoi (VNA) - Le corps commence.\n\n{block}\n\nLe corps finit. - VNA\n"


def lost_break_article(paragraph: str) -> str:
    return f"Titre de l’article\n\nLe chapeau de l’article.\n\n{paragraph}\n\nDernier paragraphe du corps. – VNA\n"


def test_prose_before_a_caption_that_lost_its_line_break_stays() -> None:
    prose = (PROSE * 3).strip()
    article = cleaner.clean(lost_break_article(f"{prose} ảnh 1La signature de l’accord. Photo: VNA"))
    assert article.paragraphs[2] == prose
    assert removed(article) == [("C101", "ảnh 1La signature de l’accord. Photo: VNA")]
    assert [(c.text, c.credit) for c in article.captions] == [("La signature de l’accord. Photo: VNA", "VNA")]


_SHORT_SENTENCES = [
    "Les deux pays ont signé un accord de coopération dans l’éducation et la formation professionnelle. ",
    "Ils renforceront aussi leurs échanges de délégations entre les ministères et les localités. ",
    "La prochaine session du comité mixte se tiendra à Vientiane au cours du premier semestre. ",
]


def test_a_marker_with_a_blank_and_the_body_glued_after_its_credit() -> None:
    caption, prose = "La signature de l’accord. Photo : VNA", PROSE.strip()
    article = cleaner.clean(lost_break_article(f"Titre de l’image ảnh 1 {caption} {prose}"))
    assert article.paragraphs[2] == prose
    assert removed(article) == [("C101", f"Titre de l’image ảnh 1 {caption}")]
    assert [c.text for c in article.captions] == [caption]


@pytest.mark.parametrize("prose", [PROSE * 2, "".join(_SHORT_SENTENCES), "".join(_SHORT_SENTENCES[:2]) + PROSE])
def test_prose_glued_before_a_caption_without_marker_is_kept_whole(prose: str) -> None:
    """No marker tells where the caption starts: a paragraph of several sentences and a
    credit is kept whole (the caption left in), never removed as a caption."""
    prose = prose.strip()
    line = f"{prose} La signature de l’accord à Hanoi. Photo: VNA"
    article = cleaner.clean(lost_break_article(line))
    assert line in article.paragraphs and article.removed == []


@pytest.mark.parametrize(
    "caption",
    [
        "Le Premier ministre Pham Minh Chinh reçoit l’ambassadeur. Photo: VNA",
        # Two sentences, long: a caption still.
        "Le général Nguyen Tan Cuong, chef d’état-major général de l’Armée populaire du Vietnam, et le "
        "général Saichay Kommasith, vice-ministre lao de la Défense, à Hanoi le 26 octobre. Les deux parties "
        "ont passé en revue la coopération bilatérale dans la défense au cours des dernières années. Photo: VNA",
    ],
)
def test_captions_of_one_or_two_sentences_go(caption: str) -> None:
    article = cleaner.clean(lost_break_article(caption))
    assert caption not in article.text
    assert removed(article) == [("C102", caption)]


def test_prose_after_a_marker_with_no_credit_in_reach_stays_and_only_the_marker_goes() -> None:
    prose = (PROSE * 5).strip()
    article = cleaner.clean(lost_break_article(f"Titre de l’image ảnh 1{prose}"))
    assert article.paragraphs[2] == prose
    assert removed(article) == [("C101", "Titre de l’image ảnh 1")]
    assert article.captions == []
    # Within caption length, the same line is a caption, whole.
    short = PROSE.strip()
    article = cleaner.clean(lost_break_article(f"Titre de l’image ảnh 1{short}"))
    assert "ảnh" not in article.text and short not in article.text
    assert [c.text for c in article.captions] == [short]


@settings(max_examples=60, deadline=None)
@given(
    before=st.integers(min_value=0, max_value=8),
    after=st.integers(min_value=0, max_value=8),
    credit=st.sampled_from(["", " Photo: VNA", " (Photo: VNA)Hanoi (VNA) – La suite du corps."]),
)
def test_text_far_from_an_image_marker_is_kept(before: int, after: int, credit: str) -> None:
    """Whatever stands beyond alt-text length before a marker, or beyond caption length
    after it without a credit to end the caption, is kept word for word."""
    head, tail = (PROSE * before).strip(), (PROSE * after).strip()
    paragraph = f"{head} ảnh 1{tail}{credit}".strip()
    article = cleaner.clean(lost_break_article(paragraph))
    kept = article.paragraphs[2] if len(article.paragraphs) > 3 else ""
    if len(head) > 300:
        assert kept.startswith(head)
    if len(tail) + len(credit) > 600 and "Hanoi (VNA)" not in credit:
        assert kept.endswith(f"{tail}{credit}".strip())
    if "Hanoi (VNA)" in credit and len(tail) + len(credit) <= 600:
        assert kept.endswith("Hanoi (VNA) – La suite du corps.")
    assert all(r.rule.startswith("C") for r in article.removed)  # captions only: the rest of the article stays


# Credits whose end is certain: parenthesised, or a known agency (with a partner's).
CERTAIN_CREDITS = [
    "(Photo: VNA)",
    "(Photo: VNA).",
    "Photo: VNA",
    "Photo : VNA/CVN",
    "Ảnh: TTXVN",
    "Ảnh: TTXVN phát",
    "(Source: VNA)",
    "(Fuente: VNA)",
    "Foto: VNA",
]


@pytest.mark.parametrize("credit", CERTAIN_CREDITS)
@pytest.mark.parametrize("sentences", [1, 5])
def test_a_caption_glued_to_the_body_ends_at_its_credit(credit: str, sentences: int) -> None:
    """A lost line break between a caption and the body, with no dateline to show where
    the body starts: the credit ends the caption, short body or long."""
    body = (PROSE * sentences).strip()
    article = cleaner.clean(lost_break_article(f"Titre de l’image ảnh 1La signature de l’accord. {credit} {body}"))
    assert article.paragraphs[2] == body
    assert removed(article) == [("C101", f"Titre de l’image ảnh 1La signature de l’accord. {credit}")]
    assert [c.text for c in article.captions] == [f"La signature de l’accord. {credit}"]


def test_images_glued_to_each_other_and_to_the_body_are_each_a_caption() -> None:
    body = (PROSE * 5).strip()
    first, second = "La signature. Photo: VNA", "Le ministre à Hanoi. (Ảnh: TTXVN)"
    article = cleaner.clean(lost_break_article(f"Titre ảnh 1{first} ảnh 2{second} {body}"))
    assert article.paragraphs[2] == body
    assert removed(article) == [("C101", f"Titre ảnh 1{first}"), ("C101", f"ảnh 2{second}")]
    assert [c.text for c in article.captions] == [first, second]


def test_a_credit_cited_inside_a_caption_does_not_end_it() -> None:
    # Lower-case prose after the credit goes on: the paragraph is one caption.
    caption = "La signature (Photo: VNA) en présence du ministre et des deux délégations."
    article = cleaner.clean(lost_break_article(f"Titre ảnh 1{caption}"))
    assert removed(article) == [("C101", f"Titre ảnh 1{caption}")]
    assert "signature" not in article.text


@settings(max_examples=60, deadline=None)
@given(
    credit=st.sampled_from(CERTAIN_CREDITS),
    caption_words=st.integers(min_value=1, max_value=40),
    sentences=st.integers(min_value=1, max_value=12),
    images=st.integers(min_value=1, max_value=3),
)
def test_body_glued_after_captions_is_kept_word_for_word(
    credit: str, caption_words: int, sentences: int, images: int
) -> None:
    caption = " ".join(["légende"] * caption_words).capitalize() + "."
    glued = " ".join(f"ảnh {n}{caption} {credit}" for n in range(1, images + 1))
    body = (PROSE * sentences).strip()
    article = cleaner.clean(lost_break_article(f"Titre {glued} {body}"))
    assert article.paragraphs[2] == body
    assert [r.rule for r in article.removed] == ["C101"] * images
    assert "légende" not in article.text and "ảnh" not in article.text


BODY = [
    "Hanoi (VNA) – Les deux pays ont signé plusieurs accords de coopération dans l’économie.",
    PROSE.strip(),
    "Selon le ministre, les échanges commerciaux ont dépassé cinq milliards de dollars en 2025, "
    "et les deux parties entendent poursuivre sur cette voie dans l’énergie et la santé.",
    "Des projets communs",  # a sub-heading: it looks like a title
    "Le ministre a souligné l’importance des échanges entre les peuples, dans la culture et l’éducation.",
    "Les deux parties tiendront la prochaine réunion du comité mixte à Paris. – VNA",
]
TEASERS = [
    "Le Vietnam et le Laos renforcent leur coopération",
    "Les deux pays ont signé un accord sur l’éducation.",
    "Hanoi accueille un forum sur le climat",
    "Le forum a réuni des délégués de trente pays.",
]


def body_with_label(position: int, header: str, teasers: str | None) -> str:
    """An article whose body holds ``header`` before its paragraph ``position``, then
    teasers after the signed end: under a header (``teasers``) or without one (None)."""
    body = [*BODY[:position], header, *BODY[position:]]
    tail = TEASERS if teasers is None else [teasers, *TEASERS]
    return "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *body, *tail]) + "\n"


@pytest.mark.parametrize("position", range(1, len(BODY)))
@pytest.mark.parametrize("header", ["Voir plus", "Read more", "Xem thêm", "Ver más"])
@pytest.mark.parametrize("teasers", [None, "Voir plus", "Tin liên quan"])
def test_a_header_standing_in_the_body_goes_alone_and_the_body_stays(
    position: int, header: str, teasers: str | None
) -> None:
    article = cleaner.clean(body_with_label(position, header, teasers))
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    assert [(t.title, t.summary) for t in article.teasers] == [(TEASERS[0], TEASERS[1]), (TEASERS[2], TEASERS[3])]
    rules = [r.rule for r in article.removed]
    assert rules[0] == "T201" and rules.count("T201") == (1 if teasers is None else 2)
    assert rules[-1] == ("T203" if teasers is None else "T202")
    assert cleaner.clean(article.text).text == article.text  # idempotent


BODY_IMAGES = [
    "La signature de l’accord à Hanoi. Photo: VNA",
    "Titre de l’article ảnh 1La signature de l’accord à Hanoi. (Photo: VNA)",
    "Photo d’illustration (Source: VNA)",
]


@pytest.mark.parametrize("position", [1, 2, 3, 4])
@pytest.mark.parametrize("image", BODY_IMAGES)
@pytest.mark.parametrize("teasers", [None, "Voir plus"])
def test_a_header_standing_over_an_image_of_the_body_goes_alone(position: int, image: str, teasers: str | None) -> None:
    """ "Read more" before an image of the body: the caption is the body's, not a
    teaser's, as the body's signed end below shows."""
    raw = body_with_label(position, "Read more", teasers).replace("Read more", f"Read more\n\n{image}")
    article = cleaner.clean(raw)
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    assert [t.title for t in article.teasers] == [TEASERS[0], TEASERS[2]]
    rules = [r.rule for r in article.removed]
    assert rules[:2] == ["T201", "C101" if "ảnh" in image else "C102"]
    assert cleaner.clean(article.text).text == article.text


@pytest.mark.parametrize("image", BODY_IMAGES)
def test_a_header_over_an_image_of_an_unsigned_body_goes_alone(image: str) -> None:
    """No signature to tell where the body ends: prose after the image is no teaser's
    title, so the header stands in the body."""
    body = [BODY[0], "Read more", image, BODY[1], BODY[2], BODY[4]]
    article = cleaner.clean("\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *body]) + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", BODY[0], BODY[1], BODY[2], BODY[4]]
    assert [r.rule for r in article.removed] == ["T201", "C101" if "ảnh" in image else "C102"]
    assert article.teasers == []


@pytest.mark.parametrize("position", [1, 2, 3, 4])
@pytest.mark.parametrize("image", [None, BODY_IMAGES[0]])
@pytest.mark.parametrize("teasers", [None, "Voir plus"])
def test_a_signature_on_its_own_line_below_a_header_shows_it_stands_in_the_body(
    position: int, image: str | None, teasers: str | None
) -> None:
    """The body's signature split onto a line of its own (furniture, F303): the header
    above it stands in the body, as above a signed paragraph."""
    body = [*BODY[:-1], BODY[-1].removesuffix(" – VNA"), "– VNA"]
    label = ["Read more"] if image is None else ["Read more", image]
    lines = [*body[:position], *label, *body[position:]]
    tail = [] if teasers is None else [teasers, f"{TEASERS[0]} (Photo: VNA)", *TEASERS]
    article = cleaner.clean("\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *lines, *tail]) + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *body[:-1]]
    assert [t.title for t in article.teasers] == ([] if teasers is None else [TEASERS[0], TEASERS[2]])
    assert cleaner.clean(article.text).text == article.text


@pytest.mark.parametrize("image", BODY_IMAGES)
def test_a_header_over_an_image_and_a_subheading_of_an_unsigned_body_goes_alone(image: str) -> None:
    """No signature, and a title-like subheading after the image: the "summary" under it
    runs on for paragraph after paragraph, which no teaser's does."""
    prose = [BODY[1], BODY[2], BODY[4], PROSE.strip(), BODY[2]]
    body = [BODY[0], "Read more", image, "Des projets communs", *prose]
    article = cleaner.clean("\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *body]) + "\n")
    assert article.paragraphs == [
        "Titre de l’article",
        "Le chapeau de l’article.",
        BODY[0],
        "Des projets communs",
        *prose,
    ]
    assert article.teasers == []


def test_an_unsigned_list_whose_first_summary_spans_lines_is_still_a_list() -> None:
    summary = ["Les deux pays ont signé un accord.", "Il porte sur l’éducation.", "Et sur la santé."]
    items = [f"{TEASERS[0]} (Photo: VNA)", TEASERS[0], *summary, f"{TEASERS[2]} (Photo: VNA)", *TEASERS[2:]]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", BODY[0], BODY[1], "Voir plus", *items])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", BODY[0], BODY[1]]
    expected = [(TEASERS[0], "\n".join(summary)), (TEASERS[2], TEASERS[3])]
    assert [(t.title, t.summary) for t in article.teasers] == expected


@pytest.mark.parametrize("cut", ["…", "...", ""])
def test_an_unsigned_list_whose_first_title_is_cut_is_still_a_list(cut: str) -> None:
    first = TEASERS[0][:30].rstrip() + cut
    items = [f"{first} (Photo: VNA)", first, TEASERS[1], f"{TEASERS[2]} (Photo: VNA)", *TEASERS[2:]]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", BODY[0], BODY[1], "Voir plus", *items])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", BODY[0], BODY[1]]
    assert [t.title for t in article.teasers] == [first, TEASERS[2]]


@pytest.mark.parametrize("image", BODY_IMAGES)
def test_a_list_after_an_image_below_the_signed_end_is_still_a_list(image: str) -> None:
    # The paragraph before the header is a caption, not the signed end: the list is
    # told by having no signed end below it.
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY, image, "Voir plus"])
    items = [f"{TEASERS[0]} (Photo: VNA)", *TEASERS[:2], f"{TEASERS[2]} (Photo: VNA)", *TEASERS[2:]]
    article = cleaner.clean(raw + "\n\n" + "\n\n".join(items) + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    assert [t.title for t in article.teasers] == [TEASERS[0], TEASERS[2]]
    assert [r.rule for r in article.removed][1:] == ["T201", "T202", "T202"]


def test_a_header_before_prose_without_a_signed_end_goes_alone() -> None:
    """No signature anywhere: the prose under the header is no list (its first item has no title)."""
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", BODY[0], "Read more", PROSE.strip()])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", BODY[0], PROSE.strip()]
    assert [r.rule for r in article.removed] == ["T201"] and article.teasers == []


def test_a_header_in_the_body_is_looked_through_by_the_corpus_teaser_search() -> None:
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY[:2], "Voir plus", *BODY[2:-1]])
    raw += "\n\n" + "\n\n".join(TEASERS) + "\n"  # no signature: found by the corpus's titles only
    known = {cleaner.text.fold(TEASERS[0]), cleaner.text.fold(TEASERS[2])}
    article = cleaner.clean(raw, known_titles=known.__contains__)
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY[:-1]]
    assert [r.rule for r in article.removed] == ["T201", "T204", "T204"]


@pytest.mark.parametrize("ending", ["./.", " -AVI", " (越通社-VNA)", " (完)", " -VOV/VNA", " – VNA"])
def test_body_endings_of_other_editions_sign_the_body(ending: str) -> None:
    body = (
        "Titre de l’article\n\nLe chapeau de l’article.\n\nHanoi (VNA) – Premier paragraphe du corps.\n\n"
        f"Dernier paragraphe du corps.{ending}\n\n"
    )
    teaser = "Un autre titre d’article\n\nLe résumé de l’autre article, en une phrase.\n"
    article = cleaner.clean(body + teaser)
    assert article.paragraphs[-1] == f"Dernier paragraphe du corps.{ending}"
    assert [t.title for t in article.teasers] == ["Un autre titre d’article"]


def test_spanish_teaser_without_image_repeats_its_title() -> None:
    raw = (
        "Vietnam y Cuba fortalecen la cooperación\n\nLos dos países firmaron un acuerdo.\n\n"
        "Hanoi (VNA) – Los dos países firmaron un acuerdo de cooperación. – VNA\n\nVer más\n\n"
        "El primer ministro recibe al embajador\n\nEl primer ministro recibe al embajador\n\n"
        "El primer ministro recibió al embajador de Japón.\n\n"
        "El presidente visita Laos (Fuente: VNA)\n\nEl presidente visita Laos\n\nEl presidente llegó a Vientiane.\n"
    )
    article = cleaner.clean(raw)
    assert article.lang == "es"
    assert [(t.caption, t.title, t.credit) for t in article.teasers] == [
        ("El primer ministro recibe al embajador", "El primer ministro recibe al embajador", None),
        ("El presidente visita Laos (Fuente: VNA)", "El presidente visita Laos", "VNA"),
    ]
    assert len(article.paragraphs) == 3


def test_chinese_edition_credit_header_and_ending() -> None:
    raw = (
        "越南与老挝加强合作\n\n两国签署了合作协议。\n\n越通社河内11月10日电 两国签署了合作协议。\n\n"
        "越南与老挝加强合作 ảnh 1签字仪式现场。图自越通社\n\n两国领导人表示将继续深化合作。（完）\n\n更多\n\n"
        "总理会见日本大使。图自越通社\n\n总理会见日本大使\n\n越南政府总理会见了日本驻越大使。\n"
    )
    article = cleaner.clean(raw)
    assert article.lang == "zh"
    assert article.paragraphs == [
        "越南与老挝加强合作",
        "两国签署了合作协议。",
        "越通社河内11月10日电 两国签署了合作协议。",
        "两国领导人表示将继续深化合作。（完）",
    ]
    assert article.captions[0].credit == "越通社"
    assert article.teasers[0].credit == "越通社"


def test_old_page_ends_with_one_teaser_after_the_signature() -> None:
    raw = (
        "Titre\n\nChapeau de l’article.\n\nHanoi (VNA) – Le corps de l’article. – VNA\n\n"
        "Le titre d’un autre article\n\nLe résumé de cet autre article, qui est une phrase.\n"
    )
    article = cleaner.clean(raw)
    assert article.paragraphs[-1] == "Hanoi (VNA) – Le corps de l’article. – VNA"
    assert [(t.caption, t.title) for t in article.teasers] == [(None, "Le titre d’un autre article")]


def test_page_furniture_is_removed() -> None:
    raw = (
        "Titre\n\nChapeau de l’article.\n\nPartager\n\nHanoi (VNA) – Le corps de l’article.\n\n{keywords}\n\n"
        "Mots-clés : {keywords}\n\nTexte avec {tag} au milieu.\n\n– VNA\n\nsource\n\nVoir pl"
    )
    article = cleaner.clean(raw)
    assert article.paragraphs == [
        "Titre",
        "Chapeau de l’article.",
        "Hanoi (VNA) – Le corps de l’article.",
        "Texte avec au milieu.",
    ]
    assert [r.rule for r in article.removed] == ["F301", "F302", "F302", "F302", "F303", "F304", "F305"]


LINK_TITLES = [
    "Thủ tướng Phạm Minh Chính tiếp Đại sứ Nhật Bản tại Việt Nam nhân dịp kết thúc nhiệm kỳ công tác",
    "Le Vietnam et le Laos renforcent leur coopération",
    "Hanoi accueille un forum régional sur le climat",
    "Le Premier ministre reçoit des investisseurs japonais",
    "Les exportations progressent de 10 % en octobre",
    "Ouverture du festival de la culture à Huê ?",
    "Le président en visite officielle en Inde",
]


@pytest.mark.parametrize("count", range(2, len(LINK_TITLES) + 1))
@pytest.mark.parametrize("header", ["Voir plus", "Related news", "Xem thêm"])
def test_a_list_of_titles_alone_gives_a_teaser_per_title(count: int, header: str) -> None:
    """Links with no summary: paired up, every second title was a summary."""
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY, header, *LINK_TITLES[:count]])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    assert [(t.title, t.summary, t.caption) for t in article.teasers] == [(t, "", None) for t in LINK_TITLES[:count]]


def test_titles_and_summaries_that_look_like_titles_are_still_pairs_when_a_summary_is_long() -> None:
    long_summary = "Les deux pays ont signé un accord sur l’éducation et la formation des enseignants " * 2
    items = [TEASERS[0], long_summary.strip(), TEASERS[2], TEASERS[3]]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY, "Voir plus", *items])
    article = cleaner.clean(raw + "\n")
    assert [(t.title, t.summary) for t in article.teasers] == [(TEASERS[0], items[1]), (TEASERS[2], TEASERS[3])]


# Vietnamese is written a word per syllable: a headline of 160 characters runs past 30 words.
LONG_VIETNAMESE_TITLE = (
    "Thủ tướng Chính phủ Phạm Minh Chính nhấn mạnh tầm quan trọng của quan hệ đối tác chiến lược "
    "toàn diện trong buổi tiếp Đại sứ Nhật Bản tại trụ sở Chính phủ ở Hà Nội"
)


@pytest.mark.parametrize("at", [0, 1, 3])
def test_a_list_of_links_with_a_long_vietnamese_title_gives_a_teaser_per_title(at: int) -> None:
    titles = LINK_TITLES[1:4]
    titles.insert(at, LONG_VIETNAMESE_TITLE)
    assert len(LONG_VIETNAMESE_TITLE.split()) > 30
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY, "Xem thêm", *titles])
    article = cleaner.clean(raw + "\n")
    assert [(t.title, t.summary) for t in article.teasers] == [(t, "") for t in titles]


@pytest.mark.parametrize("signature", ["– VNA/CVN", "VNA"])
def test_a_list_of_links_after_a_signature_on_its_own_line_is_a_list(signature: str) -> None:
    # Titles longest first: paired up, each next one is no longer than the one before,
    # so they all made one title with a summary of five paragraphs: the body going on
    # under a subheading, by that count, and the header was taken for a label in it.
    titles = sorted(LINK_TITLES[:6], key=len, reverse=True)
    body = [*BODY[:-1], "Les deux parties tiendront la prochaine réunion du comité mixte à Paris."]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *body, signature, "Related news", *titles])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *body]
    assert [(t.title, t.summary) for t in article.teasers] == [(t, "") for t in titles]


def test_a_header_right_after_a_signature_on_its_own_line_follows_the_body() -> None:
    # A teaser's summary ends with the agency's name, as a signed paragraph does: below
    # a header, that showed the header standing in the body, unless the body's signed
    # end is right above it; a signature on a line of its own is that end too.
    body = [*BODY[:-1], "Les deux parties tiendront la prochaine réunion du comité mixte à Paris."]
    items = [TEASERS[0], TEASERS[1].rstrip(".") + " (VNA)", TEASERS[2], TEASERS[3]]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *body, "– VNA/CVN", "Voir plus", *items])
    article = cleaner.clean(raw + "\n")
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *body]
    assert [(t.title, t.summary) for t in article.teasers] == [(items[0], items[1]), (items[2], items[3])]


def test_a_summary_cut_short_longer_than_a_headline_is_still_a_summary() -> None:
    # No final stop (cut without an ellipsis), but past both the words and the
    # characters of a headline: prose, the summary of the title above it.
    cut = (
        "The two countries signed an agreement on education and the training of teachers, and agreed "
        "to hold the next meeting of the joint committee in Paris early next year with the ministers of"
    )
    assert len(cut.split()) > 30 and len(cut) > 180
    items = ["Vietnam and Laos boost their cooperation", cut, "Hanoi hosts a forum on the climate", cut]
    raw = "\n\n".join(["Title of the article", "The lead of the article.", *BODY, "Read more", *items])
    article = cleaner.clean(raw + "\n")
    assert [(t.title, t.summary) for t in article.teasers] == [(items[0], cut), (items[2], cut)]


def test_trailing_teasers_after_an_image_of_the_body_keep_their_own_captions() -> None:
    # The body's last image stands after its signed end: its line ends with a credit,
    # but it is no teaser's caption (the first teaser's caption would become a title).
    image = "Titre de l’article ảnh 1La signature de l’accord à Hanoi. Photo : VNA"
    items = [
        ("Le ministre et l’ambassadeur. Photo : VNA", TEASERS[0], TEASERS[1]),
        ("Les délégués au forum. Photo : VNA", TEASERS[2], TEASERS[3]),
    ]
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY, image, *(p for t in items for p in t)])
    article = cleaner.clean(raw + "\n")
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == items
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    assert [r.rule for r in article.removed][:2] == ["C101", "T203"]
    assert cleaner.clean(article.text).text == article.text


LINK_LINES = [
    "Xem thêm: Thủ tướng tiếp Đại sứ Nhật Bản",
    "Read more: Vietnam, Laos boost trade ties",
    "Lire aussi : Le Vietnam et le Laos renforcent leur coopération",
    "Xem thêm >> Thủ tướng tiếp Đại sứ Nhật Bản",
    "Related news - Vietnam, Laos boost trade ties",
    "Lea también: Vietnam y Cuba fortalecen la cooperación",
    "更多：越南与老挝加强合作",
]


@pytest.mark.parametrize("line", LINK_LINES)
@pytest.mark.parametrize("position", [1, 3, 5])
def test_a_link_line_in_the_body_goes_and_the_body_stays(line: str, position: int) -> None:
    raw = "\n\n".join(["Titre de l’article", "Le chapeau de l’article.", *BODY[:position], line, *BODY[position:]])
    raw += "\n\nVoir plus\n\n" + "\n\n".join(TEASERS) + "\n"
    article = cleaner.clean(raw)
    assert article.paragraphs == ["Titre de l’article", "Le chapeau de l’article.", *BODY]
    first = article.removed[0]
    assert (first.rule, raw[first.start : first.end].strip()) == ("T205", line)
    assert [t.title for t in article.teasers] == [TEASERS[0], TEASERS[2]]
    assert cleaner.clean(article.text).text == article.text


@pytest.mark.parametrize(
    "line",
    [
        "Read more: the report finds that growth slowed.",  # a sentence, not a title
        "See more details in the report published on Monday by the ministry",  # no separator
        "Hanoi (VNA) - Vietnam and Laos boost trade ties",  # a dateline, not a header
        "Xem thêm: " + "rất nhiều từ " * 15,  # too long for a title
    ],
)
def test_lines_that_only_look_like_link_lines_are_kept(line: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body begins.\n\n{line}\n\nThe body ends. – VNA\n"
    assert cleaner.clean(raw).removed == []


TAG_LINES = [
    ("Tags: markets, rates", "en"),
    ("Keywords: Vietnam | Cuba | cooperation", "en"),
    ("Mots-clés : Vietnam ; Cuba ; coopération", "fr"),
    ("Từ khóa: Thủ tướng, Hà Nội, hợp tác", "vi"),
    ("Etiquetas: Vietnam, Cuba", "es"),
    ("Теги: Вьетнам, Куба", "ru"),
    ("标签：越南、古巴", "zh"),
    ("Tags: #vietnam #economy", "en"),
]


@pytest.mark.parametrize(("line", "lang"), TAG_LINES)
def test_a_tag_line_is_furniture(line: str, lang: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body of the article.\n\n{line}\n\nThe last paragraph. – VNA\n"
    article = cleaner.clean(raw, lang=lang)
    assert line not in article.text
    assert [(r.rule, raw[r.start : r.end].strip()) for r in article.removed] == [("F301", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Tags: the decision was wrong. We said so at the time.",  # sentences, not keywords
        "Keywords: this is a very long single keyword phrase that goes on and on",
        "Tags: markets, rates.",
        "Les mots-clés du discours étaient: paix, coopération",  # the label is not at the start
    ],
)
def test_lines_that_only_look_like_tag_lines_are_kept(line: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body of the article.\n\n{line}\n\nThe last paragraph. – VNA\n"
    article = cleaner.clean(raw, lang="en")
    assert line in article.paragraphs and article.removed == []


NEGATIVE = [
    "Titre\n\nChapeau.\n\nHanoi (VNA) – L’exposition de photographie ouvre ses portes.\n\n"
    "Une Photo de famille a été prise devant le palais présidentiel.\n\nLa photo : un art populaire.\n",
    "Titre\n\nChapeau.\n\nHanoi (VNA) – Comme on va le voir plus loin, la situation évolue.\n\n"
    "Voir plus loin que la crise actuelle est nécessaire, a-t-il dit.\n",
    "Triển lãm ảnh về Hà Nội\n\nTriển lãm giới thiệu 100 bức ảnh.\n\n"
    "Hà Nội (TTXVN) - Triển lãm trưng bày bức ảnh 1 năm trước của các nhiếp ảnh gia.\n\n"
    "Những tấm ảnh 2 mặt được chụp năm 1975.\n\nNgười xem chụp ảnh 3 lần tại triển lãm.\n",
    "Titre\n\nChapeau.\n\nLe PIB a progressé de 7 % en 2025 selon l’office des statistiques, qui prévoit une "
    "croissance soutenue pour les années à venir et une inflation maîtrisée (Source: GSO)\n",
    "Title\n\nLead.\n\nHanoi (VNA) – Related news outlets reported the event widely.\n\nSee more details below.\n",
]


@pytest.mark.parametrize("raw", NEGATIVE)
def test_body_words_that_look_like_boilerplate_are_kept(raw: str) -> None:
    article = cleaner.clean(raw)
    assert article.removed == []
    assert article.text == raw


def _around_items(name: str, line: str, *, before_titles: bool) -> str:
    """The seed with ``line`` on a line of its own before (or after) each teaser's title."""
    titles = {t["title"] for t in gold_teasers(name)}
    out: list[str] = []
    for row in seed_text(name).split("\n"):
        if row.strip() in titles and before_titles:
            out.append(line)
        out.append(row)
        if row.strip() in titles and not before_titles:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(
    ("line", "before_titles", "rule"),
    [
        ("---", True, "F306"),
        ("* * *", True, "F306"),
        ("26/10/2025 14:30", False, "F307"),
        ("Publié le 26/10/2025", False, "F307"),
        ("Cập nhật: 14h30 | 27-10-2025", False, "F307"),
    ],
)
def test_separators_and_dates_between_teasers(name: str, line: str, before_titles: bool, rule: str) -> None:
    """A list whose items are parted by rules, or dated under their titles, is still
    the same list: the lines go as furniture, the items are the gold's."""
    raw = _around_items(name, line, before_titles=before_titles)
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    assert [r.rule for r in article.removed].count(rule) == raw.split("\n").count(line) >= len(gold_teasers(name))


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("header", ["Lire aussi", "Voir plus", "À lire également"])
def test_a_second_header_inside_the_list_heads_items_and_is_none(name: str, header: str) -> None:
    teasers = gold_teasers(name)
    third = teasers[3]["caption"] or teasers[3]["title"]
    rows = seed_text(name).split("\n")
    at = max(i for i, row in enumerate(rows) if row.strip() == third.strip())
    article = cleaner.clean("\n".join([*rows[:at], header, "", *rows[at:]]))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in teasers]
    assert [r.rule for r in article.removed].count("T201") == 2


@pytest.mark.parametrize(
    "line",
    [
        "---",
        "* * *",
        "•••",
        "___",
        "26/10/2025 14:30",
        "2025-10-26",
        "Thứ Hai, 27/10/2025 09:15 (GMT+7)",
        "Updated: 14:30 GMT+7",
    ],
)
def test_separator_and_timestamp_lines_in_the_body_go(line: str) -> None:
    body = ["Hanoi (VNA) – The body of the article.", "The last paragraph. – VNA"]
    raw = "\n\n".join(["Title", "Lead.", body[0], line, body[1]]) + "\n"
    article = cleaner.clean(raw, lang="en")
    assert article.paragraphs[2:] == body
    assert [r.rule for r in article.removed] in (["F306"], ["F307"])


@pytest.mark.parametrize(
    "line",
    [
        "Le 26/10/2025, le ministre a signé l’accord de coopération.",  # a sentence
        "26/10/2025 : 30 %",  # figures beside the date
        "Score: 2-1 at 90:00 after extra time was played in the rain tonight",  # many words
        "Phase 1 – 2 – 3",
        "...",  # an ellipsis alone: three marks, but the writer's
        "Vol. 2",
        # Prose about copyright.
        "Copyright law in Vietnam was amended in 2022.",
        "The company said all rights reserved under the old contract would remain valid until 2030.",
        "The © sign marks works protected by copyright law in most countries of the world.",
    ],
)
def test_lines_with_dates_marks_or_copyright_words_that_are_text_are_kept(line: str) -> None:
    raw = f"Title\n\nLead.\n\nHanoi (VNA) – The body of the article.\n\n{line}\n\nThe last paragraph. – VNA\n"
    article = cleaner.clean(raw, lang="en")
    assert line in article.paragraphs and article.removed == []


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(
    "footer",
    ["© VNA 2025", "Copyright © 2025 Vietnam News Agency. All rights reserved.", "Retour en haut", "Back to top"],
)
def test_a_page_footer_after_the_list_is_no_part_of_the_last_teaser(name: str, footer: str) -> None:
    article = cleaner.clean(seed_text(name).rstrip("\n") + f"\n\n{footer}\n")
    assert article.text == gold_text(name)
    assert [(t.title, t.summary) for t in article.teasers] == [(t["title"], t["summary"]) for t in gold_teasers(name)]
    assert article.removed[-1].rule in ("F301", "F308")


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("© VNA 2025", "en"),
        ("(c) 2025 VNA", "en"),
        ("Copyright 2020-2025 Vietnam News Agency", "en"),
        ("Copyright © 2025 Vietnam News Agency. All rights reserved.", "en"),
        ("Tous droits réservés", "fr"),
        ("Bản quyền thuộc Thông tấn xã Việt Nam", "vi"),
        ("版权所有 © 越通社", "zh"),
        ("Все права защищены", "ru"),
    ],
)
def test_copyright_lines_go(line: str, lang: str) -> None:
    body = ["Hanoi (VNA) – The body of the article.", "The last paragraph. – VNA"]
    article = cleaner.clean("\n\n".join(["Title", "Lead.", body[0], line, body[1]]) + "\n", lang=lang)
    assert article.paragraphs[2:] == body
    assert [r.rule for r in article.removed] == ["F308"]


_LONG_ADDRESS = "https://fr.vietnamplus.vn/" + "-".join(["cooperation"] * 20) + "-post{k}.vnp"


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(
    "shape",
    [
        "• {t}",
        "- {t}",
        "{k}. {t}",
        "{k}) {t}",
        "### {t}",
        "**{t}**",
        "{k}. **{t}**",
        # Markdown links, as a conversion of the page writes the teasers' links; with an
        # address long enough to make the line longer than any title.
        "[{t}](https://fr.vietnamplus.vn/article-post{k}.vnp)",
        "- [{t}](https://fr.vietnamplus.vn/article-post{k}.vnp)",
        "{k}. [**{t}**](/article-post{k}.vnp)",
        "[{t}](" + _LONG_ADDRESS + ")",
    ],
)
def test_list_marks_around_teaser_titles_are_not_the_title(name: str, shape: str) -> None:
    """A list as another tool writes it (bullets, numbers, Markdown): the items are the
    same, and each title is the title alone."""
    titles = [t["title"] for t in gold_teasers(name)]
    rows, k = [], 0
    for row in seed_text(name).split("\n"):
        if row.strip() in titles:
            k += 1
            row = shape.format(k=k, t=row.strip())
        rows.append(row)
    article = cleaner.clean("\n".join(rows))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == titles


@pytest.mark.parametrize(
    ("shown", "title"),
    [
        ("•越南政府总理阮春福强调公共卫生", "越南政府总理阮春福强调公共卫生"),  # no blank in Chinese
        ("1.玛丽亚·洛佩斯强调贸易往来", "玛丽亚·洛佩斯强调贸易往来"),
        ("###玛丽亚·洛佩斯强调贸易往来", "玛丽亚·洛佩斯强调贸易往来"),  # a heading's hashes, glued in Chinese
        ("#Vietnam : les hashtags du jour", "#Vietnam : les hashtags du jour"),  # a hashtag is the title's
        ("2) **Le Vietnam et le Laos**", "Le Vietnam et le Laos"),
        ("2.000 personnes manifestent à Paris", "2.000 personnes manifestent à Paris"),  # the title's own number
        ("-Le tiret collé", "-Le tiret collé"),  # a hyphen glued to a word is no bullet
        ("*Italique*", "Italique"),
        ("[Le Vietnam et le Laos](https://fr.vietnamplus.vn/x-post1.vnp)", "Le Vietnam et le Laos"),
        ("• [**Le Vietnam et le Laos**](www.vietnamplus.vn/x)", "Le Vietnam et le Laos"),
        # Brackets that are no link are the title's.
        ("[Vidéo] Le Vietnam et le Laos", "[Vidéo] Le Vietnam et le Laos"),
        ("[Le Vietnam] et le Laos (Hanoi)", "[Le Vietnam] et le Laos (Hanoi)"),
    ],
)
def test_the_marks_of_a_list_item(shown: str, title: str) -> None:
    assert list_item_text(shown) == title


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_caption_repeating_a_linked_title_is_the_caption(name: str) -> None:
    """Each teaser's image captioned by its title, over the title as a Markdown link."""
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for k, t in enumerate(teasers):
        lines.extend([t["title"], f"[{t['title']}](https://fr.vietnamplus.vn/a-post{k}.vnp)", t["summary"]])
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == [
        (t["title"], t["title"], t["summary"]) for t in teasers
    ]


def with_a_line_under_each_title(name: str, line: Callable[[int], str]) -> str:
    """The seed with ``line(k)`` on its own line under the k-th teaser's title."""
    titles = {t["title"] for t in gold_teasers(name)}
    rows: list[str] = []
    for k, row in enumerate(seed_text(name).split("\n")):
        rows.append(row)
        if row.strip() in titles:
            rows.extend(["", line(k)])
    return "\n".join(rows)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_the_address_of_each_teaser_under_its_title(name: str) -> None:
    article = cleaner.clean(with_a_line_under_each_title(name, lambda k: f"https://fr.vietnamplus.vn/a-post{k}.vnp"))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]


# A line of page furniture alone in the body, and the rule that takes it.
_FURNITURE_ALONE = [
    # What is left of an embedded post or video, or of a teaser's link.
    *(
        ("F309", line)
        for line in (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ",
            "<https://vimeo.com/123456>",
            "www.facebook.com/vietnamplus/posts/123",
            "http://twitter.com/VNA/status/1?s=20",
        )
    ),
    # A reading time.
    *(
        ("F307", line)
        for line in (
            "5 min read",
            "Reading time: 4 min",
            "3 phút đọc",
            "Thời gian đọc: 3 phút",
            "阅读 3 分钟",
            "阅读时间：5分钟",
            "5 минут чтения",
            "Время чтения: 4 мин.",
            "Lectura: 5 minutos",
            "(7 min)",
        )
    ),
    # A link to the rest of an article.
    *(("F311", line) for line in ("Lire la suite", "Continue reading →", "Seguir leyendo", "阅读全文", "Читать далее")),
    # An image as a conversion to Markdown writes it.
    *(
        ("F312", line)
        for line in (
            "![](https://img.vietnamplus.vn/2025/01/09/a.jpg)",
            '![Carte du Vietnam](https://img.vietnamplus.vn/2025/01/09/a.jpg "Carte")',
            "[![](https://img.vietnamplus.vn/2025/01/09/a.jpg)](https://x.vn/a)",
            "![a](/a.png) ![b](/b.png)",
        )
    ),
]


@pytest.mark.parametrize(("rule", "line"), _FURNITURE_ALONE)
def test_a_furniture_line_alone_in_the_body_goes(rule: str, line: str) -> None:
    article = cleaner.clean(inside_a_body(line))
    assert removed(article) == [(rule, line)]
    assert article.paragraphs == ["Titre", "Le chapeau.", "Hanoi (VNA) - Le corps commence.", "Le corps finit. - VNA"]


# Lines that have the words or the marks of furniture, and are text.
_TEXT_LIKE_FURNITURE = [
    # minutes in prose (reading times)
    "Les 5 minutes de silence",
    "Il a parlé 5 minutes.",
    "12 min 30",
    "Le match s'est joué en 90 minutes et 5 min de lecture",
    "Hanoi 5 min",
    # no list mark
    "2025.",
    "1.5",
    "A.",
    "10 %",
    "(1)",
    # the words of a link to the rest of an article, in prose
    "Lire la suite de cette enquête dans notre prochaine édition.",
    "En savoir plus sur la coopération entre les deux pays est essentiel.",
    "Lire la suite : le ministre a précisé les mesures prises.",
    "Chi tiết kế hoạch sẽ được công bố vào tuần tới.",
]


@pytest.mark.parametrize("line", _TEXT_LIKE_FURNITURE)
def test_text_with_the_words_or_marks_of_furniture_stays(line: str) -> None:
    assert cleaner.clean(inside_a_body(line)).removed == []


@pytest.mark.parametrize(
    "block",
    [
        # Introduced by the text: the address is the article's.
        "Le rapport complet est publié sur le site du ministère :\n\nhttps://mof.gov.vn/rapport-2025",
        "Inscriptions :\nhttps://www.example.org/inscription",
        # Words with the address: prose.
        "https://mof.gov.vn publie le rapport complet.",
        "Voir https://mof.gov.vn/rapport-2025",
        "http://",
    ],
)
def test_web_addresses_that_are_the_text_stay(block: str) -> None:
    article = cleaner.clean(inside_a_body(block))
    assert article.removed == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_list_with_each_image_below_its_title(name: str) -> None:
    """A site that shows a teaser's image under its title: "title, caption, summary"."""
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in teasers:
        captioned = t["caption"] and t["caption"] != t["title"]
        lines.extend([t["title"], *([t["caption"]] if captioned else []), t["summary"]])
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.title, t.summary) for t in article.teasers] == [(t["title"], t["summary"]) for t in teasers]
    assert [t.caption for t in article.teasers] == [
        t["caption"] if t["caption"] != t["title"] else None for t in teasers
    ]


# A caption's credit on the line below it: "<figcaption>caption<br>Photo: VNA".
_CREDIT_BELOW = regex.compile(r"(?<=[.)\p{L}]) (?=(?:Photo ?: ?VNA|\(Photo: VNA\))$)", regex.MULTILINE)


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("between", ["\n", "\n\n"], ids=["next-line", "after-a-blank"])
def test_a_teaser_caption_with_its_credit_on_the_line_below(name: str, between: str) -> None:
    raw = _CREDIT_BELOW.sub(between, seed_text(name))
    assert raw != seed_text(name)
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    # The caption is the caption with its credit, as the seed shows it on one line.
    shown = [(t.caption, t.title, t.summary) for t in article.teasers]
    assert shown == [(t["caption"], t["title"], t["summary"]) for t in gold_teasers(name)]


def test_a_summary_over_an_image_shown_with_its_credit_alone_is_still_the_summary() -> None:
    raw = (
        "Titre\n\nChapeau.\n\nHanoi (VNA) - Corps du texte. - VNA\n\nVoir plus\n\n"
        "Premier titre de la liste\n\nLe premier résumé.\n\nPhoto : VNA\n\n"
        "Deuxième titre de la liste\n\nLe deuxième résumé.\n"
    )
    article = cleaner.clean(raw)
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == [
        (None, "Premier titre de la liste", "Le premier résumé."),
        ("Photo : VNA", "Deuxième titre de la liste", "Le deuxième résumé."),
    ]


@pytest.mark.parametrize("credit", ["Photo : VNA", "(Photo: VNA)", "Ảnh: TTXVN", "Foto: VNA"])
def test_a_body_caption_over_its_credit_on_the_next_line_goes(credit: str) -> None:
    caption = "La délégation vietnamienne à La Havane."
    article = cleaner.clean(inside_a_body(f"{caption}\n{credit}"))
    assert article.paragraphs == ["Titre", "Le chapeau.", "Hanoi (VNA) - Le corps commence.", "Le corps finit. - VNA"]
    assert removed(article) == [("C102", caption), ("C103", credit)]
    assert [c.text for c in article.captions] == [f"{caption} {credit}"]
    assert article.captions[0].credit is not None and article.captions[0].credit.endswith(("VNA", "TTXVN"))


@pytest.mark.parametrize(
    "raw",
    [
        # A blank between: the paragraph can be the body's, over an image shown with its
        # credit alone.
        inside_a_body("Le ministre a salué la coopération.\n\nPhoto : VNA"),
        # Paragraphs line by line: the next line tells nothing.
        "Titre\nLe chapeau.\nHanoi (VNA) - Le corps commence.\nLe ministre a salué la coopération.\n"
        "Photo : VNA\nLe corps finit. - VNA\n",
        # Two lines of the body above the credit: the block is no caption's.
        inside_a_body("Le ministre a salué la coopération.\nIl a remercié ses hôtes.\nPhoto : VNA"),
        # Prose of three sentences, long, over the credit (as glued before a credit).
        inside_a_body((PROSE * 3).strip() + "\nPhoto : VNA"),
    ],
    ids=["blank-between", "line-by-line", "two-lines-above", "long-prose"],
)
def test_body_text_over_a_credit_line_stays(raw: str) -> None:
    article = cleaner.clean(raw)
    assert [rule for rule, _ in removed(article)] == ["C103"]
    assert "Photo : VNA" not in article.text


_SECTIONS = ["Politique", "Société", "ÉCONOMIE", "Vietnam-France"]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("above_caption", [False, True], ids=["under-the-image", "over-the-image"])
def test_the_section_name_over_each_teaser_title_is_no_title(name: str, above_caption: bool) -> None:
    """A site that shows each teaser's section ("Politique") over its title."""
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for k, t in enumerate(teasers):
        image = [t["caption"]] if t["caption"] else []
        section = [_SECTIONS[k % len(_SECTIONS)]]
        head = [*section, *image] if above_caption else [*image, *section]
        lines.extend([*head, t["title"], t["summary"]])
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == [
        (t["caption"] or None, t["title"], t["summary"]) for t in teasers
    ]


def test_the_section_name_of_a_chinese_teaser() -> None:
    raw = (
        "越南与老挝加强合作\n\n两国领导人会谈。\n\n河内（越通社）越南与老挝签署合作协议。（完）\n\n更多\n\n"
        "国际\n\n越南政府总理推动全面战略伙伴关系\n\n两国领导人出席签字仪式。\n\n"
        "经济\n\n越南与柬埔寨贸易往来增长\n\n双边贸易额去年超过五十亿美元。\n"
    )
    article = cleaner.clean(raw)
    assert [t.title for t in article.teasers] == ["越南政府总理推动全面战略伙伴关系", "越南与柬埔寨贸易往来增长"]
    assert "国际" not in article.text and "经济" not in article.text


def test_short_titles_over_their_summaries_are_titles() -> None:
    raw = (
        "Titre\n\nChapeau.\n\nHanoi (VNA) - Corps du texte. - VNA\n\nVoir plus\n\n"
        "Têt 2026\n\nLes familles se préparent à fêter le Nouvel An lunaire.\n\n"
        "Hanoi sous la pluie\n\nLa capitale a connu de fortes pluies ce week-end.\n"
    )
    article = cleaner.clean(raw)
    assert [(t.title, t.summary) for t in article.teasers] == [
        ("Têt 2026", "Les familles se préparent à fêter le Nouvel An lunaire."),
        ("Hanoi sous la pluie", "La capitale a connu de fortes pluies ce week-end."),
    ]


def _unsigned(block: list[str], last: str) -> str:
    body = ["Titre de l’article", "Le chapeau de l’article.", "Hanoi (VNA) - Le corps commence ici.", last]
    return "\n\n".join(body + block) + "\n"


_KNOWN = {"Le Vietnam et le Laos renforcent leur coopération", "Hanoi accueille un forum sur l’économie numérique"}


def _known(folded: str) -> bool:
    return folded in {cleaner.text.fold(t) for t in _KNOWN}


def test_a_headerless_block_takes_the_section_name_over_its_first_title() -> None:
    items = [
        "Politique",
        "Le Vietnam et le Laos renforcent leur coopération",
        "Les deux pays ont signé un accord.",
        "Économie",
        "Hanoi accueille un forum sur l’économie numérique",
        "Le forum réunit des entreprises de la région.",
    ]
    article = cleaner.clean(_unsigned(items, "Le corps finit sur cette phrase."), known_titles=_known)
    assert article.paragraphs[-1] == "Le corps finit sur cette phrase."
    assert [t.title for t in article.teasers] == sorted(_KNOWN, key=items.index)


def test_a_short_last_line_of_the_body_over_a_headerless_block_without_sections_stays() -> None:
    items = [
        "Le Vietnam et le Laos renforcent leur coopération",
        "Les deux pays ont signé un accord.",
        "Hanoi accueille un forum sur l’économie numérique",
        "Le forum réunit des entreprises de la région.",
    ]
    article = cleaner.clean(_unsigned(items, "Merci à tous"), known_titles=_known)
    assert article.paragraphs[-1] == "Merci à tous"
    assert len(article.teasers) == 2


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_reading_time_under_each_teaser_title(name: str) -> None:
    article = cleaner.clean(with_a_line_under_each_title(name, lambda k: f"{2 + k % 9} min de lecture"))
    assert article.text == gold_text(name)
    assert [(t.title, t.summary) for t in article.teasers] == [(t["title"], t["summary"]) for t in gold_teasers(name)]


@pytest.mark.parametrize(
    "suffix",
    [" | VietnamPlus", " | Vietnam+ (VietnamPlus)", " | Politique | VNA", " - VNA", " – VietnamPlus", "｜越通社"],
)
def test_the_site_name_after_the_title_goes(suffix: str) -> None:
    name = "000_68f3119d27fcff2c"
    title, _, rest = seed_text(name).partition("\n")
    article = cleaner.clean(title + suffix + "\n" + rest)
    assert article.text == gold_text(name)
    assert article.title == title
    assert removed(article)[0] == ("F310", suffix.strip())


@pytest.mark.parametrize(
    "title",
    [
        "Vietnam - Laos : une coopération renforcée",  # a dash inside the headline
        "Le forum de Hanoi réunit 300 délégués – 434",
        "Lao|Viet : un sommet s'ouvre à Vientiane",  # no blank around the pipe
        "Le Vietnam et le Laos | un partenariat qui dure depuis soixante ans et plus encore",
        "VNA | AFP",  # nothing left of a title
    ],
)
def test_titles_with_dashes_and_pipes_of_their_own_stay_whole(title: str) -> None:
    article = cleaner.clean(f"{title}\n\nLe chapeau.\n\nHanoi (VNA) - Le corps du texte. - VNA\n")
    assert article.title == title
    assert article.removed == []


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("mark", ["{k}.", "{k})", "•"])
def test_a_list_mark_alone_over_each_teaser_title(name: str, mark: str) -> None:
    """An ordered list converted to text, each item's number on a line of its own."""
    titles = [t["title"] for t in gold_teasers(name)]
    rows, k = [], 0
    for row in seed_text(name).split("\n"):
        if row.strip() in titles:
            k += 1
            rows.extend([mark.format(k=k), ""])
        rows.append(row)
    article = cleaner.clean("\n".join(rows))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == titles


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("links_only", [False, True], ids=["items", "links"])
def test_a_header_cut_short_after_the_list_is_no_item(name: str, links_only: bool) -> None:
    """The page's next header, cut where the scrape stopped ("Voir pl"), after the list."""
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in teasers:
        lines.extend([t["title"]] if links_only else [t["title"], t["summary"]])
    article = cleaner.clean("\n\n".join([*lines, "Voir pl"]) + "\n")
    assert article.text == gold_text(name)
    assert [(t.title, t.summary) for t in article.teasers] == [
        (t["title"], "" if links_only else t["summary"]) for t in teasers
    ]
    assert removed(article)[-1] == ("F305", "Voir pl")


def test_a_header_cut_short_after_teasers_past_the_signed_end_is_no_item() -> None:
    raw = (
        "Titre\n\nChapeau.\n\nHanoi (VNA) - Le corps du texte. - VNA\n\n"
        "Le Vietnam et le Laos renforcent leur coopération\n\nLes deux pays ont signé un accord.\n\n"
        "Hanoi accueille un forum sur l’économie numérique\n\nLe forum réunit des entreprises.\n\nVoir pl\n"
    )
    article = cleaner.clean(raw)
    assert [t.summary for t in article.teasers] == [
        "Les deux pays ont signé un accord.",
        "Le forum réunit des entreprises.",
    ]
    assert removed(article)[-1] == ("F305", "Voir pl")


_MORE_LINKS = [
    "Lire la suite",
    "Lire la suite »",
    "→ En savoir plus",
    "[Lire la suite](https://fr.vietnamplus.vn/a.vnp)",
]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("where", ["under-the-title", "after-the-summary"])
@pytest.mark.parametrize("sections", [False, True], ids=["", "with-sections"])
def test_a_link_to_each_teasers_article_is_no_part_of_its_title_or_summary(
    name: str, where: str, sections: bool
) -> None:
    """A list that shows "Lire la suite" under each teaser: the link goes with its item,
    and the item parses as it would without it (with a section's name over its title,
    the link under the title had made each teaser two)."""
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for k, t in enumerate(teasers):
        link = _MORE_LINKS[k % len(_MORE_LINKS)]
        head = [t["caption"]] if t["caption"] else []
        head += [_SECTIONS[k % len(_SECTIONS)]] if sections else []
        item = [t["title"], link, t["summary"]] if where == "under-the-title" else [t["title"], t["summary"], link]
        lines.extend([*head, *item])
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == [
        (t["caption"] or None, t["title"], t["summary"]) for t in teasers
    ]


def _list_with_captions_marked(name: str, marks: str, lower: bool) -> str:
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in gold_teasers(name):
        caption = t["caption"]
        if caption and caption != t["title"]:
            caption = caption.replace("Photo", "photo") if lower else caption
            lines.append(f"{marks}{caption}{marks}")
        lines.extend([t["title"], t["summary"]])
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("marks", ["*", "**", "_"])
@pytest.mark.parametrize("lower", [False, True], ids=["", "lower-case-credit"])
def test_a_caption_in_italics_or_bold_keeps_its_credit(name: str, marks: str, lower: bool) -> None:
    """A conversion to Markdown writes a caption in <em> as "*Légende. Photo : VNA*": the
    credit ends before the closing marks (a lower-case credit word was not found, and
    the credit was read as "VNA*")."""
    article = cleaner.clean(_list_with_captions_marked(name, marks, lower))
    assert article.text == gold_text(name)
    assert teaser_titles(article) == [t["title"] for t in gold_teasers(name)]
    plain = cleaner.clean(_list_with_captions_marked(name, "", lower))
    assert [t.credit for t in article.teasers] == [t.credit for t in plain.teasers]
    assert any(t.credit for t in article.teasers)


_IMAGE = "https://img.vietnamplus.vn/2025/01/09/a.jpg"


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(
    "form",
    [
        "![{alt} {marker}]({image}){caption}",  # the caption glued after the image
        "![{alt} {marker}]({image})\n{caption}",
        "![{alt} {marker}]({image})\n\n{caption}",
        "{alt} [{marker}]{caption}",
        "{alt} ({marker}){caption}",
    ],
    ids=["markdown-glued", "markdown-line-above", "markdown-apart", "brackets", "parentheses"],
)
def test_an_image_marker_as_a_conversion_to_markdown_leaves_it(name: str, form: str) -> None:
    image_line = regex.compile(r"(?m)^(?P<alt>.*?) ?(?P<marker>ảnh \d+)(?P<caption>.*)$")
    raw = image_line.sub(
        lambda m: form.format(alt=m["alt"], marker=m["marker"], image=_IMAGE, caption=m["caption"]), seed_text(name)
    )
    assert raw != seed_text(name)
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    assert [c.text for c in article.captions] == [c.text for c in cleaner.clean(seed_text(name)).captions]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("alt", ["", "title"], ids=["no-alt", "the-title-as-alt"])
def test_an_image_over_each_teaser_caption_is_no_item_of_the_list(name: str, alt: str) -> None:
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in teasers:
        lines.append(f"![{t['title'] if alt else ''}]({_IMAGE})")
        lines.extend([t["caption"], t["title"], t["summary"]] if t["caption"] else [t["title"], t["summary"]])
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.caption, t.title, t.summary) for t in article.teasers] == [
        (t["caption"] or None, t["title"], t["summary"]) for t in teasers
    ]


@pytest.mark.parametrize(
    "prose",
    [
        "Như trong (ảnh 1) cho thấy, đoàn đã đến.",
        "Như (ảnh 1). Đoàn đã đến Hà Nội.",
        "Xem (ảnh 1) Hà Nội được trang hoàng.",
        f"![]({_IMAGE}) Le ministre a rappelé les engagements pris lors de la réunion.",
    ],
)
def test_a_marker_in_brackets_in_prose_and_an_image_before_prose_stay(prose: str) -> None:
    raw = f"Tiêu đề bài\n\nTóm tắt bài.\n\nHà Nội (TTXVN) – Nội dung.\n\n{prose}\n\nKết thúc. – TTXVN\n"
    assert prose in cleaner.clean(raw).paragraphs


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_title_shown_twice_under_its_image_is_not_its_summary(name: str) -> None:
    teasers = gold_teasers(name)
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in teasers:
        lines.extend(
            [t["caption"], t["title"], t["title"], t["summary"]] if t["caption"] else [t["title"], t["summary"]]
        )
    article = cleaner.clean("\n\n".join(lines) + "\n")
    assert article.text == gold_text(name)
    assert [(t.title, t.summary) for t in article.teasers] == [(t["title"], t["summary"]) for t in teasers]


def _list_of_glued_items(name: str) -> tuple[str, list[dict[str, str]]]:
    """The seed's list with each title glued to its summary ("<title> <summary>"), the
    items without an image left out."""
    teasers = [t for t in gold_teasers(name) if t["caption"] and t["caption"] != t["title"]]
    lines = [*gold_text(name).rstrip("\n").split("\n\n"), "Voir plus"]
    for t in teasers:
        lines.append(t["caption"])
        lines.append(glued_item(t))
    return "\n\n".join(lines) + "\n", teasers


def glued_item(teaser: dict[str, str]) -> str:
    return f"{teaser['title']} {teaser['summary']}".replace("\n", " ")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_list_whose_titles_lost_their_line_break_goes_after_the_signed_end(name: str) -> None:
    raw, teasers = _list_of_glued_items(name)
    article = cleaner.clean(raw)
    assert article.text == gold_text(name)
    assert [(t.caption, t.title) for t in article.teasers] == [(t["caption"], glued_item(t)) for t in teasers]


def test_images_and_texts_under_a_header_in_the_body_stay() -> None:
    # Not after the signed end: a "Voir plus" in the body over images of the body.
    raw, teasers = _list_of_glued_items(SEED_NAMES[0])
    body, _, items = raw.partition("\n\nVoir plus\n\n")
    unsigned = body.rstrip().rsplit("\n\n", 1)[0]  # the last, signed, paragraph left out
    article = cleaner.clean(f"{unsigned}\n\nVoir plus\n\n{items}")
    assert all(glued_item(t) in article.paragraphs for t in teasers)
