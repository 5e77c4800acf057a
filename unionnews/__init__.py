"""unionnews: Vietnamese trade-union news → organisations, targets and results in SQLite."""

__version__ = "0.1.0"
