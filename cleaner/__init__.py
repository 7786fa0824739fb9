"""cleaner: clean scraped news articles and deduplicate what recurs across them.

>>> import cleaner
>>> article = cleaner.clean("Titre\\n\\nChapeau.\\n\\nTitre ảnh 1Une légende. Photo: VNA\\n\\nCorps. - VNA")
>>> article.paragraphs
['Titre', 'Chapeau.', 'Corps. - VNA']
>>> article.captions[0].credit
'VNA'
"""

from __future__ import annotations

from cleaner.apply import rebuild
from cleaner.model import Article, Caption, Finding, Removal, TeaserItem
from cleaner.pipeline import CleanOptions, Explanation, clean, explain
from cleaner.rules import RULES

__all__ = [
    "RULES",
    "Article",
    "Caption",
    "CleanOptions",
    "Explanation",
    "Finding",
    "Removal",
    "TeaserItem",
    "clean",
    "explain",
    "rebuild",
]
__version__ = "0.1.0"
