"""The Scrapy project: one spider (`union`) serves every site in unionnews/sites.yaml."""
