"""``kmslint comment github|gitlab``: post or update one sticky PR/MR comment from a JSON report."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kmslint.commands.common import EXIT_ERROR, EXIT_OK

F = TypeVar("F", bound=Callable[..., Any])


def comment_options(function: F) -> F:
    options = [
        click.option(
            "--report",
            "report_file",
            required=True,
            type=click.Path(path_type=Path, dir_okay=False),
            help="JSON report (kmslint check/diff/merge --format json).",
        ),
        click.option(
            "--behavior",
            type=click.Choice(("update", "new", "delete-and-new")),
            default="update",
            show_default=True,
            help="Edit the comment in place, add a new one, or delete the old ones and add one.",
        ),
        click.option(
            "--tag", help="Keep a separate sticky comment per tag (e.g. one per project)."
        ),
        click.option(
            "--token", help="API token (default: $GITHUB_TOKEN / $GITLAB_TOKEN). Never printed."
        ),
        click.option(
            "--api-url",
            help="API base URL (default: $GITHUB_API_URL or https://api.github.com / $CI_API_V4_URL or https://gitlab.com/api/v4).",
        ),
        click.option("--dry-run", is_flag=True, help="Print the comment body; make no request."),
        click.option(
            "--insecure-http",
            is_flag=True,
            envvar="KMSLINT_INSECURE_HTTP",
            help="Allow an http:// API URL (the token then travels in clear; local tests only).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            default=300,
            show_default=True,
            help="Seconds the whole command may take, retries and waits included.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group()
def comment() -> None:
    """Post or update one sticky pull/merge request comment from a JSON report.

    The comment is the markdown format of the report behind a hidden marker; later runs find
    it again and update it (nothing is written when it already says the same). Exit codes:
    0 done, 2 bad input or API error. The token never appears in any output.
    """


@comment.command()
@click.option("--repo", required=True, metavar="OWNER/NAME", help="Repository.")
@click.option(
    "--pr", "number", required=True, type=click.IntRange(min=1), help="Pull request number."
)
@comment_options
def github(**kwargs: Any) -> None:
    """Comment on a GitHub pull request (token: --token or GITHUB_TOKEN; API: --api-url or GITHUB_API_URL)."""
    from kmslint.comment.github import DEFAULT_API_URL, GitHub

    api = kwargs["api_url"] or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL
    token = kwargs["token"] or os.environ.get("GITHUB_TOKEN") or ""
    _run(
        kwargs,
        token,
        "GITHUB_TOKEN",
        lambda client: GitHub(client, kwargs["repo"], kwargs["number"]),
        api,
        GitHub,
    )


@comment.command()
@click.option("--project", required=True, metavar="ID", help="Project id or path (CI_PROJECT_ID).")
@click.option(
    "--mr",
    "iid",
    required=True,
    type=click.IntRange(min=1),
    help="Merge request IID (CI_MERGE_REQUEST_IID).",
)
@comment_options
def gitlab(**kwargs: Any) -> None:
    """Comment on a GitLab merge request (token: --token or GITLAB_TOKEN; API: --api-url or CI_API_V4_URL)."""
    from kmslint.comment.gitlab import DEFAULT_API_URL, GitLab

    api = kwargs["api_url"] or os.environ.get("CI_API_V4_URL") or DEFAULT_API_URL
    token = kwargs["token"] or os.environ.get("GITLAB_TOKEN") or ""
    _run(
        kwargs,
        token,
        "GITLAB_TOKEN",
        lambda client: GitLab(client, kwargs["project"], kwargs["iid"]),
        api,
        GitLab,
    )


def _redacting(token: str) -> Callable[[F], F]:
    """Print errors as ``kmslint: message`` (exit 2) with the token masked, whatever raised them."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except (click.exceptions.Exit, SystemExit, KeyboardInterrupt):
                raise
            except Exception as exc:
                from kmslint.errors import InputError

                text = exc.diagnostic.render() if isinstance(exc, InputError) else f"kmslint: {exc}"
                click.echo(text.replace(token, "***") if token else text, err=True)
                sys.exit(EXIT_ERROR)

        return wrapper  # type: ignore[return-value]

    return decorate


def _run(
    kwargs: dict[str, Any],
    token: str,
    variable: str,
    make: Callable[[Any], Any],
    api: str,
    kind: Any,
) -> None:
    @_redacting(token)
    def run() -> None:
        from kmslint.comment import sticky
        from kmslint.comment.http import HttpClient
        from kmslint.formatters import render_document
        from kmslint.merge import read_report

        mark = sticky.marker(kwargs["tag"])
        body = sticky.compose(
            render_document("markdown", read_report(kwargs["report_file"])),
            mark,
            kind.limit,
            kind.name,
        )
        if kwargs["dry_run"]:
            click.echo(body, nl=False)
            sys.exit(EXIT_OK)
        check_token(token, variable)
        if not api.startswith(("https://", "http://")):
            raise ValueError(f"the API URL must start with https:// or http://, got {api!r}")
        if api.startswith("http://") and not kwargs["insecure_http"]:
            raise ValueError(
                "refusing to send the token over plain http:// (use https://, or --insecure-http)"
            )
        client = HttpClient(api, kind.headers(token), secret=token, deadline=kwargs["timeout"])
        platform = make(client)
        for line in sticky.post(platform, body, mark, kwargs["behavior"]):
            click.echo(f"kmslint: {line}")
        sys.exit(EXIT_OK)

    run()


def check_token(token: str, variable: str) -> None:
    if not token:
        raise ValueError(f"no API token: pass --token or set {variable}")
    if any(ord(c) < 33 or ord(c) > 126 for c in token):
        raise ValueError("the API token contains spaces, control or non-ASCII characters")
