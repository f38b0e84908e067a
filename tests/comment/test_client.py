"""The HTTP client and the sticky-comment rules, on their own."""

from __future__ import annotations

import pytest

from kmslint.comment.http import ApiError, HttpClient, next_link, retry_delay
from kmslint.comment.sticky import fit, marker, text_length
from tests.comment.fake_api import FakeApi


def test_retry_delays() -> None:
    assert retry_delay(502, {}, 1) == 1.0
    assert retry_delay(500, {}, 3) == 4.0
    assert retry_delay(429, {"retry-after": "2.5"}, 1) == 2.5
    assert retry_delay(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0"}, 1) == 1.0
    assert retry_delay(403, {}, 1) is None  # a plain permission error
    assert retry_delay(404, {"Retry-After": "1"}, 1) is None


def test_next_link() -> None:
    header = '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'
    assert next_link({"Link": header}) == "https://api.github.com/x?page=2"
    assert next_link({}) is None


def test_the_token_is_never_sent_to_another_host(api: FakeApi) -> None:
    client = HttpClient(api.url, {"Authorization": "Bearer s3cret"}, secret="s3cret")
    with pytest.raises(ApiError, match=r"refusing to send the token to example\.com"):
        client.request("GET", "https://example.com/steal")
    assert api.requests == []


def test_unreachable_api_is_retried_then_reported(waits: list[float]) -> None:
    client = HttpClient("http://127.0.0.1:9", {}, secret="s3cret")
    with pytest.raises(ApiError, match=r"^GET /x: cannot reach the API: "):
        client.request("GET", "/x")
    assert waits == [1.0, 2.0, 4.0]


def test_fit_cuts_at_a_line_and_closes_details() -> None:
    body = (
        marker()
        + "\n"
        + "<details><summary>s</summary>\n\n"
        + "\n".join(f"line {i}" for i in range(5000))
    )
    cut = fit(body, 2000, "GitHub")
    assert text_length(cut) <= 2000
    assert cut.startswith(marker() + "\n<details>")
    assert (
        "\n</details>\n\n> **Note:** this comment was cut to fit GitHub's 2,000-character limit"
        in cut
    )
    assert fit("short", 2000, "GitHub") == "short"


def test_limits_count_utf16_units() -> None:
    assert text_length("💰") == 2
    cut = fit("💰" * 3000, 1000, "GitHub")
    assert text_length(cut) <= 1000


def test_tags_are_checked() -> None:
    assert marker("prod-eu_1") == "<!-- kmslint-comment:prod-eu_1 -->"
    with pytest.raises(ValueError, match="--tag must be"):
        marker("x -->")
