"""Log lines that name what happened to an item without printing the item (a page's HTML)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import logformatter


class ShortLogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any,
                spider: Any) -> logformatter.LogFormatterResult:
        return {"level": logging.INFO, "msg": "dropped: %(reason)s",
                "args": {"reason": str(exception).splitlines()[0] if str(exception) else ""}}

    def item_error(self, item: Any, exception: BaseException, response: Any,
                   spider: Any) -> logformatter.LogFormatterResult:
        return {"level": logging.ERROR, "msg": "item failed: %(reason)s",
                "args": {"reason": f"{type(exception).__name__}: {exception}"}}

    def scraped(self, item: Any, response: Any, spider: Any) -> logformatter.LogFormatterResult:
        return {"level": logging.DEBUG, "msg": "stored: %(url)s",
                "args": {"url": getattr(item, "url", "?")}}
