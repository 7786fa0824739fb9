"""HTML input: trafilatura finds the article; cleaning then proceeds as for text."""

from __future__ import annotations

import trafilatura


def extract_article(html: str) -> str | None:
    """The title and the article text of an HTML page, one paragraph a line.

    Image captions and related-article lists that trafilatura keeps come through as
    text lines, exactly as in text scrapes, and the cleaning rules remove them.
    """
    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        return None
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata is not None else ""
    lead = (metadata.description or "").strip() if metadata is not None else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # News pages put the lead ("sapo") in a block of its own above the body, which
    # extractors often take for page furniture; the page's description carries it.
    if lead and not any(lead[:60] in line for line in lines) and lead != title:
        lines.insert(0, lead)
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return "\n\n".join(lines) + "\n"
