"""cleaner: clean scraped news articles and deduplicate what recurs across them.

>>> import cleaner
>>> article = cleaner.clean("Titre\\n\\nChapeau.\\n\\nTitre ảnh 1Une légende. Photo: VNA\\n\\nCorps. - VNA")
>>> article.paragraphs
['Titre', 'Chapeau.', 'Corps. - VNA']
>>> article.captions[0].credit
'VNA'
>>> page = "Titre\\n\\nChapeau.\\n\\nCorps. - VNA\\n\\nVoir plus\\n\\nAutre titre\\n\\nRésumé."
>>> corpus = cleaner.dedup([("a.txt", page), ("b.txt", page.replace("Corps", "Texte"))])
>>> corpus.teasers[0]["title"], corpus.teasers[0]["count"]
('Autre titre', 2)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cleaner.apply import rebuild
from cleaner.dedup.config import DedupConfig
from cleaner.model import Article, Caption, Finding, Removal, TeaserItem
from cleaner.pipeline import CleanOptions, Explanation, clean, explain
from cleaner.rules import RULES

# SPEC §6 names the corpus call ``cleaner.dedup(documents)``: the function takes the name
# over from the subpackage (imported above, with its configuration; ``cleaner.dedup.*``
# stays importable). The corpus pipeline itself is imported at the first call: numpy
# and a score of modules, about 0.1 s of every start of `cleaner clean` and of the
# pre-commit hook, which never need them.
if TYPE_CHECKING:
    from cleaner.dedup.corpus import Corpus, dedup
else:

    def dedup(documents, **settings):
        """Deduplicate a corpus in memory: :func:`cleaner.dedup.corpus.dedup`, which
        this calls with the same arguments."""
        from cleaner.dedup.corpus import dedup as run

        return run(documents, **settings)


def __getattr__(name: str) -> Any:
    if name == "Corpus":  # imported when first asked for, as the pipeline is
        from cleaner.dedup.corpus import Corpus

        return Corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "RULES",
    "Article",
    "Caption",
    "CleanOptions",
    "Corpus",
    "DedupConfig",
    "Explanation",
    "Finding",
    "Removal",
    "TeaserItem",
    "clean",
    "dedup",
    "explain",
    "rebuild",
]
__version__ = "0.1.0"
