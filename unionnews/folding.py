"""Search folding: FTS5 queries over the folded form of nlp.normalise.fold.

"Thỏa ước", "thoả ước" and "THOA UOC" all fold to "thoa uoc"; "Công đoàn" folds to
"cong doan". SQLite's own diacritic removal leaves "đ" alone (it is a letter, not a letter
with a mark), so the store indexes this folded form and folds every user query the same way.
"""

from __future__ import annotations

import re

from nlp.normalise import fold

__all__ = ["fold", "fts_query", "query_tokens"]

# Tokens as FTS5's unicode61 tokenizer sees them: runs of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


def query_tokens(query: str | None) -> list[str]:
    """The folded words of a user query; punctuation and FTS operators are just separators."""
    return _TOKEN.findall(fold(query))


def fts_query(query: str | None) -> str | None:
    """A safe FTS5 MATCH expression: every folded word quoted, all required (AND).

    Quoting makes "NEAR", "OR", "-", "*" and brackets plain text, so a user query never raises.
    Returns None when the query holds no word at all.
    """
    tokens = query_tokens(query)
    if not tokens:
        return None
    return " ".join('"' + token.replace('"', '""') + '"' for token in tokens)
