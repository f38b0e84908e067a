"""GitHub: pull request comments are issue comments (``/repos/{owner}/{repo}/issues/{n}/comments``)."""

from __future__ import annotations

import re
from urllib.parse import quote

from kmslint.comment.http import HttpClient
from kmslint.comment.sticky import Comment

DEFAULT_API_URL = "https://api.github.com"
COMMENT_LIMIT = 65_536
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def check_repo(repo: str) -> tuple[str, str]:
    if not _REPO.match(repo):
        raise ValueError(f"--repo must be OWNER/NAME, got {repo!r}")
    owner, name = repo.split("/")
    return owner, name


class GitHub:
    name = "GitHub"
    limit = COMMENT_LIMIT

    def __init__(self, client: HttpClient, repo: str, number: int) -> None:
        owner, name = check_repo(repo)
        self.client = client
        self.repo_path = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"
        self.number = number
        self.target = f"{repo}#{number}"

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }

    def list_comments(self) -> list[Comment]:
        items = self.client.paginate(f"{self.repo_path}/issues/{self.number}/comments?per_page=100")
        return [
            Comment(
                item["id"],
                item.get("body") or "",
                item.get("html_url"),
                str((item.get("user") or {}).get("login") or ""),
            )
            for item in items
        ]

    def whoami(self) -> str:
        """The login of the token's user (``GET /user``)."""
        data = self.client.request("GET", "/user").data or {}
        return str(data.get("login") or "")

    def create(self, body: str) -> Comment:
        data = (
            self.client.request(
                "POST", f"{self.repo_path}/issues/{self.number}/comments", {"body": body}, False
            ).data
            or {}
        )
        return Comment(data.get("id", "?"), body, data.get("html_url"))

    def update(self, comment: Comment, body: str) -> Comment:
        data = (
            self.client.request(
                "PATCH",
                f"{self.repo_path}/issues/comments/{quote(str(comment.id), safe='')}",
                {"body": body},
            ).data
            or {}
        )
        return Comment(data.get("id", comment.id), body, data.get("html_url", comment.url))

    def delete(self, comment: Comment) -> None:
        self.client.request(
            "DELETE", f"{self.repo_path}/issues/comments/{quote(str(comment.id), safe='')}"
        )
