"""A local stand-in for the GitHub and GitLab comment APIs that records every request.

GitHub: GET/POST /repos/{o}/{r}/issues/{n}/comments, PATCH/DELETE /repos/{o}/{r}/issues/comments/{id}.
GitLab: GET/POST /projects/{id}/merge_requests/{iid}/notes, PUT/DELETE .../notes/{note_id}.
Lists are paginated (``page_size`` items a page, ``Link: rel="next"`` on GitHub, ``X-Next-Page``
on GitLab). ``fail_next`` queues error answers (status, headers, body) for the next requests.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USER_PATHS = ("/user", "/api/v4/user")
GITHUB_LIST = re.compile(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$")
GITHUB_ONE = re.compile(r"^/repos/[^/]+/[^/]+/issues/comments/(\d+)$")
GITLAB_LIST = re.compile(r"^/api/v4/projects/[^/]+/merge_requests/\d+/notes$")
GITLAB_ONE = re.compile(r"^/api/v4/projects/[^/]+/merge_requests/\d+/notes/(\d+)$")


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class FakeApi:
    url: str = ""
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    failures: list[tuple[int, dict[str, str], Any]] = field(default_factory=list)
    page_size: int = 100
    next_id: int = 100
    user: dict[str, Any] = field(default_factory=lambda: {"id": 7, "login": "kmslint-bot"})
    create_then_fail: list[int] = field(default_factory=list)  # statuses after a real create
    identity: int = 0  # GET /user look-ups (asked when marked comments exist), not in requests

    def fail_next(
        self, status: int, headers: dict[str, str] | None = None, body: Any = None
    ) -> None:
        self.failures.append(
            (status, headers or {}, body if body is not None else {"message": "failure"})
        )

    def add_comment(self, body: str, author: dict[str, Any] | None = None, **extra: Any) -> int:
        """A comment by ``author`` (default: the token's own user), as both APIs show it."""
        self.next_id += 1
        who = author or self.user
        self.comments[self.next_id] = {
            "id": self.next_id,
            "body": body,
            "user": who,
            "author": who,
            **extra,
        }
        return self.next_id

    def calls(self) -> list[tuple[str, str]]:
        """(method, path) of every request, in order (``GET /user`` is in ``identity``)."""
        return [(r.method, r.path) for r in self.requests]

    def writes(self) -> list[tuple[str, str]]:
        return [call for call in self.calls() if call[0] != "GET"]


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(
            self, status: int, payload: Any = None, headers: dict[str, str] | None = None
        ) -> None:
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            if parts.path in USER_PATHS:
                api.identity += 1
                return self._reply(200, api.user)
            api.requests.append(
                Recorded(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    body,
                    dict(self.headers.items()),
                )
            )
            if api.failures:
                status, headers, payload = api.failures.pop(0)
                return self._reply(status, payload, headers)
            self._route(parts.path, parse_qs(parts.query), body)

        def _route(self, path: str, query: dict[str, list[str]], body: Any) -> None:
            one = GITHUB_ONE.match(path) or GITLAB_ONE.match(path)
            if (GITHUB_LIST.match(path) or GITLAB_LIST.match(path)) and self.command == "GET":
                return self._list(path, query, gitlab=bool(GITLAB_LIST.match(path)))
            if path in ("/user", "/api/v4/user") and self.command == "GET":
                return self._reply(200, api.user)
            if (GITHUB_LIST.match(path) or GITLAB_LIST.match(path)) and self.command == "POST":
                new = api.add_comment(body["body"])
                if api.create_then_fail:
                    return self._reply(api.create_then_fail.pop(0), {"message": "Bad Gateway"})
                return self._reply(
                    201, {**api.comments[new], "html_url": f"{api.url}/comment/{new}"}
                )
            if one and int(one.group(1)) in api.comments:
                number = int(one.group(1))
                if self.command in ("PATCH", "PUT"):
                    api.comments[number]["body"] = body["body"]
                    return self._reply(
                        200, {**api.comments[number], "html_url": f"{api.url}/comment/{number}"}
                    )
                if self.command == "DELETE":
                    del api.comments[number]
                    return self._reply(204)
            self._reply(404, {"message": "Not Found"})

        def _list(self, path: str, query: dict[str, list[str]], gitlab: bool) -> None:
            page = int(query.get("page", ["1"])[0])
            items = sorted(api.comments.values(), key=lambda c: c["id"])
            chunk = items[(page - 1) * api.page_size : page * api.page_size]
            headers = {}
            if page * api.page_size < len(items):
                if gitlab:
                    headers["X-Next-Page"] = str(page + 1)
                else:
                    headers["Link"] = (
                        f'<{api.url}{path}?per_page={api.page_size}&page={page + 1}>; rel="next"'
                    )
            self._reply(200, chunk, headers)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _handle

    return Handler


@contextmanager
def serve() -> Iterator[FakeApi]:
    """Run a FakeApi on 127.0.0.1 (a free port) for the duration of the block."""
    api = FakeApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.timeout = 5
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
