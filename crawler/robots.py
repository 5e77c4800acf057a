"""robots.txt, strictly: every request waits for its host's rules, and no rules means no access.

Scrapy's middleware lets the first request for a host fetch robots.txt and the others wait on
one Deferred; a Deferred awaited twice hands later waiters the first waiter's return value
(None = "allowed"), so start pages queued behind the download went out unchecked. Here each
waiter has its own Deferred. A robots.txt that cannot be fetched (network error, 5xx) is read
as "disallow all" for this crawl, as RFC 9309 asks for unreachable rules; a 4xx is "no rules".
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class DisallowAll:
    """The rules of a host whose robots.txt could not be read."""

    def allowed(self, url: str, user_agent: Any) -> bool:
        return False


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._waiters: dict[str, list[Deferred]] = {}

    async def robot_parser(self, request: Request) -> Any:
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self._parsers:
            self._parsers[netloc] = Deferred()
            robots = Request(f"{url.scheme}://{netloc}/robots.txt",
                             priority=self.DOWNLOAD_PRIORITY,
                             meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(robots)
            except Exception as exc:  # an unreachable host is an expected failure: one line
                logger.warning("robots.txt of %s unavailable (%s): nothing is fetched there",
                               netloc, str(exc).splitlines()[0] if str(exc) else type(exc))
                self._robots_error(exc, netloc)
            else:
                await self._parse_robots(response, netloc, request)
            self._stats.inc_value("robotstxt/request_count")
            return self._parsers[netloc]
        if isinstance(self._parsers[netloc], Deferred):
            waiter: Deferred = Deferred()
            self._waiters.setdefault(netloc, []).append(waiter)
            return await maybe_deferred_to_future(waiter)
        return self._parsers[netloc]

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
