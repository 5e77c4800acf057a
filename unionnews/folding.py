"""Search folding: one accent-free, case-free form of Vietnamese text for matching.

"Thỏa ước", "thoả ước" and "THOA UOC" all fold to "thoa uoc"; "Công đoàn" folds to
"cong doan". SQLite's own diacritic removal leaves "đ" alone (it is a letter, not a letter
with a mark), so the store indexes this folded form and folds every user query the same way.
"""

from __future__ import annotations

import re
import unicodedata

_D_BAR = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Tokens as FTS5's unicode61 tokenizer sees them: runs of letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_BAR))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


# Fast path: every precomposed Latin letter with marks → its bare letter, one translate call
# (the store folds every sentence it indexes; this is three times quicker than NFD per call).
_BARE = {
    cp: _strip_marks(chr(cp))
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _strip_marks(chr(cp)) != chr(cp)
}
_BARE.update({ord(k): v for k, v in {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}.items()})
_LEFTOVER_MARK = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str | None) -> str:
    """Strip every combining mark (tone and vowel marks alike), map đ→d, casefold."""
    if not text:
        return ""
    bare = unicodedata.normalize("NFC", text).translate(_BARE)
    if _LEFTOVER_MARK.search(bare):  # marks with no precomposed form: the slow, general path
        bare = _strip_marks(bare)
    return bare.casefold()


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
