"""The HTTP client to the services: one pooled connection per service and process."""
from __future__ import annotations

import urllib3

from banzu_common.config import service_url

from banzu_gateway import config


class ServiceClient:
    """One connection pool per service address and process, shared by the worker's threads (urllib3
    is thread-safe); a pool is made once per address, so a request only looks it up."""

    def __init__(self):
        self.size = config.service_pool_size()
        connect, read = config.service_timeouts()
        self.timeout = urllib3.Timeout(connect=connect, read=read)
        self.pools: dict[str, urllib3.HTTPConnectionPool] = {}

    def pool(self, service: str) -> urllib3.HTTPConnectionPool:
        url = service_url(service)  # read each time: a changed address gets its own pool
        pool = self.pools.get(url)
        if pool is None:
            pool = self.pools[url] = urllib3.connection_from_url(url, maxsize=self.size, retries=False, block=False)
        return pool

    def request(self, service: str, method: str, path: str, headers: dict, body: bytes | None = None,
                timeout: urllib3.Timeout | None = None, stream: bool = True) -> urllib3.BaseHTTPResponse:
        return self.pool(service).urlopen(method, path, headers=headers, body=body, timeout=timeout or self.timeout,
                                          preload_content=not stream, redirect=False, retries=False)


client = ServiceClient()
