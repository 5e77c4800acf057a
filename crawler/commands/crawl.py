"""`scrapy crawl`, with the exit status and summary line of `unionnews crawl`.

- The spider reports a bad argument (`-a site=bogus`, `-a since=yesterday`) in one log line and
  crawls nothing (crawler/spiders/union.py). Raised from the spider instead, the error would
  make Scrapy's own command exit 1, but with a traceback for what is only a typing mistake; so
  this command reads the spider's verdict from the crawl's stats and exits 2, as `unionnews
  crawl` does for the same mistake.
- A crawl that ran but fetched nothing (host unreachable, robots.txt and every start page
  failed) exits 1; Scrapy's own command would exit 0. The verdict and its one-line summary on
  stderr are crawler.summary's, the same function `unionnews crawl` uses.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from crawler.summary import summary

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
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        if stats.get(ARGUMENT_ERROR_STAT):
            self.exitcode = 2  # the spider said why, in one line
            return
        site = opts.spargs.get("site", "all")
        line, failed = summary(site, stats, f"store {crawler.settings.get('UNIONNEWS_DB')}")
        print(line, file=sys.stderr, flush=True)
        if failed:
            self.exitcode = 1
