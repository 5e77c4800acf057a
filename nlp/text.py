"""How a stored article becomes the one text the pipeline reads (offsets index this text)."""

from __future__ import annotations


def article_text(title: str | None, lead: str | None, body: str | None) -> str:
    """Title, lead and body as paragraphs: "title\\n\\nlead\\n\\nbody", empty parts skipped."""
    return "\n\n".join(part.strip() for part in (title, lead, body) if part and part.strip())
