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

from cleaner.apply import rebuild
from cleaner.dedup.config import DedupConfig
from cleaner.dedup.corpus import Corpus
from cleaner.dedup.corpus import dedup as _dedup
from cleaner.model import Article, Caption, Finding, Removal, TeaserItem
from cleaner.pipeline import CleanOptions, Explanation, clean, explain
from cleaner.rules import RULES

# SPEC §6 names the corpus call ``cleaner.dedup(documents)``: the function takes the name
# over from the subpackage (which stays importable as ``cleaner.dedup.*``).
dedup = _dedup

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
