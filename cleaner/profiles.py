"""Language and site profiles: the words the rules look for, kept as data.

Each ``cleaner/profiles/*.toml`` file is one profile. A *language* profile carries the
words of one edition (teaser headers, credit words, share labels, stop words used to
detect the language); a *site* profile carries what a family of sites shares whatever
the language (image markers, agency names, signatures, datelines). Adding a profile is
adding a file; extra folders of profiles can be given with ``CLEANER_PROFILES``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import cast

import regex

from cleaner.scripts import UNSPACED_SCRIPTS
from cleaner.text import fold

__all__ = ["MAX_HEADER_CHARS", "Lexicon", "Profile", "detect_language", "lexicon_for", "load_profiles"]

_LIST_FIELDS = (
    "stopwords",
    "teaser_headers",
    "credit_words",
    "credit_patterns",
    "credit_connectors",
    "source_words",
    "share_labels",
    "more_links",
    "tag_labels",
    "stray_words",
    "rights_reserved",
    "byline_prefixes",
    "image_markers",
    "agencies",
    "signature_patterns",
    "dateline_patterns",
)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    kind: str
    script: str | None = None
    stopwords: tuple[str, ...] = ()
    teaser_headers: tuple[str, ...] = ()
    credit_words: tuple[str, ...] = ()
    credit_patterns: tuple[str, ...] = ()
    # Words between a credit word and the name, with no colon: "Photo by", "Foto cortesía de".
    credit_connectors: tuple[str, ...] = ()
    source_words: tuple[str, ...] = ()
    share_labels: tuple[str, ...] = ()
    # A link to the rest of an article, alone on its line: "Lire la suite", "Continue reading".
    more_links: tuple[str, ...] = ()
    tag_labels: tuple[str, ...] = ()  # labels that introduce the page's keywords: "Tags:"
    stray_words: tuple[str, ...] = ()
    rights_reserved: tuple[str, ...] = ()  # "All rights reserved": a page footer's words
    byline_prefixes: tuple[str, ...] = ()
    image_markers: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    signature_patterns: tuple[str, ...] = ()
    dateline_patterns: tuple[str, ...] = ()

    @classmethod
    def from_toml(cls, path: str, data: dict[str, object]) -> Profile:
        name = data.get("name")
        kind = data.get("kind", "language")
        if not isinstance(name, str) or kind not in ("language", "site"):
            raise ValueError(f"{path}: a profile needs a name and kind 'language' or 'site'")
        values: dict[str, tuple[str, ...]] = {}
        for key in _LIST_FIELDS:
            items = data.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise ValueError(f"{path}: {key} must be a list of strings")
            values[key] = tuple(items)
        for pattern in values["credit_patterns"] + values["signature_patterns"] + values["dateline_patterns"]:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(f"{path}: bad pattern {pattern!r}: {exc}") from None
        script = data.get("script")
        return cls(name=name, kind=kind, script=script if isinstance(script, str) else None, **values)


def profile_dirs() -> tuple[str, ...]:
    """Extra folders of profiles, from ``CLEANER_PROFILES`` (os.pathsep-separated)."""
    return tuple(d for d in os.environ.get("CLEANER_PROFILES", "").split(os.pathsep) if d)


def load_profiles(extra_dirs: tuple[str, ...] | None = None) -> tuple[Profile, ...]:
    """Every profile bundled with the package, plus those of ``extra_dirs`` (default:
    ``CLEANER_PROFILES``). A later profile of the same name replaces a bundled one."""
    return _load_profiles(profile_dirs() if extra_dirs is None else extra_dirs)


def profiles_fingerprint(extra_dirs: tuple[str, ...] | None = None) -> str:
    """A short digest of every profile's words and patterns: results made with other
    profiles are not comparable (the index refuses to mix them)."""
    digest = hashlib.blake2b(repr(load_profiles(extra_dirs)).encode("utf-8"), digest_size=8)
    return digest.hexdigest()


@lru_cache(maxsize=16)
def _load_profiles(extra_dirs: tuple[str, ...]) -> tuple[Profile, ...]:
    found: dict[str, Profile] = {}
    bundled = resources.files("cleaner") / "profiles"
    sources: list[tuple[str, str]] = sorted(
        (entry.name, entry.read_text(encoding="utf-8")) for entry in bundled.iterdir() if entry.name.endswith(".toml")
    )
    for folder in extra_dirs:
        for file in sorted(Path(folder).glob("*.toml")):
            sources.append((str(file), file.read_text(encoding="utf-8")))
    for name, text in sources:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{name}: {exc}") from None
        profile = Profile.from_toml(name, data)
        found[profile.name] = profile
    return tuple(found[name] for name in sorted(found))


# Credits and signatures end a paragraph within this many characters.
_CREDIT_TAIL = 160
# Longer than this, a line is prose, not a header: saves folding every paragraph.
MAX_HEADER_CHARS = 60
# Around a header's words: separators, arrows and bullets, brackets, and the marks a
# conversion to Markdown leaves ("## Voir plus", "**Read more**", "[Xem thêm]").
_HEADER_DECORATION = " :»›>.…-–—|«‹<→⟶➜➔►▶▸•·*#_[](){}=~"
_DIGITS = "0123456789"


def _alternation(words: Iterable[str]) -> str:
    # Longest first so that "Crédit photo" wins over "Crédit".
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in unique)


@dataclass(frozen=True)
class CreditHint:
    """What every photo credit holds: one of the credit words, or a match of a profile's
    own credit pattern (which need not hold a credit word: 图自越通社). A paragraph
    without either has no credit, and the full credit patterns need not run on it."""

    words: re.Pattern[str]
    patterns: regex.Pattern[str] | None
    # An agency after a colon or slash: what a credit word in lower case comes with
    # ("photo: VNA"), looked for in the tail when no credit of the words was found. (In
    # one pattern with them, the engine no longer scans for their first letters:
    # cleaning took 15 % longer.)
    to_agency: re.Pattern[str]

    def found(self, text: str, start: int = 0) -> bool:
        # The words are literals: the standard engine scans for them about twice as fast.
        if self.words.search(text, start) is not None:
            return True
        return self.patterns is not None and self.patterns.search(text, start, concurrent=False) is not None


@dataclass(frozen=True)
class Lexicon:
    """The compiled vocabulary of a set of profiles; what the rules match against."""

    profiles: tuple[Profile, ...]
    headers: frozenset[str] = field(init=False)
    photo_words: frozenset[str] = field(init=False)
    share_words: frozenset[str] = field(init=False)
    more_links: frozenset[str] = field(init=False)  # folded, headers left out
    header_first_words: frozenset[str] = field(init=False)  # folded
    header_prefixes: frozenset[str] = field(init=False)  # folded, 3 characters or more, not whole
    tag_line: regex.Pattern[str] = field(init=False)
    tag_openings: tuple[str, ...] = field(init=False)  # casefolded tag labels: a cheap test first
    stray_words: frozenset[str] = field(init=False)
    rights_reserved: tuple[str, ...] = field(init=False)
    copyright_hint: re.Pattern[str] = field(init=False)
    credit_at_end: regex.Pattern[str] = field(init=False)
    credit_to_agency_at_end: regex.Pattern[str] = field(init=False)
    glued_credit: regex.Pattern[str] = field(init=False)
    certain_credit: regex.Pattern[str] = field(init=False)
    source_credit: regex.Pattern[str] = field(init=False)
    image_marker: regex.Pattern[str] = field(init=False)
    any_image_marker: regex.Pattern[str] = field(init=False)
    marker_words: tuple[str, ...] = field(init=False)
    credit_hint: CreditHint = field(init=False)
    signature: regex.Pattern[str] = field(init=False)
    lone_signature: regex.Pattern[str] = field(init=False)
    title_suffix: regex.Pattern[str] = field(init=False)
    byline: regex.Pattern[str] = field(init=False)
    dateline: regex.Pattern[str] = field(init=False)
    placeholder: regex.Pattern[str] = field(init=False)
    # Credits found at the end of paragraphs, by text: the caption and teaser rules ask
    # about the same paragraphs, and teaser captions recur from document to document.
    _credits: dict[str, regex.Match[str] | None] = field(
        init=False, default_factory=dict, hash=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        def union(attr: str) -> list[str]:
            return [w for p in self.profiles for w in getattr(p, attr)]

        put = object.__setattr__
        put(self, "headers", frozenset(fold(h) for h in union("teaser_headers")))
        put(self, "header_first_words", frozenset(h.split()[0] for h in self.headers if h))
        put(self, "header_prefixes", frozenset(h[:i] for h in self.headers for i in range(3, len(h))))
        put(self, "photo_words", frozenset(w.casefold() for w in union("credit_words")))
        share: set[str] = set()
        for label in union("share_labels"):
            share.update(fold(label).split())
        put(self, "share_words", frozenset(share))
        # A header of one language may be another's link ("Read more" heads a list in
        # English): a header stays a header, which the teaser rules need.
        put(self, "more_links", frozenset(fold(link) for link in union("more_links")) - self.headers)
        tags = _alternation(union("tag_labels")) or "(?!)"
        put(self, "tag_openings", tuple(sorted({label.casefold() for label in union("tag_labels")})))
        put(self, "tag_line", regex.compile(rf"(?i:{tags})\s*[:：]\s*(?P<tags>\S.*)", regex.V1))
        put(self, "stray_words", frozenset(fold(w) for w in union("stray_words")))
        put(self, "rights_reserved", tuple(sorted({fold(w) for w in union("rights_reserved")})))
        # What a copyright line holds one of, as typed or folded: a quick first test, on
        # the casefolded line (the standard engine: re.IGNORECASE made it 5 us a line).
        hints = {"©", "(c)", "copyright"}
        for phrase in union("rights_reserved"):
            hints.update((phrase.casefold(), fold(phrase)))
        put(self, "copyright_hint", re.compile("|".join(map(re.escape, sorted(hints)))))

        words_of_credits = union("credit_words") + union("source_words")
        credit_words = _alternation(words_of_credits) or "(?!)"
        agencies = _alternation(union("agencies")) or "(?!)"
        # Every credit form holds one of its words (as written; or in any case before a
        # known agency, so the agency after its colon) or matches a profile's pattern: a
        # cheap search that rules out most paragraphs before the full pattern runs. (The
        # words in lower case would not: "ảnh hưởng" and "la photo" are common prose.)
        extra_credits = "|".join(f"(?:{p})" for p in union("credit_patterns"))
        put(
            self,
            "credit_hint",
            CreditHint(
                re.compile(credit_words),
                regex.compile(extra_credits, regex.V1) if extra_credits else None,
                re.compile(rf"[:：/]\s*(?:{agencies})"),
            ),
        )
        # Credit words keep their capital ("la photo: belle" is prose), but not before a
        # known agency: "photo: VNA" has a certain end, whatever the case of its word.
        agency_chain = rf"(?:{agencies})(?:\s*/\s*(?:{agencies}|\p{{Lu}}{{2,8}}))*(?!\w)"
        # (The words in both cases spelled out: a case-insensitive group made the engine
        # try every position of a paragraph, cleaning 30 % slower.)
        either_case = _alternation([*words_of_credits, *(w.lower() for w in words_of_credits)])
        to_agency = rf"(?:{either_case})\s*[:：/]\s*(?P<credit>{agency_chain})"
        # A credit value: short, one line, not a sentence (no final full stop).
        value = r"[^\s()（）][^()（）]{0,70}?[^\s.,;:!?…()（）]"
        paren = rf"[(（]\s*(?:{credit_words})\s*(?:[:：/]|\s-)\s*(?P<credit>[^()（）]{{1,70}}?)\s*[)）]"
        bare = rf"(?-i:{credit_words})\s*[:：/]\s*(?P<credit>{value})"
        # After a bare blank, with no full stop before the credit word, the value must
        # look like a name or a domain, so that "la Photo: belle" in prose is no credit.
        loose = rf"(?-i:{credit_words})\s*[:：/]\s*(?P<credit>(?=\p{{Lu}}|\p{{N}}|\S+\.\w){value})"
        extra = [f"(?:{p})" for p in union("credit_patterns")]
        connectors = _alternation(union("credit_connectors"))
        if connectors:
            # "Photo by Nguyen Dung/VNA": no colon to end the prose before it, so the name
            # may hold no sentence end ("Photo by VNA. Then he said..." is prose).
            named = r"[^\s()（）](?:(?![.!?]\s)[^()（）\n]){0,68}?[^\s.,;:!?…()（）]"
            by = rf"(?-i:{credit_words})\s+(?:{connectors})\s+(?P<credit>{named})"
            # Each branch opens with a required character, which the engine can look for
            # ("[(]?" before it made every position of the tail a start).
            extra += [rf"(?:[(（]\s*{by}\s*[)）])", f"(?:{by})"]
        tail = "|".join([f"(?:{paren})", f"(?:{bare})", *extra])
        loose_tail = "|".join([f"(?:{paren})", f"(?:{loose})", *extra])
        # regex allows one group name in several branches: "credit" is whichever matched.
        put(
            self,
            "credit_at_end",
            regex.compile(
                rf"(?:(?:^|(?<=[.!?…»”\")\]。！？）」』]\s*))(?P<whole>{tail})|(?<=\s)(?P<whole>{loose_tail}))\s*$",
                regex.V1,
            ),
        )
        # The lower-case forms, asked only when the tail holds an agency after a colon
        # (CreditHint.to_agency): in the patterns above they cost 10 % of the cleaning.
        lower = rf"(?:[(（]\s*{to_agency}\s*[)）]|{to_agency})"
        put(
            self,
            "credit_to_agency_at_end",
            regex.compile(rf"(?:^|(?<=[\s.!?…»”\")\]。！？）」』]))(?P<whole>{lower})\s*$", regex.V1),
        )
        # "(Photo: VNA)Vientiane (VNA) –": a credit with the dateline glued after it. Only
        # forms whose end is certain (parenthesised, or a known agency) can be split.
        # (find_glued_credit relies on the "(" of the dateline's agency.)
        dateline_ahead = r"\s*(?=\p{Lu}[^()\n]{0,60}?\s*\([\p{Lu}\p{N}+/-]{2,20}\)\s*[-–—:])"
        certain = rf"(?P<whole>{paren}|(?:{credit_words})\s*[:：/]\s*(?P<credit>{agency_chain}))"
        put(self, "glued_credit", regex.compile(certain + dateline_ahead, regex.V1))
        # The same forms anywhere: what follows a caption's credit inside one paragraph
        # (a lost line break) is no longer the caption.
        put(self, "certain_credit", regex.compile(certain, regex.V1))
        source_words = _alternation(union("source_words")) or "(?!)"
        put(self, "source_credit", regex.compile(rf"^[(（]\s*(?:{source_words})", regex.V1))

        markers = _alternation(union("image_markers")) or "(?!)"
        put(self, "marker_words", tuple(sorted({m.casefold() for m in union("image_markers")})))
        # The marker is glued to the caption (no blank after its number) or ends the line;
        # "ảnh 1 năm" or "ảnh 2." in Vietnamese prose does not match. Before it, a blank or
        # a dash (a letter would make it the end of a word), or a character of a script
        # written without blanks: a Chinese alt text runs into it ("…于吉隆坡ảnh 1").
        # Starting with the marker word lets the engine scan for it as a literal.
        # In brackets too, as a conversion to Markdown leaves an image's alt text: the
        # marker then ends with the bracket and, for "![<alt> ảnh 1](…/a.jpg)", with the
        # image's address ("[ảnh 1]Légende", "(ảnh 1)Légende"; a blank or a full stop
        # after the bracket is prose's "(ảnh 1).").
        close = r"(?:\]\([^)\s]*\)|[\])）])?"
        marker = rf"(?<=^|[\s\-–—|\[(（{UNSPACED_SCRIPTS}])(?i:{markers})\s*(?P<number>\d{{1,3}}){close}"
        glued = r"(?=$|[^\s\d.,;:!?%)\]])"
        put(self, "image_marker", regex.compile(marker + glued, regex.V1))
        # Or a blank after the number: some scrapes put one between the image's alt text
        # and its caption. Prose has "ảnh 1 Hà Nội" too, so that form (group "spaced") is
        # only a marker where what follows is a caption by its own evidence
        # (rules.captions.find_image). One pattern for both: one scan of the paragraph.
        spaced = r"(?P<spaced>(?=\s+[\p{Lu}\p{Lt}]))"
        put(self, "any_image_marker", regex.compile(rf"{marker}(?:{glued}|{spaced})", regex.V1))

        # The site's name after the title, as a page's <title> carries it: "... | VietnamPlus",
        # "... - VNA". After a pipe, a few short words of any name (a pipe is rare in a
        # headline); after a dash, only a known name (dashes are common in headlines).
        pipe = r"(?:\s+\||\s*｜)\s*[^|｜\s]{1,30}(?:\s+[^|｜\s]{1,30}){0,4}"
        dashed = rf"\s+[-–—]\s*(?:{agencies})(?:\s*[|｜/]\s*(?:{agencies}))*"
        put(self, "title_suffix", regex.compile(rf"(?<=\S)(?:(?:{pipe})+|{dashed})\s*$", regex.V1))

        sig_extra = "|".join(f"(?:{p.replace('{agencies}', agencies)})" for p in union("signature_patterns"))
        signers = rf"(?:{agencies}|\p{{Lu}}{{2,8}})(?:\s*/\s*(?:{agencies}|\p{{Lu}}{{2,8}}))*"
        signature = rf"(?:[-–—]\s*{signers}\s*\.?\s*$)"
        put(self, "signature", regex.compile(signature + (f"|{sig_extra}" if sig_extra else ""), regex.V1))
        put(
            self,
            "lone_signature",
            regex.compile(
                rf"^(?:[-–—]\s*)?[(（]?\s*(?:{agencies})(?:\s*[-/]\s*(?:{agencies}))*\s*[)）]?\.?$"
                + (f"|^\\s*(?:{sig_extra})" if sig_extra else ""),
                regex.V1,
            ),
        )
        prefixes = _alternation(union("byline_prefixes")) or "(?!)"
        # Names: capitalised words, or (scripts without case) two to four Han characters
        # each, several joined by blanks or 、; after the prefix, a colon (ASCII or
        # full-width) or a blank.
        name = r"[\p{Lu}][\p{L}.'’-]*"
        han_name = r"\p{Han}{2,4}"
        names = rf"{name}(?:\s+{name}){{0,5}}|{han_name}(?:[\s、]+{han_name}){{0,3}}"
        put(self, "byline", regex.compile(rf"^(?:{prefixes})(?:\s*[:：]\s*|\s+)(?:{names})$", regex.V1))
        put(
            self,
            "dateline",
            regex.compile(
                "|".join(f"(?:{p.replace('{agencies}', agencies)})" for p in union("dateline_patterns")) or "(?!)",
                regex.V1,
            ),
        )
        put(
            self,
            "placeholder",
            regex.compile(
                r"\{\{?\s*[\p{L}_][\p{L}\p{N}_.-]*\s*\}?\}|\[\[\s*[\p{L}_][\p{L}\p{N}_.-]*\s*\]\]"
                r"|%%[A-Za-z_]+%%",
                regex.V1,
            ),
        )

    def find_any_image_markers(self, text: str) -> Iterator[regex.Match[str]]:
        """Every image marker ("ảnh 1") of ``text`` in order, those followed by a blank
        and a capital ("ảnh 1 Le général", group ``spaced`` set) with the others: the
        caller asks more evidence of those, which may be prose.

        The pattern matches its words case-insensitively, which makes the engine test
        every position against a set of characters: slow over whole paragraphs. A
        caseless match of a word is a substring of the casefolded text (casefold maps
        character by character), so a paragraph without one needs no search.
        """
        folded = text.casefold()
        if not any(word in folded for word in self.marker_words):
            return iter(())
        return self.any_image_marker.finditer(text, concurrent=False)

    def find_glued_credit(self, text: str) -> regex.Match[str] | None:
        """A photo credit with the dateline glued after it. Every match holds a credit
        word and the dateline's "(AGENCY)": testing for "(", then for the words, rules
        out most paragraphs before the pattern runs."""
        if "(" not in text or self.credit_hint.words.search(text) is None:
            return None
        return self.glued_credit.search(text, concurrent=False)

    def find_placeholder(self, text: str) -> regex.Match[str] | None:
        """The first template placeholder in ``text``; every form opens with ``{``,
        ``[[`` or ``%%``, which a substring test rules out faster than the pattern."""
        if "{" not in text and "[[" not in text and "%%" not in text:
            return None
        return self.placeholder.search(text, concurrent=False)

    def is_header(self, text: str) -> bool:
        """A teaser-list header, decorated or not ("## Voir plus", "Voir plus →"), and
        with the count of its items at times ("Voir plus (5)")."""
        if len(text) > MAX_HEADER_CHARS:
            return False
        folded = fold(text).strip(_HEADER_DECORATION)
        if folded in self.headers:
            return True
        return folded[-1:].isdigit() and folded.rstrip(_DIGITS).strip(_HEADER_DECORATION) in self.headers

    def is_more_link(self, text: str) -> bool:
        """A link to the rest of an article, decorated or not ("Lire la suite »",
        "→ Continue reading")."""
        return len(text) <= MAX_HEADER_CHARS and fold(text).strip(_HEADER_DECORATION) in self.more_links

    def is_cut_header(self, text: str) -> bool:
        """``Voir pl``: a strict prefix of a header (three characters at least). Asked of
        the last paragraph of every document, mostly a long one: no header is that long."""
        return len(text) <= MAX_HEADER_CHARS and fold(text).rstrip(" .…") in self.header_prefixes

    def find_credit(self, text: str) -> regex.Match[str] | None:
        """The photo credit that ends ``text``, if any."""
        # A dict on the lexicon, not functools.lru_cache: the cache key is the text alone
        # (an lru_cache key held the hint and the pattern too, hashed on every call).
        # One lookup, not "in" then "[]": a thread clearing the cache between the two would
        # make the second fail (CPython 3.11 does not switch there; a free-threaded build may).
        cache = self._credits
        found = cache.get(text, _UNSEEN)
        if found is not _UNSEEN:
            return cast("regex.Match[str] | None", found)
        if len(cache) >= _CREDIT_CACHE_SIZE:
            cache.clear()
        found = cache[text] = _credit_at_end(self, text)
        return found

    def find_signature(self, text: str) -> regex.Match[str] | None:
        """The agency signature that ends ``text``, if any (tail only, as above)."""
        return self.signature.search(text, max(0, len(text) - _CREDIT_TAIL), concurrent=False)

    def credit_of(self, match: regex.Match[str]) -> str:
        return (match.groupdict().get("credit") or "").strip()


_CREDIT_CACHE_SIZE = 2048
_UNSEEN = object()  # not in the cache (None is a cached answer)


def _credit_at_end(lexicon: Lexicon, text: str) -> regex.Match[str] | None:
    """Only the tail is searched: the pattern is anchored at the end, and scanning whole
    paragraphs is the cost."""
    start = max(0, len(text) - _CREDIT_TAIL)
    # A caption in italics or bold, as a conversion to Markdown writes it ("*Légende.
    # Photo : VNA*"): the credit ends before the closing marks (the patterns' end is
    # the end of the search).
    end = len(text.rstrip("*_")) if text[-1:] in ("*", "_") else len(text)
    hint = lexicon.credit_hint
    if hint.found(text, start):
        found = lexicon.credit_at_end.search(text, start, end, concurrent=False)
        if found is not None:
            return found
    if hint.to_agency.search(text, start) is not None:
        return lexicon.credit_to_agency_at_end.search(text, start, end, concurrent=False)
    return None


def lexicon_for(lang: str | None = None) -> Lexicon:
    """The lexicon of every profile (``lang=None``) or of one language and all sites."""
    return _lexicon_for(lang, profile_dirs())


@lru_cache(maxsize=64)
def _lexicon_for(lang: str | None, extra_dirs: tuple[str, ...]) -> Lexicon:
    # Cached: compiling the patterns is the costly part, and a Lexicon is immutable.
    profiles = load_profiles(extra_dirs)
    if lang is None:
        return Lexicon(profiles)
    chosen = tuple(p for p in profiles if p.kind == "site" or p.name == lang)
    if not any(p.name == lang and p.kind == "language" for p in chosen):
        known = ", ".join(p.name for p in profiles if p.kind == "language")
        raise ValueError(f"unknown language {lang!r} (profiles: {known})")
    return Lexicon(chosen)


_WORD = regex.compile(r"\p{L}+", regex.V1)
# A couple of hundred words tell the language of a news article.
_DETECTION_SAMPLE = 1500
_SCRIPTS = {"Han": regex.compile(r"\p{Han}"), "Cyrillic": regex.compile(r"\p{Cyrillic}")}


def detect_language(text: str, profiles: Sequence[Profile] | None = None) -> str:
    """The language profile whose stop words and script best fit ``text``; "und" if none.

    >>> detect_language("Le président a reçu la délégation dans la capitale.")
    'fr'
    >>> detect_language("Thủ tướng đã tiếp đoàn đại biểu của các nước tại Hà Nội.")
    'vi'
    """
    languages = [p for p in (profiles or load_profiles()) if p.kind == "language"]
    sample = text[:_DETECTION_SAMPLE]
    letters = 0  # counted only for a sample that has characters of a profile's script
    for profile in languages:
        pattern = _SCRIPTS.get(profile.script or "")
        in_script = len(pattern.findall(sample, concurrent=False)) if pattern is not None else 0
        if in_script:
            letters = letters or max(1, sum(map(len, _WORD.findall(sample, concurrent=False))))
            if in_script / letters > 0.3:
                return profile.name
    # The words of the casefolded sample: one casefold call, and no words to join and
    # split again (detection is a sixth of the time spent cleaning a document).
    counts = Counter(_WORD.findall(sample.casefold(), concurrent=False))
    best, best_score = "und", 0
    for profile in languages:
        # get with a default: Counter's [] calls its __missing__ (Python) for each absent word.
        score = sum(map(counts.get, profile.stopwords, repeat(0)))
        if score > best_score:
            best, best_score = profile.name, score
    return best
