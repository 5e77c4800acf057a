"""The Scrapy project: one spider (`union`) serves every site in unionnews_core/sites.yaml."""
