"""A small client of the gateway's public HTTP API for the admin command line and the demo data."""
from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

import urllib3

from banzu_common.web import API_PREFIX

Progress = Callable[[int], None]  # called with the number of bytes just sent or received
_CHUNK = 64 * 1024


class GatewayError(Exception):
    """The gateway refused a request; the message is its problem detail."""

    def __init__(self, status: int, body: dict):
        self.status = status
        self.body = body
        super().__init__(f"{status}: {body.get('detail') or body.get('title') or body}")


class GatewayClient:
    def __init__(self, url: str, read_timeout: float = 600):
        self.base = url.rstrip("/") + API_PREFIX
        self.pool = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=read_timeout))
        self.token: str | None = None

    def sign_in(self, username: str, password: str) -> None:
        status, body = self.call("POST", "/auth/token", {"username": username, "password": password})
        if status != 200:
            raise GatewayError(status, body)
        self.token = body["access_token"]

    def call(self, method: str, path: str, body: dict | None = None, params: dict | None = None) -> tuple[int, dict]:
        """(status, JSON body) for any answer, refusals included."""
        answer = self.pool.request(method, self._url(path, params), headers=self._headers("application/json"),
                                   body=None if body is None else json.dumps(body).encode())
        return answer.status, _json(answer.data)

    def upload(self, path: str, file: Path, params: dict | None = None, progress: Progress | None = None) -> dict:
        """POSTs `file` as multipart/form-data field `file`; the JSON answer, or GatewayError."""
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        body, form_type = urllib3.encode_multipart_formdata({"file": (file.name, file.read_bytes(), content_type)})
        headers = self._headers("application/json") | {"Content-Type": form_type, "Content-Length": str(len(body))}
        answer = self.pool.request("POST", self._url(path, params), headers=headers,
                                   body=_chunks(body, progress), chunked=False)
        if answer.status != 200:
            raise GatewayError(answer.status, _json(answer.data))
        return _json(answer.data)

    def download(self, path: str, params: dict, out: BinaryIO, progress: Progress | None = None) -> None:
        """Streams a file answer into `out`."""
        answer = self.pool.request("GET", self._url(path, params), headers=self._headers("*/*"),
                                   preload_content=False)
        try:
            if answer.status != 200:
                raise GatewayError(answer.status, _json(answer.read()))
            for chunk in answer.stream(_CHUNK):
                out.write(chunk)
                if progress:
                    progress(len(chunk))
        finally:
            answer.release_conn()

    def _url(self, path: str, params: dict | None) -> str:
        query = {k: "true" if v is True else v for k, v in (params or {}).items() if v not in (None, "", False)}
        return self.base + path + ("?" + urlencode(query) if query else "")

    def _headers(self, accept: str) -> dict:
        headers = {"Accept": accept, "Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers


def _chunks(body: bytes, progress: Progress | None) -> Iterator[bytes]:
    for start in range(0, len(body), _CHUNK):
        chunk = body[start:start + _CHUNK]
        yield chunk
        if progress:
            progress(len(chunk))


def _json(data: bytes) -> dict:
    try:
        value = json.loads(data or b"{}")
    except ValueError:
        return {"detail": data[:200].decode("utf-8", "replace")}
    return value if isinstance(value, dict) else {"detail": value}
