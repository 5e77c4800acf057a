"""The union vocabulary: abbreviations (LĐLĐ, CĐCS, KCN&CX …) and their expansions, as data.

`expand("LĐLĐ TP Hải Phòng")` → "Liên đoàn Lao động thành phố Hải Phòng". Matching is on whole
tokens, longest abbreviation first, so "Tổng LĐLĐ" wins over "LĐLĐ".
"""

from __future__ import annotations

import re
from functools import cache

from nlp.resources import load


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation → expansion, from nlp/data/abbreviations.yaml."""
    return {str(k): str(v) for k, v in load("abbreviations").items()}


@cache
def _pattern() -> re.Pattern[str]:
    keys = sorted(abbreviations(), key=lambda n: (-len(n), n))
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w&.-])(?:{alternatives})(?![\w&-])")


def expand(text: str) -> str:
    """`text` with every known abbreviation replaced by its expansion."""
    table = abbreviations()
    return _pattern().sub(lambda m: table[m.group(0)], text)


def is_abbreviation(token: str) -> bool:
    return token in abbreviations()
