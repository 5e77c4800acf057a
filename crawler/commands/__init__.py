"""Scrapy commands of this project (COMMANDS_MODULE in crawler/settings.py)."""
