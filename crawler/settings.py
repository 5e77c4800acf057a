"""Scrapy settings for the union crawler — every knob in one place.

Override any of them with `scrapy crawl union -s NAME=VALUE` or
`unionnews crawl ... --set NAME=VALUE` (e.g. `--set DOWNLOAD_DELAY=2`).
"""

BOT_NAME = "unionnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` exits non-zero when the spider refuses its arguments (crawler/commands/crawl.py).
COMMANDS_MODULE = "crawler.commands"

# Who we are: sites can reach the person running the crawl. Set your own contact.
UNIONNEWS_CONTACT = "unionnews-research@example.org"
USER_AGENT = "unionnews-crawler/0.1 (+research on Vietnamese trade-union news; contact: {contact})"
ROBOTSTXT_USER_AGENT = "unionnews-crawler"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# The loopback replica (the demo, the tests) is no one's server: a short delay there only.
# No real site is fetched under the host name 127.0.0.1. AutoThrottle would raise the delay
# back to DOWNLOAD_DELAY, so the demo also turns it off for its loopback crawl.
DOWNLOAD_SLOTS = {"127.0.0.1": {"delay": 0.02, "concurrency": 4, "jitter": 0}}

# Faults: retry 5xx, timeouts and truncated answers; give up on redirect loops early.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# What a callback yields goes through the item pipelines one at a time: they are synchronous,
# so Scrapy's default of 100 in parallel only cost 100 asyncio tasks per response (a quarter
# of the crawl's CPU time; bench/bench_crawl.py).
CONCURRENT_ITEMS = 1

# Bounds: no page, listing or link list is followed without end. What a bound cut is counted
# (unionnews/cut/*) and named in the crawl's summary.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # also caps what a compressed answer may inflate to
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
UNIONNEWS_MAX_LISTING_PAGES = 300  # listing pages walked from one start page
UNIONNEWS_MAX_LINKS_PER_PAGE = 1000  # article links taken from one listing or sitemap page

# Where articles go, and the mirror (if any) the sites are fetched from: "{key}" in the base
# URL stands for the site key, e.g. http://127.0.0.1:8765/{key}.
UNIONNEWS_DB = "data/unionnews.db"
UNIONNEWS_BASE_URL = None
UNIONNEWS_PROGRESS_INTERVAL = 2.0  # seconds between progress lines on stderr
# What the progress lines start with; each process of a split crawl (--processes) has its own.
UNIONNEWS_PROGRESS_LABEL = "crawl"
# The store pipeline keeps up to this many parsed articles in memory and writes them in one
# transaction (each article whole, in a savepoint of it), and at least every this many
# seconds: the write lock is held only while a batch is written. 1 stores each on its own.
UNIONNEWS_STORE_BATCH_ITEMS = 100
UNIONNEWS_STORE_BATCH_SECONDS = 1.0
# --max-articles N sets this: the crawl closes once N articles are stored, and no article is
# requested after that.
CLOSESPIDER_ITEMCOUNT = 0

# Resume after a graceful stop (Ctrl-C once): JOBDIR=crawls/NAME keeps the request queue.
# After a SIGKILL the store (unique canonical URLs) and the crawl state make a rerun complete.
JOBDIR = None

# Whether a crawl reads and writes its state beside the store (crawler/state.py). A process on
# a shared frontier cannot tell that the whole run completed, so there it is off: listings
# are walked to their end (known articles are still never requested).
UNIONNEWS_CRAWL_STATE = True

# A frontier shared by several crawl processes (`unionnews crawl --frontier redis://…`, which
# sets SCHEDULER, DUPEFILTER_CLASS, REDIS_URL and the queue pipeline): scrapy-redis' request
# queue and duplicate filter under these keys. They persist, so a process that stops leaves its
# queued requests to the others; a new crawl run takes a fresh Redis database.
SCHEDULER_QUEUE_KEY = "unionnews:%(spider)s:requests"
SCHEDULER_DUPEFILTER_KEY = "unionnews:%(spider)s:dupefilter"
SCHEDULER_PERSIST = True
# Seconds a crawl process's key on the frontier lives unless renewed (every third of it): a
# SIGKILLed process leaves the run after that, so the next process can tell the run is over.
UNIONNEWS_FRONTIER_MEMBER_TTL = 10

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.CanonicalRequestsMiddleware": 550,
}
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a request off its site, also one made by a redirect, is dropped
    # before the other host's robots.txt is asked for.
    "crawler.middlewares.OnSiteMiddleware": 40,
    "crawler.middlewares.SkipKnownArticlesMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.StrictRobotsTxtMiddleware": 100,
}
# The store is the application's (unionnews.store): its pipeline is plugged in here by name,
# so the crawler package itself never imports the layer above it.
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "unionnews.crawl_store.StorePipeline": 800,
}
# What replaces the store pipeline on a shared frontier: articles go to a Redis queue that
# `unionnews ingest` drains into the store (unionnews/crawl_queue.py).
UNIONNEWS_QUEUE_PIPELINE = "unionnews.crawl_queue.QueuePipeline"
EXTENSIONS = {
    "crawler.known.KnownUrls": 100,
    "crawler.state.CrawlState": 200,
    "crawler.progress.Progress": 500,
}
LOG_FORMATTER = "crawler.logformatter.ShortLogFormatter"

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
