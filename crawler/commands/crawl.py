"""`scrapy crawl`, failing with exit status 2 when the spider refused its arguments.

The spider reports a bad argument (`-a site=bogus`, `-a since=yesterday`) in one log line and
crawls nothing (crawler/spiders/union.py). Raised from the spider instead, the error would
make Scrapy's own command exit 1, but with a traceback for what is only a typing mistake; so
this command, which replaces Scrapy's `crawl` in this project, reads the spider's verdict
from the crawl's stats and exits 2, as `unionnews crawl` does for the same mistake.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

ARGUMENT_ERROR_STAT = "unionnews/argument_error"


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:  # Scrapy's own usage errors
            super().run(args, opts)
            return
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats and crawler.stats.get_value(ARGUMENT_ERROR_STAT):
            self.exitcode = 2
