"""A replica of the union sites, served over real HTTP on 127.0.0.1 (see README.md)."""

from crawler.replica.pages import ReplicaArticle, build_replica, replica_articles
from crawler.replica.server import ReplicaServer, serve

__all__ = ["ReplicaArticle", "ReplicaServer", "build_replica", "replica_articles", "serve"]
