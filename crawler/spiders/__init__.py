"""The one spider: crawler.spiders.union."""
