"""GitLab: merge request comments are notes (``/projects/{id}/merge_requests/{iid}/notes``)."""

from __future__ import annotations

from urllib.parse import quote

from kmslint.comment.http import HttpClient
from kmslint.comment.sticky import Comment

DEFAULT_API_URL = "https://gitlab.com/api/v4"
COMMENT_LIMIT = 1_000_000


class GitLab:
    name = "GitLab"
    limit = COMMENT_LIMIT

    def __init__(self, client: HttpClient, project: str, iid: int) -> None:
        if not project.strip():
            raise ValueError("--project must be a project id or path")
        self.client = client
        self.notes = f"/projects/{quote(project, safe='')}/merge_requests/{iid}/notes"
        self.target = f"{project}!{iid}"

    @staticmethod
    def headers(token: str) -> dict[str, str]:
        return {"PRIVATE-TOKEN": token}

    def list_comments(self) -> list[Comment]:
        items = self.client.paginate(f"{self.notes}?per_page=100&sort=asc&order_by=created_at")
        return [
            Comment(
                item["id"], item.get("body") or "", None, str((item.get("author") or {}).get("id"))
            )
            for item in items
            if not item.get("system")
        ]

    def whoami(self) -> str:
        """The id of the token's user (``GET /user``)."""
        data = self.client.request("GET", "/user").data or {}
        return str(data.get("id"))

    def create(self, body: str) -> Comment:
        data = self.client.request("POST", self.notes, {"body": body}, False).data or {}
        return Comment(data.get("id", "?"), body)

    def update(self, comment: Comment, body: str) -> Comment:
        data = (
            self.client.request(
                "PUT", f"{self.notes}/{quote(str(comment.id), safe='')}", {"body": body}
            ).data
            or {}
        )
        return Comment(data.get("id", comment.id), body)

    def delete(self, comment: Comment) -> None:
        self.client.request("DELETE", f"{self.notes}/{quote(str(comment.id), safe='')}")
