"""robots.txt, strictly: every request waits for its host's rules, and no rules means no access.

Scrapy's middleware lets the first request for a host fetch robots.txt and the others wait on
one Deferred; a Deferred awaited twice hands later waiters the first waiter's return value
(None = "allowed"), so start pages queued behind the download went out unchecked. Here each
waiter has its own Deferred. A robots.txt that cannot be fetched (network error, 5xx) is read
as "disallow all" for this crawl, as RFC 9309 asks for unreachable rules; a 4xx is "no rules".
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class DisallowAll:
    """The rules of a host whose robots.txt could not be read."""

    def allowed(self, url: str, user_agent: Any) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._waiters: dict[str, list[Deferred]] = {}

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        if isinstance(self._parsers.get(netloc), Deferred):
            waiter: Deferred = Deferred()
            self._waiters.setdefault(netloc, []).append(waiter)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("unionnews/robots_unavailable")
            self._set(netloc, DisallowAll())
            return
        await super()._parse_robots(response, netloc, request)
        self._release(netloc)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self._stats.inc_value("unionnews/robots_unavailable")
        self._set(netloc, DisallowAll())

    def _set(self, netloc: str, parser: Any) -> None:
        pending = self._parsers.get(netloc)
        self._parsers[netloc] = parser
        if isinstance(pending, Deferred):
            pending.callback(parser)
        self._release(netloc)

    def _release(self, netloc: str) -> None:
        parser = self._parsers[netloc]
        for waiter in self._waiters.pop(netloc, []):
            waiter.callback(parser)
