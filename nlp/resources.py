"""The pipeline's data files (nlp/data/*.yaml), read once and cached.

Vocabularies live in data, not code, so an editor can add a unit, a cue or a marker without
touching a rule.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> Any:
    """The parsed YAML file nlp/data/NAME.yaml."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
