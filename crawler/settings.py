"""Scrapy settings for the union crawler — every knob in one place.

Override any of them with `scrapy crawl union -s NAME=VALUE` or
`unionnews crawl ... --set NAME=VALUE` (e.g. `--set DOWNLOAD_DELAY=2`).
"""

BOT_NAME = "unionnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

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

# Faults: retry 5xx, timeouts and truncated answers; give up on redirect loops early.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_FAIL_ON_DATALOSS = True
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Where articles go, and the mirror (if any) the sites are fetched from: "{key}" in the base
# URL stands for the site key, e.g. http://127.0.0.1:8765/{key}.
UNIONNEWS_DB = "data/unionnews.db"
UNIONNEWS_BASE_URL = None
UNIONNEWS_PROGRESS_INTERVAL = 2.0  # seconds between progress lines on stderr

# Resume after a graceful stop (Ctrl-C once): JOBDIR=crawls/NAME keeps the request queue.
# After a SIGKILL the store (unique canonical URLs) and the crawl state make a rerun complete.
JOBDIR = None

SPIDER_MIDDLEWARES = {
    "crawler.middlewares.CanonicalRequestsMiddleware": 550,
}
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SkipKnownArticlesMiddleware": 50,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 300,
    "crawler.pipelines.StorePipeline": 800,
}
EXTENSIONS = {
    "crawler.progress.Progress": 500,
}

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
