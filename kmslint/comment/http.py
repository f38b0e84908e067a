"""A small JSON-over-HTTPS client on the standard library, for the GitHub and GitLab APIs.

It retries server errors (5xx) and rate limits (429, or 403 with ``Retry-After`` or an
exhausted ``X-RateLimit-Remaining``) a bounded number of times with bounded waits, follows
``Link: rel="next"`` pages only on the API's own host, refuses redirects to other hosts (the
token would travel with them), and never lets the token into an error message.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kmslint import __version__

MAX_ATTEMPTS = 4
MAX_WAIT_SECONDS = 60.0
BACKOFF_SECONDS = (1.0, 2.0, 4.0)
TIMEOUT_SECONDS = 30
MAX_PAGES = 100
SLEEP: Callable[[float], None] = time.sleep  # tests replace this to run without waiting
_NEXT_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class ApiError(Exception):
    """An API request that failed for good; the message never contains the token."""


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    data: Any


class _SameHostRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if urllib.parse.urlsplit(newurl)[:2] != urllib.parse.urlsplit(req.full_url)[:2]:
            return None  # the redirect becomes an HTTP error: no token to another host
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HttpClient:
    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        secret: str = "",
        sleep: Callable[[float], None] | None = None,
        deadline: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.origin = urllib.parse.urlsplit(self.base_url)[:2]
        self.headers = {
            "User-Agent": f"kmslint/{__version__}",
            "Accept": "application/json",
            **headers,
        }
        self.secret = secret
        self.sleep = sleep
        self.opener = urllib.request.build_opener(_SameHostRedirect())
        self.requests = 0
        self.deadline = None if deadline is None else time.monotonic() + deadline
        self.budget = deadline
        self.slept = 0.0

    def remaining(self) -> float:
        """Seconds left of the command's one overall deadline (``ApiError`` when none)."""
        if self.deadline is None:
            return float(TIMEOUT_SECONDS)
        left = self.deadline - time.monotonic() - self.slept  # waits count even when faked
        if left <= 0:
            raise ApiError(f"the overall deadline of {self.budget:g} s passed; giving up")
        return left

    def redact(self, text: str) -> str:
        if not self.secret:
            return text
        for form in {self.secret, urllib.parse.quote(self.secret, safe="")}:
            text = text.replace(form, "***")
        return text

    def url(self, path: str) -> str:
        return path if path.startswith(("https://", "http://")) else self.base_url + path

    def request(self, method: str, path: str, body: Any = None, retry: bool = True) -> Response:
        """One API call with retries (none when ``retry`` is False: a POST that may have
        created something is never sent twice); raises ApiError with a redacted message."""
        url = self.url(path)
        if urllib.parse.urlsplit(url)[:2] != self.origin:
            raise ApiError(
                f"refusing to send the token to {urllib.parse.urlsplit(url).netloc} (not the API host)"
            )
        data = None if body is None else json.dumps(body).encode("utf-8")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            outcome = self._attempt(method, url, data, attempt)
            if isinstance(outcome, Response):
                return outcome
            wait, problem = outcome
            if wait is None or attempt == MAX_ATTEMPTS or not retry:
                raise ApiError(
                    self.redact(f"{method} {urllib.parse.urlsplit(url).path}: {problem}")
                )
            if wait >= self.remaining():
                raise ApiError(
                    f"the overall deadline of {self.budget:g} s leaves no time to retry; giving up"
                )
            self.slept += wait
            (self.sleep or SLEEP)(wait)
        raise AssertionError("unreachable")

    def _attempt(
        self, method: str, url: str, data: bytes | None, attempt: int
    ) -> Response | tuple[float | None, str]:
        """A Response, or (seconds to wait before retrying or None for no retry, the problem)."""
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        self.requests += 1
        try:
            timeout = min(TIMEOUT_SECONDS, self.remaining())
            with self.opener.open(request, timeout=timeout) as reply:
                raw = reply.read()
                return Response(
                    reply.status,
                    dict(reply.headers.items()),
                    json.loads(raw) if raw.strip() else None,
                )
        except urllib.error.HTTPError as error:
            headers_in = dict(error.headers.items()) if error.headers else {}
            return retry_delay(
                error.code, headers_in, attempt
            ), f"HTTP {error.code}{_error_detail(error)}"
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            return BACKOFF_SECONDS[
                min(attempt, len(BACKOFF_SECONDS)) - 1
            ], f"cannot reach the API: {reason}"
        except json.JSONDecodeError:
            return None, "the API answered with something that is not JSON"

    def paginate(self, path: str) -> Iterator[Any]:
        """Every item of a list endpoint, following ``Link: rel="next"`` (bounded)."""
        url: str | None = path
        for _ in range(MAX_PAGES):
            if url is None:
                return
            response = self.request("GET", url)
            yield from response.data or []
            url = next_link(response.headers) or gitlab_next_page(url, response.headers)
        raise ApiError(f"more than {MAX_PAGES} pages of comments; giving up")


def retry_delay(status: int, headers: Mapping[str, str], attempt: int) -> float | None:
    """Seconds to wait before retrying a failed request, or None when retrying cannot help."""
    lower = {k.lower(): v for k, v in headers.items()}
    rate_limited = status == 429 or (
        status == 403 and ("retry-after" in lower or lower.get("x-ratelimit-remaining") == "0")
    )
    if not rate_limited and status < 500:
        return None
    if "retry-after" in lower:
        try:
            return min(max(float(lower["retry-after"]), 0.0), MAX_WAIT_SECONDS)
        except ValueError:
            pass
    if rate_limited and "x-ratelimit-reset" in lower:
        try:
            return min(max(float(lower["x-ratelimit-reset"]) - time.time(), 1.0), MAX_WAIT_SECONDS)
        except ValueError:
            pass
    return BACKOFF_SECONDS[min(max(attempt, 1), len(BACKOFF_SECONDS)) - 1]


def next_link(headers: Mapping[str, str]) -> str | None:
    link = next((v for k, v in headers.items() if k.lower() == "link"), "")
    match = _NEXT_LINK.search(link)
    return match.group(1) if match else None


def gitlab_next_page(url: str, headers: Mapping[str, str]) -> str | None:
    """GitLab also says ``X-Next-Page: 2`` (keyset pagination aside)."""
    page = next((v for k, v in headers.items() if k.lower() == "x-next-page"), "").strip()
    if not page.isdigit():
        return None
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query["page"] = page
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _error_detail(error: urllib.error.HTTPError) -> str:
    """``404 Not Found: <the API's message>``, short."""
    reason = f" {error.reason}" if error.reason else ""
    try:
        payload = json.loads(error.read() or b"null")
    except (ValueError, OSError):
        payload = None
    message = payload.get("message") if isinstance(payload, dict) else None
    return f"{reason}: {str(message)[:300]}" if message else reason
